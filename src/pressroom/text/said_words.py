"""The printed words of a sentence matched to the words a voice said, with when each was said (issue 41). A voice
says words as its reader wrote them (`M.` as "Monsieur", `1848` as "eighteen forty-eight", `Kropotkin's` as one
word): each said word carries the text it was read from, and the two texts are matched letter by letter, so a
printed word is timed from the first said word read from it to the last. A said word whose text matches nothing
printed (a figure said in words) is given to the printed words left between its neighbours', in order, or else
joins the word before. Pure: words and times in, timed words out."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

SaidWord = tuple[str, int, int]
"""A word as the voice said it: the text it was read from, and its start and end (samples, or ms)."""
TimedWord = tuple[int, int, int]
"""A printed word's index among the sentence's words, and its start and end."""


def printed_word_times(printed: Sequence[str], said: Sequence[SaidWord]) -> list[TimedWord]:
    """Each printed word that was said (its index in `printed`), from its first said word's start to its last
    one's end, in order; a printed word nothing was said for (a dash alone) is left out."""
    owners = _owners(printed, said)
    times: dict[int, tuple[int, int]] = {}
    for (_, start, end), owner in zip(said, owners, strict=True):
        if owner is None:
            continue
        first, last = times.get(owner, (start, end))
        times[owner] = (min(first, start), max(last, end))
    return [(index, *times[index]) for index in sorted(times)]


def _letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in plain if ch.isalnum() and not unicodedata.combining(ch))


def _owners(printed: Sequence[str], said: Sequence[SaidWord]) -> list[int | None]:
    """The printed word each said word was read from."""
    printed_of: list[int] = [i for i, word in enumerate(printed) for _ in _letters(word)]
    said_of: list[int] = [j for j, (text, _, _) in enumerate(said) for _ in _letters(text)]
    a = "".join(_letters(word) for word in printed)
    b = "".join(_letters(text) for text, _, _ in said)
    votes: list[dict[int, int]] = [{} for _ in said]
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            owner, word = printed_of[block.a + k], said_of[block.b + k]
            votes[word][owner] = votes[word].get(owner, 0) + 1
    owners: list[int | None] = [max(v, key=lambda o: (v[o], -o)) if v else None for v in votes]
    # Monotonic: a said word owned by a printed word before its predecessor's is an accident of letters.
    previous = -1
    for j, chosen in enumerate(owners):
        if chosen is None:
            continue
        if chosen < previous:
            owners[j] = None
        else:
            previous = chosen
    return _fill_gaps(owners, printed, [text for text, _, _ in said])


def _fill_gaps(owners: list[int | None], printed: Sequence[str], said: Sequence[str]) -> list[int | None]:
    """Said words matched to nothing: spread in order over the printed words between their neighbours' owners
    that have no said word, or else given to whichever neighbour's printed word is more like them (a figure
    said as three words, each carrying its text, belongs with the figure), the one before when alike."""
    filled = list(owners)
    j = 0
    while j < len(filled):
        if filled[j] is not None:
            j += 1
            continue
        end = j
        while end < len(filled) and filled[end] is None:
            end += 1
        before = next((o for o in reversed(filled[:j]) if o is not None), -1)
        after = next((o for o in filled[end:] if o is not None), len(printed))
        free = list(range(before + 1, after))
        run = end - j
        for k in range(run):
            if free:
                filled[j + k] = free[min(len(free) - 1, k * len(free) // run)]
                continue
            near = [o for o in (before, after) if 0 <= o < len(printed)]
            if near:
                filled[j + k] = max(near, key=lambda o: (_likeness(said[j + k], printed[o]), o == before))
        j = end
    return filled


def _likeness(one: str, other: str) -> float:
    return difflib.SequenceMatcher(None, _letters(one), _letters(other), autojunk=False).ratio()


def printed_of_said(said: Sequence[str], printed: Sequence[str]) -> dict[int, int]:
    """Which printed word each said word reads, both given as their bare letters (`bare_word`), in order: the
    same letters first; then, between them, a stretch said otherwise than printed is matched word by word, a
    printed figure taking the run of number words said for it (`1902 M.` said "nineteen oh two Monsieur"), or
    all of it to the one printed word it reads. A said word matched to nothing (an announcement's) is not here."""
    found: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, list(said), list(printed), autojunk=False)
    for kind, a1, a2, b1, b2 in matcher.get_opcodes():
        if kind == "equal":
            found.update({a1 + k: b1 + k for k in range(a2 - a1)})
        elif kind == "replace":
            found.update(_stretch(said[a1:a2], printed[b1:b2], a1, b1))
    return found


_NUMBER_WORDS = re.compile(
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|and|first|second|third|fifth|ninth|twelfth|tieth|th|percent|per|cent|point|a)+"
)


def _stretch(said: Sequence[str], printed: Sequence[str], said_at: int, printed_at: int) -> dict[int, int]:
    """A stretch said otherwise than printed: each printed word takes one said word, a figure the run of number
    words said for it; all to the one printed word when there is one; nothing when neither fits."""
    if len(printed) == 1:
        return {said_at + k: printed_at for k in range(len(said))}
    found: dict[int, int] = {}
    at = 0
    for where, word in enumerate(printed):
        if at >= len(said):
            return {}
        found[said_at + at] = printed_at + where
        at += 1
        if any(ch.isdigit() for ch in word):
            while at < len(said) and _NUMBER_WORDS.fullmatch(said[at]) and len(said) - at > len(printed) - where - 1:
                found[said_at + at] = printed_at + where
                at += 1
    return found if at == len(said) else {}
