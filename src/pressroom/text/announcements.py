"""What the narration says besides the text: "<work>, by <author>.", "End of <work>.", "<chapter>, part 2.".

Said in the book's language when the voice speaks it and the words are known here; otherwise in English (and
`publish audio` warns that the voice and the book do not share a language). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from num2words import num2words


@dataclass(frozen=True)
class Wording:
    language: str
    byline: str
    """`{title}` and `{author}`: the first file's opening words."""
    end: str
    """`{title}`: the last file's closing words."""
    part: str
    """`{title}` and `{number}`: the name of a part of a chapter cut into several files."""
    notes: str = "Notes"
    """The title of the last file, which reads the notes."""
    notes_to: str = "Notes to {chapter}"
    note: str = "Note {label}"
    table: str = "Table"
    table_left_out: str = "Here the book has a table"
    chapter: str = "chapter"
    """Said before a chapter's bare number when its file opens with its part's name (`Part First, chapter II`)."""
    more: str = "and more"
    """Said after a table's value marked `+` (`72+`)."""

    def opening(self, title: str, author: str) -> str:
        return self.byline.format(title=title, author=author)

    def closing(self, title: str) -> str:
        return self.end.format(title=title)

    def part_title(self, title: str, number: int) -> str:
        """As a file and its marker are named: `Chapter 5, part 2`."""
        return self.part.format(title=title, number=number)

    def part_spoken(self, title: str, number: int) -> str:
        """As the part's opening says it; English numbers are spelled by the speech text, others here."""
        spoken = str(number) if self.language == "en" else num2words(number, lang=self.language)
        return f"{self.part.format(title=title, number=spoken)}."


# "The end of", not "End of": the default voice's "End of" opening an utterance before a consonant is heard "and a"
# or "and of" (6 of 14 takes of seven closings, Whisper base, 2026-12-06), "The end of" in all 14 as meant.
ENGLISH = Wording("en", "{title}, by {author}.", "The end of {title}.", "{title}, part {number}")
_WORDINGS = {
    wording.language: wording
    for wording in (
        ENGLISH,
        Wording(
            "fr",
            "{title}, par {author}.",
            "Fin de {title}.",
            "{title}, partie {number}",
            "Notes",
            "Notes de {chapter}",
            "Note {label}",
            "Tableau",
            "Ici, le livre donne un tableau",
            "chapitre",
            "et plus",
        ),
        Wording(
            "de",
            "{title}, von {author}.",
            "Ende von {title}.",
            "{title}, Teil {number}",
            "Anmerkungen",
            "Anmerkungen zu {chapter}",
            "Anmerkung {label}",
            "Tabelle",
            "Hier steht im Buch eine Tabelle",
            "Kapitel",
            "und mehr",
        ),
        Wording(
            "es",
            "{title}, de {author}.",
            "Fin de {title}.",
            "{title}, parte {number}",
            "Notas",
            "Notas de {chapter}",
            "Nota {label}",
            "Tabla",
            "Aquí el libro tiene una tabla",
            "capítulo",
            "y más",
        ),
        Wording(
            "it",
            "{title}, di {author}.",
            "Fine di {title}.",
            "{title}, parte {number}",
            "Note",
            "Note a {chapter}",
            "Nota {label}",
            "Tabella",
            "Qui il libro riporta una tabella",
            "capitolo",
            "e più",
        ),
        Wording(
            "pt",
            "{title}, de {author}.",
            "Fim de {title}.",
            "{title}, parte {number}",
            "Notas",
            "Notas de {chapter}",
            "Nota {label}",
            "Tabela",
            "Aqui o livro tem uma tabela",
            "capítulo",
            "e mais",
        ),
        Wording(
            "nl",
            "{title}, door {author}.",
            "Einde van {title}.",
            "{title}, deel {number}",
            "Noten",
            "Noten bij {chapter}",
            "Noot {label}",
            "Tabel",
            "Hier staat in het boek een tabel",
            "hoofdstuk",
            "en meer",
        ),
    )
}


def primary_language(tag: str) -> str:
    return tag.split("-")[0].lower()


def wording_for(book_language: str, voice_language: str) -> Wording:
    """The book's language when the voice speaks it (and its words are known), else English."""
    book = primary_language(book_language)
    if book != primary_language(voice_language):
        return ENGLISH
    return _WORDINGS.get(book, ENGLISH)


def has_wording(language: str) -> bool:
    return primary_language(language) in _WORDINGS
