"""The only code that reads input files: decoding, headers, the manifest, corpora; and loading works."""
