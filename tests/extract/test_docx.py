"""Word documents: headings from styles, footnotes, tables, properties, transcripts.

The files are made here with python-docx, the footnote added to the package as Word
writes it (python-docx has no footnote API); LibreOffice opening the file checks that the
package we made is a real Word document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from extract import BrokenFile, EncryptedFile, extract_file

docx = pytest.importorskip("docx")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE = "Lihat Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara."
FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""  # noqa: E501


def _add_footnote(path: Path) -> None:
    """Put footnote 1 into the package and a reference to it into the body, as Word does."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    body = parts["word/document.xml"].decode()
    marker = "<w:t>Pemerintah telah mengatur netralitas pegawai"
    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    i = body.index(marker)
    end = body.index("</w:r>", i) + len("</w:r>")
    parts["word/document.xml"] = (body[:end] + ref + body[end:]).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rel = (
        '<Relationship Id="rIdFn1" Target="footnotes.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/footnotes"/>'
    )
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", rel + "</Relationships>"
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    )
    parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    parts["word/footnotes.xml"] = FOOTNOTES_XML.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.fixture
def thesis_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "Netralitas ASN dalam Pilkada Kabupaten Sukamaju"
    d.core_properties.author = "Sari Wulandari"
    d.add_paragraph("Netralitas ASN dalam Pilkada Kabupaten Sukamaju", style="Title")
    d.add_heading("Pendahuluan", level=1)
    d.add_paragraph(
        "Pemerintah telah mengatur netralitas pegawai dalam berbagai peraturan. Namun "
        "pelanggaran masih sering ditemukan menjelang pemungutan suara."
    )
    d.add_paragraph(
        "Penelitian ini menelaah faktor yang mendorong pegawai memihak salah satu calon."
    )
    d.add_heading("Hasil dan Pembahasan", level=1)
    d.add_paragraph(
        "Informan menyebut tekanan atasan sebagai alasan utama ikut hadir dalam kampanye."
    )
    d.add_paragraph("Tekanan datang dari atasan langsung", style="List Bullet")
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Faktor", "Informan"), ("Tekanan", "7"), ("Kekerabatan", "3")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    d.add_paragraph("Kekerabatan dengan calon juga disebut oleh tiga informan.")
    path = tmp_path / "bab-netralitas.docx"
    d.save(str(path))
    _add_footnote(path)
    return path


def test_headings_footnote_table_and_title(thesis_docx):
    """Issue #13, acceptance 1."""
    doc = extract_file(thesis_docx)
    kinds = [(p.kind, p.text) for p in doc.passages]
    headings = [t for k, t in kinds if k == "heading"]
    assert headings == [
        "Netralitas ASN dalam Pilkada Kabupaten Sukamaju",
        "Pendahuluan",
        "Hasil dan Pembahasan",
    ]
    body = [p for p in doc.passages if p.kind == "body"]
    assert body[0].section == "Pendahuluan" and body[0].text.startswith("Pemerintah telah")
    assert body[2].section == "Hasil dan Pembahasan"
    assert [p.locator for p in body] == [f"para. {i}" for i in range(1, len(body) + 1)]
    # The footnote follows the paragraph that cites it, numbered as Word shows it.
    notes = [p for p in doc.passages if p.kind == "footnote"]
    assert [n.text for n in notes] == [f"1 {FOOTNOTE}"]
    assert doc.passages.index(notes[0]) == doc.passages.index(body[0]) + 1
    assert "Lihat Undang-Undang" not in " ".join(p.text for p in body)
    assert doc.tables[0].rows == [["Faktor", "Informan"], ["Tekanan", "7"], ["Kekerabatan", "3"]]
    assert "Tekanan datang dari atasan langsung" in [p.text for p in body]  # a list item
    meta = doc.metadata
    assert meta.title == "Netralitas ASN dalam Pilkada Kabupaten Sukamaju"
    assert meta.sources["title"] == "docx-properties"
    assert meta.authors == ["Sari Wulandari"]
    assert doc.extractor == "telaah.docx"


def test_our_test_file_is_a_real_word_document(thesis_docx, soffice_convert, tmp_path):
    """LibreOffice reads the package we made, footnote included."""
    html = soffice_convert(thesis_docx, "html", tmp_path).read_text(encoding="utf-8")
    text = " ".join(html.split())
    assert "Hasil dan Pembahasan" in text
    assert FOOTNOTE in text and "sdfootnote1" in text  # a footnote, not body text


def test_bab_heading_joins_its_title_line(tmp_path):
    d = docx.Document()
    d.add_paragraph("BAB IV")
    d.add_paragraph("PENUTUP")
    d.add_paragraph("Pelanggaran netralitas terutama didorong oleh tekanan dari atasan.")
    path = tmp_path / "bab4.docx"
    d.save(str(path))
    doc = extract_file(path)
    assert [(p.kind, p.text) for p in doc.passages][:2] == [
        ("heading", "BAB IV PENUTUP"),
        ("body", "Pelanggaran netralitas terutama didorong oleh tekanan dari atasan."),
    ]
    assert doc.passages[1].section == "BAB IV PENUTUP"


def test_transcript_keeps_the_speaker(tmp_path):
    d = docx.Document()
    d.add_heading("Transkrip Wawancara Informan 1", level=1)
    turns = [
        ("Pewawancara", "Apakah Bapak pernah diminta mendukung calon tertentu?"),
        ("P1", "Pernah, atasan meminta kami hadir di acara pemenangan."),
        ("Pewawancara", "Apa yang terjadi bila menolak?"),
        ("P1", "Katanya jabatan bisa dievaluasi setelah pilkada."),
    ]
    for who, said in turns:
        d.add_paragraph(f"{who}: {said}")
    d.add_paragraph("Ia lalu menambahkan bahwa banyak rekannya merasakan hal yang sama.")
    path = tmp_path / "wawancara.docx"
    d.save(str(path))
    body = [p for p in extract_file(path).passages if p.kind == "body"]
    assert [(p.speaker, p.text) for p in body[:4]] == turns
    assert body[4].speaker == "P1"  # an unlabelled paragraph continues the turn


def test_an_article_with_a_colon_is_no_transcript(tmp_path):
    d = docx.Document()
    d.add_paragraph("Catatan: data diambil dari laporan Bawaslu tahun 2024.")
    d.add_paragraph("Pelanggaran terbanyak berupa dukungan melalui media sosial.")
    d.add_paragraph("Sebagian besar pelanggar adalah guru dan tenaga kesehatan.")
    path = tmp_path / "artikel.docx"
    d.save(str(path))
    assert all(p.speaker is None for p in extract_file(path).passages)


def test_corrupt_and_protected_word_files_are_named(tmp_path, thesis_docx):
    data = thesis_docx.read_bytes()
    cut = tmp_path / "terpotong.docx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(BrokenFile, match=r"damaged Word file"):
        extract_file(cut)
    # What Word writes for "Encrypt with Password": an OLE compound file, not a zip.
    locked = tmp_path / "terkunci.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(EncryptedFile, match=r"password-protected Word file"):
        extract_file(locked)
