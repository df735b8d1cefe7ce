"""Plain-text sources: hard-wrapped lines with a blank line after each (as Word's text
export writes them) become real paragraphs; bare numbers become page labels."""

from __future__ import annotations

from extract import extract_file

WRAPPED = """\
62

BAB IV

PENUTUP

4.1 Kesimpulan

Penelitian ini menyimpulkan bahwa netralitas pegawai pada pemilihan bupati

belum terwujud sepenuhnya. Sebagian pegawai memandang keberpihakan

politik sebagai urusan pribadi yang tidak berkaitan dengan jabatan.

Ada empat faktor yang mendorong pelanggaran, yaitu konflik kepentingan,

kekerabatan dengan calon, tekanan atasan, dan kurangnya pemahaman atas

aturan yang berlaku bagi pegawai.

63

4.2 Saran

1. Pemerintah daerah perlu memperkuat sosialisasi aturan netralitas kepada

seluruh pegawai, termasuk pegawai di tingkat desa dan kelurahan.

2. Bawaslu perlu mengawasi akun media sosial pegawai secara berkelanjutan.
"""


def test_wrapped_text_becomes_paragraphs(tmp_path):
    path = tmp_path / "bab4.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    doc = extract_file(path)
    got = [(p.kind, p.page_label, p.text) for p in doc.passages]
    assert got[0] == ("heading", "62", "BAB IV PENUTUP")
    assert got[1] == ("heading", "62", "4.1 Kesimpulan")
    assert got[2][2].startswith("Penelitian ini menyimpulkan") and got[2][2].endswith("jabatan.")
    # "... dengan jabatan." is nearly a full line, but the next word ("Ada") would have
    # fitted on it: the writer ended the paragraph there.
    assert got[3][2].startswith("Ada empat faktor") and got[3][2].endswith("pegawai.")
    assert got[4] == ("heading", "63", "4.2 Saran")
    # A list item's first line is not a heading even though it starts "1.".
    assert [k for k, _label, _text in got[5:]] == ["body", "body"]
    assert got[5][2].startswith("1. Pemerintah daerah") and got[5][2].endswith("kelurahan.")
    assert {p.section for p in doc.passages[5:]} == {"4.2 Saran"}
    assert doc.metadata.kind == "thesis"
    assert doc.metadata.sources["title"] == "filename"  # a chapter file names no title


def test_markdown_headings_and_links(tmp_path):
    path = tmp_path / "catatan.md"
    path.write_text(
        "# Netralitas Pegawai dalam Pilkada Serentak\n\n"
        "Pegawai yang hadir dalam **kampanye** melanggar aturan "
        "([lihat pedoman](https://example.org/pedoman)).\n\n"
        "## Penegakan\n\nBawaslu meneruskan rekomendasi kepada BKN.\n",
        encoding="utf-8",
    )
    doc = extract_file(path)
    assert [(p.kind, p.text) for p in doc.passages] == [
        ("heading", "Netralitas Pegawai dalam Pilkada Serentak"),
        ("body", "Pegawai yang hadir dalam kampanye melanggar aturan (lihat pedoman)."),
        ("heading", "Penegakan"),
        ("body", "Bawaslu meneruskan rekomendasi kepada BKN."),
    ]


def test_markdown_comments_are_not_text(tmp_path):
    md = tmp_path / "bab.md"
    md.write_text(
        "<!-- image -->\n\n# Netralitas Pegawai pada Pilkada\n\n"
        "Pegawai dilarang <!-- catatan penyunting --> berkampanye.\n\n"
        "<!-- a comment\nover two lines -->\n\nBawaslu mengawasi akun media sosial pegawai.\n",
        encoding="utf-8",
    )
    doc = extract_file(md)
    assert doc.metadata.title == "Netralitas Pegawai pada Pilkada"
    texts = [p.text for p in doc.passages]
    assert not any("<!--" in t or "-->" in t for t in texts)
    assert "Pegawai dilarang berkampanye." in texts


def test_a_caption_is_no_title(tmp_path):
    txt = tmp_path / "artikel.txt"
    txt.write_text(
        "Figure 1. Research Flow\n\n"
        "Analisis Sentimen Warganet terhadap Netralitas Pegawai\n\n"
        "Penelitian ini menelaah unggahan warganet tentang pegawai yang berkampanye.\n",
        encoding="utf-8",
    )
    assert extract_file(txt).metadata.title == (
        "Analisis Sentimen Warganet terhadap Netralitas Pegawai"
    )


def test_a_year_still_to_come_is_not_the_year(tmp_path):
    txt = tmp_path / "bab.txt"
    txt.write_text(
        "Rencana Penguatan Netralitas Pegawai Daerah\n\n"
        "Laporan ini disusun pada 2023 dan menargetkan seluruh pegawai terlatih pada 2049.\n",
        encoding="utf-8",
    )
    assert extract_file(txt).metadata.year == 2023


def test_one_paragraph_per_line_stays_one_paragraph_per_line(tmp_path):
    """Blank lines between single-line paragraphs (markdown, most editors) are not the
    hard-wrapped, double-spaced text of a Word export: each line is its own passage."""
    lines = [
        f"Pegawai {name} mengaku diminta hadir dalam kampanye calon oleh atasannya sendiri."
        for name in ("Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar")
    ]
    txt = tmp_path / "wawancara.txt"
    txt.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    assert [p.text for p in extract_file(txt).passages if p.kind == "body"] == lines


def test_paragraphs_one_per_line_without_blank_lines_stay_apart(tmp_path):
    """A list of quotations or a spreadsheet column saved as text: no blank lines, but
    every line is far longer than anyone hard-wraps, so every line is a passage (not one
    passage for the whole file)."""
    lines = [
        f"Pegawai {name} mengaku diminta hadir dalam kampanye calon oleh atasannya sendiri, "
        "dan ia tidak berani menolak karena takut jabatannya dipindahkan ke kecamatan lain "
        "setelah pilkada usai, sehingga ia ikut hadir meski tahu itu melanggar aturan."
        for name in ("Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar")
    ]
    txt = tmp_path / "kutipan.txt"
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [p.text for p in extract_file(txt).passages if p.kind == "body"] == lines


def _double_spaced(blocks: list[list[str]]) -> str:
    """Word's text export: a blank line after every line, two or more between blocks."""
    return "\n\n\n\n".join("\n\n".join(f"{line} " for line in block) for block in blocks) + "\n"


ARTICLE = [
    [
        "JURNAL TATA KELOLA DAERAH : Jurnal Ilmu Pemerintahan",
        "Volume. 3 No. 2 Mei 2025",
        "e-ISSN: 1234-5678; p-ISSN: 2345-6789, Hal. 40-52",
    ],
    ["Received Januari 5, 2025; Revised Februari 2, 2025; Accepted Maret 1, 2025"],
    [
        "Kekerabatan dan Tekanan Atasan dalam Pelanggaran Netralitas Pegawai",
        "pada Pemilihan Bupati Lembah Hijau",
    ],
    ["Sinta Maharani 1* , Joko Prasetyo 2, Wulan Sari 3"],
    ["1-3 Universitas Lembah Hijau, Indonesia\nEmail : sinta@example.ac.id"],
    [
        "Abstract: This study asks why civil servants in a regency joined campaigns for a",
        "candidate related to them.\n Abstrak, Penelitian ini menelaah mengapa pegawai di",
        "kabupaten itu ikut berkampanye bagi calon yang masih kerabatnya.",
    ],
    ["Kata Kunci: netralitas, kekerabatan, Pilkada"],
    ["1. PENDAHULUAN"],
    [
        "Aturan tentang netralitas pegawai tersebar di beberapa peraturan, dan yang",
        "paling sering dirujuk oleh pengawas adalah tiga ketentuan berikut ini.",
    ],
    [
        "1. Pasal 2 huruf f yang menegaskan asas netralitas dalam manajemen pegawai",
        "negeri di seluruh instansi pemerintah daerah.",
    ],
    ["2. Pasal 87 yang mengatur pemberhentian pegawai yang menjadi anggota partai."],
    ["3. Pasal 9 ayat (2)"],
    [
        "Ketentuan itu melarang pegawai berpihak kepada siapa pun dalam kegiatan",
        "politik praktis, termasuk dalam pemilihan kepala daerah tingkat kabupaten.",
    ],
    ["Peran Pengawas Kabupaten"],
    [
        "Pengawas kabupaten menerima laporan dari warga dan meneruskannya kepada",
        "komisi yang berwenang setelah bukti awal dinilai cukup untuk diperiksa.",
    ],
    ["Gambar 1"],
    ["Sumber : Pengawas Kabupaten Lembah Hijau, 2025"],
    [
        "Dari gambar tersebut terlihat bahwa laporan terbanyak berasal dari unggahan",
        "pegawai di media sosial selama masa kampanye berlangsung di kabupaten.",
    ],
]


def test_a_word_export_of_an_article_keeps_its_front_matter_apart(tmp_path):
    txt = tmp_path / "artikel.txt"
    txt.write_text(_double_spaced(ARTICLE), encoding="utf-8")
    doc = extract_file(txt)
    meta = doc.metadata
    assert meta.title == (
        "Kekerabatan dan Tekanan Atasan dalam Pelanggaran Netralitas Pegawai pada "
        "Pemilihan Bupati Lembah Hijau"
    )
    assert meta.authors == ["Sinta Maharani", "Joko Prasetyo", "Wulan Sari"]
    assert meta.venue == "JURNAL TATA KELOLA DAERAH : Jurnal Ilmu Pemerintahan"
    assert meta.year == 2025
    texts = [p.text for p in doc.passages]
    assert any(t.startswith("Abstract:") and "Abstrak" not in t for t in texts)
    assert any(t.startswith("Abstrak,") for t in texts)
    assert "1-3 Universitas Lembah Hijau, Indonesia" in texts
    headings = [p.text for p in doc.passages if p.kind == "heading"]
    assert headings == ["1. PENDAHULUAN", "Peran Pengawas Kabupaten"]
    assert "3. Pasal 9 ayat (2)" in texts  # the list's last item, not a heading
    captions = [p.text for p in doc.passages if p.kind == "caption"]
    assert captions == ["Gambar 1", "Sumber : Pengawas Kabupaten Lembah Hijau, 2025"]
    assert texts[-1].startswith("Dari gambar tersebut")


def test_tab_separated_lines_become_a_table(tmp_path):
    txt = tmp_path / "laporan.md"
    txt.write_text(
        "# Rekap Laporan Pelanggaran\n\n"
        "Tabel berikut merangkum laporan per kecamatan.\n\n"
        "<b>Kecamatan</b>\tLaporan\tTerbukti\n"
        "Sukamaju\t12\t7\n\n"
        "Lembah Hijau\t5\t\n"
        "Sebagian besar laporan berasal dari media sosial.\n",
        encoding="utf-8",
    )
    doc = extract_file(txt)
    assert [t.rows for t in doc.tables] == [
        [["Kecamatan", "Laporan", "Terbukti"], ["Sukamaju", "12", "7"], ["Lembah Hijau", "5"]]
    ]
    texts = [p.text for p in doc.passages]
    assert "Sebagian besar laporan berasal dari media sosial." in texts
    assert not any("Sukamaju" in t for t in texts)
