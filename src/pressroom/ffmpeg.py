"""Every ffmpeg process goes through here: the static ffmpeg of `imageio-ffmpeg`, decoding, streaming encoders.

A neutral module below the engines and the audio layer: gTTS decodes its MP3s with it, audio encodes and
measures with it. Processes are started through `pressroom.processes`."""

from __future__ import annotations

import contextlib
import re
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import numpy as np
import numpy.typing as npt

from pressroom.processes import program_failed, run_program, shown_name, start_program

Samples = npt.NDArray[np.int16]
"""Mono 16-bit PCM."""

OUTPUT_RATE = 44100
# Bit-exact flags keep ffmpeg's version and the time out of the files, so the same audio gives the same bytes.
_BITEXACT = ("-fflags", "+bitexact", "-flags:a", "+bitexact")


@cache
def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def decode_to_pcm(data: bytes, rate: int) -> Samples:
    """Any audio ffmpeg reads (gTTS's MP3) as mono 16-bit samples at `rate`."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", "pipe:0"]
    command += ["-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"]
    done = run_program(command, program="ffmpeg", subject="decode the audio", stdin=data)
    if not done.stdout:
        raise program_failed("ffmpeg", "decode the audio", done.returncode, "no audio in it")
    return np.frombuffer(done.stdout, dtype=np.int16).copy()


def resample_pcm(samples: Samples, rate: int, to_rate: int) -> Samples:
    """Mono 16-bit samples at `rate` as the same at `to_rate` (ffmpeg's resampler)."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", str(rate), "-ac", "1"]
    command += ["-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(to_rate), "pipe:1"]
    done = run_program(command, program="ffmpeg", subject="resample the audio", stdin=samples.astype("<i2").tobytes())
    return np.frombuffer(done.stdout, dtype=np.int16).copy()


def mp3_arguments(bitrate_kbps: int) -> list[str]:
    """Constant bit rate MP3 with a LAME/Info header (exact length for players), no ID3 (mutagen writes it).
    LAME's quality 7: at 192 kbps for mono speech it is as close to the source as the default (measured: 29.5
    against 28.7 dB of signal to noise on hibari's narration) in half the time, and encoding competes with
    synthesis for the same cores."""
    return ["-map_metadata", "-1", "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", "7",
            "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3"]  # fmt: skip


def m4b_audio_arguments(bitrate_kbps: int, gain_db: float = 0.0) -> list[str]:
    """The M4B's audio, encoded as the tracks come; its chapters are added at the end by `add_chapters`. The
    fast AAC coder: for speech at 96 kbps it measured no worse than the default (33.2 against 29.2 dB of
    signal to noise) in half the time."""
    return ["-map_metadata", "-1", "-af", f"volume={gain_db}dB", "-c:a", "aac", "-aac_coder", "fast",
            "-b:a", f"{bitrate_kbps}k", "-f", "ipod"]  # fmt: skip


def transcode_to_mp3(source: Path, output: Path, bitrate_kbps: int) -> None:
    """Encode `source` again as a mono MP3 at `bitrate_kbps` (the read-along book's smaller copy of a chapter)."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(source)]
    command += ["-map", "0:a", "-ac", "1", *mp3_arguments(bitrate_kbps), *_BITEXACT, str(output)]
    run_program(command, program="ffmpeg", subject=f"encode {shown_name(source)} for the read-along book")
    name_lame_encoder(output)  # so that reading systems know its exact length, as the overlay's timing does


def add_chapters(audio: Path, chapters_file: Path, output: Path) -> None:
    """Copy the encoded audio (no re-encoding) into `output` with the chapters of an ffmetadata file."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(audio)]
    command += ["-i", str(chapters_file), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy"]
    command += [*_BITEXACT, "-f", "ipod", str(output)]
    run_program(command, program="ffmpeg", subject=f"add chapters to {shown_name(output)}")


class Encoder:
    """An ffmpeg process reading PCM on its stdin and writing one file: feed it samples, then `finish()`."""

    def __init__(
        self,
        input_rate: int,
        output: Path,
        arguments: Sequence[str],
        extra_inputs: Sequence[str] = (),
        loglevel: str = "error",
        output_rate: int = OUTPUT_RATE,
    ) -> None:
        self.output = output
        self.log = ""
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish or abort)
        command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", loglevel, "-y"]
        command += ["-f", "s16le", "-ar", str(input_rate), "-ac", "1", "-i", "pipe:0", *extra_inputs]
        command += [*_BITEXACT, *arguments, "-ar", str(output_rate), "-ac", "1", str(output)]
        self._process = start_program(command, program="ffmpeg", stdin=subprocess.PIPE, stderr=self._log)

    def write(self, samples: Samples) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(samples.astype("<i2", copy=False).tobytes())
        except BrokenPipeError:
            self._fail()

    def finish(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError):
            stdin.close()
        if self._process.wait() != 0:
            self._fail()
        self._log.seek(0)
        self.log = self._log.read().decode("utf-8", "replace")
        self._log.close()

    def abort(self) -> None:
        self._stop()
        self._log.close()
        if self.output != _NULL:
            self.output.unlink(missing_ok=True)

    def _stop(self) -> None:
        """Kill the process and close our end of its pipe (left open, Python warns of it later)."""
        self._process.kill()
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        self._process.wait()

    def _fail(self) -> None:
        self._stop()
        self._log.seek(0)
        log = self._log.read().decode("utf-8", "replace")
        self._log.close()
        raise program_failed("ffmpeg", f"write {shown_name(self.output)}", self._process.returncode, log)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abort()


_NULL = Path("-")


class LoudnessMeter(Encoder):
    """ffmpeg's EBU R128 meter on a stream of samples: integrated loudness (LUFS) and true peak (dBTP)."""

    def __init__(self, input_rate: int) -> None:
        super().__init__(input_rate, _NULL, ["-af", "ebur128=framelog=quiet:peak=true", "-f", "null"], loglevel="info")
        self.integrated_lufs = float("nan")
        self.true_peak_db = float("nan")

    def finish(self) -> None:
        super().finish()
        self.integrated_lufs, self.true_peak_db = ebur128_summary(self.log)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.finish()
        else:
            self.abort()


def ebur128_summary(log: str) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) from the summary ffmpeg's ebur128 filter prints."""
    summary = log[log.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    return (float(integrated.group(1)) if integrated else float("nan"), float(peak.group(1)) if peak else float("nan"))


def name_lame_encoder(path: Path) -> None:
    """Label the MP3's Info tag as written by LAME (libmp3lame did encode it), so that players and tag readers
    such as mutagen honour its encoder delay and padding and report the exact length. ffmpeg writes "Lavf"
    there, which readers skip. The tag's own CRC is recomputed."""
    with path.open("r+b") as stream:
        head = stream.read(10)
        start = 0
        if head[:3] == b"ID3":
            start = 10 + ((head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F))
        stream.seek(start)
        frame = bytearray(stream.read(_INFO_FRAME_BYTES))
        info = frame.find(b"Info", 0, 64)
        if info < 0:
            return
        lame = info + 120
        frame[lame : lame + 9] = b"LAME3.100"
        frame[lame + 34 : lame + 36] = b"\0\0"
        frame[lame + 34 : lame + 36] = _crc16(frame[:190]).to_bytes(2, "big")
        stream.seek(start)
        stream.write(frame)


_INFO_FRAME_BYTES = 192


def _crc16(data: bytes | bytearray) -> int:
    """CRC-16/ARC, the checksum of the LAME Info tag."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
