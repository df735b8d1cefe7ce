"""Reading order across one, two and three columns, with blocks that span the columns.

A column gutter is a vertical strip that the rows of a page leave empty, with text on
both sides and the column to its right starting at one aligned left edge. Gutters are
found per page from word positions. Each row then either spans a gutter (a title block,
an abstract, a wide table caption) or falls into columns; consecutive rows of one kind
form a region, and regions are read top to bottom, a column region column by column.
"""

from __future__ import annotations

from collections import Counter

from .lines import Line, Word

_FEW_ROWS = 8  # fewer rows than this show no gutter of their own
_NEAR = 30.0  # how close to a gutter a row's text must come to tell about it


def _blocked(row: list[Word], gap_min: float) -> list[tuple[float, float]]:
    """Stretches of x a row covers: its words and the ordinary spaces between them."""
    spans: list[tuple[float, float]] = []
    a = row[0].x0
    b = row[0].x1
    for w in row[1:]:
        if w.x0 - b < gap_min:
            b = max(b, w.x1)
        else:
            spans.append((a, b))
            a, b = w.x0, w.x1
    spans.append((a, b))
    return spans


def _row_size(row: list[Word]) -> float:
    sizes = sorted(w.size for w in row)
    return sizes[len(sizes) // 2]


def find_gutters(rows: list[list[Word]]) -> list[float]:
    """x positions of column gutters on a page (empty list for a one-column page).

    Candidates are left edges where several rows start text after a wide gap (or start
    right of the page's left margin); the gutter is the strip left of such an edge that
    (almost) no row covers.
    """
    if len(rows) < _FEW_ROWS:
        return []
    x_min = min(w.x0 for r in rows for w in r)
    x_max = max(w.x1 for r in rows for w in r)
    width = x_max - x_min
    if width < 100:
        return []
    spans = [_blocked(r, max(7.0, 0.9 * _row_size(r))) for r in rows]
    lo = x_min + 0.15 * width
    hi = x_max - 0.15 * width
    starts: Counter[int] = Counter()
    for row_spans in spans:
        for k, (a, _b) in enumerate(row_spans):
            if (k > 0 or a > lo) and lo <= a <= hi:
                starts[round(a)] += 1
    edges: list[int] = []
    for x, _count in starts.most_common():
        near = sum(v for k, v in starts.items() if abs(k - x) <= 2)
        if near < 4:
            break
        if all(abs(x - e) > 6 for e in edges):
            edges.append(x)
    # How many rows cover each point of x: a gutter is the low strip left of an edge.
    origin = int(x_min)
    cover = [0] * (int(x_max) - origin + 3)
    for row_spans in spans:
        for a, b in row_spans:
            cover[int(a) - origin] += 1
            cover[int(b) - origin + 1] -= 1
    for i in range(1, len(cover)):
        cover[i] += cover[i - 1]
    scored: list[tuple[int, int, float]] = []
    for edge in edges:
        # The column's true left edge may sit a little left of the commonest start (a
        # reference list's first lines hang out of its indented continuation lines).
        near = [a for row_spans in spans for a, _b in row_spans if edge - 25 <= a <= edge + 3]
        # (Starts spread a point and a half apart share no edge: take the commonest.)
        right = min(
            (a for a in near if sum(1 for o in near if abs(o - a) <= 1.5) >= 2), default=edge
        )
        x = int(right) - origin - 1
        base = cover[x]
        stop = x - int(0.4 * width)
        while x > max(0, stop) and cover[x - 1] <= base + 1:
            x -= 1
        if int(right) - origin - x < 3:
            continue
        center = (x + origin + right) / 2
        score = _support(rows, spans, center)
        if score:
            blocking = sum(1 for rs in spans if any(a < center < b for a, b in rs))
            scored.append((blocking, -score, center))
    # Emptiest strip first (a true gutter is crossed only by spanning rows), then the best
    # supported; a column narrower than a fifth of the text is a table's, not a column.
    gutters: list[float] = []
    for _blocking, _score, center in sorted(scored):
        bounds = sorted([x_min, x_max, *gutters, center])
        if all(b - a >= 0.2 * width for a, b in zip(bounds, bounds[1:])):
            gutters.append(center)
    return sorted(gutters)


def carry_gutters(
    rows: list[list[Word]], previous: list[float], *, top: float, bottom: float
) -> list[float]:
    """The previous page's gutters for a page too short to show its own (an article's
    last page: a few lines in each column under the references), when every row between
    ``top`` and ``bottom`` (the running header and footer are left out) keeps clear of
    them and text stands on both sides of each."""
    rows = [r for r in rows if min(w.top for w in r) >= top and max(w.bottom for w in r) <= bottom]
    if not previous or not rows or len(rows) >= _FEW_ROWS:
        return []
    spans = [_blocked(r, max(7.0, 0.9 * _row_size(r))) for r in rows]
    for g in previous:
        if any(a < g < b for rs in spans for a, b in rs):
            return []
        left = sum(1 for r in rows if any(w.x1 < g for w in r))
        right = sum(1 for r in rows if any(w.x0 > g for w in r))
        if left < 2 or right < 2:
            return []
    return list(previous)


def _support(rows: list[list[Word]], spans: list[list[tuple[float, float]]], c: float) -> int:
    """How many rows back a gutter at ``c`` (0: none): text must sit on both sides of it,
    and the column to its right must start at one aligned edge."""
    left = right = 0
    starts: list[int] = []
    crossing: list[int] = []  # rows that cross the gutter, by index (top to bottom)
    free: list[int] = []
    for k, (row, row_spans) in enumerate(zip(rows, spans)):
        if any(a < c < b for a, b in row_spans):
            crossing.append(k)
            continue
        free.append(k)
        has_left = any(w.x1 < c for w in row)
        first_right = next((w.x0 for w in row if w.x0 > c), None)
        left += has_left
        if first_right is not None:
            right += 1
            starts.append(round(first_right))
    # Rows above the columns or below them (a title and a long abstract across the page,
    # a footer) do not count against a gutter; rows crossing it between column lines do.
    blocking = sum(1 for k in crossing if free and free[0] < k < free[-1])
    if left < 4 or right < 4 or blocking > left + right:
        return 0
    if _interleaved(rows, spans, c):
        return 0
    counts = Counter(starts)
    edge, _ = counts.most_common(1)[0]
    aligned = sum(v for k, v in counts.items() if abs(k - edge) <= 2)
    return aligned + left if aligned >= max(4, 0.3 * right) else 0


def _interleaved(rows: list[list[Word]], spans: list[list[tuple[float, float]]], c: float) -> bool:
    """A strip of wide justified spaces inside a column, not a gutter: of the rows with
    text near ``c``, most that leave it free sit alone between rows that cross it (a
    gutter's free rows come in runs, a column's lines; the rows crossing it are titles,
    abstracts and wide captions set apart from them)."""
    near = []
    for row, row_spans in zip(rows, spans):
        if any(a - _NEAR <= c <= b + _NEAR for a, b in row_spans):
            near.append((min(w.top for w in row), any(a < c < b for a, b in row_spans)))
    near.sort()
    states = [blocked for _top, blocked in near]
    free = [i for i, blocked in enumerate(states) if not blocked]
    alone = sum(1 for i in free if 0 < i < len(states) - 1 and states[i - 1] and states[i + 1])
    return len(free) >= 4 and alone > 0.5 * len(free)


def order_lines(rows: list[list[Word]], page: int, gutters: list[float]) -> list[Line]:
    """The page's lines in reading order, each tagged with its region and column."""
    if not rows:
        return []
    lines: list[Line] = []
    if not gutters:
        for row in rows:
            lines.append(Line(row, page))
        return lines
    region = 0
    pending: list[list[Line]] = [[] for _ in range(len(gutters) + 1)]
    in_columns = False

    def flush() -> None:
        for col in pending:
            lines.extend(col)
            col.clear()

    left = min(w.x0 for row in rows for w in row)
    right = max(w.x1 for row in rows for w in row)
    middle, width = (left + right) / 2, right - left
    for row in rows:
        row_spans = _blocked(row, max(7.0, 0.9 * _row_size(row)))
        spanning = any(a < g < b for a, b in row_spans for g in gutters)
        if not spanning and not in_columns:
            # Under a spanning title, a short line centred on the page (the title's second
            # line, a byline, an affiliation) belongs to the title block, though it happens
            # to clear the gutter.
            x0, x1 = min(w.x0 for w in row), max(w.x1 for w in row)
            spanning = abs((x0 + x1) / 2 - middle) < 0.04 * width and x1 - x0 < 0.6 * width
        if spanning:
            if in_columns:
                flush()
                region += 1
                in_columns = False
            lines.append(Line(row, page, col=-1, region=region))
            continue
        if not in_columns:
            if lines:
                region += 1
            in_columns = True
        cols: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]
        for w in row:
            k = sum(1 for g in gutters if (w.x0 + w.x1) / 2 > g)
            cols[k].append(w)
        for k, words in enumerate(cols):
            if words:
                pending[k].append(Line(words, page, col=k, region=region))
    flush()
    return lines


def column_of(x0: float, x1: float, gutters: list[float]) -> int:
    """Index of the column a box sits in (by its centre); -1 when it spans a gutter (a
    table may reach a few points into the gutter without spanning it)."""
    if any(x0 < g - 10 and x1 > g + 10 for g in gutters):
        return -1
    return sum(1 for g in gutters if (x0 + x1) / 2 > g)
