"""Sample PDFs we generate ourselves, with known truth, for the demo and for tests.

``python -m tools.synthetic OUTDIR`` writes three documents in Indonesian about the
neutrality of civil servants in regional elections (text in ``data/sample_corpus.yaml``):

- a thesis chapter in skripsi layout: running header, printed page numbers starting at 62
  (bottom centre on the chapter's first page, top right after), ``BAB IV`` / ``PENUTUP``,
  numbered sub-headings, footnotes under a rule, a numbered list, a reference list with
  hanging indents, title and author only in the PDF's Info dictionary (as a chapter file
  exported from a word processor has them);
- a two-column journal article: title block spanning the columns, authors with superscript
  affiliations, a running header with the journal's name and ISSN, DOI, Abstrak / Kata
  Kunci, hyphenated line breaks (``pe-`` + ``langgaran``) including reduplicated words
  split at their own hyphen (``faktor-`` + ``faktor``), a ruled table, Daftar Pustaka;
- a one-column article whose page labels come from the PDF's ``/PageLabels``.

The layout is done here, line by line, so the truth is exact: :func:`build` returns the
PDF bytes and a :class:`Truth` (paragraphs in reading order with the printed label of the
page each starts on, title, authors, header and footnote text that must stay out of body
passages). A ``seed`` other than 0 gives a held-out variant: other page sizes and
spacing, other starting page numbers and running headers, paragraphs in another order.
Output is deterministic (reportlab's invariant mode fixes dates and ids), so the files'
sha256 are stable.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "sample_corpus.yaml"
A4 = (595.28, 841.89)
B5 = (498.9, 708.66)  # the page many Indonesian journals are set on
KINDS = ("thesis", "journal", "article")
FILE_NAMES = {
    "thesis": "skripsi-bab4-netralitas-asn.pdf",
    "journal": "jurnal-2kolom-netralitas-asn.pdf",
    "article": "artikel-1kolom-penegakan-netralitas.pdf",
}
_MARKER = re.compile(r"\{(\d+)\}")
_VOWELS = set("aeiou")
_DIGRAPHS = {"ng", "ny", "kh", "sy"}


@dataclass(frozen=True)
class Style:
    font: str = "Times-Roman"
    size: float = 12.0
    leading: float = 18.0
    indent: float = 0.0  # first line, from the frame's left edge
    hang: float = 0.0  # every other line
    align: str = "justify"  # justify, left, center
    before: float = 0.0
    after: float = 0.0
    hyphenate: bool = False


@dataclass
class TruthParagraph:
    text: str
    kind: str  # body, heading, caption, reference, footnote
    page: int  # 1-based PDF page where it starts
    label: str | None  # printed label of that page
    section: str | None = None
    page_end: int | None = None  # page of its last line
    frames: int = 1  # columns/pages it is set across (2+: broken by a column or page break)


@dataclass
class Truth:
    name: str
    kind: str  # thesis, journal_article
    title: str
    authors: list[str]
    paragraphs: list[TruthParagraph] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)  # running header/footer text
    labels: list[str | None] = field(default_factory=list)  # per page
    tables: list[list[list[str]]] = field(default_factory=list)
    # Line-end word splits: ("pe-", "langgaran", joined) and ("faktor-", "faktor", kept).
    splits: list[tuple[str, str, str]] = field(default_factory=list)
    venue: str | None = None
    doi: str | None = None
    issn: str | None = None
    year: int | None = None

    @property
    def footnotes(self) -> list[TruthParagraph]:
        return [p for p in self.paragraphs if p.kind == "footnote"]


@dataclass
class _Token:
    parts: list[tuple[str, bool]]  # (text, superscript)

    @property
    def text(self) -> str:
        return "".join(t for t, sup in self.parts if not sup)


@lru_cache(maxsize=1)
def sample_text() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for word in text.split():
        parts: list[tuple[str, bool]] = []
        pos = 0
        for m in _MARKER.finditer(word):
            if m.start() > pos:
                parts.append((word[pos : m.start()], False))
            parts.append((m.group(1), True))
            pos = m.end()
        if pos < len(word):
            parts.append((word[pos:], False))
        tokens.append(_Token(parts))
    return tokens


def plain(text: str) -> str:
    """Text as a reader copies it: footnote markers out, single spaces."""
    return " ".join(_MARKER.sub("", text).split())


def syllable_breaks(word: str) -> list[int]:
    """Positions where an Indonesian word may be hyphenated (V-CV, VC-CV; not inside
    ng/ny/kh/sy), keeping two letters before the break and three after."""
    low = word.lower()
    found = []
    for i in range(2, len(low) - 2):
        a, b, c = low[i - 1], low[i], low[i + 1]
        if (
            a in _VOWELS
            and b not in _VOWELS
            and c in _VOWELS
            or (
                a not in _VOWELS
                and b not in _VOWELS
                and c in _VOWELS
                and low[i - 2] in _VOWELS
                and low[i - 1 : i + 1] not in _DIGRAPHS
            )
        ):
            found.append(i)
    return found


class Layout:
    """Places paragraphs, headings and tables into frames (columns) on pages, draws them
    with a reportlab canvas, and writes down where everything went."""

    def __init__(
        self,
        canvas,
        truth: Truth,
        *,
        margins: tuple[float, float, float, float],  # top, right, bottom, left
        columns: int = 1,
        gutter: float = 18.0,
        label_for,
        furniture,
        footnote_style: Style | None = None,
        footnotes: dict[int, str] | None = None,
    ):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.width_of = stringWidth
        self.c = canvas
        self.truth = truth
        self.top, self.right, self.bottom, self.left = margins
        self.columns = columns
        self.gutter = gutter
        self.label_for = label_for
        self.furniture = furniture
        self.footnote_style = footnote_style or Style(size=10, leading=12, align="justify")
        self.footnote_text = footnotes or {}
        self.page = 0
        self.col = 0
        self.frame_top = self.top
        self.y: float | None = None  # baseline of the last line in the frame
        self.notes: list[tuple[int, list[list[_Token]]]] = []
        self.notes_height = 0.0
        self.section: str | None = None
        self.tables_seen = 0

    # -- geometry ---------------------------------------------------------------------
    @property
    def page_width(self) -> float:
        return self.c._pagesize[0]

    @property
    def page_height(self) -> float:
        return self.c._pagesize[1]

    @property
    def column_width(self) -> float:
        usable = self.page_width - self.left - self.right
        return (usable - self.gutter * (self.columns - 1)) / self.columns

    def column_x(self, col: int | None = None) -> float:
        col = self.col if col is None else col
        return self.left + col * (self.column_width + self.gutter)

    def limit(self) -> float:
        bottom = self.page_height - self.bottom
        return bottom - (self.notes_height + 6 if self.notes_height else 0)

    def next_baseline(self, style: Style, extra: float = 0.0) -> float:
        if self.y is None:
            return self.frame_top + style.size
        return self.y + style.leading + extra

    def next_frame(self) -> None:
        if self.col + 1 < self.columns:
            self.col += 1
        else:
            self.finish_page()
            self.page += 1
            self.col = 0
            self.frame_top = self.top
        self.y = None

    # -- pages ------------------------------------------------------------------------
    def finish_page(self) -> None:
        c = self.c
        height = self.page_height
        label = self.label_for(self.page)
        for text, x, y, font, size, align in self.furniture(self, self.page, label):
            c.setFont(font, size)
            if align == "right":
                c.drawRightString(x, height - y, text)
            elif align == "center":
                c.drawCentredString(x, height - y, text)
            else:
                c.drawString(x, height - y, text)
            if not text.strip().isdigit() and text not in self.truth.furniture:
                self.truth.furniture.append(text)
        if self.notes:
            self._draw_notes()
        self.truth.labels.append(label)
        c.showPage()

    def _draw_notes(self) -> None:
        c = self.c
        height = self.page_height
        fs = self.footnote_style
        top = self.page_height - self.bottom - self.notes_height
        c.setLineWidth(0.5)
        c.line(self.left, height - top, self.left + 144, height - top)
        y = top + 4
        width = self.page_width - self.left - self.right
        for number, lines in self.notes:
            for i, line in enumerate(lines):
                y += fs.leading
                x = self.left + (0 if i == 0 else 0)
                if i == 0:
                    c.setFont(fs.font, fs.size * 0.6)
                    c.drawString(x, height - y + fs.size * 0.35, str(number))
                    x += self.width_of(str(number), fs.font, fs.size * 0.6) + 1.5
                self._draw_words(line, x, y, width - (x - self.left), fs, last=i == len(lines) - 1)
        self.notes = []
        self.notes_height = 0.0

    # -- text ---------------------------------------------------------------------------
    def token_width(self, token: _Token, style: Style) -> float:
        return sum(
            self.width_of(t, style.font, style.size * (0.6 if sup else 1.0))
            for t, sup in token.parts
        )

    def break_lines(
        self, tokens: list[_Token], style: Style, first: float, other: float
    ) -> list[list[_Token]]:
        space = self.width_of(" ", style.font, style.size)
        lines: list[list[_Token]] = []
        current: list[_Token] = []
        used = 0.0
        queue = list(tokens)
        while queue:
            token = queue.pop(0)
            avail = first if not lines else other
            w = self.token_width(token, style)
            need = w + (space if current else 0)
            if used + need <= avail:
                current.append(token)
                used += need
                continue
            split = self._split(token, style, avail - used - (space if current else 0))
            if split:
                head, tail, how = split
                current.append(head)
                self.truth.splits.append((head.text, tail.text, how))
                lines.append(current)
                current, used = [], 0.0
                queue.insert(0, tail)
                continue
            if current:
                lines.append(current)
            current, used = [token], w
        if current:
            lines.append(current)
        return lines

    def _split(self, token: _Token, style: Style, room: float):
        if not style.hyphenate or len(token.parts) != 1 or room <= 0:
            return None
        word = token.parts[0][0]
        if "-" in word.strip("-"):
            k = word.index("-")
            head = word[: k + 1]
            if self.width_of(head, style.font, style.size) <= room and len(word) - k > 3:
                return _Token([(head, False)]), _Token([(word[k + 1 :], False)]), "kept"
            return None
        core = word.rstrip(".,;:)")
        if len(core) < 8 or not core.isalpha():
            return None
        for pos in reversed(syllable_breaks(core)):
            head = word[:pos] + "-"
            if self.width_of(head, style.font, style.size) <= room:
                return _Token([(head, False)]), _Token([(word[pos:], False)]), "joined"
        return None

    def _draw_words(
        self, line: list[_Token], x: float, y: float, avail: float, style: Style, *, last: bool
    ) -> None:
        c = self.c
        height = self.page_height
        widths = [self.token_width(t, style) for t in line]
        space = self.width_of(" ", style.font, style.size)
        natural = sum(widths) + space * (len(line) - 1)
        if style.align == "center":
            x += (avail - natural) / 2
        gap = space
        if style.align == "justify" and not last and len(line) > 1:
            gap = space + (avail - natural) / (len(line) - 1)
        for token, w in zip(line, widths):
            cx = x
            for text, sup in token.parts:
                size = style.size * (0.6 if sup else 1.0)
                c.setFont(style.font, size)
                c.drawString(cx, height - y + (style.size * 0.35 if sup else 0), text)
                cx += self.width_of(text, style.font, size)
            x += w + gap

    def paragraph(
        self,
        text: str,
        style: Style,
        kind: str = "body",
        *,
        keep: int = 1,
        marker: str | None = None,
        truth_text: str | None = None,
        record: bool = True,
    ) -> None:
        """Set one paragraph; ``keep`` lines must fit before a frame break (2 for headings,
        so a heading never ends a column); ``marker`` is a list number set in the indent."""
        tokens = _tokens(text)
        width = self.column_width
        # A list item's text starts at the hanging indent, after its number.
        first = width - (style.hang if marker else style.indent)
        lines = self.break_lines(tokens, style, first, width - style.hang)
        if self.next_baseline(style, style.before) + style.leading * (keep - 1) > self.limit():
            self.next_frame()
        if kind == "heading":
            self.section = truth_text or plain(text)
        first_page = None
        frames: set[tuple[int, int]] = set()
        for i, line in enumerate(lines):
            baseline = self.next_baseline(style, style.before if i == 0 else 0.0)
            # Superscripts that are footnote numbers (not affiliation numbers).
            notes = [
                int(t)
                for tok in line
                for t, sup in tok.parts
                if sup and int(t) in self.footnote_text
            ]
            added = sum(self._note_height(n) for n in notes)
            if baseline > self.limit() - added:
                self.next_frame()
                baseline = self.next_baseline(style)
            for n in notes:
                self.notes_height += self._note_height(n)
                self.notes.append((n, self._note_lines(n)))
                self.truth.paragraphs.append(
                    TruthParagraph(
                        f"{n} {plain(self.footnote_text[n])}",
                        "footnote",
                        self.page + 1,
                        self.label_for(self.page),
                        self.section,
                    )
                )
            x = self.column_x() + (style.indent if i == 0 else style.hang)
            if i == 0 and marker:
                self.c.setFont(style.font, style.size)
                self.c.drawString(x, self.page_height - baseline, marker)
                x = self.column_x() + style.hang
            avail = self.column_x() + width - x
            self._draw_words(line, x, baseline, avail, style, last=i == len(lines) - 1)
            self.y = baseline
            frames.add((self.page, self.col))
            if first_page is None:
                first_page = self.page
        if self.y is not None:
            self.y += style.after
        if record:
            self.truth.paragraphs.append(
                TruthParagraph(
                    truth_text or plain(text),
                    kind,
                    first_page + 1,
                    self.label_for(first_page),
                    self.section,
                    self.page + 1,
                    len(frames),
                )
            )

    def _note_lines(self, number: int) -> list[list[_Token]]:
        fs = self.footnote_style
        width = self.page_width - self.left - self.right
        lead = self.width_of(str(number), fs.font, fs.size * 0.6) + 1.5
        return self.break_lines(_tokens(self.footnote_text[number]), fs, width - lead, width)

    def _note_height(self, number: int) -> float:
        extra = 0 if self.notes else 8
        return extra + self.footnote_style.leading * len(self._note_lines(number))

    def start_columns(self, columns: int, gap: float) -> None:
        """After a full-width title block: the rest of the page in ``columns`` columns."""
        self.frame_top = (self.y or self.frame_top) + gap
        self.columns = columns
        self.col = 0
        self.y = None

    def table(self, rows: list[list[str]], caption: str, caption_style: Style, cell: Style) -> None:
        width = self.column_width
        row_h = cell.size * 1.8
        need = caption_style.leading * 2 + row_h * len(rows) + 10
        start = self.next_baseline(caption_style, caption_style.before)
        if start + need > self.limit():
            self.next_frame()
        self.paragraph(caption, caption_style, "caption")
        c = self.c
        height = self.page_height
        x0 = self.column_x()
        shares = [0.14, 0.62, 0.24]
        xs = [x0]
        for s in shares:
            xs.append(xs[-1] + s * width)
        top = self.y + 6
        c.setLineWidth(0.6)
        for r in range(len(rows) + 1):
            y = top + r * row_h
            c.line(xs[0], height - y, xs[-1], height - y)
        for x in xs:
            c.line(x, height - top, x, height - (top + row_h * len(rows)))
        for r, row in enumerate(rows):
            c.setFont(cell.font if r else "Times-Bold", cell.size)
            for k, text in enumerate(row):
                c.drawString(xs[k] + 3, height - (top + r * row_h + row_h * 0.68), text)
        self.y = top + row_h * len(rows) + 6
        self.truth.tables.append(rows)


# -- documents ----------------------------------------------------------------------------


def _canvas(buffer: io.BytesIO, size: tuple[float, float]):
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(buffer, pagesize=size, invariant=1, pageCompression=1)


def _order(items: list, rng: random.Random) -> list:
    items = list(items)
    rng.shuffle(items)
    return items


def _numbered_footnotes(paragraphs: list[str]) -> tuple[list[str], dict[int, int]]:
    """Renumber footnote markers in reading order (a shuffled variant must still count 1,
    2, 3 down the page); return the texts and old -> new numbers."""
    mapping: dict[int, int] = {}
    out = []
    for text in paragraphs:

        def renumber(m: re.Match) -> str:
            old = int(m.group(1))
            mapping.setdefault(old, len(mapping) + 1)
            return "{" + str(mapping[old]) + "}"

        out.append(_MARKER.sub(renumber, text))
    return out, mapping


def _title_block(layout: Layout, doc: dict, *, title: Style, small: Style) -> None:
    """Title, authors with superscript affiliation numbers, affiliations, e-mail."""
    layout.paragraph(doc["title"], title, "heading", keep=2)
    names = [f"{name}{{{aff}}}" for name, aff in zip(doc["authors"], doc["author_affiliations"])]
    byline = replace(small, font="Times-Roman", size=small.size + 1.5, before=6)
    layout.paragraph(", ".join(names), byline, record=False)
    for k, affiliation in enumerate(doc["affiliations"], start=1):
        layout.paragraph(f"{{{k}}}{affiliation}", small, record=False)
    layout.paragraph(doc["email"], small, record=False)


def _abstract(layout: Layout, doc: dict, *, heading: Style, text: Style, keywords: Style) -> None:
    layout.paragraph("Abstrak", heading, "heading", keep=2)
    layout.paragraph(doc["abstract"], text)
    layout.paragraph("Kata Kunci: " + "; ".join(doc["keywords"]), keywords)


def _sections(layout: Layout, sections: list[dict], rng, *, held_out: bool, styles: dict) -> None:
    for section in sections:
        layout.paragraph(section["heading"], styles["heading"], "heading", keep=3)
        parts = section.get("subsections") or [section]
        for part in parts:
            if part is not section:
                layout.paragraph(part["heading"], styles["subheading"], "heading", keep=3)
            paragraphs = _order(part["paragraphs"], rng) if held_out else part["paragraphs"]
            for k, text in enumerate(paragraphs):
                layout.paragraph(text, styles["body"])
                if k == 0 and "table" in part:
                    table = part["table"]
                    layout.tables_seen += 1
                    layout.table(
                        table["rows"],
                        f"Tabel {layout.tables_seen}. {table['caption']}",
                        styles["caption"],
                        styles["cell"],
                    )


def _references(
    layout: Layout, refs: list[str], *, heading: Style, style: Style, title: str
) -> None:
    layout.paragraph(title, heading, "heading", keep=3)
    for ref in refs:
        layout.paragraph(ref, style, "reference")


def _cover(layout: Layout, data: dict, size: float) -> None:
    """A skripsi cover: SKRIPSI, the title in capitals, "Oleh:", the student, the school."""
    bold = Style(font="Times-Bold", size=14, leading=20, align="center")
    plain_style = Style(size=size + 1, leading=size * 1.6, align="center")
    layout.paragraph("SKRIPSI", bold, record=False)
    layout.paragraph(data["title"].upper(), replace(bold, before=24), record=False)
    layout.paragraph(data["degree"], replace(plain_style, before=30), record=False)
    layout.paragraph("Oleh:", replace(plain_style, before=40), record=False)
    layout.paragraph(data["author"], replace(plain_style, font="Times-Bold"), record=False)
    layout.paragraph(data["student_id"], plain_style, record=False)
    for k, line in enumerate([*data["program"], data["institution"], str(data["year"])]):
        before = 150 if k == 0 else 0
        layout.paragraph(
            line.upper(), replace(bold, size=13, leading=18, before=before), record=False
        )
    layout.next_frame()


def build_thesis(seed: int = 0) -> tuple[bytes, Truth]:
    """A skripsi chapter: BAB IV PENUTUP on pages printed 62, 63, ... (title and author
    only in the PDF's Info). A held-out variant starts with a cover page and an abstract
    numbered ii, has no Info title or author, and prints BAB V from another page number.
    The bottom margin is nudged until a paragraph runs across a page break."""
    return _first_layout(lambda nudge: _thesis(seed, nudge), _page_broken)


def _thesis(seed: int, nudge: float) -> tuple[bytes, Truth]:
    data = sample_text()["thesis"]
    rng = random.Random(seed)
    held_out = seed != 0
    chapter, number = ("V", 5) if held_out else ("IV", 4)
    # The demo is fixed; a held-out variant draws its type and numbering from the seed.
    first_arabic = rng.randint(20, 150) if held_out else 62
    front = 2 if held_out else 0  # cover and abstract pages before the chapter
    size = rng.choice([11.0, 11.5, 12.0]) if held_out else 12.0
    leading = rng.choice([1.5, 2.0]) * size if held_out else 1.5 * size
    header = f"Skripsi: {data['running_header']}" if held_out else data["running_header"]
    truth = Truth(FILE_NAMES["thesis"], "thesis", data["title"], [data["author"]])
    buffer = io.BytesIO()
    c = _canvas(buffer, A4)
    if not held_out:
        c.setTitle(data["title"])
        c.setAuthor(data["author"])
        c.setSubject(f"Skripsi, {data['institution']}")

    def label_for(page: int) -> str:
        if page < front:
            return ["i", "ii"][page]
        return str(first_arabic + page - front)

    def furniture(layout: Layout, page: int, label: str):
        foot = layout.page_height - 50
        if page < front:  # the cover prints no number; the abstract its roman one
            return (
                []
                if page == 0
                else [(label, layout.page_width / 2, foot, "Times-Roman", size, "center")]
            )
        if page == front:  # a chapter's first page: its number at the foot, no header
            return [(label, layout.page_width / 2, foot, "Times-Roman", size, "center")]
        right = layout.page_width - layout.right
        return [
            (header, layout.left, 62, "Times-Italic", 10, "left"),
            (label, right, 62, "Times-Roman", size, "right"),
        ]

    kesimpulan, saran = data["sections"]
    paragraphs = _order(kesimpulan["paragraphs"], rng) if held_out else kesimpulan["paragraphs"]
    paragraphs, mapping = _numbered_footnotes(paragraphs)
    notes = {new: data["footnotes"][old] for old, new in mapping.items()}
    layout = Layout(
        c,
        truth,
        margins=(113.4, 85.0, 85.0 + nudge, 113.4),
        label_for=label_for,
        furniture=furniture,
        footnote_style=Style(size=size - 2, leading=size),
        footnotes=notes,
    )
    chapter_style = Style(font="Times-Bold", size=14, leading=20, align="center")
    if held_out:
        _cover(layout, data, size)
        layout.paragraph("ABSTRAK", chapter_style, "heading", keep=2)
        single = Style(size=size, leading=size * 1.3, before=12)
        layout.paragraph(data["abstract"], single)
        layout.paragraph(
            "Kata kunci: " + ", ".join(data["keywords"]), replace(single, font="Times-Italic")
        )
        layout.next_frame()
    title = f"BAB {chapter} PENUTUP"
    layout.paragraph(f"BAB {chapter}", chapter_style, "heading", keep=2, record=False)
    layout.paragraph("PENUTUP", chapter_style, "heading", keep=2, truth_text=title)
    layout.section = title
    sub = Style(font="Times-Bold", size=size, leading=leading, align="left", before=12)
    body = Style(size=size, leading=leading, indent=36)
    layout.paragraph(f"{number}.1 {kesimpulan['heading']}", sub, "heading", keep=3)
    for text in paragraphs:
        layout.paragraph(text, body)
    layout.paragraph(f"{number}.2 {saran['heading']}", sub, "heading", keep=3)
    for text in saran["paragraphs"]:
        layout.paragraph(text, body)
    items = _order(saran["items"], rng) if held_out else saran["items"]
    item_style = Style(size=size, leading=leading, hang=18)
    for k, text in enumerate(items, start=1):
        layout.paragraph(text, item_style, marker=f"{k}.", truth_text=f"{k}. {plain(text)}")
    for text in saran["closing"]:
        layout.paragraph(text, body)
    _references(
        layout,
        data["references"],
        heading=replace(chapter_style, before=24),
        style=Style(size=size, leading=size * 1.2, hang=36, after=size * 0.8),
        title="DAFTAR PUSTAKA",
    )
    layout.finish_page()
    c.save()
    return buffer.getvalue(), truth


def build_journal(seed: int = 0) -> tuple[bytes, Truth]:
    """A two-column journal article with a spanning title block and hyphenation.

    Line breaks fall where they fall; the right margin is nudged (deterministically) until
    the article holds every case the extractor must handle: a syllable break (``pe-`` +
    ``langgaran``), a reduplicated word split at its hyphen, and paragraphs broken by a
    column break and by a page break."""
    return _first_layout(lambda nudge: _journal(seed, nudge), _journal_complete)


def _journal_complete(truth: Truth) -> bool:
    return (
        {how for _head, _tail, how in truth.splits} == {"joined", "kept"}
        and any(p.frames > 1 and p.page_end == p.page for p in truth.paragraphs)
        and _page_broken(truth)
    )


def _page_broken(truth: Truth) -> bool:
    return any(p.page_end and p.page_end > p.page for p in truth.paragraphs)


def _first_layout(make, complete) -> tuple[bytes, Truth]:
    for step in range(40):
        data, truth = make(step * 1.5)
        if complete(truth):
            break
    return data, truth


def _journal(seed: int, nudge: float) -> tuple[bytes, Truth]:
    data = sample_text()["journal"]
    rng = random.Random(seed)
    held_out = seed != 0
    venue = "Jurnal Tata Kelola Pemilu" if not held_out else "Jurnal Demokrasi dan Birokrasi"
    issn = "2987-1234" if not held_out else "2830-4417"
    volume, issue, year = (7, 2, 2024) if not held_out else (3, 1, 2025)
    doi = f"10.55555/jtkp.v{volume}i{issue}.204"
    start = rng.randint(1, 400) if held_out else 115
    size = rng.choice([9.0, 9.5, 10.0, 10.5]) if held_out else 10.0
    page_size = rng.choice([A4, B5]) if held_out else B5
    gutter = rng.uniform(14.0, 26.0) if held_out else 18.0
    top, right, bottom, left = (
        (72.0, 42.0, 62.0, 42.0) if not held_out else (76.0, 54.0, 64.0, 54.0)
    )
    margins = (top, right + nudge, bottom, left)
    truth = Truth(
        FILE_NAMES["journal"],
        "journal_article",
        plain(data["title"]),
        list(data["authors"]),
        venue=venue,
        doi=doi,
        issn=issn,
        year=year,
    )
    header_left = f"{venue}, Vol. {volume} No. {issue} ({year})"
    buffer = io.BytesIO()
    c = _canvas(buffer, page_size)

    def label_for(page: int) -> str:
        return str(start + page)

    def furniture(layout: Layout, page: int, label: str):
        right = layout.page_width - layout.right
        items = [
            (header_left, layout.left, 40, "Times-Italic", 8.5, "left"),
            (f"e-ISSN {issn}", right, 40, "Times-Roman", 8.5, "right"),
            (label, layout.page_width / 2, layout.page_height - 34, "Times-Roman", 9, "center"),
        ]
        if page == 0:
            items.append((f"DOI: https://doi.org/{doi}", layout.left, 56, "Times-Roman", 8, "left"))
        return items

    layout = Layout(
        c,
        truth,
        margins=margins,
        columns=1,
        gutter=gutter,
        label_for=label_for,
        furniture=furniture,
    )
    small = Style(font="Times-Italic", size=9, leading=11, align="center")
    _title_block(
        layout,
        data,
        title=Style(font="Times-Bold", size=15, leading=18, align="center"),
        small=small,
    )
    _abstract(
        layout,
        data,
        heading=Style(font="Times-Bold", size=10, leading=12, align="left", before=10),
        text=Style(size=size - 0.5, leading=size + 1.5),
        keywords=Style(font="Times-Italic", size=size - 0.5, leading=size + 1.5, before=3),
    )
    layout.start_columns(2, 16)
    styles = {
        "heading": Style(font="Times-Bold", size=size, leading=size + 2, align="left", before=8),
        "subheading": Style(
            font="Times-BoldItalic", size=size, leading=size + 2, align="left", before=4
        ),
        "body": Style(size=size, leading=size + 2, indent=14, hyphenate=True),
        "caption": Style(
            font="Times-Bold", size=size - 1, leading=size + 1, align="center", before=6
        ),
        "cell": Style(size=size - 1),
    }
    _sections(layout, data["sections"], rng, held_out=held_out, styles=styles)
    _references(
        layout,
        data["references"],
        heading=styles["heading"],
        style=Style(size=size - 1, leading=size + 1, hang=14, after=2),
        title="DAFTAR PUSTAKA",
    )
    layout.finish_page()
    c.save()
    return buffer.getvalue(), truth


def build_article(seed: int = 0) -> tuple[bytes, Truth]:
    """A one-column article; page labels only in the PDF's /PageLabels."""
    data = sample_text()["article"]
    rng = random.Random(seed)
    held_out = seed != 0
    start = rng.randint(1, 400) if held_out else 301
    size = rng.choice([10.0, 10.5, 11.0, 12.0]) if held_out else 11.0
    truth = Truth(
        FILE_NAMES["article"],
        "journal_article",
        plain(data["title"]),
        list(data["authors"]),
        year=2024,
    )
    buffer = io.BytesIO()
    c = _canvas(buffer, A4)
    c.addPageLabel(0, "D", start)
    header = "Prosiding Seminar Nasional Demokrasi Lokal 2024"

    def label_for(page: int) -> str:
        return str(start + page)

    def furniture(layout: Layout, page: int, label: str):
        return [(header, layout.left, 45, "Times-Italic", 9, "left")]

    layout = Layout(
        c, truth, margins=(80.0, 72.0, 72.0, 72.0), label_for=label_for, furniture=furniture
    )
    small = Style(font="Times-Italic", size=9.5, leading=11.5, align="center")
    _title_block(
        layout,
        data,
        title=Style(font="Times-Bold", size=14, leading=17, align="center"),
        small=small,
    )
    _abstract(
        layout,
        data,
        heading=Style(font="Times-Bold", size=size, leading=size + 3, align="left", before=10),
        text=Style(size=size - 1, leading=size + 1),
        keywords=Style(font="Times-Italic", size=size - 1, leading=size + 1, before=3),
    )
    styles = {
        "heading": Style(font="Times-Bold", size=size, leading=size + 3, align="left", before=10),
        "subheading": Style(font="Times-Bold", size=size, leading=size + 3, align="left", before=6),
        "body": Style(size=size, leading=size + 3, after=6),
        "caption": Style(font="Times-Bold", size=size - 1, leading=size + 1, align="center"),
        "cell": Style(size=size - 1),
    }
    _sections(layout, data["sections"], rng, held_out=held_out, styles=styles)
    _references(
        layout,
        data["references"],
        heading=styles["heading"],
        style=Style(size=size - 1, leading=size + 1, hang=22, after=3),
        title="Daftar Pustaka",
    )
    layout.finish_page()
    c.save()
    return buffer.getvalue(), truth


def build(kind: str, seed: int = 0) -> tuple[bytes, Truth]:
    """The PDF bytes and the truth of one sample document."""
    if kind not in KINDS:
        raise ValueError(f"unknown sample kind {kind!r}; choose one of {', '.join(KINDS)}")
    builders = {"thesis": build_thesis, "journal": build_journal, "article": build_article}
    return builders[kind](seed)


def write_corpus(outdir: Path, *, seed: int = 0) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        data, _truth = build(kind, seed)
        path = outdir / FILE_NAMES[kind]
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.synthetic",
        description="Write the sample corpus (three PDFs and their exact truth) to OUTDIR.",
    )
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    for path in write_corpus(args.outdir):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
