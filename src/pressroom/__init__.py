"""Pressroom: publish cleaned public-domain documents as EPUB 3 books and narrated audiobooks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pressroom")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
