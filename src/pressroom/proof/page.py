"""The proof desk's page: three lists (heard wrong, names, kept), server-rendered, with a little script that
plays, takes, hears, keeps and applies. Pure: values in, HTML out. Keyboard: Tab between controls, `n`/`p` to
the next/previous row, Space or Enter on a button."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from pressroom.proof.desk import Candidate, Flagged
from pressroom.records.proof import Kept
from pressroom.text.wording import counted


def desk_page(
    flagged: Sequence[Flagged], heard: Sequence[str], slugs: Sequence[str], names: Sequence[Candidate],
    kept: Sequence[Kept], lexicon: Path, seen: str, alphabet: Sequence[str], to_ipa: Callable[[str], str] | None,
    token: str = "",
) -> str:  # fmt: skip
    """The page; `token` is the run's, which its script sends with every change (`app.Guard`)."""
    unheard = [slug for slug in slugs if slug not in heard]
    not_heard = (
        f'<p class="note">Not heard yet: {escape(", ".join(unheard))}. <button type="button" id="listen">Hear '
        f"{'it' if len(unheard) == 1 else 'them'} now</button> (as <code>publish check --listen</code> does; about "
        'three minutes for an hour of narration)</p><p id="listening" role="status" aria-live="polite"></p>'
        if unheard
        else ""
    )
    rows = "\n".join(_flagged_row(number, item) for number, item in enumerate(flagged))
    first = f"<ol class=rows>{rows}</ol>" if flagged else "<p>Every paragraph heard was heard as meant.</p>"
    name_rows = "\n".join(_name_row(number, item, alphabet, to_ipa) for number, item in enumerate(names))
    known = "" if names else "<p>The voice knows every name the works use.</p>"
    second = f"{known}<ol class=rows>{name_rows}{_another_row(alphabet)}</ol>"
    kept_rows = "\n".join(
        f'<li data-word="{escape(k.word)}">{escape(k.word)}: {escape(_shown(k))} '
        f'<button type="button" class="drop">Remove</button></li>'
        for k in kept
    )
    alphabet_note = (
        '<details class="note"><summary>Phonemes are in the voice\'s own alphabet (stress: ˈ before the stressed '
        f'syllable)</summary><p class="alphabet">{escape(" ".join(alphabet))}</p></details>'
        if alphabet
        else '<p class="note">This voice takes respellings only.</p>'
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="pressroom-token" content="{escape(token)}">
<title>Proof desk</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1>Proof desk</h1>
<p>Hear what the listener heard wrong, try a name another way, keep what sounds right, and apply: only the
clips that say a changed name are made again. Changes go to <code>{escape(str(lexicon))}</code>.</p>
<section aria-labelledby="heard-heading">
<h2 id="heard-heading">Heard wrong ({len(flagged)})</h2>
{not_heard}{first}
</section>
<section aria-labelledby="names-heading">
<h2 id="names-heading">Names and foreign words ({len(names)})</h2>
{alphabet_note}{second}
</section>
<section aria-labelledby="kept-heading">
<h2 id="kept-heading">Kept, not applied (<span id="kept-count">{len(kept)}</span>)</h2>
<ul id="kept">{kept_rows}</ul>
<p><button type="button" id="apply" data-seen="{seen}">Apply and remake</button></p>
<p id="progress" role="status" aria-live="polite"></p>
</section>
<audio id="player" preload="none"></audio>
</main>
<script>{_script()}</script>
</body>
</html>
"""


def _flagged_row(number: int, item: Flagged) -> str:
    marked = " ".join(
        escape(words)
        if kind == "same"
        else f"<{'del' if kind == 'meant' else 'ins'}>{escape(words)}</{'del' if kind == 'meant' else 'ins'}>"
        for kind, words in item.marked()
    )
    source = f"audio/{quote(item.work)}/{quote(item.file)}"
    minutes, seconds = divmod(item.start_ms // 1000, 60)
    return (
        f'<li class="row" id="heard-{number}"><p class="where">{escape(item.work)}, {escape(item.file)} at '
        f"{minutes}:{seconds:02d}; {item.word_error_rate:.0%} of its words heard wrong</p>"
        f'<p><button type="button" class="play" data-src="{source}" data-start="{item.start_ms / 1000:.3f}" '
        f'data-end="{item.end_ms / 1000:.3f}">Play the paragraph</button></p>'
        f'<p class="diff">{marked}</p><p class="legend">Struck out: meant, not heard. Underlined: heard instead.</p>'
        "</li>"
    )


def _name_row(number: int, item: Candidate, alphabet: Sequence[str], to_ipa: Callable[[str], str] | None) -> str:
    said = f"/{to_ipa(item.guessed)}/" if to_ipa is not None else item.guessed
    entry = f"; the lexicon gives {escape(item.entry)}" if item.entry else ""
    where = ", ".join(item.works[:3]) + (" …" if len(item.works) > 3 else "")
    word = escape(item.word)
    phonemes = (
        f'<label>Phonemes <input name="phonemes" lang="und" autocomplete="off" spellcheck="false" '
        f'placeholder="{escape(item.guessed)}"></label>'
        if alphabet
        else ""
    )
    return (
        f'<li class="row name" id="name-{number}" data-word="{word}"><p><strong>{word}</strong> '
        f"({counted(item.count, 'time')}, in {escape(where)}): the voice says {escape(said)}{entry}</p>"
        f'<p><button type="button" class="now">Hear it now</button> '
        f'<label>Respelling <input name="respelling" autocomplete="off" spellcheck="false"></label> {phonemes} '
        f'<button type="button" class="try">Try</button> <button type="button" class="hear">Listener</button> '
        f'<button type="button" class="keep">Keep</button></p><p class="verdict" role="status"></p></li>'
    )


def _another_row(alphabet: Sequence[str]) -> str:
    """Any other word (one heard wrong in a paragraph above): typed, then tried like a name."""
    phonemes = (
        '<label>Phonemes <input name="phonemes" lang="und" autocomplete="off" spellcheck="false"></label>'
        if alphabet
        else ""
    )
    return (
        '<li class="row name another" data-word=""><p><strong>Another word</strong> (one heard wrong above)</p>'
        '<p><label>Word <input name="word" autocomplete="off" spellcheck="false"></label> '
        '<button type="button" class="now">Hear it now</button> '
        f'<label>Respelling <input name="respelling" autocomplete="off" spellcheck="false"></label> {phonemes} '
        '<button type="button" class="try">Try</button> <button type="button" class="hear">Listener</button> '
        '<button type="button" class="keep">Keep</button></p><p class="verdict" role="status"></p></li>'
    )


def _shown(kept: Kept) -> str:
    return f"/{kept.phonemes}/" if kept.phonemes else f"“{kept.respelling}”"


_STYLE = """body{max-width:52rem;margin:auto;padding:1rem;font-family:sans-serif;line-height:1.5;color:#1b1b1b}
code{font-size:.9em;overflow-wrap:anywhere}.rows{padding-left:1.2rem}
.row{margin-bottom:1rem;border-bottom:1px solid #ccc}
.row:focus-within{background:#fff8e1}del{color:#8b0000}ins{color:#00530f}.note,.legend,.where{color:#444}
input{font-size:1rem;max-width:12rem}button{font-size:1rem;margin:.1rem 0}.verdict{font-weight:bold}
@media (max-width:40rem){input{max-width:100%}}"""


@cache
def _script() -> str:
    return resources.files("pressroom").joinpath("data", "proof.js").read_text(encoding="utf-8")
