"""Footnotes in text exports, as Word saves a document to .txt: a note's number glued to
the end of a sentence ("pemilu1."), and each page's notes in a single-spaced block where
the page ended, the body going on after it (the next page's first line starts with a
space) in the middle of its sentence."""

from __future__ import annotations

import re

from extract import extract_file

DOUBLE_SPACED = """NETRALITAS PEGAWAI DALAM PEMILIHAN

PENDAHULUAN

Pegawai pemerintah daerah diminta menjaga jarak dari semua kegiatan kampanye

calon kepala daerah selama masa pemilihan berlangsung di wilayahnya1. Aturan

ini berlaku bagi semua pegawai tanpa kecuali.2 Termasuk pegawai yang sedang

 
1 Sumber pertama tentang aturan netralitas pegawai di daerah, terbit tahun 2020,
hlm. 4.
2 Catatan kedua yang menjelaskan istilah pegawai kontrak.
 menjalani cuti atau tugas belajar di luar daerah. Pengawas mencatat setiap

laporan dan meneruskannya kepada atasan pegawai yang bersangkutan.

PEMBAHASAN

Daftar langkah pengawas:

1. Menerima laporan dari warga.

2. Memeriksa bukti yang dilampirkan.
"""


def test_numbered_notes_become_footnotes_and_the_paragraph_goes_on(tmp_path):
    path = tmp_path / "naskah.txt"
    path.write_text(DOUBLE_SPACED, encoding="utf-8")
    doc = extract_file(path)
    notes = [p for p in doc.passages if p.kind == "footnote"]
    assert [n.text for n in notes] == [
        "1 Sumber pertama tentang aturan netralitas pegawai di daerah, terbit tahun 2020, hlm. 4.",
        "2 Catatan kedua yang menjelaskan istilah pegawai kontrak.",
    ]
    body = [p.text for p in doc.passages if p.kind == "body"]
    interrupted = next(t for t in body if t.startswith("Pegawai pemerintah daerah"))
    # One paragraph across the notes, with the reference numbers gone from the words.
    assert "di wilayahnya. Aturan ini" in interrupted
    assert "tanpa kecuali. Termasuk pegawai yang sedang menjalani cuti atau" in interrupted
    assert interrupted.endswith("pegawai yang bersangkutan.")
    # The notes come right after the paragraph they interrupted, under its section.
    index = [p.text for p in doc.passages].index(interrupted)
    assert doc.passages[index + 1].kind == "footnote"
    assert notes[0].section == "PENDAHULUAN"


def test_a_numbered_list_is_not_taken_for_notes(tmp_path):
    path = tmp_path / "naskah.txt"
    path.write_text(DOUBLE_SPACED, encoding="utf-8")
    texts = [(p.kind, p.text) for p in extract_file(path).passages]
    assert ("body", "1. Menerima laporan dari warga.") in texts
    assert ("body", "2. Memeriksa bukti yang dilampirkan.") in texts


def test_a_seed_export_keeps_its_footnotes_apart(shared):
    (path,) = sorted((shared / "seeds").glob("001_*.txt"))
    doc = extract_file(path)
    notes = [p for p in doc.passages if p.kind == "footnote"]
    assert [int(n.text.split()[0]) for n in notes] == list(range(1, 16))
    # No note text is left inside a body passage, and no body passage starts mid-sentence
    # where a page's notes interrupted it.
    for p in doc.passages:
        if p.kind == "body":
            assert not any(n.text[3:40] in p.text for n in notes)
            assert not re.match(r"[a-z][^.]", p.text), p.text[:60]
