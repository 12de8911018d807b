"""Names as a publisher sets them: titles in title case, slugs for folders and identifiers."""

from __future__ import annotations

import re
import unicodedata

from pressroom.text.patterns import ROMAN_NUMERAL

# Short function words stay lower case inside a title (longer prepositions such as "Among" are capitalized).
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "en",
        "for",
        "from",
        "if",
        "in",
        "nor",
        "of",
        "off",
        "on",
        "or",
        "per",
        "so",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "yet",
    ]
)
_WORD = re.compile(r"[^\s\-–—/]+|[\s\-–—/]+")
_CONTINUED = re.compile(r"\(_?continued_?\)", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]")
_PUNCTUATION = "()[]\"“”‘’'.,;:!?*_"


def title_case(text: str) -> str:
    """`OUR RICHES` -> `Our Riches`; `WELL-BEING FOR ALL` -> `Well-Being for All`.

    Text in mixed case keeps words a writer capitalized on purpose (`SRs`, `McKinley`, `Louis XIV`);
    text in capitals loses that, apart from roman numerals, which stay capitals.
    """
    text = _possessive_from_slug(" ".join(text.split()))
    shouting = _mostly_capitals(text)
    tokens = _WORD.findall(text)
    # Numbers count as words for what is first and last: a small word before `1789` is not the last word.
    words = [i for i, token in enumerate(tokens) if _LETTERS.search(token) or any(ch.isdigit() for ch in token)]
    out = list(tokens)
    for position, i in enumerate(words):
        if not _LETTERS.search(tokens[i]):
            continue
        first_or_last = position in (0, len(words) - 1)
        after_stop = position > 0 and _opens_phrase(tokens, words[position - 1], i)
        out[i] = _case_word(tokens[i], shouting, first_or_last or after_stop)
    return "".join(out)


def _opens_phrase(tokens: list[str], previous_word: int, index: int) -> bool:
    """A word after a colon, a dash, an opening bracket or a full stop begins a phrase of its own."""
    between = tokens[previous_word][-1:] + "".join(tokens[previous_word + 1 : index])
    return any(mark in between for mark in (":", ".", "?", "!", "—", "–", "--")) or (tokens[index][:1] in "([\"“‘'")


def _mostly_capitals(text: str) -> bool:
    """Set in capitals, though not every letter is (`MUTUAL AID (continued)`): no capital was a writer's choice."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def is_in_capitals(text: str) -> bool:
    """Every letter a capital, give or take a `(continued)`: how printed books set their headings."""
    letters = [ch for ch in _CONTINUED.sub("", text) if ch.isalpha()]
    return len(letters) >= 2 and not any(ch.islower() for ch in letters)


def _case_word(word: str, shouting: bool, force_capital: bool) -> str:
    core = word.strip(_PUNCTUATION)
    if ROMAN_NUMERAL.fullmatch(core.rstrip(".")) and core.isupper():
        return word  # `XIV`, `Part II`, and the pronoun `I`
    if not shouting and _has_deliberate_capitals(core):
        return word
    lower = word.lower()
    if not force_capital and lower.strip(_PUNCTUATION) in _MINOR_WORDS:
        return lower
    return _capitalize_first_letter(lower if shouting or word.isupper() else word)


def _has_deliberate_capitals(word: str) -> bool:
    """`SRs`, `McKinley`, `USA`: capitals after the first letter that a writer put there on purpose."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and any(ch.isupper() for ch in letters[1:])


def _capitalize_first_letter(word: str) -> str:
    """`riches` -> `Riches`, `(continued)` -> `(Continued)`; `17th` stays as it is."""
    for i, ch in enumerate(word):
        if ch.isalnum():
            return word[:i] + ch.upper() + word[i + 1 :] if ch.isalpha() else word
    return word


def _possessive_from_slug(text: str) -> str:
    """Titles rebuilt from slugs lost their apostrophes: `Kropotkin S Definition` -> `Kropotkin's Definition`."""
    return re.sub(r"(?<=[a-z]) S\b(?= )", "'s", text)


_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))]
)


def slugify(text: str, max_length: int = 80) -> str:
    """A lower-case ASCII name safe for a folder or file: `Letter to Lenin` -> `letter_to_lenin`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    slug = slug[:max_length].rstrip("_") or "untitled"
    # Names Windows keeps for devices cannot be files or folders there, whatever follows them.
    return f"{slug}_" if slug in _DEVICE_NAMES else slug


def title_from_file_name(name: str) -> str:
    """`letter_to_lenin.raw.txt` -> `Letter to Lenin`."""
    stem = name.split(".", 1)[0] if not name.startswith(".") else name.lstrip(".")
    words = re.sub(r"[_\-\s]+", " ", stem).strip()
    return title_case(words) if words else "Untitled"
