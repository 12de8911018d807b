"""Which works `--work NAME` means: the exact slug or source id, else the one work whose name begins so.

Pure: names in, names out. Suggestions rank works by the words they share with what was typed (`christmas_in_prison`
finds `in_russian_and_french_prisons`), since spelling similarity alone pairs names that merely look alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pressroom.errors import UsageError

# Words too common in titles to say that two names are about the same thing.
_LITTLE_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"})


def chosen_names(name: str, names: Sequence[tuple[str, str]]) -> list[str]:
    """The slugs `name` picks out of (slug, source id) pairs: an exact match, else the one that begins so.

    A name beginning several works is refused with them listed, rather than picking all (or one) by surprise.
    """
    exact = [slug for slug, source_id in names if name in (slug, source_id)]
    if exact:
        return exact
    begun = sorted({slug for slug, source_id in names if slug.startswith(name) or source_id.startswith(name)})
    if len(begun) == 1:
        return begun
    if begun:
        shown = ", ".join(begun[:5]) + (f" and {len(begun) - 5} more" if len(begun) > 5 else "")
        raise UsageError(f"--work {name} begins {len(begun)} works: {shown}", hint="give more of the name")
    return []


def suggested_names(name: str, slugs: Sequence[str], count: int = 3) -> list[str]:
    """The slugs most like `name`: sharing its words first (a word may be the start of theirs), then spelling."""
    wanted = [word for word in name.lower().split("_") if word and word not in _LITTLE_WORDS]

    def shared(slug: str) -> int:
        words = [word for word in slug.split("_") if len(word) > 2]
        return sum(1 for w in wanted if any(word.startswith(w) or w.startswith(word) for word in words))

    def spelling(slug: str) -> float:
        return difflib.SequenceMatcher(None, name, slug).ratio()

    ranked = sorted(slugs, key=lambda slug: (-shared(slug), -spelling(slug), slug))
    by_words = [slug for slug in ranked if shared(slug) > 0]
    if by_words:
        return by_words[:count]
    return difflib.get_close_matches(name, list(slugs), n=count)
