"""Voice profiles (small TOML files) and the pronunciation lexicon: the built-in ones and the user's `voices/`."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pressroom.errors import InputError, UsageError
from pressroom.tts.engine import Voice
from pressroom.tts.foreign import read_by_rule
from pressroom.tts.registry import engine_names, loose_voices, resolve_model, takes_phonemes

DEFAULT_VOICE = "heart"
LEXICON_FILE = "lexicon.toml"


def builtin_voices_dir() -> Path:
    return Path(str(resources.files("pressroom") / "data" / "voices"))


def voice_dirs(user_dir: Path | None) -> list[tuple[Path, str]]:
    """Where profiles are read from, later ones overriding earlier: built in, then the user's folder."""
    dirs = [(builtin_voices_dir(), "built in")]
    if user_dir is not None and user_dir.is_dir():
        dirs.append((user_dir, str(user_dir)))
    return dirs


@dataclass(frozen=True)
class VoiceShelf:
    """The voices that could be read, and the profiles that could not (by file stem), which are skipped."""

    voices: Mapping[str, Voice]
    broken: Mapping[str, InputError]


def read_voices(user_dir: Path | None) -> VoiceShelf:
    """Every voice profile and Piper voice there is. One broken profile must not stop a run that uses another."""
    voices: dict[str, Voice] = {}
    broken: dict[str, InputError] = {}
    for folder, origin in voice_dirs(user_dir):
        for path in sorted(folder.glob("*.toml")):
            if path.name == LEXICON_FILE:
                continue
            try:
                voice = parse_profile(path, origin)
            except InputError as error:
                broken[path.stem] = error
                continue
            voices[voice.name] = voice
            broken.pop(voice.name, None)
        for voice in loose_voices(folder):
            voices.setdefault(voice.name, voice)
    return VoiceShelf(voices, broken)


def load_voices(user_dir: Path | None) -> dict[str, Voice]:
    """The voices that can be used (a broken profile is left out: `read_voices` says which and why)."""
    return dict(read_voices(user_dir).voices)


def find_voice(name: str | None, user_dir: Path | None) -> Voice:
    shelf = read_voices(user_dir)
    chosen = name or DEFAULT_VOICE
    if chosen in shelf.voices:
        return shelf.voices[chosen]
    if chosen in shelf.broken:
        raise shelf.broken[chosen]
    names = list(shelf.voices)
    close = difflib.get_close_matches(chosen, names, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"the voices are: {', '.join(sorted(names))}"
    raise UsageError(f"no voice named {chosen!r}", hint=f"{hint}; `publish voices` lists them")


def parse_profile(path: Path, origin: str) -> Voice:
    data = _read_toml(path)
    try:
        name = str(data.get("name") or path.stem)
        engine = str(data["engine"])
        options = data.get("options", {})
        if engine not in engine_names():
            raise ValueError(f"engine {engine!r} is not one of {', '.join(engine_names())}")
        model = data.get("model")
        if model:
            model = resolve_model(engine, str(model), path.parent)
        speed = float(data.get("speed", 1.0))
        if not 0.5 <= speed <= 2.0:
            raise ValueError(f"speed {speed} is outside 0.5 to 2.0")
        return Voice(
            name=name,
            engine=engine,
            description=str(data.get("description", "")),
            model=str(model) if model else None,
            language=str(data.get("language", "en")),
            speed=speed,
            options={str(k): str(v) for k, v in dict(options).items()},
            source=origin if origin == "built in" else str(path),
        )
    except KeyError as missing:
        raise InputError(f"voice profile has no {missing.args[0]!r}", path=str(path), hint=_profile_hint()) from None
    except (ValueError, TypeError) as error:
        raise InputError(f"voice profile: {error}", path=str(path), hint=_profile_hint()) from None


def _profile_hint() -> str:
    return f"a profile has name, engine ({', '.join(engine_names())}), and optionally model, language, speed"


def load_lexicon(user_dir: Path | None, engine: str | None = None) -> dict[str, str]:
    """Word -> what the engine is given for it, the built-in entries first and the user's `voices/lexicon.toml`
    over them. An entry is a respelling (`Malatesta = "Mala-testa"`, for any engine) or a table with
    `phonemes` (and, for engines that take no phonemes, a `respelling`): `Kropotkin = { phonemes =
    "kɹəpˈɑtkɪn" }`. With `engine` one that takes phonemes, they are given inline."""
    lexicon: dict[str, str] = {}
    for folder, _ in voice_dirs(user_dir):
        path = folder / LEXICON_FILE
        if path.is_file():
            lexicon.update(load_lexicon_file(path, engine))
    return lexicon


@dataclass(frozen=True)
class WorkLexicon:
    """What a work's names are said by, decided here once for every command that narrates or hears: the built-in
    entries, the voices folder's `lexicon.toml`, the work's own (`lexicon.toml` beside its files), then the
    curator's chosen files (`--lexicon`, or those its narration was made with), each over the ones before."""

    entries: Mapping[str, str]
    files: tuple[Path, ...]
    """Every file read, in order, but the built-in one."""
    chosen: tuple[Path, ...]
    """The curator's own (those a later run reads again, as `narration.json` records them)."""


def work_lexicon(
    user_dir: Path | None, units: Sequence[str], chosen: Sequence[Path], engine: str | None
) -> WorkLexicon:
    files = [folder / LEXICON_FILE for folder, _ in voice_dirs(user_dir) if (folder / LEXICON_FILE).is_file()]
    own = work_lexicon_path(units)
    if own is not None:
        files.append(own)
    files.extend(path for path in chosen if path.is_file())
    entries: dict[str, str] = {}
    for path in dict.fromkeys(files):
        entries.update(load_lexicon_file(path, engine))
    builtin = builtin_voices_dir() / LEXICON_FILE
    named = tuple(path for path in dict.fromkeys(files) if path != builtin)
    return WorkLexicon(entries, named, tuple(chosen))


def work_lexicon_path(units: Sequence[str]) -> Path | None:
    """A work's own lexicon: `lexicon.toml` in the folder that holds the work's files (a work folder of units,
    or the folder of a single-file work, where it serves every work of that folder); None when there is none."""
    if not units:
        return None
    path = Path(units[0]).parent / LEXICON_FILE
    return path if path.is_file() else None


def load_lexicon_file(path: Path, engine: str | None = None) -> dict[str, str]:
    """One lexicon file's entries (as `load_lexicon` reads each)."""
    words = _read_toml(path).get("words", {})
    if not isinstance(words, Mapping):
        raise InputError('[words] must be a table of word = "respelling"', path=str(path))
    lexicon: dict[str, str] = {}
    for word, entry in words.items():
        spoken = _spoken_entry(str(word), entry, engine, path)
        if spoken is not None:
            lexicon[str(word)] = spoken
    return lexicon


def _spoken_entry(word: str, entry: object, engine: str | None, path: Path) -> str | None:
    if isinstance(entry, str):
        return entry
    if not isinstance(entry, Mapping) or not set(entry) <= {"phonemes", "respelling", "language"}:
        raise InputError(
            f'{word}: give a respelling ("..."), or {{ phonemes = "...", respelling = "..." }}, or the language to '
            f'read it by ({{ language = "fr" }})',
            path=str(path),
        )
    phonemes, respelling = entry.get("phonemes"), entry.get("respelling")
    if engine is not None and takes_phonemes(engine):
        if not phonemes and entry.get("language"):
            phonemes = _by_rule(word, str(entry["language"]), path)
        if phonemes:
            return f"[{word}](/{phonemes}/)"
    return str(respelling) if respelling else None


def _by_rule(word: str, language: str, path: Path) -> str:
    """The word read by its language's spelling-to-sound rules (espeak-ng's), in the voice's English sounds."""
    try:
        reading = read_by_rule(word, language)
    except RuntimeError:
        raise InputError(
            f"{word}: no spelling-to-sound rules for the language {language!r}",
            path=str(path),
            hint="give a language code espeak-ng knows (fr, de, it, ru, la, es, pl...) or the phonemes",
        ) from None
    return reading.english if reading is not None else ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path=str(path)) from None
