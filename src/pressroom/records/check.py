"""`check.json`: what the checks found (written by the checks, as they report it) and what the listener heard
(`publish check --listen`), as a typed value, and its JSON both ways. Beside a work's files, or at the top of
an output folder for all its works (its paths then start with the work's folder)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pressroom.records.store import key, listed, mapping, optional, schema, typed

FORMAT = 1
WHAT = "check report"
HINT = "run publish check on the folder again to write it anew"


@dataclass(frozen=True)
class FailedParagraph:
    """A paragraph the listener heard wrong, where its file plays it."""

    start_ms: int
    end_ms: int
    meant: str
    heard: str
    word_error_rate: float
    longest_missing: int
    clip: str | None = None
    """The clip it was heard in (its key in narration.json): once that clip is made again, the verdict is gone."""


@dataclass(frozen=True)
class ListenedFile:
    path: str
    """The audio file, from the report's folder."""
    words: int = 0
    word_error_rate: float = 0.0
    word_error_rate_without_names: float = 0.0
    failed: tuple[FailedParagraph, ...] = ()


@dataclass(frozen=True)
class ListenRecord:
    """What `publish check --listen` heard: the whole's tallies when it listened, and each file's failures."""

    sample: float
    words: int
    word_error_rate: float
    word_error_rate_without_names: float
    names: int
    names_right_by_sound: float
    names_right_by_spelling: float
    files: tuple[ListenedFile, ...]

    @property
    def failed(self) -> int:
        return sum(len(file.failed) for file in self.files)

    def without(self, prefix: str) -> ListenRecord:
        """Less the files whose path starts with `prefix` (a work heard again into its own report)."""
        return replace(self, files=tuple(file for file in self.files if not file.path.startswith(prefix)))


@dataclass(frozen=True)
class CheckRecord:
    findings: dict[str, Any]
    """The checks' verdicts as they report them (`ok`, `files`, `paragraphs`, `markers`): written anew by every
    check, read by people and other tools, not by Pressroom."""
    listen: ListenRecord | None = None


def to_document(record: CheckRecord) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, **{k: v for k, v in record.findings.items() if k != "format"}}
    if record.listen is not None:
        document["listen"] = _listen_document(record.listen)
    return document


def _listen_document(listen: ListenRecord) -> dict[str, Any]:
    return {
        "sample": listen.sample,
        "words": listen.words,
        "word_error_rate": listen.word_error_rate,
        "word_error_rate_without_names": listen.word_error_rate_without_names,
        "names": listen.names,
        "names_right_by_sound": listen.names_right_by_sound,
        "names_right_by_spelling": listen.names_right_by_spelling,
        "failed": listen.failed,
        "files": [
            {
                "path": file.path,
                "words": file.words,
                "word_error_rate": file.word_error_rate,
                "word_error_rate_without_names": file.word_error_rate_without_names,
                "failed": [_failed_document(failed) for failed in file.failed],
            }
            for file in listen.files
        ],
    }


def _failed_document(failed: FailedParagraph) -> dict[str, Any]:
    return {
        "start_ms": failed.start_ms,
        "end_ms": failed.end_ms,
        "meant": failed.meant,
        "heard": failed.heard,
        "word_error_rate": failed.word_error_rate,
        "longest_missing": failed.longest_missing,
        "clip": failed.clip,
    }


def from_document(document: dict[str, Any]) -> CheckRecord:
    # Format 0: a report written before check.json had a format; the same fields.
    schema(document, FORMAT)
    listen = document.get("listen")
    findings = {k: v for k, v in document.items() if k not in ("format", "listen")}
    return CheckRecord(findings, _listen(listen) if listen else None)


def _listen(data: object) -> ListenRecord:
    listen = mapping(data, "listen")
    return ListenRecord(
        sample=typed(listen.get("sample", 1.0), float, "sample"),
        words=typed(listen.get("words", 0), int, "words"),
        word_error_rate=typed(listen.get("word_error_rate", 0.0), float, "word_error_rate"),
        word_error_rate_without_names=typed(listen.get("word_error_rate_without_names", 0.0), float, "wer"),
        names=typed(listen.get("names", 0), int, "names"),
        names_right_by_sound=typed(listen.get("names_right_by_sound", 0.0), float, "names_right_by_sound"),
        names_right_by_spelling=typed(listen.get("names_right_by_spelling", 0.0), float, "names_right_by_spelling"),
        files=tuple(_listened_file(entry) for entry in listed(listen.get("files", []), "listen files")),
    )


def _listened_file(data: object) -> ListenedFile:
    entry = mapping(data, "a listened file")
    return ListenedFile(
        path=typed(key(entry, "path"), str, "path"),
        words=typed(entry.get("words", 0), int, "words"),
        word_error_rate=typed(entry.get("word_error_rate", 0.0), float, "word_error_rate"),
        word_error_rate_without_names=typed(entry.get("word_error_rate_without_names", 0.0), float, "wer"),
        failed=tuple(_failed(failed) for failed in listed(entry.get("failed", []), "failed")),
    )


def _failed(data: object) -> FailedParagraph:
    entry = mapping(data, "a failed paragraph")
    return FailedParagraph(
        start_ms=typed(key(entry, "start_ms"), int, "start_ms"),
        end_ms=typed(key(entry, "end_ms"), int, "end_ms"),
        meant=typed(key(entry, "meant"), str, "meant"),
        heard=typed(key(entry, "heard"), str, "heard"),
        word_error_rate=typed(key(entry, "word_error_rate"), float, "word_error_rate"),
        longest_missing=typed(entry.get("longest_missing", 0), int, "longest_missing"),
        clip=optional(entry.get("clip"), str, "clip"),
    )
