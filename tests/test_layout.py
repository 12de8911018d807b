"""The output folder's layout, said once (`pressroom.layout`): where a work's files go, and which folders of an
output tree hold a work, as publish check, publish site and the writers all see it."""

from __future__ import annotations

import io
from pathlib import Path

from pressroom.layout import WorkFolder, library_folders, work_folders


def test_a_works_files_stay_inside_its_folder_whatever_its_name() -> None:
    folder = WorkFolder.of(Path("out"), "../../etc/Mutual Aid")
    assert folder.path.parent == Path("out")
    assert folder.epub == folder.path / f"{folder.slug}.epub"
    assert folder.narrated_epub.name == f"{folder.slug}.narrated.epub"
    assert (folder.m4b.name, folder.playlist.name) == (f"{folder.slug}.m4b", f"{folder.slug}.m3u")
    assert WorkFolder.of(Path("out"), folder.slug) == folder, "a safe slug is kept as it is"


def test_a_work_folder_is_one_with_a_narration_or_a_book(tmp_path: Path) -> None:
    (tmp_path / "essay").mkdir()
    (tmp_path / "essay" / "essay.epub").write_bytes(b"")
    (tmp_path / "letter").mkdir()
    (tmp_path / "letter" / "narration.json").write_text("{}")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("")
    (tmp_path / "index.html").write_text("")
    assert [f.slug for f in work_folders(tmp_path)] == ["essay", "letter"]
    assert work_folders(tmp_path / "essay") == (WorkFolder(tmp_path / "essay"),), "a work's own folder is itself"
    assert [f.slug for f in library_folders(tmp_path)] == ["essay", "letter"]
    assert work_folders(tmp_path / "notes") == ()


def test_the_book_is_the_one_named_for_the_folder_else_the_first_plain_one(tmp_path: Path) -> None:
    folder = WorkFolder(tmp_path / "essay")
    folder.path.mkdir()
    assert folder.book() is None
    (folder.path / "b.narrated.epub").write_bytes(b"")
    assert folder.book() is None, "a read-along book is not the book"
    (folder.path / "a.epub").write_bytes(b"")
    assert folder.book() == folder.path / "a.epub"
    folder.epub.write_bytes(b"")
    assert folder.book() == folder.epub


def test_a_work_named_as_the_sites_own_folders_gets_another(tmp_path: Path) -> None:
    """A work titled "OPDS" or "Audiobookshelf" would share the site's catalog folder (and the shelf's .ignore
    would hide every book)."""
    from pressroom.cli import main

    for title in ("OPDS", "Audiobookshelf"):
        source = tmp_path / f"{title}.txt"
        source.write_text(f"A short text about {title}.\n", encoding="utf-8")
        assert main(["epub", str(source), "-o", str(tmp_path / "out"), "--title", title, "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["audiobookshelf_work", "opds_work"]
    assert main(["site", str(tmp_path / "out")]) == 0
    assert {f.slug for f in library_folders(tmp_path / "out")} == {"audiobookshelf_work", "opds_work"}
    assert (tmp_path / "out" / "opds" / "root.xml").is_file()
    assert (tmp_path / "out" / "opds_work" / "opds_work.epub").is_file()


def test_a_work_never_replaces_another_of_the_same_folder_name(tmp_path: Path) -> None:
    """`publish epub essay.md`, then `publish epub essay.html` of another title, wrote both into out/essay:
    the second silently replaced the first."""
    from pressroom.cli import main

    (tmp_path / "essay.md").write_text("# Essay on Mutual Aid\n\nA paragraph about mutual aid.\n", "utf-8")
    (tmp_path / "essay.html").write_text("<html><head><title>On Method</title></head><body><p>Text.</p></body></html>")
    out = tmp_path / "out"
    assert main(["epub", str(tmp_path / "essay.md"), "-o", str(out), "-q"]) == 0
    book = (out / "essay" / "essay.epub").read_bytes()
    err = io.StringIO()
    assert main(["epub", str(tmp_path / "essay.html"), "-o", str(out), "-q"], io.StringIO(), err) == 2
    assert "holds another work, Essay on Mutual Aid by Unknown Author; this one is On Method" in err.getvalue()
    assert (out / "essay" / "essay.epub").read_bytes() == book, "nothing of the first is touched"
    assert main(["epub", str(tmp_path / "essay.md"), "-o", str(out), "-q"]) == 0, "the same work is made again"
