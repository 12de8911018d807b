"""The narration plan (pure): what is said, in what order, and which page element each utterance reads."""

from __future__ import annotations

from pressroom.audio.plan import Utterance, plan_narration
from pressroom.sources.load import load_works, sample_path


def test_a_one_chapter_work_highlights_its_heading_while_the_opening_announcement_is_said() -> None:
    (work,) = load_works(sample_path()).works
    ids = tuple(f"e{n}" for n in range(40))
    plan = plan_narration(work, block_ids={0: ids})
    utterances = [s for s in plan.tracks[0].segments if isinstance(s, Utterance)]
    assert utterances[0].text == "Letter to Lenin, by Peter Kropotkin."
    assert utterances[0].block_id == "e0", "the page's h1 is read by the opening announcement"
    read = [u.block_id for u in utterances if u.block_id is not None]
    assert read == sorted(read, key=lambda i: int(i[1:])) and len(set(read)) == len(read), "each element once, in order"
    assert utterances[-1].block_id is None, "the closing words read no element"


def test_a_paragraph_of_thirty_thousand_words_is_said_in_pieces_and_no_file_runs_past_two_hours() -> None:
    """One paragraph became one clip of 160 minutes: a file past the 120-minute rule, 2 GB in memory."""
    from dataclasses import replace

    from pressroom.audio.long_files import split_long_tracks
    from pressroom.audio.plan import MAX_UTTERANCE_WORDS, Pause, Segment
    from pressroom.model import Block, BlockKind, Chapter, SourceRef

    sentence = "The workers of the town met in the square and talked of the strike until night fell. "
    paragraph = Block(BlockKind.PARAGRAPH, (sentence * 1875).strip(), SourceRef("long.txt", 1))
    (letter,) = load_works(sample_path()).works
    work = replace(letter, chapters=(Chapter("The Long Paragraph", 1, (paragraph,)),))
    plan = plan_narration(work)
    said = [u for u in plan.tracks[0].utterances if "workers" in u.text]
    assert len(said) >= 30_000 // MAX_UTTERANCE_WORDS and all(len(u.text.split()) <= MAX_UTTERANCE_WORDS for u in said)
    assert " ".join(u.text for u in said) == paragraph.text, "every word, in order, cut only between sentences"

    def pretend_ms(segment: Segment) -> int:  # 150 words a minute
        return segment.ms if isinstance(segment, Pause) else len(segment.text.split()) * 400

    two_hours = 120 * 60_000
    parts = split_long_tracks(plan, pretend_ms, two_hours).tracks
    assert len(parts) >= 2 and all(sum(map(pretend_ms, part.segments)) <= two_hours for part in parts)


def test_the_same_words_twice_are_two_elements_each_read_where_it_is() -> None:
    """Elements were found by the block object's identity: two blocks of the same text, or the same note mark in
    two places, must each be read as their own element (by place, not by value)."""
    from dataclasses import replace

    from pressroom.model import Block, BlockKind, Chapter, SourceRef

    def said(text: str, line: int) -> Block:
        return Block(BlockKind.PARAGRAPH, text, SourceRef("same.txt", line))

    (letter,) = load_works(sample_path()).works
    first = Chapter("One", 1, (said("Yes.", 1), said("No.", 2), said("Yes.", 3)),
                    children=(Chapter("Two", 2, (said("Yes.", 5), said("Yes.", 5))),))  # fmt: skip
    work = replace(letter, chapters=(first,))
    ids = tuple(f"e{n}" for n in range(8))
    plan = plan_narration(work, block_ids={0: ids})
    read = [(u.text, u.block_id) for u in plan.tracks[0].utterances if u.block_id is not None]
    assert [block_id for text, block_id in read if text == "Yes."] == ["e1", "e3", "e5", "e6"]
    assert ("No.", "e2") in read
