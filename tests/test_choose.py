"""`--work NAME`: exact names, names begun, and suggestions that share words with what was typed."""

from __future__ import annotations

import pytest

from pressroom.errors import UsageError
from pressroom.sources.choose import chosen_names, suggested_names

# Slugs and source ids as they are in the Kropotkin corpus.
CORPUS = [
    ("anarchists_and_unions", "al_petr_kropotkin_anarchists_and_unions"),
    ("anarchism_its_philosophy_and_ideal", "al_petr_kropotkin_anarchism_its_philosophy_and_ideal"),
    ("anarchism_from_the_encyclopaedia_britannica", "al_petr_kropotkin_anarchism_from_the_encyclopaedia_britannica"),
    ("in_russian_and_french_prisons", "al_petr_kropotkin_in_russian_and_french_prisons"),
    ("prisons_universities_of_crime", "al_petr_kropotkin_prisons_universities_of_crime"),
    ("mutual_aid_a_factor_of_evolution", "pg_4341"),
    ("the_conquest_of_bread", "pg_23428"),
]


def test_an_exact_slug_or_source_id_is_chosen() -> None:
    assert chosen_names("the_conquest_of_bread", CORPUS) == ["the_conquest_of_bread"]
    assert chosen_names("pg_4341", CORPUS) == ["mutual_aid_a_factor_of_evolution"]


def test_the_beginning_of_one_name_is_enough() -> None:
    assert chosen_names("mutual_aid", CORPUS) == ["mutual_aid_a_factor_of_evolution"]
    assert chosen_names("pg_434", CORPUS) == ["mutual_aid_a_factor_of_evolution"]


def test_a_beginning_shared_by_several_works_is_refused_with_them_named() -> None:
    with pytest.raises(UsageError) as refused:
        chosen_names("anarchism", CORPUS)
    said = str(refused.value)
    assert "anarchism_its_philosophy_and_ideal" in said and "anarchism_from_the_encyclopaedia_britannica" in said
    assert "anarchists_and_unions" not in said


def test_nothing_matching_chooses_nothing() -> None:
    assert chosen_names("christmas_in_prison", CORPUS) == []


def test_suggestions_share_words_with_what_was_typed() -> None:
    slugs = [slug for slug, _ in CORPUS]
    suggested = suggested_names("christmas_in_prison", slugs)
    assert set(suggested) == {"in_russian_and_french_prisons", "prisons_universities_of_crime"}
    assert "anarchists_and_unions" not in suggested, "it only looks alike"
    assert suggested_names("mutal_aid", slugs) == ["mutual_aid_a_factor_of_evolution"], "a typo still finds it"
    assert suggested_names("zzz", slugs) == []
