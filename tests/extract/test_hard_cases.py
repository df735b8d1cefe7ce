"""The MANIFEST's hard cases (open-fails, page-error, garbled-text-layer, scanned) and the
text-layer quality rules, on the real shared PDFs and on strings of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from extract import ExtractSettings, extract_file
from extract.pdfium import FALLBACK_WARNING, extract_with_pdfium
from extract.quality import (
    GARBLED_PUA,
    GARBLED_WORDS,
    NO_TEXT,
    garbled_reason,
    needs_ocr_warning,
    page_ranges,
    unreadable_reason,
)

CRASHES = "fnsaja-skripsi/skripsi-uir-bpjs-CRASHES-pdfminer.pdf"
GARBLED = "fnsaja-skripsi/tesis-its-sentiment-svm-GARBLED-PUA-TEXT.pdf"
PAGE_ERROR = "fnsaja-skripsi/en-ijca-2017-tweets-svm-PAGE-ERROR.pdf"
SCANNED = "fnsaja-skripsi/scanned-revision-sheet-1p.pdf"
TURNITIN = "kewarganegaraan/turnitin-rasterized-mostly-no-text.pdf"


def manifest(shared: Path) -> dict[str, str]:
    lines = (shared / "pdfs/MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, ln.split("\t"))) for ln in lines[1:] if ln.strip()]
    return {r["file"]: r["expect"] for r in rows}


def page_texts(path: Path, numbers: list[int]) -> dict[int, tuple[str, bool]]:
    """pdfplumber's text of some pages, and whether each page draws an image."""
    out = {}
    with pdfplumber.open(path) as pdf:
        for n in numbers:
            page = pdf.pages[n - 1]
            out[n] = (page.extract_text() or "", bool(page.images))
            page.close()
    return out


# --- quality rules on strings of our own -------------------------------------------------

TITLE_PAGE = """SKRIPSI
NETRALITAS APARATUR SIPIL NEGARA
DALAM PILKADA 2024
Oleh:
Ayu Lestari
NIM 2001234
PROGRAM STUDI ILMU PEMERINTAHAN
2025"""

TABLE_PAGE = """Tabel 4.2 Laporan pelanggaran per kabupaten
Kabupaten 2019 2020 2024
Sleman 12 7 19
Bantul 9 4 11
Kulon Progo 3 2 6
Jumlah 24 13 36"""

SHIFTED = (
    "6HQWLPHQW $QDO\\VLV 3HOD\\DQDQ 0HODOXL 0HGLD 6RVLDO 7ZLWWHU GDQ 3HPLOLKDQ 8PXP %XSDWL 6OHPDQ"
)


@pytest.mark.parametrize(
    ("text", "has_images", "reason"),
    [
        (TITLE_PAGE, None, None),
        (TABLE_PAGE, None, None),
        ("BAB V\nPENUTUP", None, None),
        ("", None, NO_TEXT),
        ("  \n\t ", True, NO_TEXT),
        ("", False, None),  # a blank page without pictures is just blank
        ("17\n4 20", None, NO_TEXT),  # numbers stamped on a scan
        ("62", False, None),  # a blank page carrying its page number
        ("\ue0cd\ue0db\ue0d2 \ue0cc\ue0d7\ue0d3 \ue0db\ue0d2\ue0cc halaman 3", None, GARBLED_PUA),
        ("(cid:2)(cid:3) (cid:4)(cid:5)(cid:6)(cid:7) (cid:8)(cid:9) Pemilu", None, GARBLED_WORDS),
        (SHIFTED, None, GARBLED_WORDS),
        ("العدل أساس الملك وهو قول مشهور في الفقه السياسي الإسلامي", None, None),
        ("Menurut QS. Al-Hujurat ayat 13, وَجَعَلْنَاكُمْ شُعُوبًا وَقَبَائِلَ", None, None),
    ],
)
def test_unreadable_reason_on_our_strings(text, has_images, reason):
    assert unreadable_reason(text, has_images=has_images) == reason


def test_garbled_reason_does_not_mind_short_text():
    assert garbled_reason("1.") is None
    assert garbled_reason("Tabel 3") is None
    assert garbled_reason(SHIFTED) == GARBLED_WORDS


# --- quality rules on the shared PDFs ----------------------------------------------------


def test_garbled_thesis_pages_are_flagged_and_its_cover_is_not(shared):
    pages = page_texts(shared / "pdfs" / GARBLED, list(range(1, 76)))
    reasons = {n: unreadable_reason(t, has_images=img) for n, (t, img) in pages.items()}
    flagged = [n for n, r in reasons.items() if r]
    assert flagged == [*range(3, 13), *range(14, 76)]  # the MANIFEST: "72 of 75 pages"
    assert reasons[1] is None and reasons[2] is None
    assert sum(r == GARBLED_PUA for r in reasons.values()) == 71


def test_scans_are_flagged(shared):
    ((text, img),) = page_texts(shared / "pdfs" / SCANNED, [1]).values()
    assert unreadable_reason(text, has_images=img) == NO_TEXT
    turnitin = page_texts(shared / "pdfs" / TURNITIN, list(range(1, 20)))
    flagged = [n for n, (t, img) in turnitin.items() if unreadable_reason(t, has_images=img)]
    assert flagged == list(range(2, 18))  # 16 page images between the text pages


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        # A cid-name sidebar beside good text; short and tabular pages; rotated margins.
        ("docling-tests/en-ibm-redbook-redp5110-sampled.pdf", [1, 3]),
        ("fnsaja-skripsi/fifo-2019-sentimen-capres-pemilu.pdf", [1, 11, 12]),
        ("fnsaja-skripsi/skripsi-sentimen-capres-2024.pdf", [1, 89]),
        ("pdfplumber-tests/en-federal-register-3col.pdf", [8]),
        ("datmin-tubes/jkip-2016-tanaman-obat.pdf", [12]),
        ("rifan-skripsi/skripsi-tryout-cpns.pdf", [1, 2]),
        ("jurnal-filsafat/almusyarakah-filsafat-ekonomi-islam.pdf", [1, 5]),
    ],
)
def test_real_pages_are_not_flagged(shared, name, pages):
    for n, (text, img) in page_texts(shared / "pdfs" / name, pages).items():
        assert unreadable_reason(text, has_images=img) is None, (name, n)


# --- the pypdfium2 fallback --------------------------------------------------------------


def test_pdfium_reads_the_pdf_pdfminer_cannot_open(shared):
    path = shared / "pdfs" / CRASHES
    assert manifest(shared)[CRASHES] == "open-fails"
    with pytest.raises(Exception, match="format requires"), pdfplumber.open(path):
        pass
    doc = extract_with_pdfium(path, ExtractSettings(), sha256="0" * 64, file_size=1)
    assert doc.extractor == "telaah.pdfium"
    assert doc.warnings[0] == FALLBACK_WARNING
    assert doc.page_count == 64
    assert len(doc.passages) > 300
    assert doc.metadata.title.startswith("ANALISIS SENTIMEN PADA TWEET")
    assert doc.metadata.kind == "thesis"
    # The printed numbers become labels: roman in the front matter, arabic from BAB I.
    labels = {p.page: p.label for p in doc.pages}
    assert (labels[5], labels[13], labels[14], labels[64]) == ("I", "ix", "1", "51")
    body = " ".join(p.text for p in doc.passages if p.kind == "body")
    assert "Support Vector Machine" in body
    headings = [p.text for p in doc.passages if p.kind == "heading"]
    assert "ABSTRAK" in headings


def test_open_fails_falls_back_and_says_so(shared, db_path):
    """Through the real reader and CLI: pdfplumber fails, pypdfium2 reads, the user is told."""
    path = shared / "pdfs" / CRASHES
    doc = extract_file(path)
    assert doc.extractor == "telaah.pdfium"
    assert FALLBACK_WARNING in doc.warnings
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert FALLBACK_WARNING in result.output
    db = open_corpus(db_path)
    (row,) = db.query("select extractor, warnings, page_count from documents")
    assert row["extractor"] == "telaah.pdfium" and row["page_count"] == 64
    assert FALLBACK_WARNING in json.loads(row["warnings"])
    db.close()


# --- pages that fail or need OCR, through the CLI -----------------------------------------


def test_page_error_loses_only_that_page(shared, db_path):
    path = shared / "pdfs" / PAGE_ERROR
    assert manifest(shared)[PAGE_ERROR] == "page-error"
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    db = open_corpus(db_path)
    status = {r["page"]: r["status"] for r in db.query("select page, status from pages")}
    pages_with_text = {r["page"] for r in db.query("select distinct page from passages")}
    (message,) = [r["message"] for r in db.query("select message from pages where page = 2")]
    db.close()
    assert status == {1: "ok", 2: "error", 3: "ok", 4: "ok", 5: "ok", 6: "ok"}
    assert message
    assert {1, 3, 4, 5, 6} <= pages_with_text
    assert 2 not in pages_with_text


def test_garbled_pages_yield_no_junk_and_need_ocr(shared, db_path):
    path = shared / "pdfs" / GARBLED
    assert manifest(shared)[GARBLED] == "garbled-text-layer"
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    # The outcome line tells the user what to do.
    assert needs_ocr_warning([*range(3, 13), *range(14, 76)]) in result.output
    db = open_corpus(db_path)
    texts = [r["text"] for r in db.query("select text from passages")]
    statuses = [r["status"] for r in db.query("select status from pages order by page")]
    db.close()
    assert not any("\ue000" <= ch <= "\uf8ff" for t in texts for ch in t)
    assert all(garbled_reason(t) is None for t in texts)
    assert statuses.count("needs-ocr") == 72
    assert statuses[:2] == ["ok", "ok"]


def test_scanned_file_fails_with_the_ocr_hint(shared, db_path):
    path = shared / "pdfs" / SCANNED
    assert manifest(shared)[SCANNED] == "scanned"
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"FAILED {path}: no text layer (scanned?) (run again with --ocr)" in result.output


def test_mostly_scanned_file_lands_its_text_pages_and_names_the_rest(shared, db_path):
    path = shared / "pdfs" / TURNITIN
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert needs_ocr_warning(list(range(2, 18))) in result.output
    db = open_corpus(db_path)
    needs = [
        r["page"]
        for r in db.query("select page from pages where status = 'needs-ocr' order by page")
    ]
    with_text = {r["page"] for r in db.query("select distinct page from passages")}
    db.close()
    assert needs == list(range(2, 18))
    assert with_text and with_text.isdisjoint(needs)


def test_warning_names_the_pages():
    assert page_ranges([7]) == "page 7"
    assert page_ranges([5, 1, 2, 3, 9, 10]) == "pages 1-3, 5, 9-10"
    assert needs_ocr_warning([2, 3, 4]) == (
        "3 page(s) without a usable text layer (pages 2-4); run again with --ocr"
    )
