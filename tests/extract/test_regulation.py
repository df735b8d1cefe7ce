"""Regulations by BAB, Bagian, Pasal and ayat, each passage with the locator a reader cites.

The synthetic regulation is drawn here with reportlab as the official ones are set: the
ayat numbers ``(1)``, ``(2)`` hang left of a text column, list items ``a.`` ... sit in it,
and an ayat follows the last item of the ayat before it; on the second page nothing but
the numbers sits left of the text column. Its wording is our own. (The numbers taken for
a column of their own, as on the real PP 11/2017, are tested on that PDF in
tests/datasette_plugins/test_regulation_cite.py.)"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extract import extract_file
from extract.lines import Line, PageLayout, Word
from extract.regulation import regulation_short_name, rejoin_numbers

LEFT, TEXT, LEADING = 170.0, 199.0, 21.0
PAGES = [
    [
        ("centre", "PERATURAN PEMERINTAH REPUBLIK INDONESIA"),
        ("centre", "NOMOR 7 TAHUN 2031"),
        ("centre", "TENTANG"),
        ("centre", "KETERTIBAN PEGAWAI DALAM MASA KAMPANYE"),
        ("centre", ""),
        ("centre", "BAB I"),
        ("centre", "KETENTUAN UMUM"),
        ("centre", "Pasal 1"),
        (LEFT, "Pegawai dalam Peraturan Pemerintah ini adalah setiap orang yang bekerja"),
        (LEFT, "pada instansi pemerintah berdasarkan keputusan pejabat yang berwenang."),
        ("centre", "BAB II"),
        ("centre", "LARANGAN"),
        ("centre", "Bagian Kesatu"),
        ("centre", "Kegiatan Kampanye"),
        ("centre", "Pasal 2"),
        (("(1)", TEXT), "Pegawai dilarang menghadiri kegiatan kampanye calon"),
        (TEXT, "kepala daerah selama jam kerja."),
        (("(2)", TEXT), "Larangan sebagaimana dimaksud pada ayat (1) meliputi:"),
        (TEXT, "a. memasang atribut calon di kantor;"),
        (TEXT, "b. mengajak rekan kerja memilih calon tertentu;"),
        (TEXT, "c. memakai kendaraan dinas untuk kampanye; dan"),
        (TEXT, "d. membagikan bahan kampanye di lingkungan"),
        (TEXT + 28, "instansi."),
        (("(3)", TEXT), "Pegawai yang melanggar larangan sebagaimana dimaksud"),
        (TEXT, "pada ayat (2) dikenai sanksi disiplin oleh atasan"),
        (TEXT, "langsungnya."),
        (("(4)", TEXT), "Sanksi sebagaimana dimaksud pada ayat (3) dicatat"),
        (TEXT, "dalam berkas kepegawaian."),
    ],
    [
        ("centre", "Pasal 3"),
        (("(1)", TEXT), "Atasan langsung wajib melaporkan setiap pelanggaran"),
        (TEXT, "kepada pejabat pembina dalam waktu tujuh hari."),
        (("(2)", TEXT), "Laporan sebagaimana dimaksud pada ayat (1) memuat"),
        (TEXT, "nama pegawai, waktu, dan bentuk pelanggaran."),
        (("(3)", TEXT), "Pejabat pembina memeriksa laporan sebagaimana"),
        (TEXT, "dimaksud pada ayat (2) paling lama empat belas"),
        (TEXT, "hari setelah laporan diterima."),
        (("(4)", TEXT), "Hasil pemeriksaan sebagaimana dimaksud pada ayat (3)"),
        (TEXT, "disampaikan kepada pegawai yang bersangkutan dan"),
        (TEXT, "atasan langsungnya."),
        (("(5)", TEXT), "Pegawai yang keberatan atas hasil pemeriksaan dapat"),
        (TEXT, "mengajukan keberatan secara tertulis kepada:"),
        (TEXT, "a. pejabat pembina; atau"),
        (TEXT, "b. pejabat yang ditunjuk oleh pejabat pembina."),
        (("(6)", TEXT), "Keberatan sebagaimana dimaksud pada ayat (5)"),
        (TEXT, "diputus paling lama tiga puluh hari."),
        ("centre", "Paragraf 1"),
        ("centre", "Tata Cara Pemeriksaan dan"),
        ("centre", "Penjatuhan Sanksi"),
        ("centre", "Pasal 4"),
        (LEFT, "Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan."),
    ],
    [
        ("centre", "PENJELASAN"),
        ("centre", "ATAS"),
        ("centre", "PERATURAN PEMERINTAH NOMOR 7 TAHUN 2031"),
        ("centre", "Pasal 2"),
        (LEFT, "Ayat (1)"),
        (LEFT + 28, "Yang dimaksud dengan jam kerja adalah waktu yang ditetapkan"),
        (LEFT + 28, "oleh instansi masing-masing."),
        (LEFT, "Ayat (2)"),
        (LEFT + 28, "Cukup jelas."),
    ],
]


def regulation_pdf(path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, lines in enumerate(PAGES, start=1):
        c.setFont("Times-Roman", 12)
        c.drawCentredString(width / 2, height - 50, f"- {number} -")
        y = height - 90
        for where, text in lines:
            if where == "centre":
                c.drawCentredString(width / 2, y, text)
            elif isinstance(where, tuple):
                c.drawString(LEFT, y, where[0])
                c.drawString(where[1], y, text)
            else:
                c.drawString(where, y, text)
            y -= LEADING
        c.showPage()
    c.save()


@pytest.fixture(scope="module")
def regulation(tmp_path_factory):
    path = tmp_path_factory.mktemp("regulation") / "pp-7-2031-ketertiban.pdf"
    regulation_pdf(path)
    return extract_file(path)


def by_locator(doc, locator: str) -> list:
    return [p for p in doc.passages if p.locator == locator and p.kind == "body"]


def test_an_ayat_keeps_its_number_with_its_text(regulation):
    assert regulation.metadata.kind == "regulation"
    texts = [p.text for p in regulation.passages]
    assert not [t for t in texts if t in ("(1)", "(2)", "(3)", "(4)", "a.", "b.")]
    (ayat,) = by_locator(regulation, "Pasal 2 ayat (3)")
    assert ayat.text.startswith("(3) Pegawai yang melanggar larangan")
    assert ayat.text.endswith("oleh atasan langsungnya.")


def test_the_ayat_after_a_list_is_not_merged_into_its_last_item(regulation):
    (item,) = by_locator(regulation, "Pasal 2 ayat (2) huruf d")
    assert item.text == "d. membagikan bahan kampanye di lingkungan instansi."
    (intro,) = by_locator(regulation, "Pasal 2 ayat (2)")
    assert intro.text.endswith("meliputi:")


def test_bab_bagian_and_pasal_are_headings_and_sections(regulation):
    headings = [(p.text, p.locator) for p in regulation.passages if p.kind == "heading"]
    assert ("BAB II LARANGAN", "BAB II") in headings
    assert ("Bagian Kesatu Kegiatan Kampanye", "BAB II Bagian Kesatu") in headings
    assert ("Pasal 3", "Pasal 3") in headings
    (ayat,) = by_locator(regulation, "Pasal 3 ayat (2)")
    assert ayat.section == "Pasal 3"
    assert ayat.page == 2


def test_a_wrapped_paragraf_title_is_one_heading(regulation):
    headings = [(p.text, p.locator) for p in regulation.passages if p.kind == "heading"]
    assert (
        "Paragraf 1 Tata Cara Pemeriksaan dan Penjatuhan Sanksi",
        "BAB II Bagian Kesatu Paragraf 1",
    ) in headings


def test_the_penjelasan_is_located_by_the_article_it_explains(regulation):
    (explained,) = by_locator(regulation, "Penjelasan Pasal 2 ayat (1)")
    assert explained.text == (
        "Ayat (1) Yang dimaksud dengan jam kerja adalah waktu yang ditetapkan oleh instansi "
        "masing-masing."
    )
    assert by_locator(regulation, "Penjelasan Pasal 2 ayat (2)")[0].text == "Ayat (2) Cukup jelas."
    # The articles it explains are not the articles themselves.
    assert len(by_locator(regulation, "Pasal 2 ayat (1)")) == 1


def test_numbers_hanging_in_a_column_of_their_own_join_their_text(regulation):
    """On page 2 the numbers stand alone left of the text."""
    (ayat,) = by_locator(regulation, "Pasal 3 ayat (5)")
    assert ayat.text == (
        "(5) Pegawai yang keberatan atas hasil pemeriksaan dapat mengajukan keberatan "
        "secara tertulis kepada:"
    )
    (item,) = by_locator(regulation, "Pasal 3 ayat (5) huruf b")
    assert item.text == "b. pejabat yang ditunjuk oleh pejabat pembina."
    assert by_locator(regulation, "Pasal 3 ayat (6)")[0].text.startswith("(6) Keberatan")
    (whole,) = by_locator(regulation, "Pasal 1")
    assert whole.text.startswith("Pegawai dalam Peraturan Pemerintah ini")


@pytest.mark.parametrize(
    "title, short",
    [
        ("PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 11 TAHUN 2017 TENTANG X", "PP 11/2017"),
        ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 5 TAHUN 2014 TENTANG X", "UU 5/2014"),
        ("Peraturan Presiden Nomor 12 Tahun 2021 tentang X", "Perpres 12/2021"),
        ("PERATURAN PEMERINTAH PENGGANTI UNDANG-UNDANG NOMOR 1 TAHUN 2022", "Perppu 1/2022"),
        ("PERATURAN DAERAH KOTA BANDUNG NOMOR 3 TAHUN 2019 TENTANG X", "Perda 3/2019"),
        ("Skripsi tentang netralitas ASN", None),
    ],
)
def test_short_name_of_a_regulation(title, short):
    assert regulation_short_name(title) == short


def _line(text: str, x0: float, base: float, col: int) -> Line:
    words, x = [], x0
    for w in text.split():
        words.append(Word(w, x, x + 6 * len(w), base - 10, base + 2, base, 12.0, False))
        x += 6 * len(w) + 4
    return Line(words, 1, col=col)


def test_numbers_taken_for_a_column_go_back_on_their_lines():
    """Column detection put the ayat numbers in a column of their own (as on PP 11/2017's
    pages): each goes back on the line of its text, in reading order."""
    page = PageLayout(1, 595.0, 842.0)
    page.gutters = [190.0]
    page.lines = [
        _line("(1)", 170, 100, 0),
        _line("(2)", 170, 142, 0),
        _line("Pegawai wajib netral.", 199, 100, 1),
        _line("Pelanggaran dicatat oleh", 199, 142, 1),
        _line("atasan.", 199, 163, 1),
    ]
    rejoin_numbers(page)
    assert [ln.text for ln in page.lines] == [
        "(1) Pegawai wajib netral.",
        "(2) Pelanggaran dicatat oleh",
        "atasan.",
    ]
    assert {ln.col for ln in page.lines} == {-1}


def test_a_real_left_column_is_left_alone():
    page = PageLayout(1, 595.0, 842.0)
    page.gutters = [290.0]
    page.lines = [
        _line("Kolom kiri berisi teks biasa.", 60, 100, 0),
        _line("Kolom kanan juga berisi teks.", 300, 100, 1),
    ]
    rejoin_numbers(page)
    assert [ln.text for ln in page.lines] == [
        "Kolom kiri berisi teks biasa.",
        "Kolom kanan juga berisi teks.",
    ]
