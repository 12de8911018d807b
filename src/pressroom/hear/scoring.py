"""What a listener heard, scored against what was meant: the words of one utterance aligned, errors counted,
names apart, and the verdict. Pure: the normaliser and the alignment are given text and return values.

A paragraph fails when a run of 3 or more meant words is missing, or when over a quarter of its words were
heard wrong: either means a listener lost part of the book. A name heard as some other word counts as an error
but fails no paragraph: the recogniser cannot spell a name it never learnt ("P. Cropocken" for Kropotkin), and
that says nothing of whether the voice said it; a name not heard at all does fail it.

Given a reader of spellings (`sounds`), names are judged by sound as well (`hear/sounds.py`): what was heard,
read aloud, against the phonemes meant. A run of words spelt otherwise but heard alike that way was said, and is
neither missing nor misheard.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pressroom.hear.sounds import sounds_alike
from pressroom.text.speech import without_phonemes
from pressroom.text.vocabulary import name_words

SCORING = 4
"""The version of these rules; a clip's verdict names it, and a verdict by older rules is heard again."""
MAX_MISSING_RUN = 3
MAX_WORD_ERROR_RATE = 0.25


@dataclass(frozen=True)
class Heard:
    """One utterance: what was meant, what the recogniser heard, and how they differ."""

    file: str
    start_ms: int
    end_ms: int
    meant: str
    heard: str
    words: int
    substitutions: int
    deletions: int
    insertions: int
    longest_missing: int
    """The longest run of meant words not heard at all."""
    name_words: int
    name_errors: int
    """Meant words that are names (capitalised inside a sentence), and how many of them were not heard right."""
    name_substitutions: int = 0
    """Of those, the names something else was heard in place of (spelt otherwise, not missing)."""
    said_alike: int = 0
    """Meant words not heard as spelt in runs heard alike by sound (`de l'anarchie` heard "Delanarky"): said,
    so neither missing nor misheard for the verdict (names among them are not in `name_substitutions` too)."""
    name_sound_errors: int | None = None
    """Names not heard right by sound: what was heard, read aloud, is not near the phonemes meant (`hear/sounds`);
    None when the score was made without a reader of spellings."""
    name_variant_errors: int | None = None
    """Names not written as printed even allowing a recogniser's common spellings of the same sound ("Kiev" for
    Kieff, "Kharkov" for Kharkoff, "Tchaikovsky" for Tchaykóvsky: `spelling_key`); None when not counted."""

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def word_error_rate(self) -> float:
        return self.errors / self.words if self.words else 0.0

    @property
    def failed(self) -> bool:
        misheard = (self.errors - self.name_substitutions - self.said_alike) / self.words if self.words else 0.0
        return self.longest_missing >= MAX_MISSING_RUN or misheard > MAX_WORD_ERROR_RATE


@dataclass(frozen=True)
class Tally:
    words: int = 0
    errors: int = 0
    name_words: int = 0
    name_errors: int = 0
    name_sound_errors: int = 0
    name_variant_errors: int = 0

    @property
    def word_error_rate(self) -> float:
        return self.errors / self.words if self.words else 0.0

    @property
    def names_right_by_variant(self) -> float:
        return 1 - self.name_variant_errors / self.name_words if self.name_words else 1.0

    @property
    def names_right_by_spelling(self) -> float:
        return 1 - self.name_errors / self.name_words if self.name_words else 1.0

    @property
    def names_right_by_sound(self) -> float:
        return 1 - self.name_sound_errors / self.name_words if self.name_words else 1.0

    @property
    def without_names(self) -> float:
        words = self.words - self.name_words
        return (self.errors - self.name_errors) / words if words > 0 else 0.0


def tally(heard: Sequence[Heard]) -> Tally:
    return Tally(
        words=sum(h.words for h in heard),
        errors=sum(h.errors for h in heard),
        name_words=sum(h.name_words for h in heard),
        name_errors=sum(h.name_errors for h in heard),
        name_sound_errors=sum(h.name_errors if h.name_sound_errors is None else h.name_sound_errors for h in heard),
        name_variant_errors=sum(
            h.name_errors if h.name_variant_errors is None else h.name_variant_errors for h in heard
        ),
    )


Normaliser = Callable[[str], str]
Chunk = tuple[str, int, int, int, int]
Aligner = Callable[[list[str], list[str]], list[tuple[str, int, int, int, int]]]
"""(reference words, hypothesis words) -> chunks (kind, ref start, ref end, hyp start, hyp end), kind one of
equal, substitute, delete, insert (jiwer's alignment)."""


Speller = Callable[[str], str]
"""How a reader of English says a spelling: its phonemes (the default voice's own reading)."""
Meaning = Callable[[str], "str | None"]
"""A word as printed -> the phonemes it is meant to have (its language's, a dictionary's), or None when nothing
but the voice's own guess would say: then it is judged by its spelling alone."""


def score(
    meant: str,
    heard: str,
    where: tuple[str, int, int],
    normalise: Normaliser,
    align: Aligner,
    sounds: Speller | None = None,
    pronounced: Mapping[str, str] | None = None,
    meaning: Meaning | None = None,
) -> Heard:
    """The utterance `meant`, heard as `heard`, in file `where[0]` from `where[1]` to `where[2]` ms; with
    `sounds` (how the heard spelling sounds), words not heard as spelt are judged by sound too: against the
    phonemes the text gives (a lexicon's, inline), else those `pronounced` gives for a word (by the normalised
    word; a bench judging narration made without the lexicon against it), else those `meaning` gives (a word
    it has none for is judged by its spelling alone: the voice's guess at a word proves nothing), else, without
    `meaning`, the spelling as `sounds` reads it."""
    given: dict[str, str] = {}
    by_spelling: set[str] = set()
    if meaning is not None:
        for word in plain_words(meant).split():
            phonemes = meaning(word)
            for n, part in enumerate(normalise(comparable(word)).split()):
                if phonemes is None:
                    by_spelling.add(part)
                elif part not in given:
                    given[part] = phonemes if n == 0 else ""
    given.update(pronounced or {})
    for word, phonemes in given_phonemes(meant):
        # A word the normaliser parts (`Saint-Simon`) has its phonemes on its first part, nothing on the rest.
        parts = normalise(word).split()
        given.update({part: phonemes if n == 0 else "" for n, part in enumerate(parts)})
    meant = plain_words(meant)
    reference = [_sound(word) for word in normalise(comparable(meant)).split()]
    hypothesis = [_sound(word) for word in normalise(comparable(heard)).split()]
    names = names_in(meant, normalise)
    capitalised = frozenset(w for word in meant.split() if word[:1].isupper() for w in normalise(word).split())
    substitutions = deletions = insertions = longest = name_errors = 0
    chunks = align(reference, hypothesis) if reference else []
    for kind, ref_start, ref_end, hyp_start, hyp_end in chunks:
        if kind == "substitute":
            substitutions += ref_end - ref_start
        elif kind == "delete":
            deletions += ref_end - ref_start
            longest = max(longest, ref_end - ref_start)
        elif kind == "insert":
            insertions += hyp_end - hyp_start
        if kind in ("substitute", "delete"):
            name_errors += sum(1 for word in reference[ref_start:ref_end] if word in names)
    sound_errors = None
    alike: set[int] = set()
    if sounds is not None:
        spoken = _Spoken(reference, hypothesis, given, sounds, frozenset(by_spelling - given.keys()))
        alike = _runs_heard_alike(chunks, spoken)
        sound_errors = _names_misheard_by_sound(chunks, reference, names, alike)
        # Words run together or respelt ("de l'anarchie" heard "Delanarky") were said: not a missing run.
        longest = max((c[2] - c[1] for i, c in enumerate(chunks) if c[0] == "delete" and i not in alike), default=0)
    said_alike = sum(c[2] - c[1] for i, c in enumerate(chunks) if i in alike and c[0] in ("substitute", "delete"))
    unjudged = [("equal", *c[1:]) if i in alike else c for i, c in enumerate(chunks)]
    name_substitutions = _spelt_otherwise(unjudged, reference, names | capitalised)
    if not reference:
        insertions = len(hypothesis)
    return Heard(
        file=where[0], start_ms=where[1], end_ms=where[2], meant=meant, heard=heard, words=len(reference),
        substitutions=substitutions, deletions=deletions, insertions=insertions, longest_missing=longest,
        name_words=sum(1 for word in reference if word in names), name_errors=name_errors,
        name_substitutions=name_substitutions, said_alike=said_alike, name_sound_errors=sound_errors,
        name_variant_errors=_names_not_variants(chunks, reference, hypothesis, names),
    )  # fmt: skip


@dataclass(frozen=True)
class _Spoken:
    reference: list[str]
    hypothesis: list[str]
    given: dict[str, str]
    """Phonemes the text gives for some words (a lexicon's), by the normalised word."""
    sounds: Speller
    by_spelling: frozenset[str] = frozenset()
    """Words with no phonemes meant: heard right only as spelt."""

    def meant(self, start: int, end: int) -> str | None:
        words = self.reference[start:end]
        if any(w in self.by_spelling for w in words):
            return None
        return " ".join(self.given[w] if w in self.given else self.sounds(w) for w in words)

    def heard(self, start: int, end: int) -> str:
        return self.sounds(" ".join(self.hypothesis[start:end])) if end > start else ""


def _runs_heard_alike(chunks: list[Chunk], spoken: _Spoken) -> set[int]:
    """The chunks of each run of changed chunks side by side (`Mala Testa` for Malatesta: a substitution and an
    insertion) whose meant words and heard words sound alike, read aloud: spelt otherwise, but said."""
    alike: set[int] = set()
    index = 0
    while index < len(chunks):
        if chunks[index][0] == "equal":
            index += 1
            continue
        run_end = index
        while run_end < len(chunks) and chunks[run_end][0] != "equal":
            run_end += 1
        run = chunks[index:run_end]
        ref_start, ref_end = min(c[1] for c in run), max(c[2] for c in run)
        hyp_start, hyp_end = min(c[3] for c in run), max(c[4] for c in run)
        meant = spoken.meant(ref_start, ref_end) if ref_end > ref_start else None
        if meant is not None and sounds_alike(meant, spoken.heard(hyp_start, hyp_end)):
            alike.update(range(index, run_end))
        index = run_end
    return alike


def _names_misheard_by_sound(chunks: list[Chunk], reference: list[str], names: frozenset[str], alike: set[int]) -> int:
    """The names among the words not heard as spelt whose sound was not heard either."""
    return sum(
        sum(1 for word in reference[start:end] if word in names)
        for index, (kind, start, end, _, _) in enumerate(chunks)
        if kind in ("substitute", "delete") and index not in alike
    )


def _names_not_variants(chunks: list[Chunk], reference: list[str], hypothesis: list[str], names: frozenset[str]) -> int:
    """The names not heard as spelt whose heard spelling is not a common spelling of it either: a name
    substituted word for word by one with the same `spelling_key` was written as printed, give or take."""
    count = 0
    for kind, ref_start, ref_end, hyp_start, hyp_end in chunks:
        if kind not in ("substitute", "delete"):
            continue
        for offset, word in enumerate(reference[ref_start:ref_end]):
            if word not in names:
                continue
            heard = hypothesis[hyp_start + offset] if kind == "substitute" and hyp_start + offset < hyp_end else ""
            count += spelling_key(heard) != spelling_key(word)
    return count


_VARIANTS = (
    ("tch", "ch"), ("ph", "f"), ("ck", "k"), ("ieff", "iev"), ("ieff", "ev"), ("eff", "ev"), ("off", "ov"),
    ("ff", "v"), ("sky", "ski"), ("y", "i"), ("j", "i"), ("w", "v"), ("ou", "u"), ("tz", "ts"), ("cz", "ch"),
    ("c", "k"), ("q", "k"), ("x", "ks"), ("h", ""),
)  # fmt: skip
"""Spellings of one sound that transliterations and recognisers trade (Kieff/Kiev, Tchaykovsky/Chaikovsky,
Tolstoy/Tolstoi, Bakunin/Bakounine): each left spelling written as the right one, in this order."""


def spelling_key(word: str) -> str:
    """A name's spelling with what a transliteration may vary taken out: accents, doubled letters, the
    `_VARIANTS`, a final silent e. Two spellings with one key are one name written two common ways."""
    key = _letters(word)
    for spelt, common in _VARIANTS:
        key = key.replace(spelt, common)
    key = re.sub(r"(.)\1+", r"\1", key)
    return key[:-1] if len(key) > 3 and key.endswith("e") else key


def _spelt_otherwise(chunks: list[Chunk], reference: list[str], names: frozenset[str]) -> int:
    """How many names (capitalised words, a sentence's first too) were heard as something else: substituted, or
    run together with a neighbour the recogniser spelt as one word (`P. Kropotkin` heard `Peacropoccan`: a
    substitution and a deletion side by side)."""

    def all_names(start: int, end: int) -> bool:
        return all(word in names for word in reference[start:end])

    count = 0
    for index, (kind, start, end, _, _) in enumerate(chunks):
        if not all_names(start, end):
            continue
        beside = [chunks[i] for i in (index - 1, index + 1) if 0 <= i < len(chunks)]
        merged = any(other[0] == "substitute" and all_names(other[1], other[2]) for other in beside)
        if kind == "substitute" or (kind == "delete" and merged):
            count += end - start
    return count


_PHONEMES = re.compile(r"\[([^\[\]]+)\]\(/([^/)]*)/\)")
"""A word given with its phonemes, as a lexicon entry reaches an engine that takes them: `[Kropotkin](/kɹəpˈɑtkɪn/)`."""


_HOMOPHONES = (
    ("2", "two", "to", "too"), ("4", "four", "for", "fore"), ("1", "one", "won"), ("8", "eight", "ate"),
    ("there", "their"),
    ("here", "hear"), ("know", "no"), ("knew", "new"), ("by", "buy", "bye"), ("whole", "hole"),
    ("would", "wood"), ("whether", "weather"), ("peace", "piece"), ("right", "write", "rite"),
)  # fmt: skip
"""Words that sound alike: a recogniser must guess which was said ("Two." is heard "to"), and a listener
hears no difference, so they are not errors. The normaliser writes numbers as digits, hence "2"."""
_SOUND = {word: group[0] for group in _HOMOPHONES for word in group}


def _sound(word: str) -> str:
    return _SOUND.get(word, word)


_BRACKETS = re.compile(r"[()\[\]{}]")


_CURLY = str.maketrans({"’": "'", "‘": "'"})
_POSSESSIVE = re.compile(r"'s\b", re.IGNORECASE)
_ETC = re.compile(r"\betc\b\.?", re.IGNORECASE)


def comparable(text: str) -> str:
    """Text as both sides are normalised: brackets as spaces, curly apostrophes straight and `'s` joined to its
    word (the normaliser made "Men’s" "men s" and "Men's" "men is"), `etc.` as said."""
    return _ETC.sub("et cetera", _POSSESSIVE.sub("s", _unbracketed(text).translate(_CURLY)))


def _unbracketed(text: str) -> str:
    """The text with its brackets as spaces: a narrator says the words inside them, and the normaliser would
    drop them (it removes what Whisper's transcripts put in brackets, such as [music])."""
    return _BRACKETS.sub(" ", text)


def given_phonemes(text: str) -> list[tuple[str, str]]:
    """Each word the text gives with its phonemes, and the phonemes."""
    return [(match.group(1), match.group(2)) for match in _PHONEMES.finditer(text)]


def plain_words(text: str) -> str:
    """The words meant, less the phonemes given for some of them (`[Kropotkin](/kɹəpˈɑtkɪn/)`)."""
    return without_phonemes(text)


def names_in(text: str, normalise: Normaliser) -> frozenset[str]:
    """The words of `text` that are names: capitalised, and not the first word of a sentence."""
    return frozenset(part for word in name_words(text) for part in normalise(word).split())


def sampled(count: int, fraction: float, key: str) -> list[int]:
    """A reproducible choice of about `fraction` of `count` utterances (at least one), the same on every run
    for the same file: ranked by a hash of the file's name and the utterance's place."""
    if fraction >= 1 or count == 0:
        return list(range(count))
    wanted = max(1, math.ceil(count * fraction))
    ranked = sorted(range(count), key=lambda i: hashlib.sha256(f"{key}:{i}".encode()).hexdigest())
    return sorted(ranked[:wanted])


def name_likeness(word: str, heard: str, carrier: str, normalise: Normaliser) -> float:
    """How like `word` the recogniser's spelling of it is (1.0: the same letters), once the carrier sentence's
    words it was said in (`The next name is`) are set aside: a lexicon entry is judged by whether it brings
    what is heard nearer the name."""
    said = name_heard(heard, carrier, normalise)
    target = _letters(word)
    return difflib.SequenceMatcher(None, target, _letters(" ".join(said))).ratio() if target else 0.0


def name_heard(heard: str, carrier: str, normalise: Normaliser) -> list[str]:
    """The words heard after the carrier sentence's own (`The next name is`): what the name was heard as."""
    said = normalise(_unbracketed(heard)).split()
    for expected in normalise(carrier).split():
        if said and said[0] == expected:
            said = said[1:]
    return said


def _letters(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in plain if c.isalpha() and not unicodedata.combining(c))
