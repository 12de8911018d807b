"""The proof desk's page: four lists (heard wrong, learnt while narrating, names, kept), server-rendered, with a
little script that plays, takes, hears, keeps and applies. Pure: values in, HTML out. Keyboard: Tab between
controls, `n`/`p` to the next/previous row, Space or Enter on a button."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from pressroom.hear.learning import CARRIER
from pressroom.proof.desk import Candidate, Flagged, Learnt
from pressroom.records.proof import Dismissed, Kept
from pressroom.templates import Markup, render
from pressroom.text.wording import counted


def desk_page(
    flagged: Sequence[Flagged], heard: Sequence[str], slugs: Sequence[str], names: Sequence[Candidate],
    kept: Sequence[Kept], lexicon: Path, seen: str, alphabet: Sequence[str], to_ipa: Callable[[str], str] | None,
    token: str = "", right: Sequence[Dismissed] = (), learnt: Sequence[Learnt] = (),
) -> str:  # fmt: skip
    """The page; `token` is the run's, which its script sends with every change (`app.Guard`)."""
    return render(
        "desk.html",
        language="en",
        title="Proof desk",
        token=token,
        style=Markup(_STYLE),
        script=Markup(_script()),
        lexicon=str(lexicon),
        unheard=[slug for slug in slugs if slug not in heard],
        flagged=[_flagged_row(item) for item in flagged],
        right=[{"work": d.work, "file": d.file, "meant": d.meant} for d in right],
        names=[_name_row(item, to_ipa) for item in names],
        learnt=[_learnt_row(item, to_ipa) for item in learnt],
        alphabet=list(alphabet),
        kept=[{"word": k.word, "shown": _shown(k)} for k in kept],
        seen=seen,
    )


def _flagged_row(item: Flagged) -> dict[str, object]:
    minutes, seconds = divmod(item.start_ms // 1000, 60)
    return {
        "work": item.work,
        "file": item.file,
        "at": f"{minutes}:{seconds:02d}",
        "wrong": f"{item.word_error_rate:.0%}",
        "source": f"audio/{quote(item.work)}/{quote(item.file)}",
        "start": f"{item.start_ms / 1000:.3f}",
        "end": f"{item.end_ms / 1000:.3f}",
        "marked": item.marked(),
        "meant": item.meant,
    }


def _name_row(item: Candidate, to_ipa: Callable[[str], str] | None) -> dict[str, object]:
    return {
        "word": item.word,
        "count": counted(item.count, "time"),
        "where": ", ".join(item.works[:3]) + (" …" if len(item.works) > 3 else ""),
        "said": f"/{to_ipa(item.guessed)}/" if to_ipa is not None else item.guessed,
        "entry": _entry_shown(item.entry, to_ipa) if item.entry else "",
        "guessed": item.guessed,
    }


def _learnt_row(item: Learnt, to_ipa: Callable[[str], str] | None) -> dict[str, object]:
    return {
        "word": item.word,
        "where": ", ".join(item.works[:3]) + (" …" if len(item.works) > 3 else ""),
        "how": item.how or "another reading",
        "shown": f"/{to_ipa(item.phonemes) if to_ipa is not None else item.phonemes}/",
        "phonemes": item.phonemes,
        "before": _name_said(item.heard_before),
        "after": _name_said(item.heard_after),
    }


def _name_said(heard: str) -> str:
    """What the listener heard of a name said in the carrier sentence, less the carrier's words."""
    said = heard.strip()
    if said.lower().startswith(CARRIER.lower()):
        said = said[len(CARRIER) :]
    return said.strip(" .,!?") or heard


_INLINE = re.compile(r"\[(?P<word>[^\]]*)\]\(/(?P<phonemes>[^/]*)/\)")


def _entry_shown(entry: str, to_ipa: Callable[[str], str] | None) -> str:
    """A lexicon entry as a curator reads it: phonemes (the voice's inline `[word](/phonemes/)`) in IPA between
    slashes, a respelling in quotes; never the notation the voice takes."""
    inline = _INLINE.fullmatch(entry.strip())
    if inline is not None:
        phonemes = inline["phonemes"]
        return f"/{to_ipa(phonemes) if to_ipa is not None else phonemes}/"
    return f"“{entry}”"


def _shown(kept: Kept) -> str:
    return f"/{kept.phonemes}/" if kept.phonemes else f"“{kept.respelling}”"


_STYLE = """:root{color-scheme:light dark;--ink:#1b1b1b;--ground:#fff;--muted:#444;--rule:#ccc;--focus:#fff8e1;
--meant:#8b0000;--heard:#00530f}
@media (prefers-color-scheme:dark){:root{--ink:#e8e6e3;--ground:#181a1b;--muted:#b0aba4;--rule:#444;--focus:#2c2a1f;
--meant:#ff8a80;--heard:#8be38b}}
body{max-width:72rem;margin:auto;padding:1rem;font-family:sans-serif;line-height:1.5;color:var(--ink);
background:var(--ground)}
code{font-size:.9em;overflow-wrap:anywhere}.rows{padding-left:1.2rem}
.row{margin-bottom:1rem;border-bottom:1px solid var(--rule)}
.row:focus-within{background:var(--focus)}del{color:var(--meant)}ins{color:var(--heard)}
.note,.legend,.where,.keys{color:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center}.controls label{white-space:nowrap}
input{font-size:1rem;max-width:9.5rem}button{font-size:1rem;margin:.1rem 0}.verdict{font-weight:bold}
kbd{border:1px solid var(--rule);border-radius:.2rem;padding:0 .3rem}
@media (max-width:40rem){input{max-width:100%}.controls label{white-space:normal}}"""


@cache
def _script() -> str:
    return resources.files("pressroom").joinpath("data", "proof.js").read_text(encoding="utf-8")
