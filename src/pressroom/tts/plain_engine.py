"""What an engine module declares when it can do no more than speak plain text: no phonemes inline, no
pronouncing dictionary to consult, a profile's `model` taken as it is written, no voice files of its own to
drop into a voices folder. An engine module imports those it shares (`tts/registry.py` reads them)."""

from __future__ import annotations

from pathlib import Path

from pressroom.tts.engine import Voice


def dictionary() -> None:
    """It has no pronouncing dictionary Pressroom can consult."""
    return None


def resolve_model(model: str, folder: Path) -> str:
    """A model named as it is written (a voice inside a package, a language)."""
    return model


def loose_voices(folder: Path) -> list[Voice]:
    """It has no voice files to drop into a voices folder."""
    return []
