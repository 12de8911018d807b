"""Names from the input never escape the output folder, and two works never overwrite each other."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.epub.publish import publish_work
from pressroom.sources.load import distinct_slugs, load_works
from tests.conftest import document, survived

pytestmark = pytest.mark.slow

Write = Callable[[str, str | bytes], Path]
SAFE = re.compile(r"[a-z0-9_]{1,81}")


@pytest.mark.parametrize(
    ("title", "source_id"),
    [
        ("../../etc/passwd", "../../etc/passwd"),
        ("CON", "CON"),
        ("NUL", "aux"),
        ("x" * 300, "y" * 300),
        ("///", "\\\\server\\share"),
        ("Ünïcödé ✓ 🎉", "id with spaces"),
    ],
)
def test_hostile_names_become_safe_names_inside_the_output_folder(
    title: str, source_id: str, write: Write, tmp_path: Path
) -> None:
    source = write("in/doc.txt", document("Some text.\n", title=title, source_id=source_id))
    (work,) = load_works(source).works
    out = tmp_path / "out"
    made = publish_work(work, out)
    assert made.path.resolve().is_relative_to(out.resolve())
    assert SAFE.fullmatch(made.path.parent.name), made.path
    assert made.path.parent.name not in {"con", "nul", "aux", "prn"}
    assert made.path.name == f"{made.path.parent.name}.epub"
    survived("hostile names (paths, device names, empty, 300 characters, duplicates)")


def test_an_empty_title_still_gets_a_name(write: Write, tmp_path: Path) -> None:
    source = write("in/untitled.txt", "TITLE:\nSOURCE_ID: x\n----\n\nText.\n")
    (work,) = load_works(source).works
    made = publish_work(work, tmp_path)
    assert SAFE.fullmatch(made.path.parent.name)
    survived("hostile names (paths, device names, empty, 300 characters, duplicates)")


def test_works_that_would_share_a_folder_get_distinct_ones(write: Write, tmp_path: Path) -> None:
    first = write("a/doc.txt", document("One.\n", title="Same Title", source_id="one"))
    second = write("b/doc.txt", document("Two.\n", title="Same Title!", source_id="two"))
    works = distinct_slugs([*load_works(first).works, *load_works(second).works, *load_works(first).works])
    assert [work.meta.slug for work in works] == ["doc", "doc_2", "doc_3"]
    paths = [publish_work(work, tmp_path).path for work in works]
    assert len(set(paths)) == 3 and all(path.is_file() for path in paths)
    survived("hostile names (paths, device names, empty, 300 characters, duplicates)", 2)


def test_a_full_disk_is_a_clear_error_leaves_nothing_half_written_and_the_next_run_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from pressroom.errors import PressroomError
    from pressroom.sources.load import sample_path

    (work,) = load_works(sample_path()).works

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PressroomError, match="No space left on device") as caught:
        publish_work(work, tmp_path)
    assert "the disk has room" in str(caught.value)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    made = publish_work(work, tmp_path)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [made.path.name]
    survived("full disks (ffmpeg writing a chapter, fsync of a book)")


TRICKS = """TITLE: Tricks <b>Bold</b> & "Quotes" ]]> &amp;
AUTHOR: Jane <script>x</script> & Co ]]>
YEAR: 1901
SOURCE_ID: id<&>"'
SOURCE_URL: https://example.org/a?b=<c>&d="e"
RETRIEVED_UTC: 2026-02-04T16:54:42Z
LICENSE_NOTE: Public <i>domain</i> & free ]]> &#x41;
----

CHAPTER I

THE <B>FIRST</B> & ]]>

Text with <script>alert(1)</script> & &amp; ]]> <![CDATA[x]]> <!-- c --> &#x41; in it.
"""


def test_markup_and_entity_tricks_in_every_field_are_text_in_every_file_of_a_narrated_book(
    write: Write, tmp_path: Path
) -> None:
    import zipfile

    from lxml import etree
    from mutagen.id3 import ID3

    from pressroom.cli import main
    from pressroom.epub.epubcheck import run_epubcheck

    source = write("tricks.txt", TRICKS)
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    assert main(["book", str(source), "-o", str(out), "--cache-dir", str(cache), "--workers", "1", "-q"]) == 0
    (folder,) = out.iterdir()
    for book in sorted(folder.glob("*.epub")):
        with zipfile.ZipFile(book) as archive:
            for name in archive.namelist():
                if name.endswith((".xhtml", ".smil", ".opf", ".ncx")):
                    root = etree.fromstring(archive.read(name), etree.XMLParser(recover=False, resolve_entities=False))
                    tags = {etree.QName(element).localname for element in root.iter(etree.Element)}
                    assert not tags & {"script", "b"}, (book.name, name)
            package = archive.read("EPUB/content.opf").decode()
            assert "Jane &lt;script&gt;x&lt;/script&gt; &amp; Co ]]&gt;" in package
        assert [str(message) for message in run_epubcheck(book, usage=True).messages] == [], book.name
    id3 = ID3(next(folder.glob("01 - *.mp3")))
    assert str(id3["TPE1"]) == "Jane <script>x</script> & Co ]]>"
    survived("markup and entity tricks in every field of a narrated book")
