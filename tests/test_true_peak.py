"""The limiter holds the true peak, between the samples too: a resampler or a decoder draws the waveform through
them, and joe's MP3s peaked 1.8 dB over a ceiling their samples kept (issue 27)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from pressroom.audio.cache import ClipCache
from pressroom.audio.master import PRESETS, apply_gain_and_limit
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice
from tests.conftest import CORPUS


def _true_peak_db(samples: npt.NDArray[np.int16]) -> float:
    """Sixteen times oversampled, through the spectrum: the waveform a band-limited resampler draws."""
    spectrum = np.fft.rfft(samples.astype(np.float64))
    drawn = np.fft.irfft(spectrum, len(samples) * 16) * 16
    return float(20 * np.log10(np.abs(drawn).max() / 32768))


def test_a_crest_between_two_samples_is_held_under_the_ceiling() -> None:
    rate = 24_000
    # A tone at a quarter of the rate, its samples a quarter cycle off its crests: they show 3 dB less than it has.
    tone = (np.sin(2 * np.pi * np.arange(rate) / 4 + np.pi / 4) * 30_000).astype(np.int16)
    limited = apply_gain_and_limit(tone, 1.0, -3.0, rate)
    steady = limited[rate // 4 : 3 * rate // 4]
    assert _true_peak_db(steady) <= -3.0 + 0.05
    assert 20 * np.log10(np.abs(steady).max() / 32768) < -5.5, "the samples themselves sit well under it"


@pytest.mark.slow
def test_joe_holds_the_podcast_ceiling_where_it_went_over(tmp_path: Path) -> None:
    essay = CORPUS / "essays" / "law_and_authority"
    if not essay.is_dir():
        pytest.skip("the shared corpus is not beside the checkout")
    first = sorted(essay.glob("*.txt"))[0].read_text(encoding="utf-8")
    header, body = first.split("----\n", 1)
    source = tmp_path / "law.txt"
    source.write_text(header + "----\n" + "\n\n".join(body.strip().split("\n\n")[:6]) + "\n", encoding="utf-8")
    (work,) = load_works(source).works
    narrator = Narrator(find_voice("joe", None), ClipCache(tmp_path / "cache"))
    made = publish_audio(work, tmp_path / "out", narrator, NarrationSettings(preset=PRESETS["podcast"]))
    assert made.check is not None
    peaks = [(f.path, f.measure.judged_peak_db) for f in made.check.files if f.measure is not None]
    assert all(peak <= -1.0 for _, peak in peaks), peaks
    assert made.check.ok, [(f.path, f.problems) for f in made.check.files]
