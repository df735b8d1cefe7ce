"""PDF reading with pdfplumber: layout analysis into passages a researcher can cite.

Two passes. The first reads each page once (its characters, rules and tables), turns it
into lines in reading order (:mod:`.lines`, :mod:`.columns`, :mod:`.tables`), checks the
text layer is worth keeping, and lets pdfplumber free the page. The second works on the
whole document: running headers, footers and page numbers (:mod:`.furniture`), page
labels (:mod:`.labels`), footnotes (:mod:`.notes`), paragraphs, headings, captions and
references (:mod:`.paragraphs`), and metadata (:mod:`.metadata_pdf`,
:mod:`.metadata_text`).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .accounting import account, lost_text_warning
from .columns import carry_gutters, column_of, find_gutters, order_lines
from .furniture import mark_furniture
from .labels import pdf_page_labels
from .lines import Line, PageLayout, page_rows
from .metadata_pdf import (
    find_byline,
    find_regulation_title,
    find_title,
    find_venue,
    info_authors,
    info_title,
    split_authors,
)
from .metadata_text import guess_metadata
from .model import (
    BrokenFile,
    EncryptedFile,
    ExtractedDocument,
    Metadata,
    NoTextLayer,
    PageInfo,
    Passage,
    Table,
)
from .notes import note_text, split_footnotes
from .ocr import structure_ocr_page
from .pagebreaks import page_breaks
from .paragraphs import Block, build_blocks, doc_stats, set_edges
from .quality import garbled_reason, needs_ocr_warning, unreadable_reason
from .regulation import is_regulation, rejoin_numbers
from .regulation import structure as structure_regulation
from .settings import ExtractSettings
from .tables import FoundTable, page_tables
from .textutil import join_lines, normalize

EXTRACTOR = "telaah.pdf"
VERSION = "2"


def extract_pdf(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    try:
        pdf = pdfplumber.open(path, password=settings.password or "")
    except PdfminerException as e:
        if isinstance(e.args[0] if e.args else None, PDFPasswordIncorrect):
            raise EncryptedFile("encrypted PDF", "pass its password with --password") from e
        return _fallback(path, settings, sha256=sha256, file_size=file_size)
    except Exception:  # pdfplumber lets some parser errors through unwrapped
        return _fallback(path, settings, sha256=sha256, file_size=file_size)
    tables: list[tuple[int, FoundTable]] = []
    layouts: list[PageLayout] = []
    ocr_texts: dict[int, str] = {}
    warnings: list[str] = []
    with pdf:
        try:
            info = dict(pdf.metadata or {})
            catalog = pdf.doc.catalog
            page_count = len(pdf.pages)
        except Exception as e:
            raise BrokenFile(f"not a readable PDF ({type(e).__name__}: {e})") from e
        previous: list[float] = []
        for number, page in enumerate(pdf.pages, start=1):
            layout, found = _read_page(page, number, settings, previous)
            previous = layout.gutters
            layouts.append(layout)
            tables.extend((number, t) for t in found)
            if layout.status == "needs-ocr" and settings.ocr:
                ocr_texts[number] = _ocr(path, layout, settings)
        try:
            pdf_labels = pdf_page_labels(catalog, page_count)
        except Exception:  # a malformed label tree: fall back to printed numbers
            pdf_labels = None
    return _assemble(
        path,
        layouts,
        tables,
        ocr_texts,
        info=info,
        pdf_labels=pdf_labels,
        settings=settings,
        sha256=sha256,
        file_size=file_size,
        warnings=warnings,
    )


def _fallback(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    from .pdfium import FALLBACK_WARNING, extract_with_pdfium

    doc = extract_with_pdfium(path, settings, sha256=sha256, file_size=file_size)
    if FALLBACK_WARNING not in doc.warnings:
        doc.warnings.insert(0, FALLBACK_WARNING)
    return doc


def _read_page(
    page, number: int, settings: ExtractSettings, previous: list[float] | None = None
) -> tuple[PageLayout, list]:
    """One page, read once: lines in reading order, rules, tables, text-layer verdict.
    ``previous``: the gutters of the page before, for a page too short to show its own."""
    width = float(page.width)
    height = float(page.height)
    layout = PageLayout(number, width, height)
    try:
        chars = page.chars
        found = page_tables(page, chars, settings.word_gap) if settings.tables else []
        rows = page_rows(
            chars,
            width,
            height,
            exclude=[t.bbox for t in found],
            word_gap=settings.word_gap,
            tally=layout.tally,
        )
        gutters = find_gutters(rows) or carry_gutters(
            rows,
            previous or [],
            top=settings.margin * height,
            bottom=(1 - settings.margin) * height,
        )
        layout.gutters = gutters
        lines = order_lines(rows, number, gutters)
        # Tables in reading order too: column by column, top to bottom.
        found.sort(key=lambda t: (column_of(t.bbox[0], t.bbox[2], gutters), t.bbox[1]))
        text = "\n".join(ln.text for ln in lines)
        reason = unreadable_reason(text, has_images=bool(page.images))
        if reason:
            layout.status = "needs-ocr"
            layout.message = reason
            return layout, []
        layout.lines = lines
        layout.rules = _rules(page, width, height)
        return layout, found
    except Exception as e:  # pdfminer raises many kinds on a damaged page
        layout.status = "error"
        layout.message = f"{type(e).__name__}: {e}"[:300]
        layout.lines = []
        return layout, []
    finally:
        page.close()


def _rules(page, width: float, height: float) -> list[tuple[float, float, float]]:
    """Short horizontal rules in the lower half (footnote separators)."""
    found = []
    for obj in (*page.objects.get("line", ()), *page.objects.get("rect", ())):
        x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
        if bottom - top <= 2 and 20 <= x1 - x0 <= 0.6 * width and top > 0.4 * height:
            found.append((x0, x1, (top + bottom) / 2))
    return found


def _ocr(path: Path, layout: PageLayout, settings: ExtractSettings) -> str:
    """Tesseract's text of a page without a usable text layer; a page it cannot read keeps
    status needs-ocr with the reason (no Tesseract at all stops the file: the fix is one
    install)."""
    from .ocr import OcrFailed, ocr_page

    try:
        text = ocr_page(path, layout.number, settings.ocr_language)
    except OcrFailed as e:
        layout.message = f"{layout.message}; OCR failed: {e}"
        return ""
    layout.status = "ocr"
    return text


def _assemble(
    path: Path,
    layouts: list[PageLayout],
    tables: list[tuple[int, FoundTable]],
    ocr_texts: dict[int, str],
    *,
    info: dict,
    pdf_labels: list[str] | None,
    settings: ExtractSettings,
    sha256: str,
    file_size: int,
    warnings: list[str],
) -> ExtractedDocument:
    printed = mark_furniture(layouts, margin=settings.margin, repeat_ratio=settings.repeat_ratio)
    labels = list(pdf_labels or printed)
    # An OCR'd page's number, read alone at its top or bottom, labels it where nothing did.
    ocr_pages = {page: structure_ocr_page(text) for page, text in ocr_texts.items()}
    for page, (number, _) in ocr_pages.items():
        if number and not labels[page - 1]:
            labels[page - 1] = number
    regulation = is_regulation(layouts)
    if regulation:
        for page in layouts:
            rejoin_numbers(page)
    set_edges(layouts)
    body = [ln for p in layouts for ln in p.lines if ln.role == "body"]
    stats = doc_stats(body)
    notes = {p.number: split_footnotes(p, stats.body_size) for p in layouts}
    page_one = next((p for p in layouts if p.lines), None)
    title_lines: list[Line] = []
    byline: list[Line] = []
    if page_one:
        title_lines = find_title(page_one.lines, page_one.height, stats.body_size)
        byline = find_byline([ln for ln in page_one.lines if ln.role == "body"], title_lines)
        for ln in byline:
            ln.extra["byline"] = True
    body = [ln for p in layouts for ln in p.lines if ln.role == "body"]
    blocks = build_blocks(body, stats)
    if regulation:
        blocks = structure_regulation(blocks)
    ocr_paragraphs = {page: paragraphs for page, (_, paragraphs) in ocr_pages.items()}
    passages = _passages(blocks, notes, ocr_paragraphs, labels)
    dropped = [p for p in passages if garbled_reason(p.text)]
    if dropped:
        passages = [p for p in passages if not garbled_reason(p.text)]
        warnings.append(f"{len(dropped)} garbled passage(s) left out")
    garbled = {p.text for p in dropped}
    lost_lines = {id(ln) for b in blocks if b.text in garbled for ln in b.lines}
    for page_notes in notes.values():
        for note in page_notes:
            if normalize(note_text(note)) in garbled:
                lost_lines.update(id(ln) for ln in note)
    pages = [PageInfo(p.number, labels[i], p.status, p.message) for i, p in enumerate(layouts)]
    for layout, page_info in zip(layouts, pages):
        account(layout, page_info, lost_lines)
    if lost := lost_text_warning(pages):
        warnings.append(lost)
    needs = [p.number for p in layouts if p.status == "needs-ocr"]
    errors = [p for p in layouts if p.status == "error"]
    if needs:
        warnings.append(needs_ocr_warning(needs))
    for p in errors:
        warnings.append(f"page {p.number} could not be read ({p.message}); the rest is kept")
    if not passages:
        if errors and len(errors) == len(layouts):
            raise BrokenFile(f"no page could be read ({errors[0].message})")
        if settings.ocr:
            raise NoTextLayer("no text found, even with OCR", "check that the PDF shows text")
        raise NoTextLayer("no text layer (scanned?)", "run again with --ocr")
    meta = _metadata(path, layouts, blocks, passages, info, title_lines, byline)
    return ExtractedDocument(
        source_path=str(path),
        sha256=sha256,
        file_size=file_size,
        page_count=len(layouts),
        metadata=meta,
        passages=passages,
        tables=[Table(page, t.rows, labels[page - 1], t.bbox) for page, t in tables],
        pages=pages,
        extractor=EXTRACTOR,
        extractor_version=VERSION,
        settings=settings.to_record(),
        warnings=warnings,
    )


def _passages(
    blocks: list[Block],
    notes: dict[int, list[list[Line]]],
    ocr_paragraphs: dict[int, list[tuple[str, str]]],
    labels: list[str | None],
) -> list[Passage]:
    """Blocks in reading order, each page's footnotes after the passage its body text ends
    in, OCR'd pages in page order."""
    last_block_of_page: dict[int, int] = {}
    for i, block in enumerate(blocks):
        for ln in block.lines:
            last_block_of_page[ln.page] = i
    pending_notes = {page: n for page, n in notes.items() if n}
    pending_ocr = dict(ocr_paragraphs)
    out: list[Passage] = []

    def label(page: int) -> str | None:
        return labels[page - 1] if 0 < page <= len(labels) else None

    def emit_notes(page: int, section: str | None) -> None:
        for note in pending_notes.pop(page, []):
            text = note_text(note)
            out.append(Passage(normalize(text), page, label(page), section, "footnote", page))

    def emit_ocr(upto: int) -> None:
        for page in sorted(p for p in pending_ocr if p <= upto):
            section = out[-1].section if out else None
            for kind, para in pending_ocr.pop(page):
                if kind == "heading":
                    section = para
                out.append(Passage(para, page, label(page), section, kind, page))

    for i, block in enumerate(blocks):
        emit_ocr(block.page - 1)
        out.append(
            Passage(
                block.text,
                block.page,
                label(block.page),
                block.section,
                block.kind,
                block.page_end,
                locator=block.locator,
                page_breaks=page_breaks(block.lines, block.text, labels),
            )
        )
        for page in sorted({ln.page for ln in block.lines}):
            if last_block_of_page.get(page) == i:
                emit_notes(page, block.section)
    emit_ocr(len(labels))
    for page in sorted(pending_notes):  # notes on pages without body text
        emit_notes(page, None)
    return out


def _metadata(
    path: Path,
    layouts: list[PageLayout],
    blocks: list[Block],
    passages: list[Passage],
    info: dict,
    title_lines: list[Line],
    byline: list[Line],
) -> Metadata:
    masthead = [ln.text for p in layouts[:2] for ln in p.lines if ln.role == "furniture"]
    head = [p.text for p in passages[:40]] + masthead
    meta = guess_metadata(path, head, pdf_info=info)
    page_one = layouts[0].lines if layouts else []
    if meta.kind == "regulation" and (regulation := find_regulation_title(page_one)):
        title_lines = regulation
    if title_lines:
        text = ""
        for ln in title_lines:
            text = join_lines(text, ln.text) if text else ln.text
        meta.title = normalize(text)
        meta.sources["title"] = "first-page-layout"
    elif title := info_title(info):
        meta.title = title
        meta.sources["title"] = "pdf-metadata"
    authors = split_authors(byline) if byline and meta.kind != "regulation" else []
    if authors:
        meta.authors = authors
        meta.sources["authors"] = "first-page-layout"
    elif authors := info_authors(info):
        meta.authors = authors
        meta.sources["authors"] = "pdf-metadata"
    if meta.kind in ("journal_article", "other"):
        # A journal names itself in its masthead or running header, not in its body.
        masthead = [ln.text for p in layouts[:2] for ln in p.lines if ln.role == "furniture"]
        if venue := find_venue(masthead + [ln.text for ln in page_one[:12]]):
            meta.venue = venue
            meta.sources["venue"] = "first-page-layout"
    return meta
