"""The corpus manifest, `metadata/manifest.csv`: one row per unit file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from pressroom.errors import InputError

REQUIRED_COLUMNS = ("work_id", "title", "author", "work_slug", "unit_id", "out_path")


@dataclass(frozen=True)
class ManifestRow:
    line: int
    work_id: str
    title: str
    author: str
    year: str
    genre: str
    source_url: str
    source_path: str
    note: str
    work_slug: str
    unit_id: str
    unit_title: str
    retrieved_utc: str
    out_path: str
    sha256: str


def parse_manifest(text: str, path: str) -> list[ManifestRow]:
    """The rows of a manifest, each remembering its line; a missing column or a bad row names the line."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise InputError(
            f"the manifest has no column {', '.join(missing)}",
            path=path,
            line=1,
            hint=f"its first line must name the columns, among them {', '.join(REQUIRED_COLUMNS)}",
        )
    rows: list[ManifestRow] = []
    for record in reader:
        line = reader.line_num
        if None in record or any(value is None for value in record.values()):
            raise InputError("this row does not have one value per column", path=path, line=line)
        values = {key: (value or "").strip() for key, value in record.items() if key is not None}
        if not values["work_id"] or not values["out_path"]:
            raise InputError("this row has no work_id or no out_path", path=path, line=line)
        rows.append(
            ManifestRow(
                line=line,
                work_id=values["work_id"],
                title=values["title"],
                author=values["author"],
                year=values.get("year", ""),
                genre=values.get("genre", ""),
                source_url=values.get("source_url", ""),
                source_path=values.get("source_path", ""),
                note=values.get("note", ""),
                work_slug=values["work_slug"],
                unit_id=values["unit_id"],
                unit_title=values.get("unit_title", ""),
                retrieved_utc=values.get("retrieved_utc", ""),
                out_path=values["out_path"],
                sha256=values.get("sha256", "").lower(),
            )
        )
    return rows
