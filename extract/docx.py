"""Word documents (.docx): drafts, theses and interview transcripts as researchers keep them.

A Word file knows what a PDF has to guess: which paragraph is a heading (its style), which
is a list item, where the footnotes are and what the tables hold. It has no pages, so a
passage is located by its paragraph number ("para. 12", as APA cites unpaged sources).
Read with python-docx; footnotes and endnotes, which python-docx does not expose, are read
from their own parts of the package.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .metadata_text import guess_metadata
from .model import BrokenFile, EncryptedFile, ExtractedDocument, PageInfo, Passage, Table
from .paragraphs import is_caption
from .settings import ExtractSettings
from .textutil import heading_level, is_reference_heading, normalize
from .transcript import split_speakers

VERSION = "1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = f"{{{W}}}"
# An encrypted .docx is not a zip at all but an OLE compound file holding the package.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Style names Word gives headings in English and Indonesian installations.
_HEADING_STYLE = re.compile(r"^(?:heading|judul)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|judul)$", re.I)
_LIST_STYLE = re.compile(r"^list|daftar", re.I)
# python-docx's blank template carries this creation date into every file made from it.
_PYTHON_DOCX_TEMPLATE_DATE = "2013-12-23"
# Core properties that name the program or template, not the work.
_PLACEHOLDER = re.compile(
    r"^(?:document\d*|dokumen\d*|untitled|microsoft word.*|user|admin\w*)$", re.I
)


def extract_docx(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    import docx  # python-docx; imported here so other readers start without it

    with open(path, "rb") as f:
        head = f.read(8)
    if head == _OLE_MAGIC:
        raise EncryptedFile(
            "password-protected Word file",
            "open it in Word, remove the password (File > Info > Protect Document) and save again",
        )
    if not zipfile.is_zipfile(path):
        raise BrokenFile(
            "damaged Word file (not a complete .docx package)",
            "re-download it, or open it in Word or LibreOffice and save it again",
        )
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises KeyError, ValueError, XMLSyntaxError...
        raise BrokenFile(
            f"damaged Word file ({type(e).__name__}: {str(e)[:120]})",
            "open it in Word or LibreOffice and save it again",
        ) from e
    notes = _notes(document)
    passages, tables = _read_body(document, notes)
    if not any(p.kind == "body" for p in passages):
        raise BrokenFile("the Word file has no text", "check that it is the right file")
    split_speakers(passages)
    metadata = guess_metadata(path, [p.text for p in passages[:40]])
    _core_properties(metadata, document.core_properties, passages)
    return ExtractedDocument(
        source_path=str(path),
        sha256=sha256,
        file_size=file_size,
        page_count=1,
        metadata=metadata,
        passages=passages,
        pages=[PageInfo(page=1)],
        tables=tables if settings.tables else [],
        extractor="telaah.docx",
        extractor_version=VERSION,
        settings=settings.to_record(),
    )


def _read_body(document, notes: dict[str, str]) -> tuple[list[Passage], list[Table]]:
    """Paragraphs and tables in reading order; each footnote follows the paragraph citing it."""
    from docx.table import Table as DocxTable

    passages: list[Passage] = []
    tables: list[Table] = []
    section: str | None = None
    in_references = False
    paragraph_no = 0
    bab: Passage | None = None  # "BAB IV" alone, waiting for its title line
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = _table_rows(item)
            if rows:
                tables.append(Table(page=1, rows=rows))
            continue
        text = normalize(item.text).strip()
        style = (item.style.name if item.style is not None else "") or ""
        cited = [notes[i] for i in _note_refs(item._p) if i in notes]
        if not text:
            passages.extend(_footnotes(cited, section))
            continue
        level = _heading_style_level(style)
        is_list = (
            bool(_LIST_STYLE.match(style))
            or item._p.pPr is not None
            and (item._p.pPr.numPr is not None)
        )
        if level is None and not is_list:
            level = heading_level(text) if len(text.split()) <= 14 else None
        if bab is not None and level is not None:
            bab.text = f"{bab.text} {text}"  # "BAB IV" + "PENUTUP": one heading
            section = bab.section = bab.text
            in_references = is_reference_heading(text)
            bab = None
            continue
        bab = None
        if level is not None:
            section = text
            in_references = is_reference_heading(text)
            heading = Passage(text, 1, None, section, "heading")
            passages.append(heading)
            if re.fullmatch(r"BAB\s+[IVXLC\d]+\.?", text, re.I):
                bab = heading
            continue
        paragraph_no += 1
        kind = "reference" if in_references else "caption" if is_caption(text) else "body"
        passages.append(Passage(text, 1, None, section, kind, locator=f"para. {paragraph_no}"))
        passages.extend(_footnotes(cited, section))
    return passages, tables


def _heading_style_level(style: str) -> int | None:
    if m := _HEADING_STYLE.match(style.strip()):
        return int(m.group(1))
    return 1 if _TITLE_STYLE.match(style.strip()) else None


def _footnotes(texts: list[str], section: str | None) -> Iterator[Passage]:
    for text in texts:
        yield Passage(text, 1, None, section, "footnote")


def _note_refs(p) -> list[str]:
    """Ids of the footnotes and endnotes a paragraph cites, in order."""
    return [
        ("f" if ref.tag.endswith("footnoteReference") else "e") + ref.get(f"{_Q}id")
        for ref in p.iter(f"{_Q}footnoteReference", f"{_Q}endnoteReference")
    ]


def _notes(document) -> dict[str, str]:
    """Footnote and endnote texts by ``f<id>``/``e<id>``, each starting with its number.

    Word numbers notes in order of first reference; ids 0 and -1 are the separator lines.
    """
    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in ("footnotes", "endnotes") or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        tag, prefix = ("footnote", "f") if kind == "footnotes" else ("endnote", "e")
        for note in root.iter(f"{_Q}{tag}"):
            note_id = note.get(f"{_Q}id")
            if note.get(f"{_Q}type") in ("separator", "continuationSeparator"):
                continue
            text = normalize(" ".join("".join(note.itertext()).split()))
            if text:
                out[prefix + note_id] = text
    order = [i for p in document.element.body.iter(f"{_Q}p") for i in _note_refs(p)]
    numbers: dict[str, int] = {}
    for note_id in order:
        if note_id in out and note_id not in numbers:
            numbers[note_id] = sum(1 for k in numbers if k[0] == note_id[0]) + 1
    return {k: f"{numbers[k]} {v}" if k in numbers else v for k, v in out.items()}


def _table_rows(table) -> list[list[str | None]]:
    rows = []
    for row in table.rows:
        cells: list[str | None] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell repeats across the columns it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(normalize(" ".join(cell.text.split())) or None)
        if any(cells):
            rows.append(cells)
    return rows


def _core_properties(meta, core, passages: list[Passage]) -> None:
    """The document's own title, author and dates beat guesses from its first lines."""
    title = (core.title or "").strip()
    if title and not _PLACEHOLDER.match(title):
        meta.title = title
        meta.sources["title"] = "docx-properties"
    elif meta.sources.get("title") == "filename":
        first = next((p.text for p in passages if p.kind == "heading"), None)
        if first and len(first.split()) >= 3:
            meta.title = first
            meta.sources["title"] = "first-lines"
    author = (core.author or "").strip()
    if author and not _PLACEHOLDER.match(author) and not meta.authors:
        meta.authors = [a.strip() for a in re.split(r";|\s+(?:dan|and|&)\s+", author) if a.strip()]
        meta.sources["authors"] = "docx-properties"
    when = core.created or core.modified
    if when and not meta.year and when.isoformat()[:10] != _PYTHON_DOCX_TEMPLATE_DATE:
        meta.year = when.year
        meta.sources["year"] = "docx-properties"
