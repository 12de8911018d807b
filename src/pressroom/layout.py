"""The output folder's layout, said once: where `publish epub|audio|book` put a work's files, and which folders of
an output tree hold a work. Every command that writes or reads an output folder asks here.

    OUTDIR/<slug>/<slug>.epub             the book
    OUTDIR/<slug>/<slug>.narrated.epub    the book with its narration (read-along)
    OUTDIR/<slug>/NN - Title.mp3          the narration, a file per chapter
    OUTDIR/<slug>/<slug>.m4b, .m3u        the audiobook, the playlist
    OUTDIR/<slug>/narration.json          what is said when (audio.manifest)
    OUTDIR/<slug>/book.json               how the read-along book was made (book.narrated)
    OUTDIR/<slug>/check.json, check.html  what the checks found, and what the listener heard
    OUTDIR/check.json                     what `publish check OUTDIR` found, for all the works
    OUTDIR/proof.json                     the desk's kept changes, not yet applied, and flags called right

The records (`narration.json`, `book.json`, `check.json`, `proof.json`) are read and written here alone, as
the typed values of `pressroom.records`, and what survives a rewrite is `records.merge`'s rules.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pressroom.errors import InputError
from pressroom.records import book, check, narration, proof, store
from pressroom.records.book import BookRecord
from pressroom.records.check import CheckRecord, ListenRecord
from pressroom.records.merge import listening_now, narration_rewritten
from pressroom.records.narration import FileRecord, NarrationRecord
from pressroom.records.proof import DeskRecord, Dismissed, Kept
from pressroom.text.names import slugify

NARRATION_NAME = "narration.json"
BOOK_RECORD_NAME = "book.json"
REPORT_NAME = "check.json"
KEPT_NAME = "proof.json"
LISTENING_PAGE_NAME = "check.html"
NARRATED_SUFFIX = ".narrated.epub"
_DC_TITLE = re.compile(r"<dc:title[^>]*>([^<]*)</dc:title>")
_DC_CREATOR = re.compile(r"<dc:creator[^>]*>([^<]*)</dc:creator>")


def _plain(text: str) -> str:
    """Letters and digits only, case folded: the book's typography (’ for ') does not make another work."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


SITE_FOLDERS = frozenset({"opds", "audiobookshelf"})
"""The folders `publish site` writes beside the works: no work's folder takes their names."""


@dataclass(frozen=True)
class WorkFolder:
    """One work's folder of an output tree."""

    path: Path

    @classmethod
    def of(cls, outdir: Path, slug: str) -> WorkFolder:
        """The folder for `slug` under `outdir`; the slug is made safe again so no name from the input leaves it,
        and a work called as the site's own folders are (`OPDS`) is given another (`opds_work`)."""
        safe = slugify(slug)
        return cls(outdir / (f"{safe}_work" if safe in SITE_FOLDERS else safe))

    @property
    def slug(self) -> str:
        return self.path.name

    @property
    def epub(self) -> Path:
        return self.path / f"{self.slug}.epub"

    @property
    def narrated_epub(self) -> Path:
        return self.path / f"{self.slug}{NARRATED_SUFFIX}"

    @property
    def m4b(self) -> Path:
        return self.path / f"{self.slug}.m4b"

    @property
    def playlist(self) -> Path:
        return self.path / f"{self.slug}.m3u"

    @property
    def narration(self) -> Path:
        return self.path / NARRATION_NAME

    @property
    def book_record(self) -> Path:
        return self.path / BOOK_RECORD_NAME

    @property
    def report(self) -> Path:
        return self.path / REPORT_NAME

    @property
    def listening_page(self) -> Path:
        return self.path / LISTENING_PAGE_NAME

    def book(self) -> Path | None:
        """The plain EPUB here: the one named for the folder, else the first other (a folder renamed by hand)."""
        if self.epub.is_file():
            return self.epub
        books = sorted(p for p in self.path.glob("*.epub") if not p.name.endswith(NARRATED_SUFFIX))
        return books[0] if books else None

    def holder(self) -> str | None:
        """Whose folder this is: `Title by Author` of the work published here, as its narration.json or its book
        says; None when nothing here says."""
        try:
            if self.narration.is_file():
                made = self.load_narration()
                if made is not None and made.work:
                    return f"{made.work} by {made.author}"
            book = self.book()
            if book is None:
                return None
            with zipfile.ZipFile(book) as archive:
                package = next(name for name in archive.namelist() if name.endswith(".opf"))
                opf = archive.read(package).decode("utf-8")
        except (OSError, ValueError, KeyError, TypeError, StopIteration, zipfile.BadZipFile, InputError):
            return None
        title, creator = _DC_TITLE.search(opf), _DC_CREATOR.search(opf)
        if title is None:
            return None
        return f"{html.unescape(title.group(1))} by {html.unescape(creator.group(1)) if creator else 'Unknown Author'}"

    def claim(self, title: str, author: str) -> None:
        """Refuse to write a work into a folder that holds another (`essay.md`, then `essay.html` of another
        title, named alike): one would replace the other without a word."""
        held = self.holder()
        wanted = f"{title} by {author}"
        if held is not None and _plain(held) != _plain(wanted):
            raise InputError(
                f"{self.path} holds another work, {held}; this one is {wanted}",
                hint="write it elsewhere with -o, or remove that folder first",
            )

    def holds_output(self) -> bool:
        """Whether `publish` made something here: a narration, or a book."""
        return self.narration.is_file() or any(self.path.glob("*.epub"))

    def load_narration(self) -> NarrationRecord | None:
        """`narration.json`, or None where there is none; damaged or not Pressroom's: one line naming it."""
        return store.load(self.narration, narration.WHAT, narration.from_document, narration.HINT)

    def narration_bytes(self, record: NarrationRecord) -> bytes:
        """What `save_narration` would write now: `record` with what survives of the one here (`records.merge`),
        for a writer that puts all of a run's files in place at once."""
        return store.encode(narration.to_document(narration_rewritten(self._old_narration(), record)))

    def save_narration(self, record: NarrationRecord) -> None:
        store.save_bytes(self.narration, self.narration_bytes(record))

    def _old_narration(self) -> NarrationRecord | None:
        try:
            return self.load_narration()
        except InputError:
            return None  # a damaged plan has nothing to carry over: it is replaced

    def install(self, name: str, data: bytes) -> None:
        """A file made elsewhere (a worker's folder) put here whole; a record keeps what survives of the one here."""
        target = self.path / name
        if name == NARRATION_NAME:
            self.save_narration(store.decode(data, target, narration.WHAT, narration.from_document, narration.HINT))
        elif name == REPORT_NAME:
            self.save_report(store.decode(data, target, check.WHAT, check.from_document, check.HINT))
        else:
            store.save_bytes(target, data)

    def install_file(self, name: str, source: Path) -> None:
        """A file a worker of this machine left on disk, put here whole: a record read and written as its owner
        writes it, anything else moved in (under a temporary name, then renamed), never held in memory."""
        if name in (NARRATION_NAME, REPORT_NAME):
            self.install(name, source.read_bytes())
            source.unlink()
        else:
            store.move_in(source, self.path / name)

    def load_book_record(self) -> BookRecord | None:
        return store.load(self.book_record, book.WHAT, book.from_document, book.HINT)

    def save_book_record(self, record: BookRecord) -> None:
        store.save(self.book_record, book.to_document(record))

    def load_report(self) -> CheckRecord | None:
        return load_report(self.path)

    def save_report(self, record: CheckRecord) -> None:
        save_report(self.path, record)

    def listening(self) -> ListenRecord | None:
        """What the listener heard wrong of this work that still holds (its clips unchanged), from the work's own
        report, else from its output folder's (where `publish check OUTDIR --listen` writes); None if unheard."""
        own = self.load_report()
        if own is not None and own.listen is not None:
            return own.listen
        shared = load_report(self.path.parent)
        if shared is None or shared.listen is None:
            return None
        prefix = f"{self.slug}/"
        files = tuple(
            replace(file, path=file.path.removeprefix(prefix))
            for file in shared.listen.files
            if file.path.startswith(prefix)
        )
        return replace(shared.listen, files=files) if files else None


def load_report(folder: Path) -> CheckRecord | None:
    """The `check.json` of a work's folder or an output folder, its listening as it holds now (the verdicts of
    clips made again since are gone: `records.merge`)."""
    record = store.load(folder / REPORT_NAME, check.WHAT, check.from_document, check.HINT)
    if record is None or record.listen is None:
        return record
    return replace(record, listen=listening_now(record.listen, _narration_files(folder)))


def save_report(folder: Path, record: CheckRecord) -> None:
    """`record` as the folder's `check.json`; a record with no listening keeps the one there (what still holds)."""
    if record.listen is None:
        try:
            before = load_report(folder)
        except InputError:
            before = None
        if before is not None and before.listen is not None:
            record = replace(record, listen=before.listen)
    store.save(folder / REPORT_NAME, check.to_document(record))


def _narration_files(folder: Path) -> Callable[[str], tuple[bool, FileRecord | None]]:
    plans: dict[Path, NarrationRecord | None] = {}

    def file_of(path: str) -> tuple[bool, FileRecord | None]:
        where = folder / path
        if where.parent not in plans:
            try:
                plans[where.parent] = WorkFolder(where.parent).load_narration()
            except InputError:
                plans[where.parent] = None
        plan = plans[where.parent]
        if plan is None:
            return False, None
        return True, next((f for f in plan.files if f.name == where.name), None)

    return file_of


def load_desk(outdir: Path) -> DeskRecord:
    return store.load(outdir / KEPT_NAME, proof.WHAT, proof.from_document, proof.HINT) or DeskRecord()


def save_desk(outdir: Path, record: DeskRecord) -> None:
    store.save(outdir / KEPT_NAME, proof.to_document(record))


def load_kept(outdir: Path) -> tuple[Kept, ...]:
    return load_desk(outdir).kept


def save_kept(outdir: Path, kept: tuple[Kept, ...]) -> None:
    """The kept changes written, the flags called right as they were."""
    save_desk(outdir, replace(load_desk(outdir), kept=kept))


def save_dismissed(outdir: Path, dismissed: tuple[Dismissed, ...]) -> None:
    """The flags called right written, the kept changes as they were."""
    save_desk(outdir, replace(load_desk(outdir), dismissed=dismissed))


def save_declined(outdir: Path, declined: tuple[str, ...]) -> None:
    """The words whose learnt reading was turned down written, the rest as it was."""
    save_desk(outdir, replace(load_desk(outdir), declined=declined))


def work_folders(path: Path) -> tuple[WorkFolder, ...]:
    """`path` itself when it is a work's folder, else the work folders in it, in name order (none: empty)."""
    if WorkFolder(path).holds_output():
        return (WorkFolder(path),)
    return library_folders(path)


def library_folders(outdir: Path) -> tuple[WorkFolder, ...]:
    """The work folders directly inside `outdir`, in name order."""
    children = sorted(child for child in outdir.iterdir() if child.is_dir() and child.name not in SITE_FOLDERS)
    return tuple(folder for folder in map(WorkFolder, children) if folder.holds_output())
