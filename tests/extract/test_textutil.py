"""Line joining and heading rules shared by the PDF and text readers."""

from __future__ import annotations

import pytest

from extract.textutil import heading_level, is_reference_heading, join_lines


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("terjadinya pe-", "langgaran netralitas", "terjadinya pelanggaran netralitas"),
        ("berbagai faktor-", "faktor penyebab", "berbagai faktor-faktor penyebab"),
        ("kehidupan sehari-", "hari pegawai", "kehidupan sehari-hari pegawai"),
        ("pegawai non-", "ASN di daerah", "pegawai non-ASN di daerah"),
        ("Pasal 2-", "3 undang-undang", "Pasal 2-3 undang-undang"),
        ("bolak-", "balik ke kantor", "bolak-balik ke kantor"),
        ("hubungan ke-", "kerabatan calon", "hubungan kekerabatan calon"),
        ("aneka sayur-", "sayuran segar", "aneka sayur-sayuran segar"),
        ("peraturan perundang-", "undangan yang", "peraturan perundang-undangan yang"),
        ("wajahnya kemerah-", "merahan", "wajahnya kemerah-merahan"),
        ("sebaik-", "baiknya", "sebaik-baiknya"),
        ("urusan peme-", "rintahan daerah", "urusan pemerintahan daerah"),
        ("hadir dalam", "kampanye calon", "hadir dalam kampanye calon"),
        ("", "kampanye", "kampanye"),
        ("kampanye  ", "", "kampanye"),
    ],
)
def test_join_lines(first, second, joined):
    assert join_lines(first, second) == joined


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("BAB IV PENUTUP", 1),
        ("BAB 2", 1),
        ("4.1 Kesimpulan", 2),
        ("4.2.1 Faktor Kekerabatan", 3),
        ("A. Latar Belakang", 2),
        ("DAFTAR PUSTAKA", 1),
        ("Hasil dan Pembahasan", 1),
        ("Kesimpulan", 1),
        ("PERAN BAWASLU DALAM PENGAWASAN", 1),
        ("Pegawai yang hadir dalam kampanye dapat dikenai sanksi.", None),
        ("1. Konflik kepentingan antara pegawai dan calon bupati yang didukung oleh atasan.", None),
        ("4.1 Kesimpulan penelitian ini adalah bahwa pegawai tidak netral, karena", None),
        ("", None),
    ],
)
def test_heading_level(line, level):
    assert heading_level(line) == level


def test_reference_headings():
    assert is_reference_heading("DAFTAR PUSTAKA")
    assert is_reference_heading("References")
    assert is_reference_heading("5. Daftar Pustaka")
    assert not is_reference_heading("Pustaka dan arsip daerah")


def test_without_email_drops_contact_lines_from_an_abstract():
    from extract.textutil import without_email

    assert without_email("Email : penulis.satu@gmail.com* Penelitian ini menjelaskan") == (
        "Penelitian ini menjelaskan"
    )
    assert without_email("Korespondensi: a_b@univ.ac.id") is None
    assert without_email("Tanpa alamat surel.") == "Tanpa alamat surel."
    assert without_email(None) is None
