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
