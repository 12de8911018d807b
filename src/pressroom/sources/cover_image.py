"""A cover image the user gives (`--cover`): read once, checked, and set as the PNG the book and the tags carry."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pressroom.errors import InputError

# The size of the covers set in type: large enough for any reader's library view, small enough for a phone.
MAX_SIZE = (1600, 2400)
_SMALLEST_SIDE = 200


def read_cover_image(path: Path) -> bytes:
    """The image at `path` as PNG, scaled down (never up) to fit MAX_SIZE; the same file gives the same bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such cover image", path=str(path), hint="give the path of a PNG or JPEG file") from None
    except OSError as error:
        raise InputError(f"cannot read the cover image: {error.strerror}", path=str(path)) from None
    return cover_from_bytes(data, str(path))


def cover_from_bytes(data: bytes, path: str) -> bytes:
    """An image's bytes as the cover PNG (see `read_cover_image`); `path` names it in errors."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = opened.convert("RGB")
    except UnidentifiedImageError:
        raise InputError(
            "not an image: neither PNG, JPEG nor WebP", path=path, hint="give a PNG, JPEG or WebP file"
        ) from None
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise InputError(
            f"not an image that can be read ({error})", path=path, hint="give a PNG, JPEG or WebP file"
        ) from None
    if min(image.size) < _SMALLEST_SIDE:
        raise InputError(
            f"the cover is {image.width}×{image.height} pixels, too small to show",
            path=path,
            hint=f"give an image at least {_SMALLEST_SIDE} pixels on each side; 1600×2400 is ideal",
        )
    image.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
