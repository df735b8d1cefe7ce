"""Fallback reader for PDFs that pdfplumber (pdfminer) cannot open, using pypdfium2.

Some PDFs written by old tools trip pdfminer's parser while PDFium, the engine inside
Chrome, reads them fine. This reader has no column or footnote analysis: it takes PDFium's
text runs in content order, groups them into lines by position, drops lines repeated in
the page margins (running headers and footers), takes a bare number in a margin as the
printed page label, and cuts paragraphs at wide line gaps, indents and short lines ending
a sentence. The document carries a warning saying it was read this way.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .metadata_text import guess_metadata
from .model import (
    BrokenFile,
    EncryptedFile,
    ExtractedDocument,
    ExtractionError,
    NoTextLayer,
    PageInfo,
    Passage,
)
from .ocr import OcrUnavailable, ocr_page, structure_ocr_page
from .quality import NO_TEXT, needs_ocr_warning, page_ranges, unreadable_reason
from .settings import ExtractSettings
from .textutil import (
    heading_level,
    is_reference_heading,
    join_lines,
    normalize,
    page_number_value,
)

VERSION = "1"
EXTRACTOR = "telaah.pdfium"
FALLBACK_WARNING = "pdfplumber could not open this PDF; read with pypdfium2 (no layout analysis)"
_SENTENCE_END = (".", "?", "!", ":", '"', "”", ";")
_DIGITS = re.compile(r"\d+")
_LIST_ITEM = re.compile(r"^(\d{1,2}|[a-z])[.)]\s")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page, in points
    bottom: float


@dataclass
class _Page:
    number: int
    height: float
    lines: list[Line]
    status: str = "ok"
    message: str | None = None
    label: str | None = None
    ocr_text: str | None = None


def extract_with_pdfium(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    """Read ``path`` with PDFium: passages by page, labels, metadata, and a warning."""
    pdf = _open(path, settings.password)
    try:
        info = {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if v}
        count = len(pdf)
        pages = [_read_page(pdf, i, path, settings) for i in range(count)]
        pdf_labels = [pdf.get_page_label(i) or None for i in range(count)]
    finally:
        pdf.close()
    _drop_furniture(pages, settings)
    for page, label in zip(pages, pdf_labels):
        if label:
            page.label = label
    passages = _passages(pages)
    warnings = [FALLBACK_WARNING]
    needs_ocr = [p.number for p in pages if p.status == "needs-ocr"]
    errors = [p.number for p in pages if p.status == "error"]
    if needs_ocr:
        warnings.append(needs_ocr_warning(needs_ocr))
    if errors:
        warnings.append(f"{len(errors)} page(s) could not be read ({page_ranges(errors)})")
    if not passages:
        if settings.ocr:
            raise NoTextLayer("no text found, even with OCR", "check that the PDF shows text")
        raise NoTextLayer("no text layer (scanned?)", "run again with --ocr")
    meta = guess_metadata(path, [p.text for p in passages[:30]], pdf_info=info)
    return ExtractedDocument(
        source_path=str(path),
        sha256=sha256,
        file_size=file_size,
        page_count=count,
        metadata=meta,
        passages=passages,
        pages=[PageInfo(p.number, p.label, p.status, p.message) for p in pages],
        extractor=EXTRACTOR,
        extractor_version=VERSION,
        settings=settings.to_record(),
        warnings=warnings,
    )


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            if password:
                raise EncryptedFile("wrong password for this PDF", "check --password") from e
            raise EncryptedFile("encrypted PDF", "pass its password with --password") from e
        raise _broken(path) from e


def _broken(path: Path) -> BrokenFile:
    """Say what is wrong with a file no reader can open, from its first and last bytes."""
    with open(path, "rb") as f:
        head = f.read(1024)
        f.seek(max(0, path.stat().st_size - 2048))
        tail = f.read()
    if b"%PDF-" not in head:
        return BrokenFile(
            "not a PDF (the file does not start with %PDF)",
            "check that it is the right file; re-download or re-export it",
        )
    if b"%%EOF" not in tail:
        return BrokenFile(
            "truncated PDF (the file ends before %%EOF)",
            "re-download it; this copy is incomplete",
        )
    return BrokenFile(
        "damaged PDF (neither pdfplumber nor pypdfium2 can open it)",
        "open it in a PDF viewer; if it shows, print it to a new PDF and ingest that",
    )


def _read_page(pdf: pdfium.PdfDocument, index: int, path: Path, settings: ExtractSettings) -> _Page:
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError as e:
        return _Page(number, 0, [], "error", f"cannot load page: {e}")
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            lines = _lines(textpage, height)
        finally:
            textpage.close()
        text = "\n".join(line.text for line in lines)
        reason = unreadable_reason(text)
        if reason == NO_TEXT and not _has_images(page):
            reason = None
    except pdfium.PdfiumError as e:
        return _Page(number, 0, [], "error", f"cannot read page: {e}")
    finally:
        page.close()
    if not reason:
        return _Page(number, height, lines)
    if not settings.ocr:
        return _Page(number, height, [], "needs-ocr", reason)
    try:
        ocr_text = ocr_page(path, number, settings.ocr_language)
    except OcrUnavailable:
        raise
    except ExtractionError as e:
        return _Page(number, height, [], "error", str(e))
    return _Page(number, height, [], "ocr", reason, ocr_text=ocr_text)


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _lines(textpage: pdfium.PdfTextPage, height: float) -> list[Line]:
    """PDFium's text rectangles, in content order, merged into lines by vertical overlap."""
    lines: list[Line] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", " ").replace("\n", " ")
        if not text.strip():
            continue
        y0, y1 = height - top, height - bottom
        last = lines[-1] if lines else None
        if last and _same_line(last, y0, y1) and left >= last.x0 - 1:
            gap = left - last.x1
            joiner = "" if last.text.endswith(" ") or gap < 1 else " "
            last.text += joiner + text
            last.x1 = max(last.x1, right)
            last.top, last.bottom = min(last.top, y0), max(last.bottom, y1)
        else:
            lines.append(Line(text, left, right, y0, y1))
    for line in lines:
        line.text = normalize(line.text)
    return [line for line in lines if line.text]


def _same_line(line: Line, top: float, bottom: float) -> bool:
    overlap = min(line.bottom, bottom) - max(line.top, top)
    return overlap > 0.4 * min(line.bottom - line.top, bottom - top, 1e9) or (
        bottom - top < 2 and line.top - 1 <= top <= line.bottom + 1
    )


def _drop_furniture(pages: list[_Page], settings: ExtractSettings) -> None:
    """Remove running headers/footers and margin page numbers; keep the number as label."""

    def key(text: str) -> str:
        return _DIGITS.sub("#", text.lower())

    def in_margin(page: _Page, line: Line) -> bool:
        band = settings.margin * page.height
        return line.bottom <= band or line.top >= page.height - band

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({key(ln.text) for ln in page.lines if in_margin(page, ln)})
    text_pages = sum(1 for p in pages if p.lines)
    repeated = {k for k, n in counts.items() if n >= 2 and n >= settings.repeat_ratio * text_pages}
    for page in pages:
        kept = []
        for line in page.lines:
            if in_margin(page, line):
                number = page_number_value(line.text)
                if number and len(line.text) <= 12:
                    page.label = page.label or number
                    continue
                if key(line.text) in repeated:
                    continue
            kept.append(line)
        page.lines = kept


def _passages(pages: list[_Page]) -> list[Passage]:
    passages: list[Passage] = []
    section: str | None = None
    in_references = False
    open_paragraph: Passage | None = None  # may continue on the next page

    def add(text: str, page: _Page, kind: str | None = None) -> Passage:
        nonlocal section, in_references
        if kind == "heading":
            section = text
            in_references = is_reference_heading(text)
        else:
            kind = "reference" if in_references else "body"
        passage = Passage(text, page.number, page.label, section, kind)
        passages.append(passage)
        return passage

    for page in pages:
        if page.ocr_text is not None:
            open_paragraph = None
            printed, paragraphs = structure_ocr_page(page.ocr_text)
            page.label = page.label or printed
            for kind, block in paragraphs:
                add(block, page, "heading" if kind == "heading" else None)
            continue
        for i, (text, is_heading) in enumerate(_paragraphs(page.lines)):
            if is_heading:
                open_paragraph = None
                add(text, page, "heading")
                continue
            if (
                i == 0
                and open_paragraph is not None
                and text[:1].islower()
                and open_paragraph.page == page.number - 1
            ):
                open_paragraph.text = join_lines(open_paragraph.text, text)
                open_paragraph.page_end = page.number
            else:
                open_paragraph = add(text, page)
        if open_paragraph is not None and open_paragraph.text.endswith(_SENTENCE_END):
            open_paragraph = None
    return passages


def _paragraphs(lines: list[Line]) -> list[tuple[str, bool]]:
    """``(text, is_heading)`` blocks of one page."""
    if not lines:
        return []
    heights = [ln.bottom - ln.top for ln in lines]
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 40]
    pitch = statistics.median(pitches) if pitches else statistics.median(heights) * 1.2
    left = statistics.median(ln.x0 for ln in lines)
    right = statistics.median(ln.x1 for ln in lines)
    width = max(right - left, 1.0)
    blocks: list[tuple[str, bool]] = []
    current = ""
    previous: Line | None = None
    for line in lines:
        if heading_level(line.text) and (line.x1 - line.x0) < 0.85 * width:
            if current:
                blocks.append((current, False))
            blocks.append((line.text, True))
            current, previous = "", None
            continue
        if previous is not None and current:
            gap = line.top - previous.top
            short_end = previous.text.endswith(_SENTENCE_END) and previous.x1 < right - 0.1 * width
            ended = previous.text.endswith(_SENTENCE_END)
            indented = ended and line.x0 > left + 0.02 * width and line.x0 - previous.x0 > 8
            item = _LIST_ITEM.match(line.text) is not None
            if gap > 1.6 * pitch or gap < 0 or short_end or indented or item:
                blocks.append((current, False))
                current = ""
        current = join_lines(current, line.text) if current else line.text
        previous = line
    if current:
        blocks.append((current, False))
    return blocks
