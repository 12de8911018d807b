"""The records' one owner: what survives a rewrite (`records.merge`), schemas old and new, damaged files, and
the lexicon edited as TOML. Pure or on small files: no voice, no listener."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pressroom.errors import InputError
from pressroom.layout import WorkFolder, load_kept, load_report, save_kept, save_report
from pressroom.proof.apply import with_entries
from pressroom.records import narration as narration_json
from pressroom.records.check import CheckRecord, FailedParagraph, ListenedFile, ListenRecord
from pressroom.records.merge import narration_rewritten
from pressroom.records.narration import FileRecord, NarrationRecord, SentenceRecord, SpokenRecord
from pressroom.records.proof import Kept


def _spoken(text: str, start: int, length: int, clip: str | None, heard: bool = False) -> SpokenRecord:
    words = tuple((i, start + 100 * i, start + 100 * i + 80) for i in range(len(text.split()))) if heard else ()
    sentences = (SentenceRecord(text, start, start + length),)
    return SpokenRecord(start, length, len(text.split()), text, "p1", 0, sentences, words, clip)


def _plan(*utterances: SpokenRecord, name: str = "01 - One.mp3") -> NarrationRecord:
    end = max(s.start_ms + s.length_ms for s in utterances)
    file = FileRecord(name, end, (("One", 0, end),), utterances, "One", 1, 0, 0, -1.5)
    return NarrationRecord("acx", (file,), "w.m4b", (("One", 0, end),), "heart", "hibari 0.2.1", "W", "A", "w")


def test_a_rewrite_keeps_the_heard_words_of_clips_unchanged_and_moves_them_where_they_now_play() -> None:
    old = _plan(_spoken("He spoke of entraide.", 0, 2000, "a", True), _spoken("Nothing else.", 2500, 1000, "b", True))
    # The first clip made again (a new lexicon entry), a little longer: the second now starts 300 ms later.
    new = _plan(_spoken("He spoke of ontred.", 0, 2300, "c"), _spoken("Nothing else.", 2800, 1000, "b"))
    kept = narration_rewritten(old, new)
    first, second = kept.files[0].utterances
    assert first.heard_words == (), "a clip made again has not been heard"
    assert second.heard_words == tuple((i, s + 300, e + 300) for i, s, e in old.files[0].utterances[1].heard_words)


def test_a_rewrite_of_the_same_clips_keeps_every_heard_word() -> None:
    old = _plan(_spoken("One two.", 0, 900, "a", True), _spoken("One two.", 1000, 900, "a", True))
    assert narration_rewritten(old, replace(old, files=tuple(
        replace(f, utterances=tuple(replace(s, heard_words=()) for s in f.utterances)) for f in old.files
    ))) == old  # fmt: skip


def test_words_heard_just_now_are_not_replaced_by_older_ones() -> None:
    old = _plan(_spoken("One two.", 0, 900, "a", True))
    fresh = ((0, 5, 50), (1, 60, 90))
    new = _plan(replace(_spoken("One two.", 0, 900, "a"), heard_words=fresh))
    assert narration_rewritten(old, new).files[0].utterances[0].heard_words == fresh


def test_a_plan_from_before_clips_were_recorded_keeps_words_only_where_nothing_moved() -> None:
    old = _plan(_spoken("Same here.", 0, 900, None, True), _spoken("Moved there.", 1000, 900, None, True))
    new = _plan(_spoken("Same here.", 0, 900, "a"), _spoken("Moved there.", 1200, 900, "b"))
    same, moved = narration_rewritten(old, new).files[0].utterances
    assert same.heard_words == old.files[0].utterances[0].heard_words and moved.heard_words == ()


_UTTERANCE = st.tuples(
    st.text(min_size=1, max_size=12),
    st.integers(0, 10**7),
    st.integers(0, 10**5),
    st.one_of(st.none(), st.text(max_size=8)),
    st.booleans(),
)


@given(st.lists(_UTTERANCE, min_size=1, max_size=8))
def test_a_narration_record_reads_back_as_it_was_written(items: list[tuple[str, int, int, str | None, bool]]) -> None:
    plan = _plan(*(_spoken(text, start, length, clip, heard) for text, start, length, clip, heard in items))
    assert narration_json.from_document(json.loads(json.dumps(narration_json.to_document(plan)))) == plan


def _listen(*failed: FailedParagraph, path: str = "01 - One.mp3") -> ListenRecord:
    return ListenRecord(1.0, 40, 0.1, 0.05, 2, 0.5, 0.5, (ListenedFile(path, 40, 0.1, 0.05, failed),))


def test_a_report_written_again_keeps_the_verdicts_of_clips_still_there_where_they_now_play(tmp_path: Path) -> None:
    folder = WorkFolder(tmp_path / "w")
    folder.path.mkdir()
    folder.save_narration(
        _plan(_spoken("He spoke of ontred.", 0, 2300, "c"), _spoken("Nothing else.", 2800, 1000, "b"))
    )
    made_again = FailedParagraph(0, 2000, "He spoke of entraide.", "in trade", 0.5, 1, "a")
    still = FailedParagraph(2500, 3500, "Nothing else.", "nothing", 0.5, 1, "b")
    folder.save_report(CheckRecord({"ok": True}, _listen(made_again, still)))
    save_report(folder.path, CheckRecord({"ok": False, "files": []}))  # the audio checks, run again
    report = load_report(folder.path)
    assert report is not None and report.findings == {"ok": False, "files": []}
    assert report.listen is not None
    assert report.listen.files[0].failed == (replace(still, start_ms=2800, end_ms=3800),)


def test_a_record_of_a_newer_schema_or_damaged_is_one_line_naming_it(tmp_path: Path) -> None:
    folder = WorkFolder(tmp_path)
    document = narration_json.to_document(_plan(_spoken("One.", 0, 500, "a")))
    folder.narration.write_text(json.dumps({**document, "format": 9}), encoding="utf-8")
    with pytest.raises(InputError, match=r"narration\.json: not a narration plan Pressroom wrote: format 9 is newer"):
        folder.load_narration()
    for damaged in ("{", "[]", json.dumps({**document, "files": [{"name": "../x"}]})):
        folder.narration.write_text(damaged, encoding="utf-8")
        with pytest.raises(InputError) as raised:
            folder.load_narration()
        assert str(folder.narration) in str(raised.value) and "\n" not in str(raised.value)
    (tmp_path / "proof.json").write_text('{"kept": [{"word": 3}]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"proof\.json: not a list of kept changes"):
        load_kept(tmp_path)


def test_a_plan_of_format_one_is_read_with_no_clips(tmp_path: Path) -> None:
    document = narration_json.to_document(_plan(_spoken("One.", 0, 500, None)))
    document["format"] = 1
    for file in document["files"]:
        for spoken in file["utterances"]:
            del spoken["clip"]
    WorkFolder(tmp_path).narration.write_text(json.dumps(document), encoding="utf-8")
    record = WorkFolder(tmp_path).load_narration()
    assert record is not None and record.files[0].utterances[0].clip is None


def test_kept_changes_read_back_as_kept(tmp_path: Path) -> None:
    kept = (Kept("entraide", phonemes="ɑntɹˈɛd"), Kept("Saint-Simon", respelling="San Simon"))
    save_kept(tmp_path, kept)
    assert load_kept(tmp_path) == kept


CURATORS = """\
# My pronunciations: keep this comment.
[notes]
entraide = "a note, not an entry"

[words]
# Names first.
"Saint-Simon" = "San Simon"   # quoted, with a comment after
'Élisée' = "Ay-lee-zay"
Malatesta = "Mala-testa"
"""


@pytest.mark.parametrize(
    "kept",
    [
        (Kept("Saint-Simon", respelling="Sahn See-mon"),),
        (Kept("entraide", phonemes="ɑntɹˈɛd"),),
        (Kept("Élisée", respelling="Ay-lee-zay"), Kept("Malatesta", respelling="Malah-testa")),
    ],
)
def test_an_apply_changes_only_the_entries_kept(kept: tuple[Kept, ...]) -> None:
    written = with_entries(CURATORS, kept, Path("lexicon.toml"))
    before, after = tomllib.loads(CURATORS), tomllib.loads(written)
    assert after["notes"] == before["notes"], "a key of the same name in another table is not touched"
    expected = dict(before["words"])
    for change in kept:
        expected[change.word] = {"phonemes": change.phonemes} if change.phonemes else change.respelling
    assert after["words"] == expected
    unchanged = [line for line in CURATORS.splitlines() if not any(k.word in line for k in kept)]
    assert all(line in written.splitlines() for line in unchanged), "comments, order and quoting are kept"


def test_an_apply_to_a_lexicon_with_no_words_table_adds_one() -> None:
    written = with_entries("# nothing yet\n", (Kept("entraide", respelling="on-tred"),), Path("l.toml"))
    assert written.startswith("# nothing yet\n") and tomllib.loads(written) == {"words": {"entraide": "on-tred"}}


def test_a_lexicon_that_is_not_toml_is_one_line_naming_it() -> None:
    with pytest.raises(InputError, match=r"l\.toml: not a TOML file"):
        with_entries("[words\n", (Kept("x", respelling="y"),), Path("l.toml"))
