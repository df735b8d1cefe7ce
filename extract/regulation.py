"""Regulations (UU, PP, Perpres, Permen, Perda) by BAB, Bagian, Paragraf, Pasal and ayat.

Researchers cite a regulation by article: "Pasal 3 ayat (3) PP 11/2017". Its layout works
against that: the ayat numbers ``(1)``, ``(2)`` and the list letters ``a.``, ``b.`` hang in
a narrow column left of the text, which column detection takes for a column of its own,
so the numbers came out as passages of their own, away from their text. Here a page whose
left "column" is only such numbers is read line by line again, each number on the line of
its text; then the body is cut where the regulation itself is cut (a Pasal, an ayat, a
list item) and each passage gets the locator a reader cites.
"""

from __future__ import annotations

import re

from .lines import Line, PageLayout
from .metadata_text import guess_kind
from .paragraphs import Block
from .textutil import join_lines, normalize

# A line that is only a number of the regulation's structure: "(2)", "a.", "12.", "b. c."
MARKERS_ONLY = re.compile(r"^(?:\(\d{1,2}[a-z]?\)|[a-z]\.|\d{1,2}\.)(?:\s+(?:[a-z]\.|\d{1,2}\.))*$")
BAB = re.compile(r"^BAB\s+([IVXLC]+[A-Z]?)$")
BAGIAN = re.compile(r"^Bagian\s+(Ke\w+|Pertama)$", re.I)
PARAGRAF = re.compile(r"^Paragraf\s+(\d+[A-Z]?|Ke\w+)$", re.I)
PASAL = re.compile(r"^Pasal\s+(\d+[A-Z]?|[IVXL]+)$", re.I)
AYAT = re.compile(r"^\((\d{1,2}[a-z]?)\)(?:\s|$)")
ITEM = re.compile(r"^([a-z]|\d{1,2})\.(?:\s|$)")
# The Penjelasan (elucidation) names the ayat, huruf and angka it explains on a line each.
EXPLAINED = re.compile(r"^(Ayat\s+\((\d{1,2}[a-z]?)\)|Huruf\s+([a-z])|Angka\s+(\d{1,2}))$")
PENJELASAN = re.compile(r"^PENJELASAN\b")
CLOSING = re.compile(r"^(Ditetapkan|Diundangkan)\s+di\b|^Agar\s+setiap\s+orang\s+mengetahuinya")
PREAMBLE = re.compile(r"^(Menimbang|Mengingat|Memperhatikan)\s*:")
# A title line that stops on one of these words goes on below ("... Pemberhentian dari").
_TITLE_GOES_ON = re.compile(
    r"(?:\b(?:dan|atau|dari|dalam|karena|untuk|yang|sebagai|di|ke|pada|bagi|oleh|serta|dengan)"
    r"|,)$",
    re.I,
)
_OPEN_END = re.compile(r"(?:[.;:]|\bdan|\batau|\bdan/atau)['\"”)]*$")

# Long form in a title -> the short form researchers cite, most specific first.
SHORT_NAMES = (
    (r"peraturan\s+pemerintah\s+pengganti\s+undang-undang", "Perppu"),
    (r"undang-undang", "UU"),
    (r"peraturan\s+pemerintah", "PP"),
    (r"peraturan\s+presiden", "Perpres"),
    (r"peraturan\s+menteri", "Permen"),
    (r"peraturan\s+daerah", "Perda"),
    (r"peraturan\s+badan", "Perban"),
    (r"keputusan\s+presiden", "Keppres"),
    (r"instruksi\s+presiden", "Inpres"),
    (r"keputusan\s+menteri", "Kepmen"),
    (r"surat\s+edaran", "SE"),
)
_NUMBER = re.compile(r"\b(?:nomor|no\.)\s*([\w./-]+?)\s+tahun\s+(\d{4})\b", re.I)


def regulation_short_name(title: str) -> str | None:
    """``PP 11/2017`` from "PERATURAN PEMERINTAH ... NOMOR 11 TAHUN 2017 TENTANG ..."."""
    number = _NUMBER.search(title)
    if not number:
        return None
    head = title[: number.start()]
    for pattern, short in SHORT_NAMES:
        if re.search(pattern, head, re.I):
            return f"{short} {number.group(1)}/{number.group(2)}"
    return None


def is_regulation(layouts: list[PageLayout]) -> bool:
    """The document names itself a regulation on its first pages (as metadata will)."""
    text = "\n".join(ln.text for p in layouts[:2] for ln in p.lines)
    return guess_kind(text) == "regulation"


def rejoin_numbers(page: PageLayout) -> None:
    """Put each hanging ayat or item number back on the line of its text, when the page's
    left "column" holds nothing else (a regulation is set in one column)."""
    if not page.gutters:
        return
    body = [ln for ln in page.lines if ln.role == "body"]
    left = [ln for ln in body if ln.col == 0]
    if not left or sum(1 for ln in left if MARKERS_ONLY.match(ln.text)) < 0.6 * len(left):
        return
    rows: list[list[Line]] = []
    for ln in sorted(body, key=lambda ln: (ln.base, ln.x0)):
        if rows and abs(rows[-1][0].base - ln.base) <= 0.3 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    merged = []
    for row in rows:
        words = sorted((w for ln in row for w in ln.words), key=lambda w: w.x0)
        merged.append(Line(words, page.number, col=-1, region=0))
    others = [ln for ln in page.lines if ln.role != "body"]
    page.lines = sorted(others + merged, key=lambda ln: ln.top)


class _Place:
    """Where the reading is in the regulation's structure."""

    def __init__(self) -> None:
        self.bab = self.bagian = self.paragraf = None
        self.pasal: str | None = None
        self.ayat = self.huruf = self.angka = None
        self.explaining = False  # inside the Penjelasan
        self.preamble: str | None = None

    def locator(self) -> str | None:
        if not self.pasal:
            if self.explaining:
                return "Penjelasan"
            return self.preamble or self.unit() or None
        parts = [self.pasal]
        if self.ayat:
            parts.append(f"ayat ({self.ayat})")
        if self.huruf:
            parts.append(f"huruf {self.huruf}")
        if self.angka:
            parts.append(f"angka {self.angka}")
        where = " ".join(parts)
        return f"Penjelasan {where}" if self.explaining else where

    def unit(self) -> str:
        """The heading's own locator: "BAB II Bagian Kesatu"."""
        return " ".join(x for x in (self.bab, self.bagian, self.paragraf) if x)

    def item(self, mark: str) -> None:
        if mark.isdigit():
            self.angka = mark
        else:
            self.huruf, self.angka = mark, None


def structure(blocks: list[Block]) -> list[Block]:
    """The body cut by Pasal, ayat and list item, headings for BAB, Bagian, Paragraf and
    Pasal, and a locator on every block from the first BAB or Pasal on (the preamble's
    blocks are kept as built, located "Menimbang" or "Mengingat")."""
    lines = [ln for b in blocks for ln in b.lines]
    block_of = {id(ln): i for i, b in enumerate(blocks) for ln in b.lines}
    first = next((i for i, ln in enumerate(lines) if _heading_kind(ln.text)), None)
    if first is None:
        return blocks
    place = _Place()
    out: list[Block] = []
    start_block = block_of[id(lines[first])]
    for b in blocks[:start_block]:
        if m := PREAMBLE.match(b.text):
            place.preamble = m.group(1)
        b.locator = place.locator() if b.kind != "heading" else None
        out.append(b)
    place.preamble = None  # the body begins
    lines = [ln for b in blocks[start_block:] for ln in b.lines]
    section: str | None = out[-1].section if out else None
    current: list[Line] = []
    locator: str | None = None

    def close() -> None:
        nonlocal current
        if current:
            out.append(_block(current, "body", section, locator))
            current = []

    i = 0
    while i < len(lines):
        ln = lines[i]
        text = ln.text.strip()
        kind = _heading_kind(text)
        if PENJELASAN.match(text) and not place.explaining:
            close()
            place = _Place()
            place.explaining = True
            section = text
            heading = [ln]
            while (
                i + 1 < len(lines) and lines[i + 1].page == ln.page and _all_caps(lines[i + 1].text)
            ):
                i += 1
                heading.append(lines[i])
            block = _block(heading, "heading", None, "Penjelasan")
            block.section = section = block.text
            out.append(block)
            i += 1
            continue
        if kind:
            close()
            heading = [ln]
            if kind != "pasal":
                while i + 1 < len(lines) and _title_of(heading, lines[i + 1], kind):
                    i += 1
                    heading.append(lines[i])
            _enter(place, kind, text)
            own = place.pasal if kind == "pasal" else place.unit()
            if kind == "pasal" and place.explaining:
                own = f"Penjelasan {own}"
            block = _block(heading, "heading", None, own)
            block.section = section = block.text
            out.append(block)
            i += 1
            continue
        if CLOSING.match(text) and not place.explaining:
            close()
            place = _Place()  # the closing formula belongs to no article
        starts = _starts_unit(ln, current, lines[i - 1] if i else None, block_of)
        if starts:
            close()
            if m := AYAT.match(text):
                place.ayat, place.huruf, place.angka = m.group(1), None, None
            elif m := EXPLAINED.match(text):
                if m.group(2):
                    place.ayat, place.huruf, place.angka = m.group(2), None, None
                elif m.group(3):
                    place.item(m.group(3))
                else:
                    place.item(m.group(4))
            elif m := ITEM.match(text):
                place.item(m.group(1))
            locator = place.locator()
        elif not current:
            locator = place.locator()
        current.append(ln)
        i += 1
    close()
    return out


def _heading_kind(text: str) -> str | None:
    text = text.strip()
    for kind, pattern in (("bab", BAB), ("bagian", BAGIAN), ("paragraf", PARAGRAF)):
        if pattern.match(text):
            return kind
    return "pasal" if PASAL.match(text) else None


def _enter(place: _Place, kind: str, text: str) -> None:
    """Move ``place`` into the unit a heading line opens."""
    name = " ".join(text.split()[:2])
    if kind == "bab":
        place.bab, place.bagian, place.paragraf = name, None, None
        place.pasal = None
    elif kind == "bagian":
        place.bagian, place.paragraf, place.pasal = name, None, None
    elif kind == "paragraf":
        place.paragraf, place.pasal = name, None
    else:
        place.pasal = name
    place.ayat = place.huruf = place.angka = None


def _title_of(heading: list[Line], nxt: Line, kind: str) -> bool:
    """``nxt`` is (part of) the title under "BAB II" or "Bagian Kesatu": centred under it,
    on the same page, neither a number nor a sentence."""
    first = heading[0]
    text = nxt.text.strip()
    if nxt.page != first.page or _heading_kind(text) or AYAT.match(text) or ITEM.match(text):
        return False
    if len(heading) > 1:
        # A wrapped title: BAB's goes on in capitals, a Bagian's or Paragraf's in lower case
        # ("Pengangkatan PNS" / "dalam Jabatan Fungsional").
        wrapped = (
            (kind == "bab" and _all_caps(text))
            or text[:1].islower()
            or bool(_TITLE_GOES_ON.search(heading[-1].text.strip()))
        )
        if not wrapped or len(heading) > 3:
            return False
    if text.endswith((".", ";", ":")) or len(text.split()) > 14:
        return False
    centred = abs((nxt.x0 + nxt.x1) / 2 - (first.x0 + first.x1) / 2) < 12
    return centred and nxt.top - heading[-1].bottom < 3 * first.size


def _starts_unit(ln: Line, current: list[Line], prev: Line | None, block_of: dict) -> bool:
    """Does ``ln`` open a passage: an ayat, a list item, an explained ayat or huruf, or a
    new paragraph (where the paragraph builder broke, unless the line goes on a sentence)?"""
    if not current:
        return True
    text = ln.text.strip()
    head = current[0].text.strip()
    if len(current) == 1 and (MARKERS_ONLY.match(head) or EXPLAINED.match(head)):
        return False  # "(2)" or "Ayat (2)" alone on its line: its text follows
    after_end = prev is None or bool(_OPEN_END.search(prev.text.strip()))
    if (AYAT.match(text) or ITEM.match(text)) and after_end:
        return True
    if EXPLAINED.match(text):
        return True
    if prev is not None and block_of.get(id(prev)) != block_of.get(id(ln)):
        return not text[:1].islower()
    return False


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _block(lines: list[Line], kind: str, section: str | None, locator: str | None) -> Block:
    text = ""
    for ln in lines:
        text = join_lines(text, ln.text) if text else ln.text
    return Block(lines, kind, normalize(text), section, locator)
