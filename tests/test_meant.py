"""The listener's verdicts judge a word against what it is meant to sound like, never against the voice's own
guess (issue 39): a French paragraph read by English rules was heard "alike" with itself and passed; a name the
voice guessed and no rule knows is judged by its spelling. The heard texts are the recogniser's own (Whisper
base on the default voice, 2026-12-06); the slow test makes and hears them again."""

from __future__ import annotations

import pytest

from pressroom.hear.listener import Listener, aligner, normaliser
from pressroom.hear.scoring import Heard, score, spelling_key, tally
from pressroom.text.speech import speech_text
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.languages import FOREIGN_PHRASES, meant_reading

WHERE = ("01 - Papers.mp3", 0, 5000)
FRENCH = "La Révolte et Les Temps Nouveaux furent des journaux anarchistes publiés à Paris."


def _judged(meant: str, heard: str, by_meaning: bool = True) -> Heard:
    meaning = meant_reading(meant) if by_meaning else None
    return score(meant, heard, WHERE, normaliser(), aligner(), spelling_reader(), meaning=meaning)


@pytest.mark.parametrize(
    ("meant", "heard"),
    [(FRENCH, "La Ravolt at Les Temps' new-vo-furrant desk, Jornox anarchist's Publié's Apparice."),
     ("Bibliographie de l'anarchie, par Max Nettlau.", "Bibliography to Lanarky, par Max Netlo."),
     ("Die Gesellschaft der Zukunft wird keine Regierung haben.",
      "Die gazelle-shoff dares you comfort word-cane, regering haven.")],
)  # fmt: skip
def test_a_foreign_paragraph_read_by_english_rules_fails(meant: str, heard: str) -> None:
    """Judged against the voice's own reading of its spelling, the English-rules reading was "said alike" and
    the paragraph passed; against its language's rules, it fails."""
    assert _judged(meant, heard).failed


def test_the_old_judge_let_the_french_paragraph_pass() -> None:
    """What the voice's own reading as the judge did (kept to show the change is the meaning, not the rule)."""
    heard = "La Ravolt at Les Temps' new-vo-furrant desk, Jornox anarchist's Publié's Apparice."
    assert not _judged(FRENCH, heard, by_meaning=False).failed


@pytest.mark.parametrize(
    ("meant", "heard"),
    [("A letter from Kharkoff to Kieff.", "A letter from Karkov to Kiev."),
     ("He met Proudhon in Paris.", "He met Prudon in Paris.")],
)  # fmt: skip
def test_a_name_heard_as_its_language_says_it_is_said_right(meant: str, heard: str) -> None:
    judged = _judged(meant, heard)
    assert judged.name_sound_errors == 0 and not judged.failed, judged


def test_a_name_the_voice_guessed_and_no_rule_knows_is_judged_by_its_spelling() -> None:
    """ "Nettlau" has no rule by its shape: its meaning is its spelling, so "Netlo" is a name heard wrong (the old
    judge, the voice's own reading of "Nettlau", called it alike)."""
    judged = _judged("A book by Nettlau appeared.", "A book by Netlo appeared.")
    assert judged.name_sound_errors == 1 and not judged.failed
    assert _judged("A book by Nettlau appeared.", "A book by Nettlau appeared.").name_sound_errors == 0


def test_a_word_the_lexicon_gives_is_judged_by_the_lexicons_phonemes() -> None:
    meant = "Peter [Kropotkin](/kɹəpˈɑtkɪn/) wrote it."
    assert _judged(meant, "Peter Kropotkin wrote it.").name_sound_errors == 0
    assert _judged(meant, "Peter Cropatkin wrote it.").name_sound_errors == 0
    assert _judged(meant, "Peter Crumpet wrote it.").name_sound_errors == 1


def test_plain_english_is_judged_as_before() -> None:
    assert not _judged("The end of the book.", "the end of the book.").failed
    assert _judged("The workers took the land and the factories.", "The walkers took the lamb.").failed


@pytest.mark.slow
def test_the_voice_reading_french_by_english_rules_fails_and_by_french_rules_passes() -> None:
    """The default voice, heard by the listener: the paragraph read by English rules fails; read by French rules
    (italics, as a book sets a passage in another language) it passes."""
    from pressroom.tts.engine import Voice
    from pressroom.tts.hibari_engine import HibariEngine

    engine, listener = HibariEngine(Voice("heart", "hibari", model="heart")), Listener()
    verdicts = {}
    for rules in ("english", "french"):
        said = speech_text(f"_{FRENCH}_", None, FOREIGN_PHRASES if rules == "french" else None)
        verdicts[rules] = _judged(said, listener.hear(engine.synthesize(said), engine.sample_rate))
    assert verdicts["english"].failed and not verdicts["french"].failed, verdicts


@pytest.mark.parametrize(
    ("printed", "heard", "same"),
    [("kieff", "kiev", True), ("kharkoff", "kharkov", True), ("tchaykovsky", "tchaikovsky", True),
     ("tolstoy", "tolstoi", True), ("bakunin", "bakounine", True), ("proudhon", "prudon", True),
     ("kropotkin", "cropotkin", True), ("kropotkin", "cropatkin", False), ("ravachol", "ravenclaw", False),
     ("london", "lundun", False), ("paris", "", False)],
)  # fmt: skip
def test_common_spellings_of_one_sound_share_a_key(printed: str, heard: str, same: bool) -> None:
    assert (spelling_key(printed) == spelling_key(heard)) is same


def test_names_are_counted_right_three_ways() -> None:
    """Kieff heard "Kiev": wrong as spelt, right allowing common spellings, right by sound; Ravachol heard
    "Ravenclaw" wrong all three ways (no rule knows its language, so its spelling is its meaning)."""
    judged = _judged("A letter from Kieff to Ravachol.", "A letter from Kiev to Ravenclaw.")
    assert (judged.name_words, judged.name_errors, judged.name_variant_errors, judged.name_sound_errors) == (2, 2, 1, 1)
    counted = tally([judged])
    assert counted.names_right_by_spelling == 0
    assert counted.names_right_by_variant == counted.names_right_by_sound == 0.5


@pytest.mark.slow
@pytest.mark.parametrize("title", ["Proof Desk Trial", "Fields, Factories and Workshops", "Mutual Aid"])
def test_a_books_closing_line_is_heard_as_said(title: str) -> None:
    """ "End of Proof Desk Trial." was heard "and a proof desk trial." and failed: the closing now says "The end
    of", which the listener hears as meant (the voice's utterance-initial "End of" before a consonant is not)."""
    from pressroom.text.announcements import ENGLISH
    from pressroom.tts.engine import Voice
    from pressroom.tts.hibari_engine import HibariEngine

    engine = HibariEngine(Voice("heart", "hibari", model="heart"))
    said = speech_text(ENGLISH.closing(title))
    heard = Listener().hear(engine.synthesize(said), engine.sample_rate)
    judged = _judged(said, heard)
    assert not judged.failed and judged.errors == 0, judged
