"""Lines to paragraphs, headings, captions and references.

Lines arrive in reading order across all pages, with headers, footers and footnotes
already set aside. A new paragraph starts at extra space between lines, at a first-line
indent, after a short line that ends a sentence, at a change of type, and at a heading,
caption or list item. Across a column or page break a paragraph goes on unless the last
line ended a sentence and the next one starts like a new paragraph, so a paragraph broken
by a page is one passage whose page is where it starts.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from .lines import Line, PageLayout
from .textutil import (
    BAB_HEADING,
    KNOWN_HEADINGS,
    heading_level,
    is_reference_heading,
    join_lines,
    normalize,
)

# The words that open a figure's or table's caption ("Gambar 2. ...", "Tabel 3 ...").
CAPTION_LABEL = r"(?:Tabel|Table|Gambar|Figure|Fig\.|Grafik|Bagan|Diagram|Foto|Skema)"
CAPTION = re.compile(
    rf"^{CAPTION_LABEL}\s+"
    r"(\d+|[IVX]+)((?:[.\-]\d+)*)\s*(?:[.:\-–—]\s*\S|\s+[A-Z\"“(])"
)
LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[a-zA-Z][.)]|\(\d{1,2}\)|\([a-z]\)|[•▪●◦■□➢✓\-–])\s+\S")
REFERENCE_START = re.compile(r"^(\[\d{1,3}\]|\d{1,3}\.\s)")
AUTHOR_START = re.compile(r"^[A-Z][\w'’\-]+,\s+(?:[A-Z]|\w+\s)")
TOC_LEADER = re.compile(r"(\.\s?){5,}|…{2,}|_{5,}")
# ("Keywords:" opens a line of keywords; "keyword “Ganjar ...”" in a sentence does not.)
KEYWORDS_LINE = re.compile(r"^\s*(kata\s*kunci|keywords?)\s*[:：.—–-]", re.I)
_TERMINAL = re.compile(r"[.?!:]['\"”’)]*$")


@dataclass
class Block:
    lines: list[Line]
    kind: str = "body"
    text: str = ""
    section: str | None = None
    locator: str | None = None  # a regulation's "Pasal 3 ayat (3)" (extract.regulation)

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def page_end(self) -> int:
        return self.lines[-1].page


@dataclass
class Stats:
    body_size: float
    pitch: dict[float, float]
    has_bold: bool
    indent_style: bool
    justified: dict[tuple[int, int], bool] = field(default_factory=dict)


def set_edges(pages: list[PageLayout]) -> None:
    """Give each line the left and right edges of its column on its page."""
    doc_lefts: dict[int, Counter] = {}
    doc_rights: dict[int, list[float]] = {}
    per_page: dict[tuple[int, int], list[Line]] = {}
    for page in pages:
        for ln in page.lines:
            if ln.role == "furniture":
                continue
            per_page.setdefault((page.number, ln.col), []).append(ln)
            doc_lefts.setdefault(ln.col, Counter())[round(ln.x0)] += 1
            doc_rights.setdefault(ln.col, []).append(ln.x1)
    doc_edges = {}
    for col, counter in doc_lefts.items():
        rights = sorted(doc_rights[col])
        doc_edges[col] = (_mode_edge(counter), rights[int(0.9 * (len(rights) - 1))])
    for (_page, col), lines in per_page.items():
        if len(lines) >= 4:
            left = _mode_edge(Counter(round(ln.x0) for ln in lines))
            rights = sorted(ln.x1 for ln in lines)
            right = rights[int(0.9 * (len(rights) - 1))]
            # A few lines of a hanging-indented list (a reference list's tail on the last
            # page) start mostly indented: where one starts at the column's edge in the
            # rest of the document, that is the edge.
            doc_left = doc_edges[col][0]
            if (
                len(lines) < 8
                and doc_left < left - 2
                and any(abs(ln.x0 - doc_left) <= 2 for ln in lines)
            ):
                left = doc_left
        else:
            left, right = doc_edges[col]
        if right - left < 20:
            left, right = doc_edges[col]
        for ln in lines:
            ln.left = min(left, ln.x0) if ln.x0 < left - 2 else left
            ln.right = max(right, ln.x1)


def _mode_edge(counter: Counter) -> float:
    """The most common left position, preferring the leftmost of near-ties (an indented
    first line must not become the edge)."""
    merged: Counter = Counter()
    for x, n in counter.items():
        merged[x] += n
        merged[x - 1] += n
        merged[x + 1] += n
    best = max(merged.values())
    return min(x for x, n in merged.items() if n >= 0.6 * best) + 1


def doc_stats(lines: list[Line]) -> Stats:
    sizes: Counter = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches: dict[float, list[float]] = {}
    indents = 0
    justified_votes: dict[tuple[int, int], list[bool]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.col == b.col and a.region == b.region and a.size == b.size:
            p = b.base - a.base
            if 0.9 * a.size < p < 3.2 * a.size:
                pitches.setdefault(a.size, []).append(p)
            width = a.right - a.left
            if width > 0:
                justified_votes.setdefault((a.page, a.col), []).append(a.x1 >= a.right - 3)
                ind_a = a.x0 - a.left
                if 0.8 * a.size <= ind_a < 0.3 * width and b.x0 - b.left < 2:
                    indents += 1
    pitch = {s: statistics.median(v) for s, v in pitches.items()}
    justified = {k: sum(v) >= 0.5 * len(v) for k, v in justified_votes.items() if len(v) >= 4}
    return Stats(
        body_size=body_size,
        pitch=pitch,
        has_bold=any(ln.bold for ln in lines),
        indent_style=indents >= 3,
        justified=justified,
    )


def ends_sentence(line: Line) -> bool:
    return bool(_TERMINAL.search(line.text))


def is_caption(text: str) -> bool:
    return bool(CAPTION.match(text))


def is_toc_line(text: str) -> bool:
    return bool(TOC_LEADER.search(text)) and bool(re.search(r"\d+\s*$|[ivxlc]+\s*$", text))


def is_heading_line(line: Line, stats: Stats) -> bool:
    text = line.text.strip()
    words = text.split()
    if not words or len(words) > 20 or text.endswith((",", ";")) or is_toc_line(text):
        return False
    if "byline" in line.extra:
        return False
    if KEYWORDS_LINE.match(text) or is_caption(text):
        return False
    big = line.size >= stats.body_size + 1.0
    styled = line.bold or big
    if BAB_HEADING.match(text) and len(words) <= 12:
        return True
    level = heading_level(text)
    bare = re.sub(r"^([\dIVX]+\.?|[A-H]\.)\s+", "", text).strip(" :").lower()
    if bare in KNOWN_HEADINGS and len(words) <= 5:
        return True
    if level and (styled or not stats.has_bold) and not _TERMINAL.search(text) and len(words) <= 14:
        return True
    if line.bold and len(words) <= 12 and not _TERMINAL.search(text):
        short = line.x1 < line.right - 0.1 * (line.right - line.left)
        if short or len(words) <= 6:
            return True
    return big and len(words) <= 20 and line.size >= stats.body_size * 1.15


def _short(line: Line) -> bool:
    width = line.right - line.left
    return line.x1 < line.right - max(2.5 * line.size, 0.12 * width)


def _indent(line: Line) -> float:
    return line.x0 - line.left


def _is_indented(line: Line) -> bool:
    width = line.right - line.left
    ind = _indent(line)
    return max(0.8 * line.size, 6) <= ind < 0.4 * width


def _centered(line: Line) -> bool:
    """Set centred in its column (a title, a caption), not merely indented."""
    return (
        abs((line.x0 + line.x1) / 2 - (line.left + line.right) / 2) < 3 and line.x0 > line.left + 1
    )


def _aligned_with_text_after_marker(a: Line, b: Line) -> bool:
    """``b`` continues a list item whose text (after ``1.`` or ``a.``) it lines up with,
    or hangs under (a tab stop a little right of the text's first letter)."""
    if len(a.words) < 2 or not LIST_ITEM.match(a.text):
        return False
    return a.words[0].x1 - 1 <= b.x0 <= max(a.words[1].x0, a.words[0].x1 + 2.5 * a.size) + 2.5


_NUMBERED_ITEM = re.compile(r"^(\d{1,2}|[a-z])[.)]\s+\S")


def _wraps_into(a: Line, b: Line, stats: Stats) -> bool:
    """``a`` is the first line of a numbered list item that runs on into ``b``: it fills
    its column (a heading stops short), and ``b`` follows at the text's line spacing, in
    the same type, lined up under the item's text or the column's edge."""
    if not _NUMBERED_ITEM.match(a.text) or not _same_stream(a, b):
        return False
    if (a.size, a.bold) != (b.size, b.bold) or _NUMBERED_ITEM.match(b.text):
        return False
    width = a.right - a.left
    if a.x1 < a.right - max(2 * a.size, 0.08 * width):
        return False
    pitch = b.base - a.base
    return 0 < pitch <= 1.35 * stats.pitch.get(a.size, 1.2 * a.size) and b.x0 >= a.left - 2


def _same_centre(a: Line, b: Line) -> bool:
    """Two lines centred on one axis, off the column's edge (a cover page's lines)."""
    return abs((a.x0 + a.x1) - (b.x0 + b.x1)) < 6 and a.x0 > a.left + 1 and b.x0 > b.left + 1


class Paragrapher:
    """Decides, line after line, where one passage ends and the next begins."""

    def __init__(self, lines: list[Line], stats: Stats):
        self.lines = lines
        self.stats = stats
        self.heading = [is_heading_line(ln, stats) for ln in lines]
        # The short last line of a bold paragraph or of a two-line caption is no heading.
        for i in range(1, len(lines)):
            a, b = lines[i - 1], lines[i]
            if (
                self.heading[i]
                and not self.heading[i - 1]
                and _same_stream(a, b)
                and (a.size, a.bold) == (b.size, b.bold)
                and 0 < b.base - a.base <= 1.6 * a.size
                and not ends_sentence(a)
                and not BAB_HEADING.match(b.text)
            ):
                self.heading[i] = False
        first_on_page = {
            id(ln) for k, ln in enumerate(lines) if k == 0 or lines[k - 1].page != ln.page
        }
        chapters = Counter(ln.page for ln in lines if BAB_HEADING.match(ln.text))
        for i, ln in enumerate(lines):
            if not self.heading[i] or ln.size >= stats.body_size + 1.0:
                continue
            if BAB_HEADING.match(ln.text):
                # A thesis chapter opens a page, alone; "BAB I ..." lines at the column's
                # edge, down a page or several on one page, list the chapters
                # ("Sistematika Penulisan"). (A regulation centres its BABs.)
                edge = ln.x0 <= ln.left + 2 and not _centered(ln)
                if edge and (chapters[ln.page] > 1 or id(ln) not in first_on_page):
                    self.heading[i] = False
            elif (
                i + 1 < len(lines)
                and not ln.bold
                and not self.heading[i + 1]  # (a heading wrapped over two lines)
                and _wraps_into(ln, lines[i + 1], stats)
            ):
                self.heading[i] = False  # "1. Penelitian ... yang berjudul" + its next line
        self.hanging_refs = False

    def expected_pitch(self, i: int) -> float:
        a = self.lines[i - 1]
        typical = self.stats.pitch.get(a.size, 1.2 * a.size)
        options = [typical]
        for j in (i - 1, i + 1):
            # (The space under a heading says nothing of the paragraph's line spacing: a
            # thesis sets it single and the text double.)
            if 1 <= j < len(self.lines) and not (self.heading[j - 1] or self.heading[j]):
                p, q = self.lines[j - 1], self.lines[j]
                if _same_stream(p, q) and p.size == q.size:
                    pitch = q.base - p.base
                    if 0.9 * p.size < pitch:
                        options.append(pitch)
        return min(options)

    def breaks(self, i: int, in_refs: bool) -> bool:
        """True when line ``i`` starts a new block."""
        a, b = self.lines[i - 1], self.lines[i]
        if self.heading[i] or self.heading[i - 1]:
            return True
        if is_caption(b.text) or is_toc_line(a.text):
            return True
        if "byline" in a.extra or "byline" in b.extra:
            return True
        if KEYWORDS_LINE.match(b.text) or BAB_HEADING.match(b.text):
            return True
        if abs(a.size - b.size) >= 1.0:
            return True
        if not _same_stream(a, b) or b.top < a.top - 1:
            return not self.continues(a, b, in_refs)
        pitch = b.base - a.base
        expected = self.expected_pitch(i)
        if pitch > 1.35 * expected and pitch - expected > 0.25 * a.size:
            return True
        if in_refs:
            return self.reference_break(a, b)
        if a.bold != b.bold:
            return True
        if LIST_ITEM.match(b.text) and (ends_sentence(a) or a.text.endswith(";") or _short(a)):
            return True
        if (
            _is_indented(b)
            and _indent(b) - _indent(a) > max(0.8 * b.size, 6)
            and not _aligned_with_text_after_marker(a, b)
            and not (_centered(a) and _centered(b))
            and not _same_centre(a, b)
        ):
            return True
        if _short(a):
            justified = self.stats.justified.get((a.page, a.col), True)
            starts_new = b.text[:1].isupper() or b.text[:1].isdigit() or b.text[:1] in '"“('
            if justified and (ends_sentence(a) or starts_new):
                return True
            width = a.right - a.left
            if not justified and ends_sentence(a) and a.x1 < a.right - 0.3 * width:
                return True
        return False

    def reference_break(self, a: Line, b: Line) -> bool:
        if REFERENCE_START.match(b.text):
            return True
        if self.hanging_refs:
            return _indent(b) < 2 and _indent(a) >= -2
        if _short(a) and ends_sentence(a):
            return True
        return bool(AUTHOR_START.match(b.text)) and bool(re.search(r"[.)\d]$", a.text.strip()))

    def continues(self, a: Line, b: Line, in_refs: bool) -> bool:
        """Across a column or page break: does ``b`` carry on the paragraph of ``a``?"""
        if a.bold != b.bold:
            return False
        if in_refs:
            if REFERENCE_START.match(b.text):
                return False
            if self.hanging_refs:  # continuation lines are the indented ones
                return _indent(b) >= 2
            return not (ends_sentence(a) and (_short(a) or AUTHOR_START.match(b.text)))
        if LIST_ITEM.match(b.text):
            return False
        if not ends_sentence(a):
            return not (self.stats.indent_style and _is_indented(b) and b.text[:1].isupper())
        if _short(a):
            return False
        if self.stats.indent_style:
            return not _is_indented(b)
        return b.text[:1].islower()

    def set_hanging(self, ref_lines: list[Line]) -> None:
        """References set with a hanging indent: continuation lines sit further in."""
        indented = sum(1 for ln in ref_lines if _indent(ln) >= 0.8 * ln.size)
        flush = len(ref_lines) - indented
        self.hanging_refs = indented >= 2 and flush >= 2 and indented >= 0.3 * len(ref_lines)


def _same_stream(a: Line, b: Line) -> bool:
    return a.page == b.page and a.region == b.region and a.col == b.col


def build_blocks(lines: list[Line], stats: Stats) -> list[Block]:
    """Group body lines (reading order, all pages) into blocks with kind and section."""
    if not lines:
        return []
    para = Paragrapher(lines, stats)
    blocks: list[Block] = []
    in_refs = False
    section: str | None = None
    i = 0
    current: list[Line] = []

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(_make_block(current, "body", section, in_refs))
            current = []

    while i < len(lines):
        ln = lines[i]
        if para.heading[i]:
            close()
            heading = [ln]
            j = i + 1
            while j < len(lines) and _continues_heading(heading[-1], lines[j], para.heading[j]):
                heading.append(lines[j])
                j += 1
            block = _make_block(heading, "heading", None, False)
            section = block.text
            block.section = section
            blocks.append(block)
            if is_reference_heading(block.text):
                in_refs = True
                end = next((k for k in range(j, len(lines)) if para.heading[k]), len(lines))
                para.set_hanging(lines[j:end])
            elif _is_chapter_heading(block.text):
                in_refs = False
            i = j
            continue
        if current and para.breaks(i, in_refs):
            close()
        current.append(ln)
        i += 1
    close()
    return blocks


def _continues_heading(last: Line, nxt: Line, nxt_is_heading: bool) -> bool:
    """``BAB IV`` + ``PENUTUP`` and a title wrapped over two lines are one heading."""
    if last.page != nxt.page:
        return False
    if BAB_HEADING.match(last.text) and not BAB_HEADING.match(last.text).group(2):
        return nxt.base - last.base < 4 * last.size and len(nxt.text.split()) <= 12
    if not nxt_is_heading or nxt.size != last.size or nxt.bold != last.bold:
        return False
    if _all_caps(last.text) and not _all_caps(nxt.text) and any(c.isalpha() for c in nxt.text):
        return False  # "HASIL DAN PEMBAHASAN" then "Konflik ...": two headings
    if re.match(r"^(BAB\s|\d+(\.\d+)*\.?\s|[A-H]\.\s|[IVX]+\.\s)", nxt.text):
        return False
    if is_reference_heading(nxt.text) or nxt.text.strip().lower() in KNOWN_HEADINGS:
        return False
    return 0 < nxt.base - last.base < 2.2 * last.size


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_chapter_heading(text: str) -> bool:
    if BAB_HEADING.match(text):
        return True
    bare = re.sub(r"^([\dIVX]+\.?)\s+", "", text).strip(" :").lower()
    if bare in KNOWN_HEADINGS:
        return True
    return _all_caps(text) and len(text.split()) <= 8


def _make_block(lines: list[Line], kind: str, section: str | None, in_refs: bool) -> Block:
    text = ""
    for ln in lines:
        text = join_lines(text, ln.text) if text else ln.text
    text = normalize(text)
    if kind == "body":
        if is_caption(text):
            kind = "caption"
        elif in_refs:
            kind = "reference"
    return Block(lines, kind, text, section)
