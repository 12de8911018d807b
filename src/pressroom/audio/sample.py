"""`publish voices --sample NAME`: a short preview of a voice, as an MP3 a user can play."""

from __future__ import annotations

from pathlib import Path

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.model import Block, BlockKind, Chapter, SourceRef, Work, WorkMeta
from pressroom.tts.engine import Voice

SAMPLE_TEXT = (
    "Well-being for all is not a dream. It is possible, realizable, owing to all that our ancestors have done "
    "to increase our powers of production. In 1892, a loaf cost £0 0s. 4d.; this is chapter IV of the book."
)


def sample_work(voice: Voice) -> Work:
    """The short text a voice's preview reads."""
    source = SourceRef("sample", 1)
    chapter = Chapter(f"A Sample of the Voice {voice.name}", 1, (Block(BlockKind.PARAGRAPH, SAMPLE_TEXT, source),))
    meta = WorkMeta(title=f"{voice.name} sample", author="Pressroom", source_id=f"sample-{voice.name}", slug=voice.name)
    return Work(meta, (chapter,))


def render_sample(voice: Voice, folder: Path, cache: ClipCache) -> Path:
    """The preview as `FOLDER/<voice>-sample.mp3`."""
    made = publish_audio(sample_work(voice), folder, Narrator(voice, cache), NarrationSettings(check=False))
    (mp3,) = made.mp3s
    target = folder / f"{voice.name}-sample.mp3"
    mp3.replace(target)
    for leftover in (made.m4b, made.playlist, made.manifest):
        leftover.unlink(missing_ok=True)
    made.folder.rmdir()
    return target
