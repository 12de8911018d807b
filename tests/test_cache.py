"""The clip cache: entries compressed losslessly, older entries still read, damage refused, pruned to a size."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import numpy as np

from pressroom.audio.cache import ClipCache
from pressroom.cli import main
from pressroom.tts.clip import RAW_CLIP_MAGIC, Clip, Verdict, decode_clip, encode_clip
from pressroom.tts.voices import find_voice


def _speech_like(seconds: float, seed: int) -> Clip:
    """A clip of the stand-in voice's buzz, long enough to measure compression on."""
    from pressroom.tts.tone_engine import ToneEngine

    engine = ToneEngine(find_voice("tone", None))
    words = " ".join(f"word{seed}x{n}" for n in range(int(seconds * 2)))
    samples = engine.synthesize(words)
    return Clip(engine.sample_rate, samples, (len(samples),))


def test_entries_are_flac_half_the_size_of_raw_samples_and_come_back_exact(tmp_path: Path) -> None:
    clip = _speech_like(20, 1)
    data = encode_clip(clip)
    assert len(data) < 0.6 * clip.samples.nbytes
    back = decode_clip(data)
    assert back is not None
    assert np.array_equal(back.samples, clip.samples) and back.sentence_ends == clip.sentence_ends


def test_clips_of_any_length_even_none_come_back_exact_and_stay_in_the_cache(tmp_path: Path) -> None:
    # An utterance said as nothing is a clip of no samples: it was once taken for damage and removed, and a
    # corpus run stopped with "a clip went missing from the cache" when it came to be assembled.
    cache = ClipCache(tmp_path)
    for length in (0, 1, 2, 3, 17, 4096):
        clip = Clip(22050, np.arange(length, dtype=np.int16), (length,) if length else ())
        back = decode_clip(encode_clip(clip))
        assert back is not None and np.array_equal(back.samples, clip.samples), length
        key = f"{length:064x}"
        cache.put(key, clip)
        got = cache.get(key)
        assert got is not None and got.length == length and cache.length(key) == length
        assert cache.path(key).exists()


def test_an_entry_of_the_raw_format_is_still_read(tmp_path: Path) -> None:
    clip = _speech_like(2, 2)
    pcm = clip.samples.astype("<i2").tobytes()
    header = {"rate": clip.rate, "samples": clip.length, "sentence_ends": list(clip.sentence_ends),
              "sha256": hashlib.sha256(pcm).hexdigest()}  # fmt: skip
    cache = ClipCache(tmp_path)
    path = cache.path("ab" * 32)
    path.parent.mkdir(parents=True)
    path.write_bytes(RAW_CLIP_MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + pcm)
    assert cache.length("ab" * 32) == clip.length
    got = cache.get("ab" * 32)
    assert got is not None and np.array_equal(got.samples, clip.samples)


def test_a_truncated_or_altered_entry_is_refused(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    cache.put("cd" * 32, _speech_like(3, 3))
    path = cache.path("cd" * 32)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 10])
    assert cache.length("cd" * 32) is None and cache.get("cd" * 32) is None
    cache.put("cd" * 32, _speech_like(3, 3))
    altered = bytearray(path.read_bytes())
    altered[-200] ^= 0xFF
    path.write_bytes(bytes(altered))
    assert cache.get("cd" * 32) is None
    assert not path.exists(), "a damaged entry is removed"


def test_prune_keeps_the_clips_used_most_recently_under_the_size(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    keys = [f"{n:02d}" * 32 for n in range(6)]
    for age, key in enumerate(keys):
        cache.put(key, _speech_like(2, age))
        os.utime(cache.path(key), (1_000_000 + age, 1_000_000 + age))
    assert cache.length(keys[0]) is not None  # used by a run now: the newest
    sizes = {key: cache.path(key).stat().st_size for key in keys}
    limit = sizes[keys[0]] + sizes[keys[5]] + sizes[keys[4]]
    out = io.StringIO()
    assert main(["cache", "prune", "--max-size", str(limit), "--cache-dir", str(tmp_path)], out, io.StringIO(), {}) == 0
    kept = [key for key in keys if cache.path(key).exists()]
    assert kept == [keys[0], keys[4], keys[5]]
    assert "removed 3 clips" in out.getvalue()
    assert cache.usage().bytes <= limit


def test_prune_without_a_size_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["cache", "prune", "--cache-dir", str(tmp_path)], io.StringIO(), err, {}) == 64
    assert "prune needs --max-size" in err.getvalue()
    assert main(["cache", "prune", "--max-size", "lots", "--cache-dir", str(tmp_path)], io.StringIO(), err, {}) == 64


def test_a_listeners_verdict_is_kept_in_the_clips_header_and_read_without_the_samples(tmp_path: Path) -> None:
    """`--verify` hears a clip once: the verdict travels with it, and a clip made before it had one has none."""
    cache = ClipCache(tmp_path)
    clip = _speech_like(2, 3)
    cache.put("a" * 64, clip)
    assert cache.verdict("a" * 64) is None and cache.length("a" * 64) == clip.length
    verdict = Verdict("whisper base", "clauses", 3, 12, 1, 1, False, "what was heard")
    cache.put("b" * 64, Clip(clip.rate, clip.samples, clip.sentence_ends, verdict))
    assert cache.verdict("b" * 64) == verdict and cache.length("b" * 64) == clip.length
    back = cache.get("b" * 64)
    assert back is not None and back.verdict == verdict and np.array_equal(back.samples, clip.samples)


def test_the_suite_keeps_its_clips_out_of_the_users_cache(tmp_path: Path) -> None:
    """A run that names no cache (the CLI's default) writes into the suite's own folder, not ~/.cache."""
    real = Path.home() / ".cache" / "pressroom" / "clips"
    before = sorted(real.rglob("*")) if real.is_dir() else []
    source = tmp_path / "note.txt"
    source.write_text("A short note, said once.\n", encoding="utf-8")
    assert main(["audio", str(source), "-o", str(tmp_path / "out"), "--voice", "tone", "-q", "--workers", "1"]) == 0
    assert (sorted(real.rglob("*")) if real.is_dir() else []) == before
    assert list((Path(os.environ["XDG_CACHE_HOME"]) / "pressroom" / "clips").rglob("*.clip*"))
