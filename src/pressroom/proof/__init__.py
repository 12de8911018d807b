"""publish proof: the proof-listening desk."""
