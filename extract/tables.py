"""Ruled tables via pdfplumber's ``find_tables``, as rows of cell text.

Only pages that draw enough lines or rectangles are searched (a table without rules is
read as text). A "table" of one row or one column is a box around text, not a table,
and stays in the running text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .textutil import join_lines, normalize

# pdfplumber's table finder needs at least this many rules to outline a 2x2 grid.
_MIN_RULES = 4


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    joined = ""
    for line in text.split("\n"):
        joined = join_lines(joined, line.strip()) if joined else line.strip()
    return normalize(joined)


def page_tables(page, *, x_tolerance: float) -> list[FoundTable]:
    """Tables on one pdfplumber page, largest structure first as pdfplumber finds them."""
    objects = page.objects
    rules = len(objects.get("rect", ())) + len(objects.get("line", ()))
    if rules < _MIN_RULES:
        return []
    found: list[FoundTable] = []
    for table in page.find_tables():
        rows = table.extract(x_tolerance=x_tolerance)
        rows = [[_cell(c) for c in row] for row in rows]
        rows = [row for row in rows if any(c for c in row)]
        filled = sum(1 for row in rows for c in row if c)
        if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2 or filled < 3:
            continue
        x0, top, x1, bottom = table.bbox
        if (x1 - x0) * (bottom - top) > 0.8 * float(page.width) * float(page.height):
            continue  # a page border, not a table
        found.append(FoundTable((x0, top, x1, bottom), rows))
    return found
