"""Narration: clip cache, pauses, streaming assembly, encoding, tags and chapters."""
