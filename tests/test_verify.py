"""`publish audio --verify`: every clip heard by the real listener (Whisper base from PyPI) in the process that
made it, made again when it is heard wrong, its verdict kept in the cache; the same bytes however it ran."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pressroom.audio.cache import ClipCache
from pressroom.cli import main
from pressroom.tts.clip import Verdict, decode_clip


def _publish(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["audio", *args], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _verdicts(cache: Path) -> list[Verdict]:
    """The verdict of every clip in the cache (each must have one)."""
    verdicts = []
    for path in sorted(cache.glob("clips/*/*.clip")):
        clip = decode_clip(path.read_bytes())
        assert clip is not None and clip.verdict is not None, path
        verdicts.append(clip.verdict)
    return verdicts


@pytest.mark.slow
def test_a_clip_no_take_makes_heard_right_is_kept_at_its_best_and_named(tmp_path: Path) -> None:
    """The stand-in voice buzzes: nothing it says is heard. A sentence with clauses is tried twice (as it was
    made, then clause by clause), one without them once; the run finishes, and says which clips fail."""
    text = tmp_path / "buzz.txt"
    text.write_text(
        "TITLE: Buzz\nAUTHOR: Nobody\n----\n"
        "The workers of the town, who had waited all winter, came out on the first day of spring.\n",
        encoding="utf-8",
    )
    status, out, err = _publish(str(text), "--voice", "tone", "--verify", "-o", str(tmp_path / "out"),
                                "--cache-dir", str(tmp_path / "cache"))  # fmt: skip
    assert status == 0, err
    assert "listened to 3 clips" in out and "1 clip made again; 3 still heard wrong" in out
    assert "utterance 2: “The workers of the town" in err and "still heard wrong after 2 takes" in err
    assert "utterance 1: “Buzz, by Nobody.” is still heard wrong after 1 take" in err
    tried = sorted(verdict.tried for verdict in _verdicts(tmp_path / "cache"))
    assert tried == [1, 1, 2]


@pytest.mark.slow
def test_verified_narration_is_the_same_bytes_in_process_and_in_a_pool_and_heard_once(tmp_path: Path) -> None:
    """The sample narrated by the default voice: once without listening, then verified by a pool of two workers
    (the cached clips only heard, those heard wrong made again); verified from nothing in this process; then
    again, when nothing is heard twice."""
    cache = tmp_path / "cache"
    assert _publish("-o", str(tmp_path / "plain"), "--cache-dir", str(cache))[0] == 0
    status, out, err = _publish("--verify", "--workers", "2", "-o", str(tmp_path / "pool"), "--cache-dir", str(cache))
    assert status == 0, err
    verdicts = _verdicts(cache)
    assert verdicts
    remade = sum(1 for verdict in verdicts if verdict.tried > 1)
    assert f"{remade} clip" in out and "made again" in out
    kept = sum(1 for verdict in verdicts if verdict.take != "first")
    assert f"; {kept} clip{'s' if kept != 1 else ''} made, " in out, "only clips whose new take was kept are new"
    status, out, err = _publish(
        "--verify", "--workers", "1", "-o", str(tmp_path / "one"), "--cache-dir", str(tmp_path / "fresh")
    )
    assert status == 0, err
    for made in (tmp_path / "pool" / "letter_to_lenin").iterdir():
        if made.suffix in (".mp3", ".m4b"):
            assert made.read_bytes() == (tmp_path / "one" / "letter_to_lenin" / made.name).read_bytes(), made.name
    assert _verdicts(tmp_path / "fresh") == _verdicts(cache)
    status, out, _ = _publish("--verify", "-o", str(tmp_path / "again"), "--cache-dir", str(cache))
    assert "0 clips made" in out and f"verified {len(verdicts)} clips, {len(verdicts)} in an earlier run" in out
    assert ClipCache(cache).usage().entries == len(verdicts)


@pytest.mark.slow
def test_heart_is_proved_by_its_sound_and_heard_where_it_guesses_and_hear_all_hears_it_whole(tmp_path: Path) -> None:
    """The sample by the default voice: every clip's sound proved, and only some of its sentences heard (those
    where a word the voice guesses is first read, and the sample); `--hear-all` hears every clip whole, and those
    verdicts stand for a later `--verify`."""
    cache = tmp_path / "cache"
    status, out, err = _publish("--verify", "-o", str(tmp_path / "proved"), "--cache-dir", str(cache))
    assert status == 0, err
    verdicts = _verdicts(cache)
    assert all(verdict.proof.startswith("proof 1") for verdict in verdicts)
    heard = sum(verdict.sentences for verdict in verdicts)
    assert heard > 0 and any(verdict.sentences == 0 and verdict.words == 0 for verdict in verdicts)
    assert f"verified {len(verdicts)} clips: {len(verdicts)} by their sound" in out
    assert f"{heard} sentences of them heard" in out
    status, out, err = _publish("--verify", "--hear-all", "-o", str(tmp_path / "whole"), "--cache-dir", str(cache))
    assert status == 0, err
    whole = _verdicts(cache)
    assert all(verdict.proof == "" and verdict.words > 0 for verdict in whole)
    assert sum(verdict.words for verdict in whole) > sum(verdict.words for verdict in verdicts)
    assert f"listened to {len(whole)} clips: " in out
    status, out, _ = _publish("--verify", "-o", str(tmp_path / "again"), "--cache-dir", str(cache))
    assert f"listened to {len(whole)} clips, {len(whole)} heard in an earlier run" in out
