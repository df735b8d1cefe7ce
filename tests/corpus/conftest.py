"""What the corpus tests share: PDFs of our own text, made at test time with reportlab."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

# Our own sentences (never from ../shared), recombined into pages of running text.
SENTENCES = [
    "Netralitas aparatur sipil negara menjadi syarat pemilihan umum yang jujur dan adil.",
    "Seorang kepala dinas hadir dalam kampanye calon bupati yang masih kerabatnya.",
    "Bawaslu kabupaten menerima laporan tentang unggahan dukungan di media sosial.",
    "Pegawai honorer mengaku diancam akan dimutasi bila tidak ikut menggalang suara.",
    "Komisi Aparatur Sipil Negara merekomendasikan sanksi disiplin kepada pejabat itu.",
    "Kurangnya pemahaman aturan membuat sebagian pegawai menganggap menyukai unggahan wajar.",
    "Fasilitas negara seperti mobil dinas tidak boleh dipakai untuk kegiatan kampanye.",
    "Pejabat pembina kepegawaian sering enggan menjatuhkan sanksi kepada bawahannya sendiri.",
]


def _write_pdf(path: Path, *, pages: int = 3, seed: int = 0, encrypt: str | None = None) -> Path:
    """A text PDF of ``pages`` pages, each a heading and three paragraphs of our sentences."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for page in range(pages):
        story.append(Paragraph(f"Bagian {seed}.{page + 1} Temuan Lapangan", styles["Heading2"]))
        for para in range(3):
            start = (seed + page + para) % len(SENTENCES)
            text = " ".join(SENTENCES[(start + k) % len(SENTENCES)] for k in range(5))
            story.append(Paragraph(text, styles["BodyText"]))
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    doc.build(story)
    return path


def _write_image_pdf(path: Path, source: Path) -> Path:
    """The first page of ``source`` as a picture: a PDF with no text layer."""
    pdf = pdfium.PdfDocument(str(source))
    image = pdf[0].render(scale=100 / 72, grayscale=True).to_pil()
    pdf.close()
    image.save(path, "PDF", resolution=100)
    return path


@pytest.fixture
def sentences() -> list[str]:
    return SENTENCES


@pytest.fixture
def write_pdf():
    """``write_pdf(path, pages=3, seed=0, encrypt=None)``: a text PDF of our sentences."""
    return _write_pdf


@pytest.fixture
def write_image_pdf():
    """``write_image_pdf(path, source)``: the first page of ``source`` as a picture only."""
    return _write_image_pdf
