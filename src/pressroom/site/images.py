"""The site's pictures, made from the book's cover: a square for podcast apps and Audiobookshelf (1400 px,
the least Apple Podcasts takes), the book's own upright cover for reader apps' catalogs, and a small thumbnail
for pages and catalogs. Pure: bytes in, bytes out."""

from __future__ import annotations

import io

from PIL import Image

SQUARE_PX = 1400
THUMBNAIL_WIDTH = 300


def square_cover(cover: bytes) -> bytes:
    """The cover whole, centred on a square of its own ground colour (JPEG)."""
    with Image.open(io.BytesIO(cover)) as image:
        picture = image.convert("RGB")
    ground = picture.getpixel((4, 4))
    square = Image.new("RGB", (SQUARE_PX, SQUARE_PX), ground)
    scale = min(SQUARE_PX / picture.width, SQUARE_PX / picture.height)
    fitted = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.Resampling.LANCZOS)
    square.paste(fitted, ((SQUARE_PX - fitted.width) // 2, (SQUARE_PX - fitted.height) // 2))
    return _jpeg(square)


def book_cover(cover: bytes) -> bytes:
    """The book's own cover, upright as a reader app shows it, at most 1400 px tall (JPEG)."""
    with Image.open(io.BytesIO(cover)) as image:
        picture = image.convert("RGB")
    if picture.height > SQUARE_PX:
        width = round(picture.width * SQUARE_PX / picture.height)
        picture = picture.resize((width, SQUARE_PX), Image.Resampling.LANCZOS)
    return _jpeg(picture)


def thumbnail(cover: bytes) -> bytes:
    with Image.open(io.BytesIO(cover)) as image:
        picture = image.convert("RGB")
    height = round(picture.height * THUMBNAIL_WIDTH / picture.width)
    return _jpeg(picture.resize((THUMBNAIL_WIDTH, height), Image.Resampling.LANCZOS))


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, optimize=True)
    return out.getvalue()
