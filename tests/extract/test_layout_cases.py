"""Held-out-like pages drawn with reportlab: a thesis page of numbered list items and a
"Sistematika Penulisan" list, two columns under a full-width abstract, a column of prose
set on white boxes that pdfplumber's table finder takes for a grid."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from extract import extract_file

WIDTH, HEIGHT = A4
FONT, BOLD, SIZE = "Times-Roman", "Times-Bold", 12

_TEXT = """
pegawai negeri sipil wajib menjaga netralitas dalam setiap tahapan pemilihan umum dan tidak
boleh berpihak kepada salah satu pasangan calon karena jabatan yang diemban menuntut
pelayanan yang adil bagi seluruh warga tanpa membedakan pilihan politik mereka sehingga
kepercayaan publik terhadap birokrasi tetap terjaga sepanjang masa kampanye
"""
WORDS = tuple(_TEXT.split())


def wrap(text: str, width: float, *, font: str = FONT, size: float = SIZE) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def justified(c: canvas.Canvas, line: str, x: float, y: float, width: float, size: float):
    """A justified line: words spread to fill ``width``."""
    words = line.split()
    if len(words) < 2:
        c.drawString(x, y, line)
        return
    used = sum(stringWidth(w, FONT, size) for w in words)
    gap = (width - used) / (len(words) - 1)
    for w in words:
        c.drawString(x, y, w)
        x += stringWidth(w, FONT, size) + gap


def prose(n: int, start: int = 0) -> str:
    return " ".join(WORDS[(start + k) % len(WORDS)] for k in range(n))


def paragraph(c, text, x, y, width, *, size=SIZE, pitch=18.0, indent=0.0, first=None):
    """Draw ``text`` justified from ``y`` down; return the y under it."""
    lines = wrap(text, width - indent, size=size)
    c.setFont(FONT, size)
    for k, line in enumerate(lines):
        last = k == len(lines) - 1
        dx = indent if k == 0 else 0.0
        if first and k == 0:
            c.drawString(x, y, first)
            dx = indent
        if last:
            c.drawString(x + dx, y, line)
        else:
            justified(c, line, x + dx, y, width - dx, size)
        y -= pitch
    return y


def test_numbered_list_items_are_body_and_a_chapter_list_is_no_set_of_headings(tmp_path: Path):
    """A 1.5-spaced thesis page: "1. Penelitian yang dilakukan oleh ... yang berjudul" is
    an item whose first line fills the column, not a heading; the chapter list under
    "Sistematika Penulisan" is five list lines with their descriptions, not five BABs."""
    path = tmp_path / "list-items.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    left, width, pitch = 113.0, 397.0, 20.7
    y = HEIGHT - 90
    c.setFont(FONT, SIZE)  # (no bold in the whole thesis)
    c.drawString(left, y, "2.2. Penelitian Terdahulu")
    y -= 1.5 * pitch
    y = (
        paragraph(
            c,
            "Berikut penelitian terdahulu yang menjadi acuan. " + prose(30),
            left,
            y,
            width,
            pitch=pitch,
            indent=36,
        )
        - 6
    )
    for n in (1, 2, 3):
        # The item's first line ends at "yang berjudul", and fills the column.
        c.setFont(FONT, SIZE)
        c.drawString(left, y, f"{n}.")
        first = f"Penelitian yang dilakukan oleh Yanto dan Yunus ({2018 + n}) yang berjudul"
        justified(c, first, left + 18, y, width - 18, SIZE)
        rest = f"Netralitas Aparatur ke-{n} dalam Pemilihan Kepala Daerah, " + prose(40, 7 * n)
        y = paragraph(c, rest + ".", left + 18, y - pitch, width - 18, pitch=pitch)
    c.showPage()
    y = HEIGHT - 90
    c.setFont(FONT, SIZE)
    c.drawString(left, y, "1.6. Sistematika Penulisan")
    y -= 1.5 * pitch
    y = paragraph(
        c,
        "Sistematika penulisan penelitian ini adalah sebagai berikut:",
        left,
        y,
        width,
        pitch=pitch,
    )
    for roman, name in (("I", "PENDAHULUAN"), ("II", "LANDASAN TEORI"), ("III", "METODOLOGI")):
        c.setFont(FONT, SIZE)
        c.drawString(left, y, f"BAB {roman} {name}")
        y -= pitch
        y = paragraph(
            c, "Bab ini berisi " + prose(25, len(roman)) + ".", left, y, width, pitch=pitch
        )
    c.showPage()
    c.save()

    doc = extract_file(path)
    headings = [p.text for p in doc.passages if p.kind == "heading"]
    assert headings == ["2.2. Penelitian Terdahulu", "1.6. Sistematika Penulisan"]
    items = [
        p
        for p in doc.passages
        if p.text.startswith(("1. Penelitian", "2. Penelitian", "3. Penelitian"))
    ]
    assert len(items) == 3
    assert all(p.kind == "body" and "yang berjudul Netralitas Aparatur" in p.text for p in items)
    assert not any("Penelitian yang dilakukan" in (p.section or "") for p in doc.passages)
    assert all(p.text.endswith(".") for p in items)  # each item whole, to its last line
    chapters = [p for p in doc.passages if p.text.startswith("BAB ")]
    assert [p.kind for p in chapters] == ["body"] * 3
    assert {p.section for p in chapters} == {"1.6. Sistematika Penulisan"}


def test_two_columns_under_a_full_width_abstract_read_column_by_column(tmp_path: Path):
    """The first page of a journal: title and a long abstract across the page, then two
    short columns; the rows crossing the gutter above the columns outnumber the column
    lines, and still the left column is read to its end before the right one begins."""
    path = tmp_path / "two-columns.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    margin, gutter = 57.0, 18.0
    full = WIDTH - 2 * margin
    col = (full - gutter) / 2
    y = HEIGHT - 80
    c.setFont(BOLD, 14)
    c.drawCentredString(WIDTH / 2, y, "Netralitas Aparatur Sipil Negara dalam Pemilihan Umum")
    abstract = "Tahun-tahun pertama " + prose(300, 3) + "."
    y = paragraph(c, abstract, margin, y - 40, full, size=10, pitch=12) - 14
    top = y
    c.setFont(BOLD, 10)
    c.drawString(margin, y, "1. PENDAHULUAN")
    left_text = "Seorang anak " + prose(60, 5) + " akhir kolom kiri."
    paragraph(c, left_text, margin, y - 16, col, size=10, pitch=12)
    right_text = "Kolom kanan dimulai " + prose(60, 11) + "."
    paragraph(c, right_text, margin + col + gutter, top, col, size=10, pitch=12)
    c.showPage()
    c.save()

    doc = extract_file(path)
    texts = [p.text for p in doc.passages]
    abstract_at = next(i for i, t in enumerate(texts) if t.startswith("Tahun-tahun pertama"))
    heading = texts.index("1. PENDAHULUAN")
    left = next(i for i, t in enumerate(texts) if t.startswith("Seorang anak"))
    right = next(i for i, t in enumerate(texts) if t.startswith("Kolom kanan"))
    assert abstract_at < heading < left < right
    assert texts[abstract_at].endswith(".") and "PENDAHULUAN" not in texts[abstract_at]
    assert texts[left].endswith("akhir kolom kiri.")


def test_a_column_of_prose_on_white_boxes_stays_text(tmp_path: Path):
    """A producer that paints each line of the right column on its own white rectangle,
    and frames the column, gives pdfplumber a two-column "table" of paragraph lines: its
    text belongs to the passages, and no table is stored."""
    path = tmp_path / "boxes.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    x, width, pitch = 300.0, 230.0, 13.0
    lines = wrap("Hasil penelitian menunjukkan bahwa " + prose(120, 2) + ".", width - 10, size=10)
    y = HEIGHT - 100
    c.setStrokeColorRGB(0, 0, 0)
    for line in lines:
        c.setFillColorRGB(1, 1, 1)
        # Two cells a line: a narrow label cell and the text cell, ruled.
        c.rect(x - 40, y - 3, 40, pitch, stroke=1, fill=1)
        c.rect(x, y - 3, width, pitch, stroke=1, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(FONT, 10)
        c.drawString(x + 3, y, line)
        y -= pitch
    c.showPage()
    c.save()

    doc = extract_file(path)
    assert doc.tables == []
    body = " ".join(p.text for p in doc.passages)
    assert "Hasil penelitian menunjukkan bahwa" in body
    assert doc.pages[0].chars_tables == 0
    assert doc.pages[0].chars_lost == 0
    assert doc.pages[0].chars_passages == doc.pages[0].chars_total


def test_a_page_whose_text_goes_nowhere_is_named(tmp_path: Path):
    """Text set sideways inside the page (a rotated label beside a chart) is in no
    passage, table or furniture: the page's counts say so, and a warning names it."""
    path = tmp_path / "sideways.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = paragraph(c, "Hasil survei " + prose(120, 1) + ".", 72, HEIGHT - 90, 450)
    c.saveState()
    c.translate(300, y - 150)
    c.rotate(90)
    c.setFont(FONT, 10)
    c.drawString(0, 0, "Jumlah responden menurut kecamatan")
    c.restoreState()
    c.showPage()
    c.save()

    doc = extract_file(path)
    page = doc.pages[0]
    assert page.chars_lost == len("Jumlahrespondenmenurutkecamatan")
    assert page.chars_passages + page.chars_lost == page.chars_total
    assert any(
        w.startswith("text in no passage, table or furniture on page 1 ") for w in doc.warnings
    )
