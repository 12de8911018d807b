from __future__ import annotations

import pytest

from pressroom.text.names import slugify, title_case, title_from_file_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("OUR RICHES", "Our Riches"),
        ("WELL-BEING FOR ALL", "Well-Being for All"),
        ("MUTUAL AID AMONG ANIMALS (continued)", "Mutual Aid Among Animals (Continued)"),
        ("Letter To Lenin", "Letter to Lenin"),
        ("THE NEED FOR LUXURY", "The Need for Luxury"),
        ("LOUIS XIV AND THE STATE", "Louis XIV and the State"),
        ("Mutual Aid: A Factor of Evolution", "Mutual Aid: A Factor of Evolution"),
        ("the state: its historic role", "The State: Its Historic Role"),
        ("SRs and the USA", "SRs and the USA"),
        ("Kropotkin S Definition Of Anarchism", "Kropotkin's Definition of Anarchism"),
        ("WHAT I BELIEVE", "What I Believe"),
        ("OPENING MONTHS OF 1789", "Opening Months of 1789"),
        ("Feudal Legislation In 1790", "Feudal Legislation in 1790"),
        ("WHAT IT COMES TO", "What It Comes To"),
    ],
)
def test_titles_are_set_in_title_case(raw: str, expected: str) -> None:
    assert title_case(raw) == expected


def test_a_plain_file_name_becomes_a_title() -> None:
    assert title_from_file_name("letter_to_lenin.raw.txt") == "Letter to Lenin"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mutual Aid: A Factor of Evolution", "mutual_aid_a_factor_of_evolution"),
        ("../../etc/passwd", "etc_passwd"),
        ("", "untitled"),
        ("Émile Pouget", "emile_pouget"),
    ],
)
def test_slugs_are_safe_folder_names(raw: str, expected: str) -> None:
    assert slugify(raw) == expected
