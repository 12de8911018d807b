"""The records Pressroom keeps beside what it makes, each a typed value with one owner that reads and writes it:
`narration.json` (what is said when), `check.json` (what the checks and the listener found), `book.json` (how
the read-along book was made) and `proof.json` (the desk's kept changes). Their fields are documented in
`docs/records.md`; how each survives a rewrite is said in `records.merge`.

A work folder's records are reached through `layout.WorkFolder`; nothing else opens these files."""
