"""Words from characters (tight and letter-spaced type, superscripts) and reading order
across columns, on hand-made characters and on real PDFs."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pdfplumber.utils.text import extract_text as plumber_text

from extract.columns import carry_gutters, find_gutters, order_lines
from extract.lines import page_rows


def chars(text: str, *, x: float, top: float, size: float, gap: float, word_gap: float):
    """Characters of ``text`` 0.5em wide, ``gap`` apart inside words, ``word_gap`` between."""
    out = []
    for k, word in enumerate(text.split()):
        if k:
            x += word_gap - gap
        for ch in word:
            out.append(
                {
                    "text": ch,
                    "x0": x,
                    "x1": x + 0.5 * size,
                    "top": top,
                    "bottom": top + size,
                    "size": size,
                    "fontname": "Times-Roman",
                    "upright": True,
                    "doctop": top,
                }
            )
            x += 0.5 * size + gap
    return out


def texts(rows) -> list[str]:
    return [" ".join(w.text for w in row) for row in rows]


def test_tightly_set_words_keep_their_spaces():
    # 8-point type with 0.2em (1.6 pt) between words: pdfplumber's default tolerance of
    # 3 pt glues them, the share-of-size rule does not.
    line = chars("Jurnal Ilmu Komunikasi Vol 6", x=50, top=40, size=8, gap=0, word_gap=1.6)
    assert plumber_text(line) == "JurnalIlmuKomunikasiVol6"
    assert texts(page_rows(line, 595, 842)) == ["Jurnal Ilmu Komunikasi Vol 6"]


def test_letter_spaced_title_keeps_its_words_whole():
    line = chars("ANALISIS PERAN MEDIA SOSIAL", x=50, top=100, size=14, gap=1.7, word_gap=6)
    assert texts(page_rows(line, 595, 842)) == ["ANALISIS PERAN MEDIA SOSIAL"]


def test_superscript_markers_join_their_line_and_leave_its_text():
    body = chars("diatur dalam undang-undang", x=72, top=300, size=12, gap=0, word_gap=3)
    mark = chars("1", x=body[-1]["x1"] + 0.3, top=296, size=7, gap=0, word_gap=0)
    rest = chars("tetapi", x=mark[-1]["x1"] + 3, top=300, size=12, gap=0, word_gap=3)
    note_mark = chars("1", x=72, top=696, size=6, gap=0, word_gap=0)
    note = chars("Lihat Undang-Undang Nomor 20", x=76, top=700, size=10, gap=0, word_gap=2.5)
    rows = page_rows(body + mark + rest + note_mark + note, 595, 842)
    assert len(rows) == 2
    lines = order_lines(rows, 1, [])
    assert lines[0].text == "diatur dalam undang-undang tetapi"  # the marker is not text
    assert [w.text for w in lines[0].words if w.sup] == ["1"]
    assert lines[1].text == "1 Lihat Undang-Undang Nomor 20"


def test_rotated_characters_are_left_out():
    line = chars("Netralitas pegawai", x=50, top=40, size=10, gap=0, word_gap=3)
    stamp = chars("DRAFT", x=10, top=400, size=10, gap=0, word_gap=3)
    for c in stamp:
        c["upright"] = False
    assert texts(page_rows(line + stamp, 595, 842)) == ["Netralitas pegawai"]


# Real PDFs named in the MANIFEST as ones whose words pdfplumber's defaults glue together.
GLUED = [
    "fnsaja-skripsi/jep-2023-medsos-pengetahuan-politik.pdf",
    "stima-itb/makalah-itb-2col-gdocs-pattern-matching.pdf",
    "docling-tests/en-arxiv-2305.03393-pg9.pdf",
]
LONG_WORD = re.compile(r"\b[^\W\d_]{24,}\b")  # 24+ letters: two or more words glued


def _long_tokens(text: str) -> list[str]:
    text = re.sub(r"\S*(?:https?://|www\.|@)\S*", " ", text)
    return LONG_WORD.findall(text)


@pytest.mark.parametrize("name", GLUED)
def test_glued_words_come_apart_on_real_pages(shared, name):
    with pdfplumber.open(shared / "pdfs" / name) as pdf:
        page = pdf.pages[0]
        default = page.extract_text()
        rows = page_rows(page.chars, page.width, page.height)
    ours = "\n".join(texts(rows))
    assert _long_tokens(default), "pdfplumber's default no longer glues words here"
    assert _long_tokens(ours) == []


def _rows(shared, name: str, number: int):
    with pdfplumber.open(shared / "pdfs" / name) as pdf:
        page = pdf.pages[number - 1]
        return page_rows(page.chars, page.width, page.height), float(page.width)


def test_three_columns_are_found(shared):
    rows, width = _rows(shared, "pdfplumber-tests/en-federal-register-3col.pdf", 2)
    gutters = find_gutters(rows)
    assert len(gutters) == 2
    assert 0.25 * width < gutters[0] < 0.42 * width < 0.58 * width < gutters[1] < 0.75 * width


def test_two_columns_under_a_spanning_title_block(shared):
    rows, width = _rows(shared, "fnsaja-skripsi/artikel-jisa-capres-2024.pdf", 1)
    gutters = find_gutters(rows)
    assert len(gutters) == 1 and 0.45 * width < gutters[0] < 0.6 * width
    lines = order_lines(rows, 1, gutters)
    # Reading order: the spanning block, then all of the left column, then the right.
    body = max({ln.region for ln in lines}, key=lambda r: sum(ln.region == r for ln in lines))
    spanning = [i for i, ln in enumerate(lines) if ln.col == -1 and ln.size > 15]
    left = [i for i, ln in enumerate(lines) if ln.col == 0 and ln.region == body]
    right = [i for i, ln in enumerate(lines) if ln.col == 1 and ln.region == body]
    assert spanning and left and right
    assert max(spanning) < min(left) and max(left) < min(right)


def test_one_column_pages_have_no_gutter(shared):
    rows, _width = _rows(shared, "rifan-skripsi/skripsi-tryout-cpns.pdf", 12)
    assert find_gutters(rows) == []


def _words_at(xs: list[float], top: float, size: float = 10.0) -> list[dict]:
    """Six-letter words (0.5em characters) starting at ``xs``."""
    out = []
    for x in xs:
        out += chars("netral", x=x, top=top, size=size, gap=0.0, word_gap=0.0)
    return out


def test_wide_justified_spaces_in_a_column_are_no_gutter():
    """Narrow justified columns (Writer's) stretch some spaces wide, and in a few lines
    the word after such a space starts at one x by chance: that is no third column."""
    step = 34.0
    found = []
    for k in range(5):  # an abstract spanning both columns
        found += _words_at([57 + step * i for i in range(15)], 100 + 12 * k)
    for k in range(30):
        if k % 3 == 1:  # a stretched space before x=206
            left = [57 + step * i for i in range(4)] + [206, 240]
        else:
            left = [57 + step * i for i in range(7)]
        found += _words_at(left, 200 + 12 * k)
        found += _words_at([312 + step * i for i in range(7)], 206 + 12 * k)
    rows = page_rows(found, 595.0, 842.0)
    gutters = find_gutters(rows)
    assert len(gutters) == 1 and 291 <= gutters[0] <= 312, gutters


def test_a_short_last_page_keeps_the_columns_of_the_page_before():
    """An article's last page: three lines of references in each column, too few to show
    a gutter of their own."""
    found = []
    for k in range(3):
        found += _words_at([57 + 34 * i for i in range(7)], 100 + 12 * k)
        found += _words_at([312 + 34 * i for i in range(7)], 100 + 12 * k)
    rows = page_rows(found, 595.0, 842.0)
    assert find_gutters(rows) == []
    assert carry_gutters(rows, [300.0], top=84.0, bottom=758.0) == [300.0]
    # Not when a row runs across the old gutter: that page is set in one column.
    wide = rows + page_rows(_words_at([57 + 34 * i for i in range(14)], 200), 595.0, 842.0)
    assert carry_gutters(wide, [300.0], top=84.0, bottom=758.0) == []


def test_a_centred_line_under_a_spanning_title_belongs_to_the_title_block():
    """The title's second line and the byline clear the gutter beside a narrow sidebar
    column, but sit centred on the page above the columns: they are read with the title,
    not with the right column."""
    size = 10
    title = "Pemanfaatan Hasil Pengawasan Netralitas Pegawai Negeri Daerah Sukamaju"
    rows_in = [chars(title, x=80, top=80, size=size, gap=0, word_gap=5)]
    right = rows_in[0][-1]["x1"]
    middle = (80 + right) / 2
    for top, text in [(100, "dan Lembah Hijau"), (130, "Sinta Maharani")]:
        width = len(text) * 0.5 * size
        rows_in.append(chars(text, x=middle - width / 2, top=top, size=size, gap=0, word_gap=5))
    # A narrow sidebar (article information) and a wide column (the abstract) below.
    for i in range(8):
        top = 200 + 14 * i
        rows_in.append(chars("info artikel", x=80, top=top, size=size, gap=0, word_gap=5))
        line = "abstrak kolom kanan yang lebar sekali"
        width = len(line) * 0.5 * size
        rows_in.append(chars(line, x=right - width, top=top, size=size, gap=0, word_gap=5))
    rows = page_rows([c for r in rows_in for c in r], 595, 842)
    gutters = find_gutters(rows)
    assert len(gutters) == 1 and gutters[0] < middle - 40
    lines = order_lines(rows, 1, gutters)
    assert [ln.text for ln in lines[:3]] == [title, "dan Lembah Hijau", "Sinta Maharani"]
    assert all(ln.col == -1 for ln in lines[:3])
    assert lines[3].text == "info artikel"


def test_a_subscript_under_a_subscript_does_not_lose_the_page():
    """Chart labels in three sizes: the 8-point row joins the 10-point row above it as a
    subscript, and the 6-point row under it finds that row emptied; the page was lost to
    ``max() arg is an empty sequence`` in a held-out journal."""
    page = [
        *chars("Grafik jumlah", x=72, top=90, size=10, gap=0.2, word_gap=3),
        *chars("12", x=137, top=95.1, size=8, gap=0.2, word_gap=3),
        *chars("Sumber data", x=72, top=104, size=6, gap=0.2, word_gap=2),
    ]
    rows = page_rows(page, 600, 800)
    assert texts(rows) == ["Grafik jumlah 12", "Sumber data"]
    assert [w.sup for w in rows[0]] == [False, False, True]
