"""Ruled tables via pdfplumber's ``find_tables``, as rows of cell text.

Only pages that draw enough lines or rectangles are searched (a table without rules is
read as text). A "table" of one row or one column is a box around text, not a table,
and stays in the running text. Cell text comes from the same word grouping as the rest
of the page (:func:`extract.lines.page_rows`), run once over the table's characters:
pdfplumber's ``Table.extract`` would scan every character once per row, and glue words
in tightly set cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lines import WORD_GAP, Word, page_rows
from .textutil import join_lines, normalize

# pdfplumber's table finder needs at least this many rules to outline a 2x2 grid.
_MIN_RULES = 4


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]


def page_tables(page, chars: list[dict], word_gap: float = WORD_GAP) -> list[FoundTable]:
    """Tables on one pdfplumber page, in the order pdfplumber finds them."""
    objects = page.objects
    rules = len(objects.get("rect", ())) + len(objects.get("line", ()))
    if rules < _MIN_RULES:
        return []
    width, height = float(page.width), float(page.height)
    found: list[FoundTable] = []
    for table in page.find_tables():
        x0, top, x1, bottom = table.bbox
        if (x1 - x0) * (bottom - top) > 0.8 * width * height:
            continue  # a page border, not a table
        inside = [
            c
            for c in chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        ]
        words = [w for row in page_rows(inside, width, height, word_gap=word_gap) for w in row]
        rows = [[_cell_text(cell, words) for cell in row.cells] for row in table.rows]
        rows = [row for row in rows if any(c for c in row)]
        filled = sum(1 for row in rows for c in row if c)
        if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2 or filled < 3:
            continue
        found.append(FoundTable((x0, top, x1, bottom), rows))
    return found


def _cell_text(cell: tuple[float, float, float, float] | None, words: list[Word]) -> str | None:
    """The words whose centre lies in ``cell``, line by line, hyphenation undone."""
    if cell is None:
        return None
    x0, top, x1, bottom = cell
    mine = [
        w
        for w in words
        if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom
    ]
    text = ""
    line = ""
    last_base = None
    for w in sorted(mine, key=lambda w: (round(w.base), w.x0)):
        if last_base is not None and abs(w.base - last_base) > 2:
            text = join_lines(text, line) if text else line
            line = ""
        line = f"{line}{'' if w.glue or not line else ' '}{w.text}"
        last_base = w.base
    if line:
        text = join_lines(text, line) if text else line
    return normalize(text)
