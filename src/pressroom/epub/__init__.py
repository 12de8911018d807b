"""The publisher: works to EPUB 3 books."""
