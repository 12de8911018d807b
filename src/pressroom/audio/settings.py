"""How a work is narrated, as one value passed whole: everything but who speaks (the `Narrator`: a voice and its
cache) and where synthesis runs (the executor)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from pressroom.audio.master import DEFAULT_PRESET, PRESETS, Preset
from pressroom.audio.reading import DEFAULT_READING_ALOUD, ReadingAloud
from pressroom.tts.voices import WorkLexicon


@dataclass(frozen=True)
class NarrationSettings:
    lexicon: Mapping[str, str] = field(default_factory=dict)
    """How names are said: a word, its respelling or phonemes for the voice (`tts.voices.work_lexicon`)."""
    preset: Preset = PRESETS[DEFAULT_PRESET]
    """What the files are mastered to (ACX's numbers by default)."""
    reading: ReadingAloud = DEFAULT_READING_ALOUD
    """How notes and tables are read."""
    narrator_name: str | None = None
    """Who the tags and the read-along book say reads; by default the voice, said to be synthetic."""
    verify: bool = False
    """Verify every clip as it is made (its sound proved where the voice allows, the rest heard), and make again
    those heard wrong (`--verify`)."""
    hear_all: bool = False
    """With `verify`, hear every clip whole, proving none (`--hear-all`)."""
    check: bool = True
    """Measure the files when made and write the verdict to `check.json` beside them."""
    lexicon_files: tuple[str, ...] = ()
    """The lexicon files `lexicon` was read from, as `narration.json` records them."""
    lexicon_chosen: tuple[str, ...] = ()
    """Of those, the curator's own (`--lexicon`, or the desk's), which a later run into the folder reads again."""


DEFAULT_NARRATION = NarrationSettings()


def with_lexicon(settings: NarrationSettings, lexicon: WorkLexicon) -> NarrationSettings:
    """The settings narrating with `lexicon` (its entries, and its files as `narration.json` records them)."""
    files = tuple(str(path.resolve()) for path in lexicon.files)
    chosen = tuple(str(path.resolve()) for path in lexicon.chosen)
    return replace(settings, lexicon=dict(lexicon.entries), lexicon_files=files, lexicon_chosen=chosen)
