"""The output folder's layout, said once: where `publish epub|audio|book` put a work's files, and which folders of
an output tree hold a work. Every command that writes or reads an output folder asks here.

    OUTDIR/<slug>/<slug>.epub             the book
    OUTDIR/<slug>/<slug>.narrated.epub    the book with its narration (read-along)
    OUTDIR/<slug>/NN - Title.mp3          the narration, a file per chapter
    OUTDIR/<slug>/<slug>.m4b, .m3u        the audiobook, the playlist
    OUTDIR/<slug>/narration.json          what is said when (audio.manifest)
    OUTDIR/<slug>/book.json               how the read-along book was made (book.narrated)
    OUTDIR/<slug>/check.json, check.html  what the checks found, and what the listener heard
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pressroom.errors import InputError
from pressroom.text.names import slugify

NARRATION_NAME = "narration.json"
BOOK_RECORD_NAME = "book.json"
REPORT_NAME = "check.json"
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
                made = json.loads(self.narration.read_text(encoding="utf-8"))
                return f"{made['work']} by {made['author']}"
            book = self.book()
            if book is None:
                return None
            with zipfile.ZipFile(book) as archive:
                package = next(name for name in archive.namelist() if name.endswith(".opf"))
                opf = archive.read(package).decode("utf-8")
        except (OSError, ValueError, KeyError, TypeError, StopIteration, zipfile.BadZipFile):
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


def work_folders(path: Path) -> tuple[WorkFolder, ...]:
    """`path` itself when it is a work's folder, else the work folders in it, in name order (none: empty)."""
    if WorkFolder(path).holds_output():
        return (WorkFolder(path),)
    return library_folders(path)


def library_folders(outdir: Path) -> tuple[WorkFolder, ...]:
    """The work folders directly inside `outdir`, in name order."""
    children = sorted(child for child in outdir.iterdir() if child.is_dir() and child.name not in SITE_FOLDERS)
    return tuple(folder for folder in map(WorkFolder, children) if folder.holds_output())
