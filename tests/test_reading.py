"""Reading documents: encodings, line ends, and every bad input a user can hand the tool."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.errors import InputError
from pressroom.model import BlockKind
from pressroom.sources.load import load_works
from pressroom.sources.overrides import MetaOverrides

from .conftest import document

Write = Callable[[str, str | bytes], Path]
BODY = "The first paragraph of the work.\n\nThe second paragraph of the work.\n"


def _texts(path: Path) -> list[str]:
    (work,) = load_works(path).works
    return [block.text for block in work.all_blocks()]


def test_a_document_gives_its_header_as_metadata(write: Write) -> None:
    path = write("doc.txt", document(BODY, title="Letter To Lenin", source_id="al_letter"))
    (work,) = load_works(path).works
    assert work.meta.title == "Letter to Lenin"
    assert work.meta.author == "Peter Kropotkin"
    assert work.meta.year == 1901
    assert work.meta.source_id == "al_letter"
    assert work.meta.source_url == "https://example.org/al_letter"
    assert work.meta.retrieved_utc == "2026-02-04T16:54:42Z"
    assert work.meta.license_note == "Public domain source (see metadata/manifest.csv)"


def test_bom_and_crlf_line_ends_read_like_plain_utf8(write: Write) -> None:
    plain = write("plain.txt", document(BODY))
    windows = write("windows.txt", b"\xef\xbb\xbf" + document(BODY).replace("\n", "\r\n").encode("utf-8"))
    assert _texts(windows) == _texts(plain) == ["The first paragraph of the work.", "The second paragraph of the work."]
    (work,) = load_works(windows).works
    assert work.meta.title == "A Test Work"


def test_a_file_that_is_not_utf8_is_read_as_cp1252_with_a_warning_naming_it(write: Write) -> None:
    path = write("latin.txt", document("Caf\u00e9 \u201cquoted\u201d.\n").encode("cp1252"))
    loaded = load_works(path)
    assert [block.text for block in loaded.works[0].all_blocks()] == ["Caf\u00e9 \u201cquoted\u201d."]
    (notice,) = loaded.notices
    assert notice.path == str(path)
    assert "cp1252" in notice.message


def test_a_binary_file_is_refused_naming_the_file(write: Write) -> None:
    path = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as caught:
        load_works(path)
    assert caught.value.path == str(path)
    assert "binary" in str(caught.value)


def test_a_header_without_its_closing_line_names_the_line(write: Write) -> None:
    path = write("open.txt", "TITLE: Open\nAUTHOR: Someone\n\nA body with no separator above it.\n")
    with pytest.raises(InputError) as caught:
        load_works(path)
    assert caught.value.line == 4
    assert "----" in str(caught.value)


def test_a_header_line_that_is_not_key_value_names_the_line(write: Write) -> None:
    path = write("bad.txt", "TITLE: Fine\nAUTHOR Peter Kropotkin\n----\n\nBody.\n")
    with pytest.raises(InputError) as caught:
        load_works(path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert "KEY: value" in str(caught.value)


def test_an_empty_body_is_an_error_naming_the_separator_line(write: Write) -> None:
    path = write("empty.txt", "TITLE: Empty\n----\n\n   \n")
    with pytest.raises(InputError) as caught:
        load_works(path)
    assert caught.value.line == 2
    assert "empty body" in str(caught.value)


def test_a_plain_text_file_takes_its_title_from_its_name(write: Write) -> None:
    path = write("the_spirit_of_revolt.txt", "There are periods in the life of human society.\n")
    (work,) = load_works(path).works
    assert work.meta.title == "The Spirit of Revolt"
    assert work.chapters[0].title == "The Spirit of Revolt"


def test_options_give_a_plain_file_its_metadata(write: Write) -> None:
    path = write("x.txt", "Some words.\n")
    overrides = MetaOverrides(title="war or peace", author="Peter Kropotkin", year=1914, language="fr")
    (work,) = load_works(path, overrides=overrides).works
    assert (work.meta.title, work.meta.author, work.meta.year, work.meta.language) == (
        "War or Peace",
        "Peter Kropotkin",
        1914,
        "fr",
    )


def test_a_path_that_does_not_exist_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        load_works(tmp_path / "missing.txt")


def test_control_characters_do_not_reach_the_book(write: Write) -> None:
    path = write("ctl.txt", document("A bell\x07 rang.\n"))
    (block,) = load_works(path).works[0].all_blocks()
    assert block.kind is BlockKind.PARAGRAPH
    assert block.text == "A bell  rang."


def test_two_different_plain_texts_of_one_name_get_different_identifiers_that_a_rebuild_keeps(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "notes.txt").write_text("Text one.\n", encoding="utf-8")
    (tmp_path / "b" / "notes.txt").write_text("Text two.\n", encoding="utf-8")
    (first,) = load_works(tmp_path / "a" / "notes.txt").works
    (second,) = load_works(tmp_path / "b" / "notes.txt").works
    (again,) = load_works(tmp_path / "a" / "notes.txt").works
    assert first.meta.source_id != second.meta.source_id
    assert first.meta.source_id == again.meta.source_id
    (titled,) = load_works(tmp_path / "a" / "notes.txt", overrides=MetaOverrides(title="Other")).works
    assert titled.meta.source_id != first.meta.source_id, "another title, another book"
    assert titled.meta.slug == "other", "a plain text is filed under the title given for it"


def test_a_utf16_file_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sixteen.txt"
    path.write_bytes("TITLE: Sixteen\n----\n\nHello in UTF-16.\n".encode("utf-16"))
    (work,) = load_works(path).works
    assert work.meta.title == "Sixteen"
    assert [block.text for block in work.all_blocks()] == ["Hello in UTF-16."]


def test_a_plain_text_opening_with_a_colon_line_is_not_a_header(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("NOTE: this is a draft.\nMore of it.\n\nSecond paragraph.\n", encoding="utf-8")
    (work,) = load_works(path).works
    assert [block.text for block in work.all_blocks()] == ["NOTE: this is a draft. More of it.", "Second paragraph."]
