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
