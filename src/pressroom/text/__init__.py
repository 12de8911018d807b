"""Pure functions over text: lines, headings, blocks, letters, titles, structure, typography, speech text."""
