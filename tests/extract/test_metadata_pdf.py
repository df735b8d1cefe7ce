"""The journal's name, cut out of the masthead lines it shares with volume, pages and dates:
a citation prints it as stored."""

from __future__ import annotations

import pytest

from extract.metadata_pdf import clean_name, clean_venue


@pytest.mark.parametrize(
    "masthead,venue",
    [
        (
            "Vol.7/No.2, Mei 2021, hlm. 15-30 JURNAL KAJIAN PEMERINTAHAN DAERAH 15",
            "JURNAL KAJIAN PEMERINTAHAN DAERAH",
        ),
        ("Jurnal Tata Kelola (2023) 4(2):10-22 Artikel Penelitian", "Jurnal Tata Kelola"),
        (
            "Article in International Journal of Public Administration · March 2019",
            "International Journal of Public Administration",
        ),
        ("Jurnal Ilmiah Birokrasi/", "Jurnal Ilmiah Birokrasi"),
        ("JURNAL ILMU POLITIK P", "JURNAL ILMU POLITIK"),
        ("JURNAL ILMU POLITIK P-", "JURNAL ILMU POLITIK"),
        (
            "Madani : Indonesian Journal Of Civil Society",
            "Madani : Indonesian Journal Of Civil Society",
        ),
        (
            "Prosiding Seminar Nasional Demokrasi Lokal 2024",
            "Prosiding Seminar Nasional Demokrasi Lokal 2024",
        ),
        ("JISA (Jurnal Informatika dan Sains)", "JISA (Jurnal Informatika dan Sains)"),
    ],
)
def test_clean_venue(masthead, venue):
    assert clean_venue(masthead) == venue


@pytest.mark.parametrize(
    "piece,name",
    [
        ("M Farrel Danendra Rachim - 13521048", "M Farrel Danendra Rachim"),
        ("Darmawan Harefa1*", "Darmawan Harefa"),
        ("1 STKIP Nias Selatan", None),
        ("2 UIN Sunan Kalijaga", None),
        ("Program Studi Ilmu Pemerintahan", None),
    ],
)
def test_clean_name(piece, name):
    assert clean_name(piece) == name
