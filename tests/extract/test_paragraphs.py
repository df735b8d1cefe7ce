"""Headings, paragraphs across page breaks, captions and reference lists, on hand-made
lines (the synthetic PDFs test the same rules end to end)."""

from __future__ import annotations

import pytest

from extract.lines import Line, PageLayout, Word
from extract.paragraphs import Stats, build_blocks, doc_stats, is_heading_line, set_edges

LEFT, RIGHT = 72.0, 523.0


def line(text, base, page=1, *, x0=LEFT, full=True, size=12.0, bold=False) -> Line:
    """A line on ``base``; ``full`` stretches it to the right margin (justified text)."""
    tokens = text.split()
    right = RIGHT if full else x0 + 6.0 * len(text)
    step = (right - x0) / max(1, len(text))
    words, x = [], x0
    for token in tokens:
        width = step * len(token)
        words.append(Word(token, x, x + width, base - size, base + 0.2 * size, base, size, bold))
        x += width + step
    words[-1].x1 = right
    return Line(words, page)


def layout(lines: list[Line]) -> list[PageLayout]:
    pages: dict[int, list[Line]] = {}
    for ln in lines:
        pages.setdefault(ln.page, []).append(ln)
    out = [PageLayout(n, 595.0, 842.0, ls) for n, ls in sorted(pages.items())]
    set_edges(out)
    return out


def blocks_of(lines: list[Line]):
    layout(lines)
    return build_blocks(lines, doc_stats(lines))


STATS = Stats(body_size=12.0, pitch={12.0: 18.0}, has_bold=True, indent_style=True)


@pytest.mark.parametrize(
    ("text", "bold", "size", "heading"),
    [
        ("BAB IV", True, 14, True),
        ("BAB V PENUTUP", False, 12, True),
        ("4.1 Kesimpulan", True, 12, True),
        ("DAFTAR PUSTAKA", True, 12, True),
        ("Kesimpulan", False, 12, True),  # a known section name, even in plain type
        ("Konflik Kepentingan dan Kekerabatan", True, 12, True),
        ("1. Konflik kepentingan", False, 12, False),  # a list item in plain type
        ("Tabel 1. Bentuk pelanggaran", True, 12, False),  # a caption
        ("Kata Kunci: netralitas; Pilkada", True, 12, False),
        ("Pegawai yang hadir dalam kampanye dikenai sanksi.", True, 12, False),
        ("Faktor Penyebab Pelanggaran Netralitas", False, 16, True),  # large type
    ],
)
def test_heading_lines(text, bold, size, heading):
    ln = line(text, 200, full=False, size=size, bold=bold)
    ln.left, ln.right = LEFT, RIGHT
    assert is_heading_line(ln, STATS) is heading


def test_bab_and_title_on_two_lines_are_one_heading_and_name_the_section():
    lines = [
        line("BAB IV", 120, x0=270, full=False, size=14, bold=True),
        line("PENUTUP", 140, x0=262, full=False, size=14, bold=True),
        line("4.1 Kesimpulan", 175, full=False, bold=True),
        line("Penelitian ini menyimpulkan bahwa netralitas pegawai belum terwujud", 200, x0=108),
        line("sepenuhnya di Kabupaten Sukamaju.", 218, full=False),
    ]
    blocks = blocks_of(lines)
    assert [(b.kind, b.text) for b in blocks[:2]] == [
        ("heading", "BAB IV PENUTUP"),
        ("heading", "4.1 Kesimpulan"),
    ]
    assert blocks[2].kind == "body" and blocks[2].section == "4.1 Kesimpulan"


def test_paragraph_broken_by_a_page_is_one_block_starting_on_its_first_page():
    lines = [
        line("Hambatan utama penegakan terletak pada kedudukan pejabat yang", 700, 1, x0=108),
        line("sering kali dipegang oleh kepala daerah petahana atau orang yang", 718, 1),
        line("dekat dengan jaringan politik calon, sehingga rekomendasi pengawas", 140, 2),
        line("kehilangan daya paksanya.", 158, 2, full=False),
        line("Netralitas tidak berarti pegawai kehilangan hak pilihnya sebagai", 176, 2, x0=108),
        line("warga negara.", 194, 2, full=False),
    ]
    blocks = blocks_of(lines)
    assert len(blocks) == 2
    assert (blocks[0].page, blocks[0].page_end) == (1, 2)
    assert blocks[0].text.endswith("kehilangan daya paksanya.")
    assert blocks[1].text.startswith("Netralitas tidak berarti")


def test_new_paragraph_at_first_line_indent_and_after_a_short_line():
    lines = [
        line("Bentuk pelanggaran yang paling sering ditemukan adalah dukungan", 200, x0=108),
        line("melalui media sosial.", 218, full=False),
        line("Dari sisi penegakan, Bawaslu menerima tujuh belas laporan dan", 236, x0=108),
        line("meneruskan sembilan rekomendasi kepada KASN dan BKN di tingkat", 254),
        line("pusat untuk ditindaklanjuti.", 272, full=False),
    ]
    assert [b.text.split()[0] for b in blocks_of(lines)] == ["Bentuk", "Dari"]


def test_hyphenated_line_breaks_are_joined_and_reduplication_kept():
    lines = [
        line("Pegawai memahami aturan tentang pe-", 200, x0=108),
        line("langgaran dan faktor-", 218),
        line("faktor penyebabnya.", 236, full=False),
    ]
    (block,) = blocks_of(lines)
    assert (
        block.text == "Pegawai memahami aturan tentang pelanggaran dan faktor-faktor penyebabnya."
    )


def test_caption_and_references_get_their_kinds():
    lines = [
        line("Tabel 1. Bentuk pelanggaran netralitas", 200, x0=180, full=False, bold=True),
        line("Isi paragraf sesudah tabel yang menjelaskan angka-angka dalam tabel", 240, x0=108),
        line("tersebut secara rinci.", 258, full=False),
        line("DAFTAR PUSTAKA", 300, x0=250, full=False, bold=True),
        line("Anggraini, D. (2021). Birokrasi dan politik lokal: Studi netralitas", 330),
        line("pegawai. Yogyakarta: Pustaka Mandala.", 344, x0=108, full=False),
        line("Kurniawan, A. (2020). Netralitas aparatur sipil negara dalam", 362),
        line("perspektif hukum administrasi. Bandung: Citra Aksara.", 376, x0=108, full=False),
    ]
    blocks = blocks_of(lines)
    assert [b.kind for b in blocks] == ["caption", "body", "heading", "reference", "reference"]
    assert blocks[3].text.endswith("Yogyakarta: Pustaka Mandala.")
