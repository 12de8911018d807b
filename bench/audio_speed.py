"""Speed of `publish audio` (one worker) beside the unavoidable work done bare, on the same paragraphs.

    .venv/bin/python bench/audio_speed.py [--work the_conquest_of_bread] [--chapters 2] [--voice heart]

Bare work: the engine alone on every utterance of the plan (sentence by sentence, as the pipeline calls it),
then ffmpeg alone encoding the same audio to the same files (one MP3 per chapter and the M4B). The pipeline
runs with an empty cache. Figures: audio seconds per wall second for each, and the pipeline's overhead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from pressroom.audio.assemble import M4B_KBPS
from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import Pause, Utterance, plan_narration
from pressroom.audio.settings import NarrationSettings
from pressroom.ffmpeg import OUTPUT_RATE, ffmpeg_exe, m4b_audio_arguments, mp3_arguments
from pressroom.sources.load import load_works
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.registry import open_engine
from pressroom.tts.voices import find_voice, load_lexicon

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="the_conquest_of_bread")
    parser.add_argument("--chapters", type=int, default=2, help="narrate the first N chapters")
    parser.add_argument("--voice", default="heart")
    args = parser.parse_args()
    (work,) = load_works(args.corpus, [args.work]).works
    work = replace(work, chapters=work.chapters[: args.chapters])
    voice = find_voice(args.voice, None)
    lexicon = load_lexicon(None)
    plan = plan_narration(work, lexicon)
    engine = open_engine(voice)
    engine.synthesize("Warm up.")

    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        started = time.perf_counter()
        raw_tracks = []
        for track in plan.tracks:
            pieces = []
            for segment in track.segments:
                if isinstance(segment, Pause):
                    pieces.append(np.zeros(engine.sample_rate * segment.ms // 1000, np.int16))
                elif isinstance(segment, Utterance):
                    pieces.append(synthesize_clip(engine, segment.text, plan.pauses.sentence).samples)
            raw = scratch / f"track{track.number}.raw"
            raw.write_bytes(np.concatenate(pieces).astype("<i2").tobytes())
            raw_tracks.append(raw)
        engine_seconds = time.perf_counter() - started
        audio_seconds = sum(path.stat().st_size / 2 for path in raw_tracks) / engine.sample_rate

        started = time.perf_counter()
        pcm_in = ["-f", "s16le", "-ar", str(engine.sample_rate), "-ac", "1"]
        for raw in raw_tracks:
            _ffmpeg(
                [*pcm_in, "-i", str(raw), *mp3_arguments(192), "-ar", str(OUTPUT_RATE), str(raw.with_suffix(".mp3"))]
            )
        whole = scratch / "whole.raw"
        whole.write_bytes(b"".join(raw.read_bytes() for raw in raw_tracks))
        _ffmpeg([*pcm_in, "-i", str(whole), *m4b_audio_arguments(M4B_KBPS), "-ar", str(OUTPUT_RATE),
                 str(scratch / "whole.m4b")])  # fmt: skip
        ffmpeg_seconds = time.perf_counter() - started

        narrator = Narrator(voice, ClipCache(scratch / "cache"))
        started = time.perf_counter()
        publish_audio(work, scratch / "out", narrator, NarrationSettings(lexicon=lexicon))
        pipeline_seconds = time.perf_counter() - started

    bare = engine_seconds + ffmpeg_seconds
    minutes = audio_seconds / 60
    print(f"{work.meta.title}, first {len(plan.tracks)} chapters: {minutes:.1f} min of audio, voice {voice.name}")
    print(f"engine alone:       {engine_seconds:7.1f} s  ({audio_seconds / engine_seconds:6.1f} audio s per wall s)")
    print(f"ffmpeg alone:       {ffmpeg_seconds:7.1f} s  ({audio_seconds / ffmpeg_seconds:6.1f} audio s per wall s)")
    print(f"bare sum:           {bare:7.1f} s  ({audio_seconds / bare:6.1f} audio s per wall s)")
    print(
        f"publish audio (1):  {pipeline_seconds:7.1f} s  ({audio_seconds / pipeline_seconds:6.1f} audio s per wall s)"
    )
    print(f"pipeline / bare sum: {pipeline_seconds / bare:.3f} (goal: under 1.10)")
    return 0


def _ffmpeg(arguments: list[str]) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *arguments], check=True)


if __name__ == "__main__":
    sys.exit(main())
