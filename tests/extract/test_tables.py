"""Tables drawn with horizontal rules only (LaTeX booktabs, the APA style of Word journal
templates), and what must not become one: a footnote separator, a running-header rule, a
boxed abstract, paragraphs between rules. The PDFs are written at test time with reportlab,
in our own words; the real ones come from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import ExtractedDocument, extract_file

A4_WIDTH, A4_HEIGHT = 595.28, 841.89
LEFT, RIGHT = 72.0, 523.0

INTRO = (
    "Netralitas aparatur sipil negara dalam pemilihan umum menjadi perhatian utama lembaga "
    "pengawas sejak pemilihan serentak digelar. Pegawai dilarang berpihak kepada peserta "
    "pemilihan, baik secara terbuka maupun melalui media sosial, karena keberpihakan itu "
    "merusak kepercayaan warga terhadap pelayanan publik. Laporan pengawasan menunjukkan "
    "bahwa bentuk pelanggaran berubah dari satu pemilihan ke pemilihan berikutnya, seperti "
    "terlihat pada tabel di bawah ini."
)
OUTRO = (
    "Tabel tersebut memperlihatkan bahwa dukungan melalui media sosial tetap menjadi bentuk "
    "pelanggaran yang paling sering ditemukan. Kehadiran pegawai dalam deklarasi calon menempati "
    "urutan kedua, sedangkan pemakaian fasilitas negara cenderung menurun setelah pengawas "
    "memperketat pemeriksaan kendaraan dinas menjelang hari pemungutan suara."
)
CAPTION = "Tabel 1. Jumlah pelanggaran netralitas pegawai menurut bentuknya"
HEADER = ["Bentuk pelanggaran", "Pemilu 2019", "Pilkada 2020", "Pemilu 2024"]
DATA = [
    ["Dukungan di media sosial", "312", "497", "418"],
    ["Hadir dalam deklarasi calon", "145", "212", "187"],
    ["Memakai fasilitas negara", "58", "76", "64"],
    ["Keputusan yang menguntungkan calon", "41", "63", "39"],
    ["Menjadi pelaksana kampanye", "27", "35", "22"],
]
# Left edge of each column; the first holds text, the others right-aligned numbers.
COLUMNS = [LEFT + 6, 300.0, 390.0, 480.0]


def _canvas(path: Path):
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(A4_WIDTH, A4_HEIGHT), invariant=1)
    c.setTitle("Netralitas Aparatur Sipil Negara dalam Pemilihan Umum")
    return c


def _y(top: float) -> float:
    """reportlab measures from the bottom of the page; pdfplumber from the top."""
    return A4_HEIGHT - top


def _paragraph(c, text: str, top: float, *, left=LEFT, right=RIGHT, size=11.0) -> float:
    """Wrapped text from ``top`` (baseline of the first line); returns the next free top."""
    from reportlab.lib.utils import simpleSplit

    c.setFont("Helvetica", size)
    for line in simpleSplit(text, "Helvetica", size, right - left):
        c.drawString(left, _y(top), line)
        top += size * 1.4
    return top + size * 0.6


def _rule(c, top: float, x0: float, x1: float, style: str, joints=(), width: float = 0.6) -> None:
    """A horizontal rule the way pdfTeX draws it (one filled rectangle) or the way Word does
    (one stroked segment per cell)."""
    if style == "latex":
        c.rect(x0, _y(top) - width / 2, x1 - x0, width, stroke=0, fill=1)
        return
    c.setLineWidth(width)
    cuts = [x0, *joints, x1]
    for a, b in zip(cuts, cuts[1:]):
        c.line(a, _y(top), b, _y(top))


def _table_page(path: Path, style: str) -> None:
    c = _canvas(path)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(LEFT, _y(80), "Pelanggaran Netralitas Pegawai dalam Tiga Pemilihan")
    top = _paragraph(c, INTRO, 120)
    c.setFont("Helvetica", 10)
    c.drawString(LEFT, _y(top + 4), CAPTION)
    top += 16
    joints = [COLUMNS[1] - 8, COLUMNS[2] - 8, COLUMNS[3] - 8]
    _rule(c, top, LEFT, RIGHT, style, joints, width=0.8)
    row_top = top + 14
    for k, row in enumerate([HEADER, *DATA]):
        font = "Helvetica-Bold" if k == 0 else "Helvetica"
        c.setFont(font, 10)
        c.drawString(COLUMNS[0], _y(row_top), row[0])
        for x, text in zip(COLUMNS[1:], row[1:]):
            c.drawRightString(x + 42, _y(row_top), text)
        if k == 0:
            _rule(c, row_top + 6, LEFT, RIGHT, style, joints, width=0.5)
            row_top += 20
        else:
            row_top += 15
    _rule(c, row_top - 7, LEFT, RIGHT, style, joints, width=0.8)
    c.setFont("Helvetica", 9)
    c.drawString(LEFT, _y(row_top + 8), "Sumber: laporan pengawasan yang diolah penulis.")
    _paragraph(c, OUTRO, row_top + 34)
    c.showPage()
    c.save()


@pytest.mark.parametrize("style", ["latex", "word"])
def test_table_with_horizontal_rules_only(tmp_path, style):
    path = tmp_path / f"tabel-{style}.pdf"
    _table_page(path, style)
    doc = extract_file(path)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.page == 1
    assert table.rows == [HEADER, *DATA]
    body = " ".join(p.text for p in doc.passages)
    for row in DATA:
        assert row[0] not in body
    for number in ("497", "212", "187", "418"):
        assert number not in body.split()
    # The text around the table stays: the paragraphs before and after, the caption, the source.
    assert "terlihat pada tabel di bawah ini" in body
    assert "pemeriksaan kendaraan dinas" in body
    assert "Tabel 1. Jumlah pelanggaran netralitas" in body
    assert "Sumber: laporan pengawasan" in body


def _footnote_page(c) -> None:
    """A running header over a full-width rule, paragraphs, and numbered footnotes under a
    short separator: the notes' numbers and text line up like two columns."""
    c.setFont("Helvetica", 9)
    c.drawString(LEFT, _y(50), "Jurnal Tata Kelola Pemilu")
    c.drawRightString(RIGHT, _y(50), "Vol. 5, No. 2, 2024")
    _rule(c, 56, LEFT, RIGHT, "latex", width=0.5)
    top = _paragraph(c, INTRO + " " + OUTRO, 100)
    top = _paragraph(c, OUTRO + " " + INTRO, top)
    _rule(c, 700, LEFT, LEFT + 150, "latex", width=0.5)
    notes = [
        "Lihat Pasal 2 huruf f undang-undang tentang aparatur sipil negara.",
        "Surat edaran bersama tentang pedoman pengawasan netralitas pegawai.",
        "Wawancara dengan anggota pengawas kabupaten, Maret 2024.",
    ]
    c.setFont("Helvetica", 8)
    for k, note in enumerate(notes, start=1):
        c.drawString(LEFT, _y(714 + 11 * k), str(k))
        c.drawString(LEFT + 14, _y(714 + 11 * k), note)
    _rule(c, 770, LEFT, RIGHT, "latex", width=0.5)
    c.drawCentredString((LEFT + RIGHT) / 2, _y(785), "117")


def _abstract_page(c) -> None:
    """A boxed abstract: a rule above the heading, one under it, one under the paragraph;
    then a keywords line whose label and words leave a gap like a column gutter."""
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(A4_WIDTH / 2, _y(80), "Netralitas Pegawai dalam Pemilihan Kepala Daerah")
    _rule(c, 120, LEFT, RIGHT, "latex", width=0.8)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(LEFT, _y(134), "Abstrak")
    _rule(c, 140, LEFT, RIGHT, "latex", width=0.4)
    top = _paragraph(c, INTRO + " " + OUTRO, 156, size=10)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(LEFT, _y(top), "Kata kunci:")
    c.setFont("Helvetica", 10)
    c.drawString(LEFT + 90, _y(top), "netralitas, aparatur sipil negara, pengawasan")
    _rule(c, top + 10, LEFT, RIGHT, "latex", width=0.8)
    _paragraph(c, OUTRO, top + 40)


def _title_page(c, title: str = "Pengawasan Netralitas dalam Pemilihan Serentak") -> None:
    """A title between two rules, then the page's text in two columns down to a footer rule:
    three rules of one width and a gutter on every line, and no table."""
    _rule(c, 60, LEFT, RIGHT, "latex", width=0.8)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(LEFT, _y(78), title)
    _rule(c, 88, LEFT, RIGHT, "latex", width=0.8)
    middle = (LEFT + RIGHT) / 2
    top_left = top_right = 112.0
    for text in (INTRO, OUTRO, INTRO):
        top_left = _paragraph(c, text, top_left, right=middle - 9, size=10)
    for text in (OUTRO, INTRO, OUTRO):
        top_right = _paragraph(c, text, top_right, left=middle + 9, size=10)
    _rule(c, max(top_left, top_right) + 10, LEFT, RIGHT, "latex", width=0.8)


def _heading_page(c) -> None:
    """As above under a one-word heading, which could be a column head."""
    _title_page(c, "Pendahuluan")


def _list_page(c) -> None:
    """A numbered list between a heading's two rules and a closing rule: numbers and item
    text leave a gutter on every line, and the items read as sentences."""
    _rule(c, 90, LEFT, RIGHT, "latex", width=0.6)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(LEFT, _y(104), "Rekomendasi")
    _rule(c, 112, LEFT, RIGHT, "latex", width=0.6)
    top = 130.0
    for k, text in enumerate((INTRO, OUTRO, INTRO), start=1):
        c.setFont("Helvetica", 10)
        c.drawString(LEFT, _y(top), f"{k}.")
        top = _paragraph(c, text, top, left=LEFT + 24, size=10)
    _rule(c, top, LEFT, RIGHT, "latex", width=0.6)


@pytest.mark.parametrize(
    "draw", [_footnote_page, _abstract_page, _title_page, _heading_page, _list_page]
)
def test_rules_that_are_no_table(tmp_path, draw):
    path = tmp_path / f"{draw.__name__}.pdf"
    c = _canvas(path)
    draw(c)
    c.showPage()
    c.save()
    doc = extract_file(path)
    assert doc.tables == []
    body = " ".join(p.text for p in doc.passages)
    assert "pemeriksaan kendaraan dinas" in body


# Cells of several lines. Each row is given as its cells, each cell as its lines; a row set
# as a group label (first column only) is marked with GROUP, an indented one with INDENT.
GROUP, INDENT = "group", "indent"
WRAP_COLUMNS = [LEFT + 6, 230.0, 300.0]


def _wrapped_table_page(
    path: Path,
    header,
    rows,
    *,
    pitch: float,
    leading: float,
    size=10.0,
    rule_every_row=False,
    centred=False,
) -> None:
    """A table with a top rule, a rule under the header and a bottom rule (and, with
    ``rule_every_row``, one under every row), whose cells wrap at ``leading`` and whose
    rows start ``pitch`` below the last line of the row above. Cells of fewer lines than
    their row's tallest are set at its top, or ``centred`` beside it."""
    c = _canvas(path)
    top = _paragraph(c, INTRO, 90)
    c.setFont("Helvetica", size)
    c.drawString(LEFT, _y(top + 4), "Tabel 2. Pelanggaran netralitas menurut jabatan pegawai")
    top += 16
    _rule(c, top, LEFT, RIGHT, "latex", width=0.8)
    base = top + 14
    c.setFont("Helvetica-Bold", size)
    for x, text in zip(WRAP_COLUMNS, header):
        c.drawString(x, _y(base), text)
    _rule(c, base + 6, LEFT, RIGHT, "latex", width=0.5)
    base += 20
    for k, (cells, *how) in enumerate(rows):
        c.setFont("Helvetica-Bold" if GROUP in how else "Helvetica", size)
        tallest = max(len(lines) for lines in cells)
        for x, lines in zip(WRAP_COLUMNS, cells):
            x += 12 if INDENT in how and x == WRAP_COLUMNS[0] else 0
            shift = (tallest - len(lines)) * leading / 2 if centred else 0.0
            for n, text in enumerate(lines):
                c.drawString(x, _y(base + shift + n * leading), text)
        last = base + (tallest - 1) * leading
        if rule_every_row and k < len(rows) - 1:
            _rule(c, last + (pitch - 0.3 * size) / 2, LEFT, RIGHT, "latex", width=0.4)
        base = last + pitch
    _rule(c, base - pitch + 7, LEFT, RIGHT, "latex", width=0.8)
    _paragraph(c, OUTRO, base + 30)
    c.showPage()
    c.save()


def _one_table(path: Path) -> list[list[str | None]]:
    doc = extract_file(path)
    assert len(doc.tables) == 1
    body = " ".join(p.text for p in doc.passages)
    assert "pemeriksaan kendaraan dinas" in body and "terlihat pada tabel" in body
    return doc.tables[0].rows


WRAP_HEADER = ["Jabatan", "Kasus", "Sanksi yang dijatuhkan"]


@pytest.mark.parametrize("centred", [False, True])
@pytest.mark.parametrize("pitch", [12.0, 18.0])
def test_a_wrapped_first_cell_is_one_cell(tmp_path, pitch, centred):
    """A first cell wrapped onto a second line continues its row: beside other cells
    reaching further down (set in the middle of the row), or alone when its next word
    would not have fitted on its first line; whether rows are set as tight as the cell's
    lines or further apart."""
    rows = [
        ([["Camat"], ["12"], ["Teguran tertulis"]],),
        ([["Kepala Dinas", "Pendidikan"], ["9"], ["Penundaan kenaikan pangkat"]],),
        ([["Guru berstatus", "pegawai negeri"], ["21"], ["Teguran lisan"]],),
        ([["Lurah"], ["7"], ["Pernyataan tidak puas"]],),
    ]
    path = tmp_path / "jabatan.pdf"
    _wrapped_table_page(path, WRAP_HEADER, rows, pitch=pitch, leading=12.0, centred=centred)
    assert _one_table(path) == [
        WRAP_HEADER,
        ["Camat", "12", "Teguran tertulis"],
        ["Kepala Dinas Pendidikan", "9", "Penundaan kenaikan pangkat"],
        ["Guru berstatus pegawai negeri", "21", "Teguran lisan"],
        ["Lurah", "7", "Pernyataan tidak puas"],
    ]


GROUP_ROWS = [
    ([["Pemerintah kabupaten"], [], []], GROUP),
    ([["Sekretaris daerah"], ["3"], ["Teguran tertulis"]],),
    ([["Kepala dinas pendidikan"], ["8"], ["Penundaan kenaikan pangkat"]],),
    ([["Instansi vertikal"], [], []], GROUP),
    ([["Kepala kantor"], ["2"], ["Teguran lisan"]],),
    ([["Penyuluh pertanian"], ["5"], ["Pernyataan tidak puas"]],),
]
GROUP_TABLE = [
    WRAP_HEADER,
    ["Pemerintah kabupaten", None, None],
    ["Sekretaris daerah", "3", "Teguran tertulis"],
    ["Kepala dinas pendidikan", "8", "Penundaan kenaikan pangkat"],
    ["Instansi vertikal", None, None],
    ["Kepala kantor", "2", "Teguran lisan"],
    ["Penyuluh pertanian", "5", "Pernyataan tidak puas"],
]


def test_a_group_row_at_row_spacing_stays_a_row(tmp_path):
    """A label alone in the first column, set at the table's row spacing (wider than a
    cell's leading, as a wrapped cell below shows), is a row of its own."""
    rows = [
        *GROUP_ROWS[:2],
        ([["Kepala bidang", "pengawasan"], ["4"], ["Teguran tertulis"]],),
        *GROUP_ROWS[2:],
    ]
    path = tmp_path / "kelompok.pdf"
    _wrapped_table_page(path, WRAP_HEADER, rows, pitch=18.0, leading=12.0)
    wrapped = ["Kepala bidang pengawasan", "4", "Teguran tertulis"]
    assert _one_table(path) == [*GROUP_TABLE[:3], wrapped, *GROUP_TABLE[3:]]


def test_a_group_row_over_indented_rows_stays_a_row(tmp_path):
    """Rows set as tight as a cell's lines: a label over indented rows is a row, under a
    row of its column or under an indented one, though its first word would not have
    fitted on the line above."""
    rows = [([["Seluruh instansi"], ["19"], ["Teguran tertulis"]],), GROUP_ROWS[0]]
    rows += [*((r[0], INDENT) for r in GROUP_ROWS[1:3])]
    rows += [GROUP_ROWS[3], *((r[0], INDENT) for r in GROUP_ROWS[4:])]
    path = tmp_path / "kelompok-menjorok.pdf"
    _wrapped_table_page(path, WRAP_HEADER, rows, pitch=12.0, leading=12.0)
    total = ["Seluruh instansi", "19", "Teguran tertulis"]
    assert _one_table(path) == [WRAP_HEADER, total, *GROUP_TABLE[1:]]


def test_a_group_row_under_a_rule_stays_a_row(tmp_path):
    """Rows as tight as a cell's lines, a rule under each: a rule starts a row."""
    path = tmp_path / "kelompok-bergaris.pdf"
    rows = [
        ([["Pemerintah kabupaten"], ["11"], ["Teguran tertulis"]],),
        ([["Instansi"], [], []],),
        ([["Kepala kantor"], ["2"], ["Teguran lisan"]],),
        ([["Penyuluh pertanian"], ["5"], ["Pernyataan tidak puas"]],),
    ]
    _wrapped_table_page(
        path, WRAP_HEADER, rows, pitch=13.0, leading=12.0, size=9.0, rule_every_row=True
    )
    assert _one_table(path) == [
        WRAP_HEADER,
        ["Pemerintah kabupaten", "11", "Teguran tertulis"],
        ["Instansi", None, None],
        ["Kepala kantor", "2", "Teguran lisan"],
        ["Penyuluh pertanian", "5", "Pernyataan tidak puas"],
    ]


def _real(extracted, name: str) -> ExtractedDocument:
    doc = extracted(name)
    assert isinstance(doc, ExtractedDocument), doc
    return doc


def _shape(rows: list[list[str | None]]) -> tuple[int, int]:
    return len(rows), max(len(r) for r in rows)


@pytest.mark.slow
def test_real_apa_tables_in_a_word_article(shared, extracted):
    """A Word article whose tables have a top rule, a rule under the header and a bottom
    rule, and nothing else: pdfplumber's own finder sees none of them."""
    doc = _real(extracted, "fnsaja-skripsi/artikel-ubm-capres-2024.pdf")
    on_11 = sorted((t for t in doc.tables if t.page == 11), key=lambda t: t.bbox[1])
    assert [_shape(t.rows) for t in on_11] == [(4, 3), (4, 4), (3, 2), (4, 4)]
    # A candidate's name wrapped onto a second line of its cell is one cell, not two rows.
    names = on_11[0]
    assert [row[0] for row in names.rows[1:]] == [
        "Anies Baswedan",
        "Ganjar Pranowo",
        "Prabowo Subianto",
    ]
    assert names.rows[3] == ["Prabowo Subianto", "4", "77,99%"]
    months = on_11[1]
    assert months.rows[0] == ["Bulan", "Positif", "Negatif", "Elektabilitas"]
    assert months.rows[1] == ["Januari", "90,41%", "9,59%", "15,00%"]
    body = " ".join(p.text for p in doc.passages if p.page == 11)
    assert "90,41%" not in body
    assert "Tabel 9. Data Sentiment" in body  # the caption stays in the text


@pytest.mark.slow
def test_real_tables_with_a_rule_under_every_row(shared, extracted):
    """A skripsi whose tables rule every row and no column: cells of several lines are one
    row, and Word's cell borders (where a rule's segments meet) give the columns."""
    doc = _real(extracted, "rifan-skripsi/skripsi-tryout-cpns.pdf")
    on_42 = sorted((t for t in doc.tables if t.page == 42), key=lambda t: t.bbox[1])
    assert [_shape(t.rows) for t in on_42] == [(5, 5), (3, 4)]
    assert on_42[0].rows[0] == ["No.", "Aktivitas", "Masukan", "Proses", "Keluaran"]
    assert on_42[0].rows[2][:2] == ["9.", "Merancang struktur menu dan interface"]
    (on_43,) = [t for t in doc.tables if t.page == 43]
    assert _shape(on_43.rows) == (10, 4)
    # The sentence between the two tables on page 42 is text, not a table row.
    body = " ".join(p.text for p in doc.passages if p.page == 42)
    assert "Adapun sumber daya yang terlibat dalam penelitian" in body


@pytest.mark.slow
def test_real_source_wrapped_in_a_similarity_report(shared, extracted):
    """A similarity report lists its sources between rules; a source's name of two lines
    beside its share ("%" and "1" set as two words) is one row, not two."""
    doc = _real(extracted, "kewarganegaraan/turnitin-rasterized-mostly-no-text.pdf")
    (sources,) = [t for t in doc.tables if t.page == 18 and t.rows[0][0] == "1"]
    assert sources.rows[1] == [
        "2",
        "Submitted to LL DIKTI IX Turnitin Consortium Part II Student Paper",
        "% 1",
    ]
    assert [row[0] for row in sources.rows] == [str(k) for k in range(1, 13)]


@pytest.mark.slow
def test_real_table_continued_from_the_previous_page(shared, extracted):
    """A table whose first band holds only the tail of a cell from the previous page: the
    tail stays the first row, in its column, and the table is not refused for having no
    column heads (its cells stay out of the running text)."""
    doc = _real(extracted, "datmin-tubes/jji-2022-ramuan-herbal.pdf")
    (on_10,) = [t for t in doc.tables if t.page == 10 and t.rows[0][0] is None]
    assert on_10.rows[0] == [None, None, None, None, "Senyawa: Antosianin", None]
    assert [row[:2] for row in on_10.rows[1:]] == [["21.", "Pala"], ["22.", "Kapulaga"]]
    body = " ".join(p.text for p in doc.passages if p.page == 10)
    assert "Antosianin" not in body and "Myristicaceae" not in body


def test_a_short_wrapped_first_cell_beside_centred_cells(tmp_path):
    """Cells set in the middle of their row beside a first cell of two lines: the second
    line joins the cell though its words would have fitted on the first."""
    rows = [
        ([["Guru berstatus pegawai"], ["21"], ["Teguran lisan"]],),
        ([["Ketua", "RT"], ["3"], ["Pernyataan tidak puas"]],),
        ([["Lurah"], ["7"], ["Teguran tertulis"]],),
    ]
    path = tmp_path / "tengah.pdf"
    _wrapped_table_page(path, WRAP_HEADER, rows, pitch=12.0, leading=12.0, centred=True)
    assert _one_table(path) == [
        WRAP_HEADER,
        ["Guru berstatus pegawai", "21", "Teguran lisan"],
        ["Ketua RT", "3", "Pernyataan tidak puas"],
        ["Lurah", "7", "Teguran tertulis"],
    ]
