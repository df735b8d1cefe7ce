"""Page labels: numbers printed in the margins, smoothed into runs, and /PageLabels."""

from __future__ import annotations

import pdfplumber
import pytest

from extract.labels import (
    int_to_roman,
    margin_numbers,
    parse_number,
    pdf_page_labels,
    roman_to_int,
    smooth_labels,
)
from tools.synthetic import build


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("63", (63, "arabic")),
        ("- 7 -", (7, "arabic")),
        ("Halaman 12", (12, "arabic")),
        ("hlm. 115", (115, "arabic")),
        ("iv", (4, "roman")),
        ("XII", (12, "ROMAN")),
        ("0", None),
        ("123456", None),
        ("47699", (47699, "arabic")),
        ("iiv", None),
        ("Kesimpulan", None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


def test_roman_round_trip():
    for n in range(1, 400):
        assert roman_to_int(int_to_roman(n)) == n
    assert roman_to_int("MCMXCIV") == 1994


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        ("Netralitas ASN pada Pilkada Kabupaten Sukamaju 63", [(63, "arabic")]),
        ("116 | Jurnal Tata Kelola Pemilu", [(116, "arabic")]),
        ("Jurnal Tata Kelola Pemilu, Vol. 7 No. 2 (2024)", []),
        ("BAB V", []),  # a lone roman letter inside a line is too ambiguous
        ("ii", [(2, "roman")]),
        ("1.", []),  # a figure's or list's label
    ],
)
def test_margin_numbers(line, numbers):
    assert margin_numbers(line) == numbers


def test_chapter_file_keeps_its_offset_across_a_missing_number():
    # Page 3 prints nothing; a year in every header must not become a label.
    pages = [
        [(62, "arabic", 2)],
        [(63, "arabic", 1), (2024, "arabic", 1)],
        [(2024, "arabic", 1)],
        [(65, "arabic", 1), (2024, "arabic", 1)],
        [(66, "arabic", 1)],
    ]
    assert smooth_labels(pages) == ["62", "63", "64", "65", "66"]


def test_roman_front_matter_then_arabic_body():
    pages = [
        [],  # the cover prints no number
        [(2, "roman", 2)],
        [(3, "roman", 2)],
        [(1, "arabic", 2)],
        [(2, "arabic", 1)],
        [(3, "arabic", 1)],
    ]
    assert smooth_labels(pages) == ["i", "ii", "iii", "1", "2", "3"]


def test_a_lone_number_counts_only_when_it_stands_alone():
    # A number at the end of an ordinary margin line (strength 0) with no neighbour to
    # back it is not a page number; the same number alone on its line is.
    assert smooth_labels([[(9, "arabic", 0)], [], [], [], [], [], []]) == [None] * 7
    assert smooth_labels([[(9, "arabic", 2)], [], [], [], [], [], []])[:3] == ["9", "10", "11"]


def test_no_numbers_no_labels():
    assert smooth_labels([[], [], []]) == [None, None, None]


def test_pdf_page_labels_from_the_catalog(tmp_path):
    data, truth = build("article", 0)  # labels only in /PageLabels, starting at 301
    path = tmp_path / "article.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        labels = pdf_page_labels(pdf.doc.catalog, len(pdf.pages))
    assert labels == truth.labels
    assert labels[0] == "301"


def test_no_page_labels_in_the_catalog(tmp_path):
    data, _truth = build("thesis", 0)
    path = tmp_path / "thesis.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        assert pdf_page_labels(pdf.doc.catalog, len(pdf.pages)) is None


def test_sampled_pages_keep_their_own_numbers_between_runs():
    # Pages taken from a longer book: runs 10-11 and 19-20, a lone 15 between them.
    pages = [
        [(10, "arabic", 1)],
        [(11, "arabic", 1)],
        [(15, "arabic", 1)],
        [(19, "arabic", 1)],
        [(20, "arabic", 1)],
    ]
    assert smooth_labels(pages) == ["10", "11", "15", "19", "20"]
