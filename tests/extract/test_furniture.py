"""Running headers, footers and page numbers: by margin position AND repetition (or by
being nothing but the page's number), never a body line that happens to sit high."""

from __future__ import annotations

from extract.furniture import mark_furniture, normalize_furniture
from extract.lines import Line, PageLayout, Word

HEIGHT = 842.0


def line(text: str, top: float, page: int, x0: float = 72.0, size: float = 10.0) -> Line:
    words = []
    x = x0
    for token in text.split():
        width = 5.0 * len(token)
        words.append(Word(token, x, x + width, top, top + size, top + 0.8 * size, size, False))
        x += width + 3
    return Line(words, page)


def page(number: int, lines: list[Line]) -> PageLayout:
    return PageLayout(number, 595.0, HEIGHT, lines)


def roles(layout: PageLayout) -> dict[str, str]:
    return {ln.text: ln.role for ln in layout.lines}


def test_repeated_header_and_footer_numbers_are_furniture():
    pages = []
    for i in range(4):
        n = i + 1
        pages.append(
            page(
                n,
                [
                    line("Jurnal Tata Kelola Pemilu, Vol. 7 No. 2 (2024)", 40, n),
                    line(f"Paragraf isi halaman {n} tentang netralitas pegawai.", 300, n),
                    line(str(115 + i), 810, n, x0=290),
                ],
            )
        )
    labels = mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert labels == ["115", "116", "117", "118"]
    for layout in pages:
        r = roles(layout)
        assert r["Jurnal Tata Kelola Pemilu, Vol. 7 No. 2 (2024)"] == "furniture"
        assert r[f"Paragraf isi halaman {layout.number} tentang netralitas pegawai."] == "body"
        assert r[str(114 + layout.number)] == "furniture"


def test_a_body_line_high_on_one_page_stays_body():
    pages = [
        page(1, [line("Netralitas ASN pada Pilkada", 40, 1), line("isi", 300, 1)]),
        page(2, [line("Bawaslu menerima tujuh belas laporan", 40, 2), line("isi", 300, 2)]),
        page(3, [line("Netralitas ASN pada Pilkada", 40, 3), line("isi", 300, 3)]),
    ]
    mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert roles(pages[1])["Bawaslu menerima tujuh belas laporan"] == "body"
    assert roles(pages[0])["Netralitas ASN pada Pilkada"] == "furniture"


def test_header_printing_the_page_number_is_furniture_even_when_seen_once():
    # A chapter's first page prints its number at the foot; the next page prints a running
    # header ending in the number. Seen once, the header is still recognised by its number.
    pages = [
        page(1, [line("BAB IV PENUTUP", 120, 1), line("62", 800, 1, x0=290)]),
        page(2, [line("Netralitas ASN pada Pilkada Kabupaten Sukamaju 63", 50, 2)]),
        page(3, [line("isi", 300, 3), line("64", 50, 3, x0=500)]),
    ]
    labels = mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert labels == ["62", "63", "64"]
    assert roles(pages[1])["Netralitas ASN pada Pilkada Kabupaten Sukamaju 63"] == "furniture"
    assert roles(pages[0])["BAB IV PENUTUP"] == "body"


def test_first_page_masthead_is_furniture():
    pages = [
        page(1, [line("DOI: https://doi.org/10.55555/jtkp.v7i2.204", 50, 1), line("x", 300, 1)]),
        page(2, [line("Pemilihan kepala daerah secara langsung", 50, 2), line("x", 300, 2)]),
    ]
    mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert roles(pages[0])["DOI: https://doi.org/10.55555/jtkp.v7i2.204"] == "furniture"
    assert roles(pages[1])["Pemilihan kepala daerah secara langsung"] == "body"


def test_normalisation_ignores_page_numbers_and_roman_numerals():
    assert normalize_furniture("JISA Vol. 7, hlm. 116") == normalize_furniture(
        "JISA Vol. 7, hlm. 117"
    )
    assert normalize_furniture("Skripsi - iv") == normalize_furniture("Skripsi - vii")
    assert normalize_furniture("Bab Satu") != normalize_furniture("Bab Dua")


def test_a_header_set_inside_a_deep_top_margin_is_furniture_a_chapter_heading_is_not():
    """Writer sets the header inside the page's top margin: with a 3 cm margin it stands
    ~10.5% down the page. Repeated on most pages it is furniture; a chapter's "BAB 2"
    atop a few pages at the same depth is not, nor is a cover's year."""
    pages = []
    for i in range(8):
        n = i + 1
        lines = []
        if n in (1, 5):
            lines.append(line(f"BAB {n}", 90, n, x0=280))
        else:
            lines.append(line(f"Netralitas ASN dalam Pilkada {86 + i}", 90, n))
        lines.append(line(f"Paragraf isi halaman {n} tentang netralitas pegawai.", 300, n))
        lines.append(line(str(86 + i), 815, n, x0=290))
        pages.append(page(n, lines))
    labels = mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert labels == [str(86 + i) for i in range(8)]
    assert roles(pages[1])["Netralitas ASN dalam Pilkada 87"] == "furniture"
    assert roles(pages[0])["BAB 1"] == "body"
    assert roles(pages[4])["BAB 5"] == "body"


def test_a_bare_number_that_is_not_the_page_number_stays_text():
    """A footnote whose last line wraps to "2024." at the foot of the page: a bare number
    in the margin, but not this page's number."""
    pages = []
    for i in range(4):
        n = i + 1
        lines = [
            line(f"Paragraf isi halaman {n} tentang netralitas pegawai.", 300, n),
            line("3 Wawancara dengan pengawas pemilihan, 2 November", 790, n, size=9.0),
            line("2024." if n == 3 else "Kabupaten Sukamaju.", 801, n, size=9.0),
            line(str(62 + i), 815, n, x0=290),
        ]
        pages.append(page(n, lines))
    labels = mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert labels == ["62", "63", "64", "65"]
    assert roles(pages[2])["2024."] == "body"
    assert roles(pages[2])["64"] == "furniture"


def test_running_heads_alternating_between_odd_and_even_pages_are_furniture():
    """An ISSN line on odd pages and the journal's issue line on even ones, set below the
    top margin: each is on every page of its side, half of all pages."""
    pages = []
    for n in range(1, 11):
        head = (
            "p-ISSN: 2541-3619 Jurnal Statistika Terapan"
            if n % 2
            else "Jurnal Statistika Terapan Vol. 5 No. 2 (2024)"
        )
        if n == 1:  # the first page carries the title block instead
            head = "Netralitas Pegawai dalam Pemilihan Umum"
        lines = [
            line(head, 90, n),
            line(f"Isi halaman {n} membahas netralitas pegawai negeri.", 300, n),
            line(str(40 + n), 815, n, x0=290),
        ]
        if n == 3:  # a chapter start, once: text
            lines.insert(1, line("Pendahuluan dan latar belakang penelitian", 200, n))
        pages.append(page(n, lines))
    mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert [ln.role for ln in pages[0].lines if ln.top == 90] == ["body"]
    for p in pages[1:]:
        assert [ln.role for ln in p.lines if ln.top == 90] == ["furniture"], p.number
        assert roles(p)[f"Isi halaman {p.number} membahas netralitas pegawai negeri."] == "body"


def test_an_author_running_head_printed_once_a_letter_longer_is_furniture():
    """The authors' names atop every page, whole on one page and cut by a letter on the
    others, are one running head."""
    pages = []
    for n in range(1, 9):
        names = "Rina Wulandari, Budi Santoso, dan Sari Maryam"
        lines = [
            line(names if n == 2 else names[:-1], 40, n, x0=300, size=8),
            line(f"Isi halaman {n} tentang netralitas.", 300, n),
        ]
        pages.append(page(n, lines))
    mark_furniture(pages, margin=0.1, repeat_ratio=0.5)
    assert [p.lines[0].role for p in pages] == ["furniture"] * 8
    assert all(p.lines[1].role == "body" for p in pages)
