"""PDF reading with pdfplumber (first cut: per-page text, paragraphs at blank lines).

The extraction work of issue #2 replaces this with layout analysis.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .metadata_text import guess_metadata
from .model import BrokenFile, EncryptedFile, ExtractedDocument, NoTextLayer, PageInfo, Passage
from .settings import ExtractSettings

VERSION = "0"


def extract_pdf(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    try:
        pdf = pdfplumber.open(path, password=settings.password or "")
    except PdfminerException as e:
        if isinstance(e.args[0] if e.args else None, PDFPasswordIncorrect):
            raise EncryptedFile("encrypted PDF", "pass its password with --password") from e
        raise BrokenFile(f"not a readable PDF ({e.args[0]!r})") from e
    passages: list[Passage] = []
    pages: list[PageInfo] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                text = page.extract_text(x_tolerance=settings.x_tolerance) or ""
            except Exception as e:  # pdfminer raises many kinds on a bad page
                pages.append(PageInfo(number, str(number), "error", str(e)[:200]))
                continue
            finally:
                page.close()
            pages.append(PageInfo(number, str(number)))
            for para in text.split("\n\n"):
                para = " ".join(para.split())
                if para:
                    passages.append(Passage(para, number, str(number)))
        info = dict(pdf.metadata or {})
        count = len(pdf.pages)
    if not passages:
        raise NoTextLayer("no text layer (scanned?)", "run again with --ocr")
    meta = guess_metadata(path, [p.text for p in passages[:30]], pdf_info=info)
    return ExtractedDocument(
        source_path=str(path),
        sha256=sha256,
        file_size=file_size,
        page_count=count,
        metadata=meta,
        passages=passages,
        pages=pages,
        extractor="telaah.pdf",
        extractor_version=VERSION,
        settings=settings.to_record(),
    )
