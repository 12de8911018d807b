"""Measuring finished audio files as a platform's reviewer would: decoded, never trusting what we meant to write.

Levels, peaks, the noise floor and the room tone at head and tail are measured on the decoded file (streamed
from ffmpeg a second at a time, so a long file costs no memory); bit rate and sample rate come from mutagen.
"""

from __future__ import annotations

import math
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mutagen import File as MutagenFile
from mutagen import MutagenError

from pressroom.audio.master import Preset, db
from pressroom.errors import PressroomError
from pressroom.ffmpeg import ebur128_summary, ffmpeg_exe
from pressroom.processes import run_program, start_program

WINDOW_S = 0.1
"""Level windows of 100 ms."""
CLIPPED_ABOVE_DB = -0.5
NOISE_WINDOW_S = 0.5
SPEECH_DB = -45.0
"""A window louder than this holds speech (the room tone is near -72 dB)."""


@dataclass(frozen=True)
class AudioMeasure:
    path: str
    duration_s: float
    """As decoded (samples counted), so a file cut short shows however long its header says it is."""
    sample_rate: int
    channels: int
    bitrate_kbps: int
    constant_bitrate: bool | None
    """None for files whose format has no such notion (AAC in an M4B)."""
    rms_db: float
    peak_db: float
    noise_floor_db: float
    """The RMS of the quietest half second: the room tone."""
    head_s: float
    """Room tone before the first speech."""
    tail_s: float
    loudness_lufs: float | None = None
    true_peak_db: float | None = None

    @property
    def judged_peak_db(self) -> float:
        """The peak the preset is judged by: the higher of the sample peak and, where measured, the true peak."""
        return self.peak_db if self.true_peak_db is None else max(self.peak_db, self.true_peak_db)

    def as_dict(self) -> dict[str, Any]:
        return {key: (round(value, 3) if isinstance(value, float) else value) for key, value in asdict(self).items()}


def measure_audio(path: Path, loudness: bool = False) -> AudioMeasure:
    info = _stream_info(path)
    rate = int(info["sample_rate"]) or 44100  # as made: an M4B at the voice's rate is not resampled to measure it
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1"]
    command += ["-ar", str(rate), "pipe:1"]
    with start_program(command, program="ffmpeg", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        window = int(rate * WINDOW_S)
        energy = 0.0
        count = 0
        peak = 0
        windows: list[float] = []
        carry = np.zeros(0, np.float64)
        while True:
            raw = process.stdout.read(rate * 2)
            if not raw:
                break
            samples = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.float64)
            energy += float(np.sum(samples**2))
            count += len(samples)
            peak = max(peak, int(np.max(np.abs(samples))) if len(samples) else 0)
            carry = np.concatenate([carry, samples])
            whole = len(carry) // window * window
            if whole:
                blocks = carry[:whole].reshape(-1, window)
                windows.extend(np.sqrt(np.mean(blocks**2, axis=1)).tolist())
                carry = carry[whole:]
    if process.wait() != 0 or count == 0:
        raise PressroomError("cannot decode this audio file", path=str(path), hint="it may be damaged or empty")
    levels = [db(level / 32768) for level in windows]
    measure = AudioMeasure(
        path=str(path),
        duration_s=count / rate,
        sample_rate=info["sample_rate"],
        channels=info["channels"],
        bitrate_kbps=info["bitrate_kbps"],
        constant_bitrate=info["cbr"],
        rms_db=db(math.sqrt(energy / count) / 32768),
        peak_db=db(peak / 32768),
        noise_floor_db=_noise_floor(windows),
        head_s=_silent_run(levels) * WINDOW_S,
        tail_s=_silent_run(levels[::-1]) * WINDOW_S,
    )
    if loudness:
        lufs, true_peak = _ebur128(path)
        measure = AudioMeasure(**{**asdict(measure), "loudness_lufs": lufs, "true_peak_db": true_peak})
    return measure


MIN_BOOK_RATE = 16_000


def judge(measure: AudioMeasure, preset: Preset, expected_ms: int | None = None, whole_book: bool = False) -> list[str]:
    """Why the file fails the preset (an empty list when it passes)."""
    problems = []
    level = measure.rms_db if preset.measure == "rms" else measure.loudness_lufs
    unit = "dB RMS" if preset.measure == "rms" else "LUFS"
    low, high = preset.level_range
    if level is None or not low <= level <= high:
        shown = "unmeasured" if level is None else f"{level:.1f} {unit}"
        quiet = " (too quiet)" if level is not None and level < low else ""
        problems.append(f"level {shown} is outside {low:g} to {high:g} {unit}{quiet}")
    peak = measure.judged_peak_db
    if peak > preset.peak_max_db:
        # Decoding a lossy file smears a waveform flattened at full scale to within a few tenths of a dB of it.
        clipped = " (clipped)" if peak > CLIPPED_ABOVE_DB else ""
        problems.append(f"peak {peak:.1f} dB is above {preset.peak_max_db:g} dB{clipped}")
    if measure.noise_floor_db > preset.noise_floor_max_db:
        problems.append(f"noise floor {measure.noise_floor_db:.1f} dB is above {preset.noise_floor_max_db:g} dB")
    head_low, head_high = preset.head_range_s
    if not head_low <= measure.head_s <= head_high + WINDOW_S:
        problems.append(f"room tone at the head is {measure.head_s:.1f} s, not {head_low:g}-{head_high:g} s")
    tail_low, tail_high = preset.tail_range_s
    if not tail_low <= measure.tail_s <= tail_high + WINDOW_S:
        problems.append(f"room tone at the tail is {measure.tail_s:.1f} s, not {tail_low:g}-{tail_high:g} s")
    # The whole book (the M4B) is at the voice's own rate, whatever it is (16 kHz and up); each file at the preset's.
    rate_ok = (
        MIN_BOOK_RATE <= measure.sample_rate <= preset.sample_rate
        if whole_book
        else measure.sample_rate == preset.sample_rate
    )
    if not rate_ok or measure.channels != 1:
        problems.append(f"{measure.sample_rate} Hz, {measure.channels} channels: not {preset.sample_rate} Hz mono")
    if measure.constant_bitrate is not None and (
        not measure.constant_bitrate or measure.bitrate_kbps != preset.bitrate_kbps
    ):
        problems.append(f"bit rate {measure.bitrate_kbps} kbps, not a constant {preset.bitrate_kbps} kbps")
    if measure.duration_s > preset.max_file_minutes * 60 and not whole_book:
        problems.append(f"{measure.duration_s / 60:.0f} minutes long: more than {preset.max_file_minutes:g}")
    if expected_ms is not None and abs(measure.duration_s * 1000 - expected_ms) > 30:
        problems.append(f"lasts {measure.duration_s:.3f} s, not the {expected_ms / 1000:.3f} s planned (truncated?)")
    return problems


def _stream_info(path: Path) -> dict[str, Any]:
    try:
        audio = MutagenFile(path)
    except MutagenError as error:
        raise PressroomError(f"not an audio file mutagen can read ({error})", path=str(path)) from None
    if audio is None or audio.info is None:
        raise PressroomError("not an audio file mutagen can read", path=str(path))
    info = audio.info
    mode = getattr(info, "bitrate_mode", None)
    return {
        "length": float(info.length),
        "sample_rate": int(info.sample_rate),
        "channels": int(info.channels),
        "bitrate_kbps": round(int(info.bitrate) / 1000),
        "cbr": None if mode is None else str(mode) == "BitrateMode.CBR",
    }


def _noise_floor(windows: list[float]) -> float:
    per = round(NOISE_WINDOW_S / WINDOW_S)
    if len(windows) < per:
        return db(min(windows, default=0.0) / 32768)
    energy = np.convolve(np.square(windows), np.ones(per) / per, mode="valid")
    return db(math.sqrt(float(energy.min())) / 32768)


def _silent_run(levels: list[float]) -> int:
    for index, level in enumerate(levels):
        if level > SPEECH_DB:
            return index
    return len(levels)


def _ebur128(path: Path) -> tuple[float, float]:
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true:framelog=quiet"]
    done = run_program([*command, "-f", "null", "-"], program="ffmpeg", subject=f"measure the loudness of {path}")
    lufs, true_peak = ebur128_summary(done.log)
    if math.isnan(lufs) or math.isnan(true_peak):
        raise PressroomError("ffmpeg's loudness meter gave no summary for this file", path=str(path),
                             hint="it may be damaged or empty")  # fmt: skip
    return lufs, true_peak
