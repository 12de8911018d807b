"""Mastering to the numbers audiobook platforms publish: level, peaks, room tone. Pure functions on samples.

Every file is brought to one loudness (so chapters and voices match), its peaks are held under a ceiling by a
look-ahead limiter (gain is lowered smoothly before a peak, never clipped), and its pauses carry a faint,
deterministic room tone instead of digital silence.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pressroom.tts.engine import Samples

Floats = npt.NDArray[np.float64]
FULL_SCALE = 32768.0


@dataclass(frozen=True)
class Preset:
    name: str
    target: float
    """The level aimed at: RMS in dBFS (acx) or integrated loudness in LUFS (podcast)."""
    measure: str
    """"rms" or "lufs": how `target` is measured."""
    level_range: tuple[float, float]
    """Where the measured level must fall for a file to pass."""
    peak_max_db: float
    """The highest peak a file may have, measured on the decoded file."""
    ceiling_db: float
    """The limiter's ceiling before encoding, below `peak_max_db` to leave room for the encoder's overshoot."""
    noise_floor_max_db: float = -60.0
    room_tone_db: float = -72.0
    head_range_s: tuple[float, float] = (0.5, 1.0)
    tail_range_s: tuple[float, float] = (1.0, 5.0)
    max_file_minutes: float = 120.0
    m4b_gain_db: float = 0.0
    """AAC overshoots the limiter's ceiling more than MP3 does (by 1.7 dB on the corpus): the M4B is set this
    much lower, to keep its peaks under the preset's limit while its level stays inside the window."""
    bitrate_kbps: int = 192
    sample_rate: int = 44100

    def describe(self) -> str:
        unit = "dB RMS" if self.measure == "rms" else "LUFS"
        return (
            f"preset={self.name}; level={self.target:g} {unit}; peaks<={self.peak_max_db:g} dB; "
            f"room tone {self.room_tone_db:g} dB; MP3 {self.bitrate_kbps} kbps CBR {self.sample_rate} Hz mono"
        )


PRESETS = {
    "acx": Preset(
        "acx",
        target=-20.0,
        measure="rms",
        level_range=(-23.0, -18.0),
        peak_max_db=-3.0,
        ceiling_db=-4.5,
        m4b_gain_db=-1.5,
    ),
    "podcast": Preset(
        "podcast",
        target=-16.0,
        measure="lufs",
        level_range=(-17.0, -15.0),
        peak_max_db=-1.0,
        ceiling_db=-2.0,
        m4b_gain_db=-0.5,
    ),
}
DEFAULT_PRESET = "acx"


def db(value: float) -> float:
    """A ratio to full scale in dB (-inf for silence shown as -120)."""
    return 20 * math.log10(value) if value > 1e-6 else -120.0


def gain_for(measured_db: float, target_db: float) -> float:
    return float(10 ** ((target_db - measured_db) / 20))


def level_gain(sum_squares: float, count: int, preset: Preset) -> float:
    """The gain that brings a file whose samples have this energy to the preset's RMS target."""
    if count == 0 or sum_squares <= 0:
        return 1.0
    rms = math.sqrt(sum_squares / count) / FULL_SCALE
    return gain_for(db(rms), preset.target)


def apply_gain_and_limit(samples: Samples, gain: float, ceiling_db: float, rate: int) -> Samples:
    """Scale, then hold the signal under the ceiling with a look-ahead limiter (5 ms each side): its true peak,
    between the samples too (where a resampler and a decoder put it: joe's MP3s peaked 1.8 dB over a ceiling
    its samples kept). Worked a second at a time, so memory follows the second, not the paragraph (a long one
    is many minutes)."""
    if not len(samples):
        return samples
    ceiling = FULL_SCALE * 10 ** (ceiling_db / 20)
    block = max(1, rate // 1000)
    reach = 5
    blocks = -(-len(samples) // block)
    # |x * gain| is |x| * gain exactly, so each block's peak can be taken before scaling, in integers.
    peaks = _true_block_peaks(samples, block, _block_peaks(samples, block).astype(np.float64), ceiling / abs(gain))
    peaks = peaks * abs(gain)
    if peaks.max() <= ceiling:

        def scaled(start: int, end: int) -> Samples:
            return _to_int16(samples[start:end].astype(np.float64) * gain)

        return _in_seconds(samples, block * 1000, scaled)
    # Each block's gain is safe for the loudest sample within `reach` blocks either side, so the gain
    # interpolated between two neighbouring blocks is safe for every sample in between: nothing overshoots.
    window = np.lib.stride_tricks.sliding_window_view(np.pad(peaks, reach), 2 * reach + 1).max(axis=1)
    block_gain = np.minimum(1.0, ceiling / np.maximum(window, 1e-9))
    positions = (np.arange(blocks) + 0.5) * block

    def limited(start: int, end: int) -> Samples:
        sample_gain = np.interp(np.arange(start, end), positions, block_gain)
        held = np.repeat(block_gain[start // block : -(-end // block)], block)[: end - start]
        return _to_int16(samples[start:end].astype(np.float64) * gain * np.minimum(sample_gain, held))

    return _in_seconds(samples, block * 1000, limited)


def _block_peaks(samples: Samples, block: int) -> npt.NDArray[np.int32]:
    """The largest magnitude in each block of `block` samples (the last block may be short)."""
    step = block * 1000
    peaks = []
    for start in range(0, len(samples), step):
        piece = np.abs(samples[start : start + step].astype(np.int32))
        padded = np.zeros(-(-len(piece) // block) * block, np.int32)
        padded[: len(piece)] = piece
        peaks.append(padded.reshape(-1, block).max(axis=1))
    return np.concatenate(peaks)


_TAPS = 16
"""Samples each side of a point between two samples that its value is interpolated from."""
_FRACTIONS = (0.25, 0.5, 0.75)
"""Where between two samples the true peak is looked for: four times oversampled, as ITU-R BS.1770 measures."""
_NEAR = 10 ** (-3 / 20)
"""Only blocks within 3 dB of the ceiling are oversampled: a true peak is at most a few dB over the samples'."""


def _kernels() -> npt.NDArray[np.float64]:
    """Windowed-sinc interpolators, one per fraction, over the `2 * _TAPS` samples around the point."""
    offsets = np.arange(-_TAPS + 1, _TAPS + 1, dtype=np.float64)
    window = np.hanning(2 * _TAPS + 2)[1:-1]
    kernels = np.array([np.sinc(offsets - fraction) * window for fraction in _FRACTIONS])
    normalised: npt.NDArray[np.float64] = kernels / kernels.sum(axis=1, keepdims=True)
    return normalised


_KERNELS = _kernels()


def _true_block_peaks(
    samples: Samples, block: int, peaks: npt.NDArray[np.float64], ceiling: float
) -> npt.NDArray[np.float64]:
    """`peaks` with each block near `ceiling` raised to its true peak, the largest of its samples and of the
    values the signal takes between them."""
    candidates = np.nonzero(peaks >= ceiling * _NEAR)[0]
    if not len(candidates):
        return peaks
    padded = np.pad(samples.astype(np.float64), (_TAPS, _TAPS + block + 1))
    span = block + 2 * _TAPS
    for start in range(0, len(candidates), 4096):  # a few thousand blocks at a time: memory stays small
        chosen = candidates[start : start + 4096]
        segments = padded[chosen[:, None] * block + np.arange(span + 1)[None, :]]
        # Between sample i and i+1 of a block: the window of 2 * _TAPS samples from i - _TAPS + 1.
        windows = np.lib.stride_tricks.sliding_window_view(segments, 2 * _TAPS, axis=1)[:, 1 : block + 1, :]
        between = np.abs(windows @ _KERNELS.T).max(axis=(1, 2))
        peaks[chosen] = np.maximum(peaks[chosen], between)
    return peaks


def sum_of_squares(samples: Samples) -> float:
    """The energy of the samples, added up a second's worth at a time (not a float copy of them all)."""
    step = 48_000
    return sum(float(np.sum(samples[i : i + step].astype(np.float64) ** 2)) for i in range(0, len(samples), step))


def _in_seconds(samples: Samples, step: int, work: Callable[[int, int], Samples]) -> Samples:
    """`work` on each stretch of `step` samples (whole limiter blocks), gathered into one array of samples."""
    out = np.empty(len(samples), np.int16)
    for start in range(0, len(samples), step):
        end = min(start + step, len(samples))
        out[start:end] = work(start, end)
    return out


def room_tone(rate: int, preset: Preset, seed: int, seconds: float = 2.0) -> Samples:
    """A loop of faint, soft noise (smoothed white noise at the preset's level), the same for the same seed:
    what a quiet room sounds like. Pauses take their room tone from it, one after another."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(int(rate * seconds) + 3)
    smoothed = np.convolve(noise, np.array([0.25, 0.25, 0.25, 0.25]), mode="valid")
    rms = float(np.sqrt(np.mean(smoothed**2))) or 1.0
    return _to_int16(smoothed / rms * FULL_SCALE * 10 ** (preset.room_tone_db / 20))


def _to_int16(audio: Floats) -> Samples:
    return np.clip(np.rint(audio), -32768, 32767).astype(np.int16)
