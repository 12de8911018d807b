"""What of a work's records survives a rewrite, said once. Pure.

- **Narration made again** (`publish audio|book`, the desk's apply, a spread run): an utterance whose clip is
  the one it was (the same clip cache key, so the same sound) keeps the words the listener heard in it, moved
  to where the utterance now starts; an utterance made again has none. In a plan written before clips were
  recorded, an utterance keeps them only where it is the same text at the same place of the same file.
- **The listener's verdicts** (`check.json`'s `listen`) are kept by the same rule, whoever writes the report
  next: a paragraph heard wrong keeps its verdict, moved to where it now plays, while its clip is the one heard;
  once made again, the verdict is gone (the desk hears it again where it changed a word: `proof.apply`).
- **The names `--verify` heard** (`narration.json`'s `lexicon.names`, what was learnt for each guessed word)
  are kept by a narration made again without `--verify`, which hears none; one that hears replaces them.
- **The checks' findings** are each check's own: a new check replaces them whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pressroom.records.check import FailedParagraph, ListenedFile, ListenRecord
from pressroom.records.narration import FileRecord, NarrationRecord, SpokenRecord


def narration_rewritten(old: NarrationRecord | None, new: NarrationRecord) -> NarrationRecord:
    """`new` with the heard words of each utterance that sounds as it did in `old`, and the names `--verify`
    heard in `old` when `new` was not verified."""
    if old is None:
        return new
    if not new.lexicon.names and old.lexicon.names:
        new = replace(new, lexicon=replace(new.lexicon, names=old.lexicon.names))
    by_clip: dict[str, list[SpokenRecord]] = {}
    by_place: dict[tuple[str, int, int, str], SpokenRecord] = {}
    for file in old.files:
        for spoken in file.utterances:
            if not spoken.heard_words:
                continue
            if spoken.clip is not None:
                by_clip.setdefault(spoken.clip, []).append(spoken)
            else:
                by_place[(file.name, spoken.start_ms, spoken.length_ms, spoken.text)] = spoken
    if not by_clip and not by_place:
        return new

    def carried(file: FileRecord, spoken: SpokenRecord) -> SpokenRecord:
        before: SpokenRecord | None = None
        if spoken.clip is not None and by_clip.get(spoken.clip):
            before = by_clip[spoken.clip].pop(0)
        elif (file.name, spoken.start_ms, spoken.length_ms, spoken.text) in by_place:
            before = by_place.pop((file.name, spoken.start_ms, spoken.length_ms, spoken.text))
        if before is None or before.text != spoken.text or spoken.heard_words:
            return spoken  # made again, or heard just now
        shift = spoken.start_ms - before.start_ms
        return replace(spoken, heard_words=tuple((i, s + shift, e + shift) for i, s, e in before.heard_words))

    files = tuple(
        replace(file, utterances=tuple(carried(file, spoken) for spoken in file.utterances)) for file in new.files
    )
    return replace(new, files=files)


Narrations = Callable[[str], tuple[bool, FileRecord | None]]
"""For a listened file's path (from the report's folder): whether its folder has a narration now, and the file's
record in it, if any."""


def listening_now(listen: ListenRecord, narration_of: Narrations) -> ListenRecord:
    """The verdicts whose clip is still the one heard, each where its paragraph now plays."""
    files = []
    for listened in listen.files:
        planned, file = narration_of(listened.path)
        if not planned:
            files.append(listened)  # nothing to judge it by (a folder with no narration.json): kept as it is
            continue
        if file is None:
            continue  # a file the narration no longer has
        kept = tuple(found for failed in listened.failed if (found := _still_heard(failed, file)) is not None)
        files.append(replace(listened, failed=kept))
    return replace(listen, files=tuple(files))


def _still_heard(failed: FailedParagraph, file: FileRecord) -> FailedParagraph | None:
    if failed.clip is not None:
        same = [spoken for spoken in file.utterances if spoken.clip == failed.clip]
        if not same:
            return None
        # The same clip twice in a file (a repeated heading): the one nearest where it was heard.
        spoken = min(same, key=lambda s: abs(s.start_ms - failed.start_ms))
    else:
        found = next((s for s in file.utterances if s.start_ms == failed.start_ms), None)
        if found is None or found.start_ms + found.length_ms != failed.end_ms:
            return None
        spoken = found
    return replace(failed, start_ms=spoken.start_ms, end_ms=spoken.start_ms + spoken.length_ms)


def heard_clips(narration: NarrationRecord) -> frozenset[str]:
    """The clips of a narration the listener has heard (their words are timed)."""
    return frozenset(s.clip for s in narration.utterances if s.heard_words and s.clip is not None)


def listened_file(listen: ListenRecord, path: str) -> ListenedFile | None:
    return next((file for file in listen.files if file.path == path), None)
