"""OCR with the real Tesseract on scans we make ourselves and on the shared scanned PDF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from extract.ocr import (
    OcrUnavailable,
    ocr_page,
    paragraphs_from_ocr,
    require_tesseract,
    structure_ocr_page,
)
from extract.quality import unreadable_reason

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr (make system-deps)"
)

# Our own text (never from ../shared): two paragraphs on ASN neutrality.
PARAGRAPHS = [
    "Netralitas aparatur sipil negara dalam pemilihan kepala daerah sering terganggu oleh "
    "tekanan atasan. Seorang camat mengaku diancam akan dimutasi apabila tidak mengajak "
    "warganya memilih petahana.",
    "Badan Pengawas Pemilu mencatat pelanggaran berupa dukungan di media sosial, kehadiran "
    "dalam kampanye, dan penggunaan fasilitas negara. Komisi Aparatur Sipil Negara kemudian "
    "merekomendasikan sanksi kepada pejabat pembina kepegawaian.",
]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def recall(expected: str, got: str) -> float:
    want = words(expected)
    have = set(words(got))
    return sum(1 for w in want if w in have) / len(want)


def make_image_pdf(path: Path, paragraphs: list[str], *, dpi: int = 200) -> Path:
    """A PDF whose only page is a picture of our text: what a scanner produces."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    text_pdf = path.with_suffix(".text.pdf")
    style = getSampleStyleSheet()["BodyText"]
    style.fontSize, style.leading = 12, 16
    story = []
    for para in paragraphs:
        story += [Paragraph(para, style), Spacer(1, 14)]
    SimpleDocTemplate(str(text_pdf), pagesize=A4, invariant=1).build(story)
    pdf = pdfium.PdfDocument(str(text_pdf))
    image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
    pdf.close()
    image.save(path, "PDF", resolution=dpi)
    text_pdf.unlink()
    return path


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    return make_image_pdf(tmp_path_factory.mktemp("scan") / "pindaian-netralitas.pdf", PARAGRAPHS)


def test_our_scan_has_no_text_layer(scan):
    pdf = pdfium.PdfDocument(str(scan))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert text.strip() == ""
    assert unreadable_reason(text) == "no text layer"


def test_ocr_page_recovers_our_words(scan):
    text = ocr_page(scan, 1)
    assert recall(" ".join(PARAGRAPHS), text) >= 0.9
    # Paragraphs come back separated by blank lines, lines inside them joined.
    blocks = text.split("\n\n")
    assert len(blocks) == 2
    assert "\n" not in blocks[0]
    assert blocks[0].startswith("Netralitas aparatur")


def test_ingest_with_ocr_recovers_our_words(scan, tmp_path):
    db_path = tmp_path / "c.db"
    plain = CliRunner().invoke(main, ["ingest", str(scan), "--db", str(db_path), "-w", "1"])
    assert plain.exit_code == 1
    assert f"FAILED {scan}: no text layer (scanned?) (run again with --ocr)" in plain.output

    result = CliRunner().invoke(
        main, ["ingest", str(scan), "--db", str(db_path), "-w", "1", "--ocr"]
    )
    assert result.exit_code == 0, result.output
    db = open_corpus(db_path)
    texts = [r["text"] for r in db.query("select text from passages order by seq")]
    statuses = [r["status"] for r in db.query("select status from pages")]
    failures = db["ingest_failures"].count
    db.close()
    assert recall(" ".join(PARAGRAPHS), " ".join(texts)) >= 0.9
    assert statuses == ["ocr"]
    assert failures == 0  # the earlier failure is cleared once the file lands


def test_ocr_reads_the_shared_turnitin_scan(shared):
    path = shared / "pdfs/kewarganegaraan/turnitin-rasterized-mostly-no-text.pdf"
    text = ocr_page(path, 5)
    assert len(words(text)) >= 100
    assert unreadable_reason(text) is None


def test_missing_tesseract_says_how_to_install(scan, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tesseract on PATH
    with pytest.raises(OcrUnavailable) as err:
        ocr_page(scan, 1)
    assert str(err.value) == (
        "OCR needs Tesseract (tesseract not found); "
        "install it: sudo apt-get install tesseract-ocr tesseract-ocr-ind"
    )


def test_missing_language_data_is_named():
    with pytest.raises(OcrUnavailable) as err:
        require_tesseract("ind+xyz")
    assert err.value.reason == "OCR needs Tesseract (no language data for xyz)"


def test_ocr_cli_without_tesseract_fails_before_reading(scan, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(
        main, ["ingest", str(scan), "--db", str(tmp_path / "c.db"), "--ocr"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: OCR needs Tesseract (tesseract not found); "
        "install it: sudo apt-get install tesseract-ocr tesseract-ocr-ind"
    )


def test_paragraphs_from_ocr_joins_lines_and_hyphens():
    raw = "Pelang-\ngaran netralitas\nASN terjadi.\n\n\nKASN memberi\nrekomendasi.\n\f"
    assert paragraphs_from_ocr(raw) == (
        "Pelanggaran netralitas ASN terjadi.\n\nKASN memberi rekomendasi."
    )


def test_an_ocr_page_keeps_its_heading_bullets_and_printed_number():
    text = (
        "BABII TINJAUAN PUSTAKA\n\n2.1 Netralitas Pegawai\n\n"
        + PARAGRAPHS[0]
        + ("\n\ne Dukungan di media sosial.\n\n63")
    )
    label, paragraphs = structure_ocr_page(text)
    assert label == "63"
    assert paragraphs[:2] == [
        ("heading", "BAB II TINJAUAN PUSTAKA"),
        ("heading", "2.1 Netralitas Pegawai"),
    ]
    assert paragraphs[2] == ("body", PARAGRAPHS[0])
    assert paragraphs[3] == ("body", "• Dukungan di media sosial.")
    assert len(paragraphs) == 4


def test_ocr_passages_know_their_section_and_page_label(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    text_pdf = tmp_path / "bab.text.pdf"
    c = canvas.Canvas(str(text_pdf), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 760, "BAB II TINJAUAN PUSTAKA")
    c.setFont("Helvetica", 12)
    for i, line in enumerate(
        [
            "Pegawai yang diancam akan dimutasi oleh atasannya cenderung ikut",
            "menggalang dukungan bagi calon petahana di kecamatan tempatnya bekerja.",
        ]
    ):
        c.drawString(72, 720 - 16 * i, line)
    c.drawString(290, 50, "63")
    c.save()
    pdf = pdfium.PdfDocument(str(text_pdf))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    scan = tmp_path / "bab.pdf"
    image.save(scan, "PDF", resolution=200)

    db_path = tmp_path / "c.db"
    result = CliRunner().invoke(main, ["ingest", str(scan), "--ocr", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    db = open_corpus(db_path)
    rows = list(db.query("select kind, section, page_label, text from passages order by seq"))
    assert rows[0]["kind"] == "heading" and rows[0]["text"] == "BAB II TINJAUAN PUSTAKA"
    body = [r for r in rows if r["kind"] == "body"]
    assert body and all(r["section"] == "BAB II TINJAUAN PUSTAKA" for r in body)
    assert {r["page_label"] for r in rows} == {"63"}
    assert not any(r["text"] == "63" for r in rows)
    assert db.execute("select page_label from pages").fetchone()[0] == "63"
