"""Text for the ear: what every engine is given to say for a printed book's conventions."""

from __future__ import annotations

import pytest

from pressroom.text.patterns import roman_value
from pressroom.text.speech import apply_lexicon, speech_text, split_clauses, split_sentences


@pytest.mark.parametrize(
    ("printed", "spoken"),
    [
        ("It cost £5 10s. 6d. in all.", "It cost five pounds ten shillings six pence in all."),
        (
            "a net output of £406,799,000.",
            "a net output of four hundred and six million, seven hundred and ninety-nine thousand pounds.",
        ),
        ("wages of 3s. 6d. a day", "wages of three shillings six pence a day"),
        ("a loaf for 1d. only", "a loaf for one penny only"),
        ("paid $9.99 each", "paid nine dollars and ninety-nine cents each"),
        ("In 1892 and in 1905", "In eighteen ninety-two and in nineteen oh-five"),
        ("from 1789-1793", "from seventeen eighty-nine to seventeen ninety-three"),
        ("see pp. 12-15", "see pages twelve to fifteen"),
        ("the 3rd and the 21st of May", "the third and the twenty-first of May"),
        ("4,013,711 workers", "four million, thirteen thousand, seven hundred and eleven workers"),
        ("2.6 per acre", "two point six per acre"),
        ("CHAPTER IV", "Chapter four"),
        ("Chapter XVII. The Decentralization", "Chapter seventeen. The Decentralization"),
        ("Vol. II of the work", "volume two of the work"),
        ("under Louis XIV and Charles II", "under Louis the fourteenth and Charles the second"),
        ("Then I went home", "Then I went home"),
        ("Mr. Smith and Dr. Jones of St. Petersburg", "Mister Smith and Doctor Jones of Saint Petersburg"),
        ("bread, wine, &c. and more", "bread, wine, et cetera and more"),
        ("two kinds, viz. the old and the new", "two kinds, namely the old and the new"),
        ("that is, i.e. the land; e.g. wheat", "that is, that is the land; for example wheat"),
        ("as shown above.[12] Then", "as shown above. Then"),
        ("SRs [Social Revolutionary party members] from", "SRs, Social Revolutionary party members, from"),
        ("and [that] you are", "and that you are"),
        ("mutual aid--chiefly, however", "mutual aid, chiefly, however"),
        ("not today...", "not today"),
        ("the _Mutual Aid_ book", "the Mutual Aid book"),
        ("OUR RICHES", "Our Riches"),
    ],
)
def test_printed_conventions_are_spoken(printed: str, spoken: str) -> None:
    assert speech_text(printed) == spoken


def test_the_lexicon_respells_whole_words_in_any_case() -> None:
    lexicon = {"Izvestiia": "Izvestya", "Kropotkin": "Kro-POT-kin"}
    assert apply_lexicon("in Izvestiia and IZVESTIIA, not Izvestiias", lexicon) == (
        "in Izvestya and Izvestya, not Izvestiias"
    )
    assert speech_text("Peter Kropotkin wrote", lexicon) == "Peter Kro-POT-kin wrote"


def test_sentences_split_after_end_punctuation_but_not_after_titles_or_initials() -> None:
    text = "Mister Smith met P. Kropotkin. They talked! Did they agree? “Yes.” It ended"
    assert split_sentences(text) == [
        "Mister Smith met P. Kropotkin.",
        "They talked!",
        "Did they agree?",
        "“Yes.”",
        "It ended",
    ]
    long = " ".join(f"Sentence number {n} is here." for n in range(300))
    assert " ".join(split_sentences(long)) == long


def test_roman_values() -> None:
    assert [roman_value(n) for n in ("I", "IV", "IX", "XIV", "XL", "XCIX", "MCMXX")] == [1, 4, 9, 14, 40, 99, 1920]


def test_a_sentence_is_cut_into_its_clauses_of_three_words_or_more_and_phonemes_stay_whole() -> None:
    """What `--verify` says clause by clause when a voice drops words in a long sentence."""
    sentence = "The State, which is the sum of all powers, has one end: to keep the poor down — and it does."
    assert split_clauses(sentence) == [
        "The State, which is the sum of all powers,", "has one end:", "to keep the poor down —", "and it does."
    ]  # fmt: skip
    assert split_clauses("Yes, he said, and [Kropotkin](/kɹəp ˈɑtkɪn/), laughing, went on.") == [
        "Yes, he said,", "and [Kropotkin](/kɹəp ˈɑtkɪn/), laughing, went on."
    ]  # fmt: skip
    assert split_clauses("Nothing to cut here.") == ["Nothing to cut here."]
    assert split_clauses("In 1,000 towns; in every one.") == ["In 1,000 towns;", "in every one."]
