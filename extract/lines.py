"""Characters to words to rows: the one pass over ``page.chars`` that everything else uses.

pdfplumber's own word grouping glues words together when a line is set tightly (its
``x_tolerance`` is a fixed 3 points, wider than a word space in 8-point type), and splits
letter-spaced titles into letters if the tolerance is lowered. Here a word break is a gap
wider than a share of the font size, and that share rises for a letter-spaced line (when
the typical gap between its letters is itself wide). Superscripts (footnote markers,
author affiliations) sit on a raised baseline; they join the line they belong to and are
flagged so that author lines can be split at them; as text they are dropped
("kepegawaian¹," reads "kepegawaian,"), so that search and quotation see the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A gap wider than this share of the font size separates words (word spaces are ~0.25em,
# kerning inside a word stays under ~0.05em).
WORD_GAP = 0.15
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "ft",
    "\ufb06": "st",
}
_NOTE_MARK = re.compile(r"^[\d,*†‡§]+\)?$")
_BOLD_HINTS = ("bold", "black", "heavy", "semibold", "demi", ",b", "-bd", "+bd")


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # estimated baseline (from the top of the page)
    size: float
    bold: bool
    artifact: bool = False  # marked as /Artifact (running header/footer) by the producer
    sup: bool = False  # a raised, smaller word: footnote or affiliation marker
    glue: bool = False  # joins the previous word without a space
    glyphs: int = 0  # characters of the page it was made of (for the page's accounting)


@dataclass(slots=True)
class Line:
    """Words on one baseline within one column: the unit of layout analysis."""

    words: list[Word]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    base: float = 0.0
    size: float = 0.0
    bold: bool = False
    artifact: bool = False
    col: int = -1  # column index within its region; -1 for a full-width line
    region: int = 0
    text: str = ""
    left: float = 0.0  # left and right edges of the column the line sits in
    right: float = 0.0
    role: str = "body"  # body, furniture, footnote (set by later passes)
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        words = self.words
        self.x0 = min(w.x0 for w in words)
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        main = [w for w in words if not w.sup] or words
        weights: dict[float, int] = {}
        bold = 0
        total = 0
        for w in main:
            n = len(w.text)
            key = round(w.size * 2) / 2
            weights[key] = weights.get(key, 0) + n
            total += n
            if w.bold:
                bold += n
        self.size = max(weights, key=weights.__getitem__)
        self.base = max(w.base for w in main)
        self.bold = bold >= 0.6 * total
        self.artifact = all(w.artifact for w in words)
        parts: list[str] = []
        for i, w in enumerate(words):
            if i and w.sup and w.glue and _NOTE_MARK.match(w.text):
                continue  # a footnote or affiliation mark set against a word: not text
            if i and (not w.glue or (i == 1 and words[0].sup)):  # "¹ Lihat ...": "1 Lihat"
                parts.append(" ")
            parts.append(w.text)
        self.text = "".join(parts)


_bold_cache: dict[str, bool] = {}


def is_bold_font(fontname: str) -> bool:
    bold = _bold_cache.get(fontname)
    if bold is None:
        low = fontname.lower()
        bold = any(h in low for h in _BOLD_HINTS)
        _bold_cache[fontname] = bold
    return bold


def page_rows(
    chars: list[dict],
    width: float,
    height: float,
    *,
    exclude: list[tuple[float, float, float, float]] | None = None,
    word_gap: float = WORD_GAP,
    tally: dict[str, int] | None = None,
) -> list[list[Word]]:
    """Group a page's upright characters into rows of words, top to bottom.

    ``exclude`` holds boxes (tables) whose characters are left out. Rotated characters
    (margin stamps, vertical table headers) are left out too: they are not running text.
    Glyphs the font gives no character for (pdfminer's ``(cid:NNN)``) are dropped: they
    are no text a reader could search or quote.

    ``tally``, when given, receives the page's character counts (spaces left aside):
    ``total`` (on the page), ``excluded`` (in ``exclude`` boxes), ``rotated`` (and where:
    ``rotated_margin``, in the outer tenth of the page, and ``drawn``, level after all:
    the labels of a drawing that pdfminer reports as transformed) and ``cid`` (dropped
    glyphs, not in ``total``). Fake-bold second copies of a glyph are not counted at all.
    """
    items = []
    total = excluded = rotated = rotated_margin = drawn = cid = 0
    chars = decode_shifted(chars)
    for c in chars:
        text = c["text"]
        x0 = c["x0"]
        x1 = c["x1"]
        top = c["top"]
        bottom = c["bottom"]
        if x1 <= 0 or x0 >= width or bottom <= 0 or top >= height:
            continue
        if _is_cid(text):
            cid += 1
            continue
        blank = not text or text.isspace()
        if exclude and any(
            b[0] <= (x0 + x1) / 2 <= b[2] and b[1] <= (top + bottom) / 2 <= b[3] for b in exclude
        ):
            if not blank:
                total += 1
                excluded += 1
            continue
        if not blank:
            total += 1
        if not c.get("upright", True):
            if not blank:
                rotated += 1
                if _level(c.get("matrix")):
                    drawn += 1
                elif x1 < 0.1 * width or x0 > 0.9 * width or bottom < 0.1 * height:
                    rotated_margin += 1
            continue
        size = c.get("size") or (bottom - top) or 1.0
        items.append(
            (
                bottom - 0.2 * size,
                x0,
                x1,
                top,
                bottom,
                size,
                c["text"],
                c.get("fontname") or "",
                c.get("tag") == "Artifact",
            )
        )
    if tally is not None:
        tally.update(
            total=total,
            excluded=excluded,
            rotated=rotated,
            rotated_margin=rotated_margin,
            drawn=drawn,
            cid=cid,
        )
    if not items:
        return []
    items.sort(key=lambda t: t[0])
    groups: list[list[tuple]] = []
    current = [items[0]]
    anchor = items[0][0]
    anchor_size = items[0][5]
    for it in items[1:]:
        if it[0] - anchor <= 0.25 * max(anchor_size, it[5]):
            current.append(it)
        else:
            groups.append(current)
            current = [it]
            anchor = it[0]
            anchor_size = it[5]
    groups.append(current)
    rows = [_words(g, word_gap) for g in groups]
    rows = [r for r in rows if r]
    if tally is not None:
        # Characters in no word are second copies of a fake-bold glyph: not text.
        kept = total - excluded - rotated
        tally["total"] -= kept - sum(w.glyphs for r in rows for w in r)
    return _attach_superscripts(rows)


# Word's subset fonts ("Times New Roman_00") may number their glyphs 29 below the
# characters they draw and carry no map back; pdfminer then reads "0HGLD" for "Media" and
# "(cid:3)" for a space. Quotes and dashes sit elsewhere in the glyph order.
_WORD_SHIFT = 29
_SHIFTED_PUNCTUATION = {"³": "“", "´": "”", "µ": "‘", "¶": "’", "±": "–", "²": "—"}
_VOWELS = frozenset("aeiouAEIOU")


def _is_cid(text: str) -> bool:
    return len(text) > 1 and text.startswith("(cid:")


def _unshift(text: str) -> str:
    if _is_cid(text):
        code = int(text[5:-1]) + _WORD_SHIFT if text[5:-1].isdigit() else 0
        return chr(code) if 32 <= code < 127 else text
    if len(text) == 1 and 3 <= ord(text) < 127 - _WORD_SHIFT:
        return chr(ord(text) + _WORD_SHIFT)
    return _SHIFTED_PUNCTUATION.get(text, text)


def _vowel_share(texts: list[str]) -> float:
    letters = [t for t in texts if t.isascii() and t.isalpha()]
    return sum(1 for t in letters if t in _VOWELS) / len(letters) if len(letters) >= 20 else 0.0


def decode_shifted(chars: list[dict]) -> list[dict]:
    """Characters of a font whose glyphs pdfminer could not map (it gave ``(cid:NNN)``)
    read back through Word's shifted glyph order, when that turns the font's text into
    words (vowels where letters were junk); other characters as they are."""
    fonts = {c.get("fontname") for c in chars if _is_cid(c["text"])}
    if not fonts:
        return chars
    shifted = set()
    for font in fonts:
        texts = [c["text"] for c in chars if c.get("fontname") == font]
        if _vowel_share(texts) < 0.2 and _vowel_share([_unshift(t) for t in texts]) >= 0.3:
            shifted.add(font)
    if not shifted:
        return chars
    return [
        {**c, "text": _unshift(c["text"])} if c.get("fontname") in shifted else c for c in chars
    ]


def _level(matrix: tuple | None) -> bool:
    """Set level after all: pdfminer calls a character rotated when its matrix's shear
    terms multiply to anything above zero, and the text of a Word drawing (a diagram's
    boxes) carries shears of 1e-8 from its transformations. It is a figure's text, not
    the running text, and is counted as such."""
    if not matrix:
        return False
    a, b, c, d = matrix[:4]
    return a > 0 and d > 0 and abs(b) + abs(c) < 1e-4 * (a + d)


def _words(chars: list[tuple], word_gap: float = WORD_GAP) -> list[Word]:
    """Split one row's characters into words at spaces and at gaps wider than ``word_gap``."""
    chars.sort(key=lambda t: t[1])
    # Drop overprinted duplicates (fake bold draws each glyph twice, a hair apart).
    kept = [chars[0]]
    for c in chars[1:]:
        p = kept[-1]
        if c[6] == p[6] and abs(c[1] - p[1]) < 0.3 * (p[2] - p[1] or 1) and abs(c[3] - p[3]) < 1:
            continue
        kept.append(c)
    chars = kept
    gaps = [(b[1] - a[2]) / max(a[5], b[5]) for a, b in zip(chars, chars[1:])]
    threshold = word_gap
    if len(gaps) >= 8:
        ordered = sorted(g for g in gaps)
        median = ordered[len(ordered) // 2]
        if median > 0.04:  # letter-spaced: the usual gap between letters is itself wide
            threshold = max(word_gap, 2.0 * median)
    words: list[Word] = []
    run: list[tuple] = []
    glue_next = False

    def flush(glue: bool) -> None:
        if not run:
            return
        text = "".join(LIGATURES.get(c[6], c[6]) for c in run)
        size = max(c[5] for c in run)
        bold = sum(is_bold_font(c[7]) for c in run) * 2 >= len(run)
        words.append(
            Word(
                text,
                run[0][1],
                max(c[2] for c in run),
                min(c[3] for c in run),
                max(c[4] for c in run),
                max(c[0] for c in run),
                size,
                bold,
                artifact=all(c[8] for c in run),
                glue=glue,
                glyphs=len(run),
            )
        )

    prev = None
    for i, c in enumerate(chars):
        text = c[6]
        if not text or text.isspace():
            flush(glue_next)
            run = []
            glue_next = False
            prev = None
            continue
        if prev is not None:
            gap = gaps[i - 1]
            size_jump = c[5] < 0.8 * prev[5] or prev[5] < 0.8 * c[5]
            if gap > threshold or gap < -0.6:
                flush(glue_next)
                run = []
                glue_next = False
            elif size_jump:
                # A superscript set against its word: its own word, no space between.
                flush(glue_next)
                run = []
                glue_next = True
        run.append(c)
        prev = c
    flush(glue_next)
    return words


def _attach_superscripts(rows: list[list[Word]]) -> list[list[Word]]:
    """Move raised small words into the row they are set against, flagged ``sup``."""
    if len(rows) < 2:
        return rows
    sizes = [_main_size(r) for r in rows]
    for i, row in enumerate(rows):
        if not row:  # all its words moved into the row below already
            continue
        size = sizes[i]
        target = None
        for j in (i + 1, i - 1):
            # (A row emptied by an earlier move has nothing left to attach to.)
            if 0 <= j < len(rows) and rows[j] and size < 0.85 * sizes[j]:
                other = rows[j]
                base = max(w.base for w in other)
                top = min(w.top for w in other)
                mine = max(w.base for w in row)
                if j == i + 1 and top - 1 <= mine <= base:
                    target = j
                    break
                if j == i - 1 and base <= mine <= base + 0.4 * sizes[j]:
                    target = j
                    break
        if target is None:
            continue
        other = rows[target]
        osize = sizes[target]
        moved = []
        for w in row:
            near = any(-0.5 * osize < w.x0 - o.x1 < 0.6 * osize for o in other) or any(
                -0.5 * osize < o.x0 - w.x1 < 0.6 * osize for o in other
            )
            if near:
                moved.append(w)
        if not moved:
            continue
        for w in moved:
            w.sup = True
            row.remove(w)
        merged = sorted(other + moved, key=lambda w: w.x0)
        for k, w in enumerate(merged):
            if k and (w.sup or merged[k - 1].sup):
                w.glue = w.x0 - merged[k - 1].x1 < WORD_GAP * osize
        other[:] = merged
    return [r for r in rows if r]


def _main_size(row: list[Word]) -> float:
    best: dict[float, int] = {}
    for w in row:
        best[w.size] = best.get(w.size, 0) + len(w.text)
    return max(best, key=best.__getitem__)


@dataclass
class PageLayout:
    """What the first pass keeps of a page once pdfplumber has let it go."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # reading order
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y
    gutters: list[float] = field(default_factory=list)  # column gutters' x
    status: str = "ok"
    message: str | None = None
    tally: dict[str, int] = field(default_factory=dict)  # character counts (page_rows)
