"""What `publish check` and `publish lexicon check` run: the EPUBs by EPUBCheck, the audio by measure, the narration
and the lexicon by ear."""
