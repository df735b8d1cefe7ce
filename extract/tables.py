"""Tables as rows of cell text: ruled grids, and tables drawn with horizontal rules only.

Ruled grids come from pdfplumber's ``find_tables``. Only pages that draw enough lines or
rectangles are searched (a table without rules is read as text). A "table" of one row or
one column is a box around text, not a table, and stays in the running text.

Academic tables often have no vertical lines at all: LaTeX's booktabs and the APA style
that Word templates of Indonesian journals follow draw a rule above the table, one under
its header and one below it. pdfplumber needs rules on both axes, so these are found here:
three or more rules of the same width stacked in one column (:func:`_rule_only_tables`),
a short header band under the top rule, and text below it whose words leave the same
empty vertical strips (gutters) on every line, which give the columns. What looks like a
table but reads like prose (a boxed abstract, a page of paragraphs between a header rule
and a footer rule, a numbered list) is left in the running text.

Cell text comes from the same word grouping as the rest of the page
(:func:`extract.lines.page_rows`), run once over the table's characters: pdfplumber's
``Table.extract`` would scan every character once per row, and glue words in tightly set
cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import WORD_GAP, Word, page_rows
from .textutil import join_lines, normalize

# pdfplumber's table finder needs at least this many rules to outline a 2x2 grid.
_MIN_RULES = 4
# A horizontal rule: a line or filled rectangle at most this thick, at least this long.
_RULE_THICKNESS = 2.5
_RULE_MIN_LENGTH = 60.0
# Segments on one baseline closer than this are one rule (Word draws a rule cell by cell).
_SEGMENT_GAP = 4.0
# Rules of one table start and end within this of each other.
_SAME_EXTENT = 3.0
# Two rules closer than this are one (a double rule, or a rectangle's two edges).
_DOUBLE_RULE = 3.0
# The header band between the top rule and the one under it holds at most this many lines.
_MAX_HEADER_LINES = 5
# A gutter between columns is at least this share of the font size wide (cell padding in
# Word and LaTeX is about 1em; word spaces are 0.25-0.5em, and do not line up).
_GUTTER = 0.75
# A cell line of at least this many words filling its column is running text; a column
# with more than this share of such lines is prose.
_PROSE_WORDS = 4
_PROSE_SHARE = 0.4
_CAPTION = re.compile(r"^(tabel|table|tab\.)\s*[0-9ivxlc]", re.IGNORECASE)
_NUMERIC = re.compile(r"^[-+−–(]?[\d.,%/:()±×x*−–-]+$")


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]


def page_tables(page, chars: list[dict], word_gap: float = WORD_GAP) -> list[FoundTable]:
    """Tables on one pdfplumber page: ruled grids first, then tables with horizontal rules only."""
    objects = page.objects
    drawn = [*objects.get("rect", ()), *objects.get("line", ())]
    width, height = float(page.width), float(page.height)
    found = _ruled_tables(page, chars, width, height, word_gap) if len(drawn) >= _MIN_RULES else []
    if len(drawn) >= 3:
        found.extend(_rule_only_tables(drawn, chars, width, height, word_gap, found))
    return found


def _ruled_tables(
    page, chars: list[dict], width: float, height: float, word_gap: float
) -> list[FoundTable]:
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
        if reads_as_prose(rows):
            continue  # lines of a paragraph in boxes (white rectangles, a framed column)
        found.append(FoundTable((x0, top, x1, bottom), rows))
    return found


_TERMINAL = re.compile(r"[.?!:;]['\"”’)]*$")


def reads_as_prose(rows: list[list[str | None]]) -> bool:
    """A grid whose cells are the lines of a paragraph: most rows fill one cell only, and
    the text runs from cell to cell (a line that ends mid-sentence, the next one going on in
    lower case). A producer that paints each line of a column on its own white rectangle,
    or frames a paragraph, gives pdfplumber such grids; their text belongs to passages.
    When in doubt the answer is prose: a table's text left in passages is still found and
    cited, a paragraph taken for a table is not."""
    cells = [c.strip() for row in rows for c in row if c and c.strip()]
    if len(cells) < 2:
        return False
    lone = sum(1 for row in rows if sum(1 for c in row if c and c.strip()) == 1)
    words = sum(len(c.split()) for c in cells) / len(cells)
    flows = sum(
        1
        for a, b in zip(cells, cells[1:])
        if not _TERMINAL.search(a) and b[:1].islower() and len(a.split()) >= 2
    )
    flowing = flows / (len(cells) - 1)
    # A first row of short cells side by side names the columns: a table whose other
    # rows may well fill one cell each (titles listed under "Judul | Keluaran").
    head = [c for c in rows[0] if c and c.strip()]
    headed = len(head) >= 2 and all(len(c.split()) <= 5 for c in head)
    if not headed and lone >= 0.7 * len(rows) and (flowing >= 0.4 or words >= 3):
        return True
    return flowing >= 0.6 and words >= 3


# --- Tables drawn with horizontal rules only --------------------------------------------


@dataclass
class _Rule:
    x0: float
    x1: float
    y: float
    # Where two segments meet: Word draws a rule cell by cell, so these are cell borders.
    joints: list[float] = field(default_factory=list)


def _rule_only_tables(
    drawn: list[dict],
    chars: list[dict],
    width: float,
    height: float,
    word_gap: float,
    ruled: list[FoundTable],
) -> list[FoundTable]:
    rules = _horizontal_rules(drawn)
    if len(rules) < 3:
        return []
    verticals = _vertical_rules(drawn)
    found: list[FoundTable] = []
    for stack in _stacks(rules):
        x0 = min(r.x0 for r in stack) - 2
        x1 = max(r.x1 for r in stack) + 2
        top, bottom = stack[0].y, stack[-1].y
        inside = [
            c
            for c in chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top < (c["top"] + c["bottom"]) / 2 < bottom
        ]
        if not inside:
            continue
        lines = page_rows(inside, width, height, word_gap=word_gap)
        mine = [v for v in verticals if x0 <= v[0] <= x1]
        for table in _tables_in_stack(stack, lines, mine):
            if any(_overlap(table.bbox, t.bbox) for t in (*ruled, *found)):
                continue
            found.append(table)
    return found


def _horizontal_rules(drawn: list[dict]) -> list[_Rule]:
    """Visible thin horizontal lines and rectangles, segments on one baseline joined."""
    segments = []
    for obj in drawn:
        x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
        if bottom - top > _RULE_THICKNESS or x1 - x0 < 1 or not _visible(obj):
            continue
        segments.append(((top + bottom) / 2, x0, x1))
    segments.sort()
    rows: list[list[tuple[float, float, float]]] = []
    for seg in segments:
        if rows and seg[0] - rows[-1][0][0] <= 1.5:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    rules: list[_Rule] = []
    for row in rows:
        y = sum(s[0] for s in row) / len(row)
        spans = sorted((s[1], s[2]) for s in row)
        a, b = spans[0]
        joints: list[float] = []
        for s0, s1 in [*spans[1:], (float("inf"), float("inf"))]:
            if s0 - b <= _SEGMENT_GAP:
                if s1 > b + 1 and s0 > a + 1:
                    joints.append((s0 + b) / 2)
                b = max(b, s1)
                continue
            if b - a >= _RULE_MIN_LENGTH:
                inner = [j for j in joints if a + 3 < j < b - 3]
                rules.append(_Rule(a, b, y, _cluster(inner)))
            a, b = s0, s1
            joints = []
    kept: list[_Rule] = []
    for r in sorted(rules, key=lambda r: r.y):
        twin = next((k for k in kept if r.y - k.y <= _DOUBLE_RULE and _same_extent(k, r)), None)
        if twin is None:
            kept.append(r)
    return kept


def _cluster(xs: list[float], tol: float = 3.0) -> list[float]:
    """Positions closer than ``tol`` as one (their mean)."""
    groups: list[list[float]] = []
    for x in sorted(xs):
        if groups and x - groups[-1][-1] <= tol:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [sum(g) / len(g) for g in groups]


def _visible(obj: dict) -> bool:
    if obj["object_type"] == "line":
        return not _white(obj.get("stroking_color"))
    stroke, fill = obj.get("stroke"), obj.get("fill")
    if fill and not _white(obj.get("non_stroking_color")):
        return True
    return bool(stroke) and not _white(obj.get("stroking_color"))


def _white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return color >= 0.98
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):  # a pattern name
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.02 for v in values)
    return bool(values) and all(v >= 0.98 for v in values)


def _vertical_rules(drawn: list[dict]) -> list[tuple[float, float, float]]:
    """Thin vertical lines and rectangles (x, top, bottom): a grid's, not a rule table's."""
    found = []
    for obj in drawn:
        x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
        if x1 - x0 <= _RULE_THICKNESS and bottom - top >= 4 and _visible(obj):
            found.append(((x0 + x1) / 2, top, bottom))
    return found


def _same_extent(a: _Rule, b: _Rule) -> bool:
    return abs(a.x0 - b.x0) <= _SAME_EXTENT and abs(a.x1 - b.x1) <= _SAME_EXTENT


def _stacks(rules: list[_Rule]) -> list[list[_Rule]]:
    """Rules of the same extent, top to bottom; three at least (top, under header, bottom).
    Shorter rules under a spanning header (``\\cmidrule``) form no stack of their own."""
    groups: list[list[_Rule]] = []
    for r in sorted(rules, key=lambda r: r.y):
        group = next((g for g in groups if _same_extent(g[0], r)), None)
        if group is None:
            groups.append([r])
        else:
            group.append(r)
    return [g for g in groups if len(g) >= 3]


def _tables_in_stack(
    stack: list[_Rule], lines: list[list[Word]], verticals: list[tuple[float, float, float]]
) -> list[FoundTable]:
    """Tables between the rules of one stack: a header band, then bands whose words keep to
    the same columns, as far down as they do. No vertical line may touch a table: one that
    has some is a grid, pdfplumber's to find."""
    pairs = list(zip(stack, stack[1:]))
    bands = [[ln for ln in lines if upper.y < _mid(ln) < lower.y] for upper, lower in pairs]

    def touched(top: float, bottom: float) -> bool:
        return any(t <= bottom + 2 and b >= top - 2 for _, t, b in verticals)

    def crossed(top: float, bottom: float) -> bool:
        return any(min(b, bottom) - max(t, top) > 2 for _, t, b in verticals)

    found: list[FoundTable] = []
    i = 0
    while i < len(bands) - 1:
        header = bands[i]
        if (
            not 1 <= len(header) <= _MAX_HEADER_LINES
            or any(_CAPTION.match(_line_text(ln)) for ln in header)
            or touched(stack[i].y, stack[i + 1].y)
            or (i > 0 and crossed(stack[i - 1].y, stack[i].y))  # the rest of a grid's header
        ):
            i += 1
            continue
        best: tuple[int, FoundTable] | None = None
        body: list[list[Word]] = []
        for j in range(i + 1, len(bands)):
            band = bands[j]
            if touched(stack[j].y, stack[j + 1].y) or any(
                _CAPTION.match(_line_text(ln)) for ln in band
            ):
                break
            if not band:
                continue
            body = body + band
            gutters = _gutters(body)
            if not gutters:
                break
            joints = _cluster([x for r in stack[i : j + 2] for x in r.joints])
            supported = [
                x
                for x in joints
                if sum(1 for r in stack[i : j + 2] if any(abs(x - y) <= 3 for y in r.joints)) >= 2
            ]
            table = _build(
                header, bands[i + 1 : j + 1], gutters, supported, stack[i].y, stack[j + 1].y
            )
            if table is not None:
                x0, top, x1, bottom = table.bbox
                table.bbox = (min(x0, stack[i].x0), top, max(x1, stack[i].x1), bottom)
                best = (j, table)
        if best is None:
            i += 1
            continue
        found.append(best[1])
        i = best[0] + 1
    return found


def _mid(line: list[Word]) -> float:
    return (min(w.top for w in line) + max(w.bottom for w in line)) / 2


def _line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def _min_gap(lines: list[list[Word]]) -> float:
    sizes = sorted(w.size for ln in lines for w in ln)
    return max(4.0, _GUTTER * sizes[len(sizes) // 2])


def _gutters(lines: list[list[Word]]) -> list[tuple[float, float]]:
    """Vertical strips no word of any line touches, wide enough to part two cells."""
    min_gap = _min_gap(lines)
    spans = sorted((w.x0, w.x1) for ln in lines for w in ln)
    gutters = []
    right = spans[0][1]
    for a, b in spans[1:]:
        if a - right >= min_gap:
            gutters.append((right, a))
        right = max(right, b)
    return gutters


def _build(
    header: list[list[Word]],
    body_bands: list[list[list[Word]]],
    gutters: list[tuple[float, float]],
    joints: list[float],
    top: float,
    bottom: float,
) -> FoundTable | None:
    """The table if the header and body keep to the columns the gutters give, else None.
    Cell borders where a Word rule's segments meet beat gutters as column edges (a number
    set close to the text of the next cell leaves no gutter), when no word crosses them."""
    # A header line of several words set as one run of text across the gutters is a
    # sentence (a caption, the paragraph before the table), not column heads.
    body_lines = [ln for band in body_bands for ln in band]
    min_gap = _min_gap(body_lines)
    for ln in header:
        if len(ln) < 4 or any(b.x0 - a.x1 >= min_gap for a, b in zip(ln, ln[1:])):
            continue
        across = sum(1 for g0, g1 in gutters if ln[0].x0 < g0 and ln[-1].x1 > g1)
        if across * 2 > len(gutters):
            return None
    if joints and not any(
        w.x0 < x - 1 and w.x1 > x + 1 for ln in (*header, *body_lines) for w in ln for x in joints
    ):
        cuts = joints
    else:
        cuts = [(g0 + g1) / 2 for g0, g1 in gutters]
    edges = [-float("inf"), *cuts, float("inf")]
    columns = list(zip(edges, edges[1:]))
    prose: list[bool] = []  # per column: do its lines read as running text?
    for c0, c1 in columns:
        cells = [[w for w in ln if c0 <= (w.x0 + w.x1) / 2 < c1] for ln in body_lines]
        cells = [c for c in cells if c]
        if not cells:
            return None  # a column empty all the way down: no column
        span = max(w.x1 for c in cells for w in c) - min(w.x0 for c in cells for w in c)
        running = sum(
            1
            for c in cells
            if sum(1 for w in c if any(ch.isalpha() for ch in w.text)) >= _PROSE_WORDS
            and c[-1].x1 - c[0].x0 >= 0.7 * span
        )
        prose.append(running > _PROSE_SHARE * len(cells))
    leading = _leading([*_rows([header], columns), *_rows(body_bands, columns)], columns)
    widest = max(_width(_first_cell(ln, columns)) for ln in (*header, *body_lines))
    header_rows = _rows([header], columns, leading, widest)
    body_rows = _rows(body_bands, columns, leading, widest)
    if len(body_rows) < 2:
        return None
    texts = []
    for row in header_rows + body_rows:
        row_words = [w for line in row for w in line]
        texts.append([_words_text(row_words, c0, c1) for c0, c1 in columns])
    body_texts = texts[len(header_rows) :]
    full = sum(1 for row in body_texts if sum(1 for c in row if c) >= 2)
    if full < 2 or full * 2 <= len(body_texts):
        return None
    # Text set in columns reads as prose: a two-column page, a numbered list. A table may
    # hold one column of running text (descriptions, quotations) beside its labels, under
    # heads that name its columns; under one head alone (a heading), no prose at all.
    heads = sum(1 for k in range(len(columns)) if any(row[k] for row in texts[: len(header_rows)]))
    # A first band holding one fragment off the first column (the tail of a cell from the
    # previous page or column) is no header: it stays a row, and the table is judged
    # without heads.
    fragment = (
        heads == 1 and len(columns) >= 3 and not any(row[0] for row in texts[: len(header_rows)])
    )
    if prose[0] or sum(prose) * 2 > len(columns) or (heads < 2 and not fragment and any(prose)):
        return None
    words = [w for ln in (*header, *body_lines) for w in ln]
    x0 = min(w.x0 for w in words)
    x1 = max(w.x1 for w in words)
    return FoundTable((x0, top, x1, bottom), texts)


def _rows(
    bands: list[list[list[Word]]],
    columns: list[tuple[float, float]],
    leading: float | None = None,
    widest: float = 0.0,
) -> list[list[list[Word]]]:
    """Lines grouped into table rows. A rule starts a row, and so does a line with text in
    the first column; a line without (a wrapped cell) continues the row above, unless it
    holds two numbers or more and nothing else (a "%" set apart is no number). Lines of a
    band above its first line with text in the first column belong to that line's row (a
    number centred beside a cell of several lines). Given the table's ``leading``, a line
    with text in the first column only that wraps the first cell of the row above
    (:func:`_continues`) joins that row."""
    first_right = columns[0][1]
    rows: list[list[list[Word]]] = []
    for band in bands:
        pending: list[list[Word]] = []
        started = False
        ordered = sorted(band, key=_mid)
        for k, ln in enumerate(ordered):
            first = any((w.x0 + w.x1) / 2 < first_right for w in ln)
            numbers = (
                len(ln) >= 2
                and all(_NUMERIC.match(w.text) for w in ln)
                and sum(1 for w in ln if any(ch.isdigit() for ch in w.text)) >= 2
            )
            if (
                first
                and started
                and leading is not None
                and _continues(rows[-1], ln, ordered[k + 1 :], columns, leading, widest)
            ):
                rows[-1].append(ln)
            elif first or (started and numbers):
                rows.append([*pending, ln])
                pending = []
                started = True
            elif started:
                rows[-1].append(ln)
            else:
                pending.append(ln)
        if pending:
            rows.append(pending)
    return rows


def _first_cell(line: list[Word], columns: list[tuple[float, float]]) -> list[Word]:
    return [w for w in line if (w.x0 + w.x1) / 2 < columns[0][1]]


def _column(word: Word, columns: list[tuple[float, float]]) -> int:
    middle = (word.x0 + word.x1) / 2
    return next((k for k, (c0, c1) in enumerate(columns) if c0 <= middle < c1), -1)


def _width(words: list[Word]) -> float:
    return words[-1].x1 - words[0].x0 if words else 0.0


def _leading(rows: list[list[list[Word]]], columns: list[tuple[float, float]]) -> float:
    """The table's usual distance between the baselines of one cell's lines (the median
    over its cells of several lines), or 1.3 times the font size when no cell has two."""
    gaps: list[float] = []
    for row in rows:
        for c0, c1 in columns:
            bases = sorted(
                {round(w.base, 1) for ln in row for w in ln if c0 <= (w.x0 + w.x1) / 2 < c1}
            )
            gaps.extend(b - a for a, b in zip(bases, bases[1:]) if b - a > 2)
    if gaps:
        gaps.sort()
        return gaps[len(gaps) // 2]
    sizes = sorted(w.size for row in rows for ln in row for w in ln)
    return 1.3 * sizes[len(sizes) // 2] if sizes else 0.0


def _continues(
    row: list[list[Word]],
    line: list[Word],
    below: list[list[Word]],
    columns: list[tuple[float, float]],
    leading: float,
    widest: float,
) -> bool:
    """Does ``line``, with text in the first column only and no rule above it, wrap the
    first cell of ``row`` rather than start a row of its own? It must be set in that
    cell's column (same left edge or centre) at no more than the table's usual leading
    below the cell's last line, and the row must show that the cell goes on: its other
    cells reach further down, the cell's last line ends in a hyphen, or the line's first
    word would not have fitted on that last line in the widest line the column has. A
    label over indented rows (the next line starts further right) stays a row, and so does
    a line set at the table's row spacing when that is wider than its leading, one under a
    row whose other cells sit in the middle of the first cell as it is, and one followed
    by cells for columns the row has filled (the middle of the row the line starts)."""
    mine = _first_cell(line, columns)
    if len(mine) != len(line):
        return False
    above = [c for c in (_first_cell(ln, columns) for ln in row) if c]
    if not above:
        return False
    last = sorted(above[-1], key=lambda w: w.x0)
    mine = sorted(mine, key=lambda w: w.x0)
    left = abs(last[0].x0 - mine[0].x0) <= 2
    centred = abs((last[0].x0 + last[-1].x1) - (mine[0].x0 + mine[-1].x1)) <= 4
    if not (left or centred):
        return False
    last_base = max(w.base for w in last)
    gap = min(w.base for w in mine) - last_base
    if gap <= 0 or gap > leading * 1.1 + 0.5:
        return False
    others = [
        w for ln in row for w in ln if w not in above[-1] and (w.x0 + w.x1) / 2 >= columns[0][1]
    ]
    filled = {_column(w, columns) for w in others}
    for ln in below:
        nxt = sorted(_first_cell(ln, columns), key=lambda w: w.x0)
        if nxt:
            if nxt[0].x0 > mine[0].x0 + 3:
                return False  # a group label over indented rows
            break
        if any(_column(w, columns) in filled for w in ln):
            return False  # cells set in the middle of the row this line starts
    if others:
        low, high = min(w.base for w in others), max(w.base for w in others)
        first_base = min(w.base for w in above[0])
        if (
            low > first_base + 0.25 * leading
            and abs((low + high) - (first_base + last_base)) <= 0.6 * leading
        ):
            return False  # other cells set in the middle of the row, beside the whole cell
        if high > last_base + 0.4 * leading:
            return True
    if last[-1].text.endswith(("-", "\u2010", "\u00ad")):
        return True
    space = 0.25 * mine[0].size
    return _width(last) + space + (mine[0].x1 - mine[0].x0) > widest + 1


def _words_text(words: list[Word], c0: float, c1: float) -> str | None:
    mine = [w for w in words if c0 <= (w.x0 + w.x1) / 2 < c1]
    if not mine:
        return None
    return _join(mine) or None


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


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
    return _join(mine)


def _join(words: list[Word]) -> str:
    """Words line by line (by baseline), hyphenation undone, whitespace normalized."""
    text = ""
    line = ""
    last_base = None
    for w in sorted(words, key=lambda w: (round(w.base), w.x0)):
        if last_base is not None and abs(w.base - last_base) > 2:
            text = join_lines(text, line) if text else line
            line = ""
        line = f"{line}{'' if w.glue or not line else ' '}{w.text}"
        last_base = w.base
    if line:
        text = join_lines(text, line) if text else line
    return normalize(text)
