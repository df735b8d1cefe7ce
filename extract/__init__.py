"""Turn PDFs and text files into documents with metadata and ordered passages.

``extract_file`` is the whole public surface: it returns an
:class:`~extract.model.ExtractedDocument` or raises an
:class:`~extract.model.ExtractionError` whose message names the reason and the fix.
This package knows nothing of SQLite.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .model import (
    BrokenFile,
    EncryptedFile,
    ExtractedDocument,
    ExtractionError,
    Metadata,
    NoTextLayer,
    PageInfo,
    Passage,
    Table,
    UnsupportedFile,
)
from .settings import ExtractSettings

SUFFIXES = (".pdf", ".txt", ".md", ".docx", ".html", ".htm")
# What to tell the owner of a file we cannot read (a .doc, an .odt, an e-book...).
READS = "Telaah reads .pdf, .docx, .txt, .md and saved web pages (.html); convert it to PDF first"

__all__ = [
    "READS",
    "SUFFIXES",
    "BrokenFile",
    "EncryptedFile",
    "ExtractSettings",
    "ExtractedDocument",
    "ExtractionError",
    "Metadata",
    "NoTextLayer",
    "PageInfo",
    "Passage",
    "Table",
    "UnsupportedFile",
    "extract_file",
    "file_sha256",
]


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def extract_file(
    path: str | Path, settings: ExtractSettings | None = None, *, sha256: str | None = None
) -> ExtractedDocument:
    """Extract one file; dispatch on its suffix, check its bytes before trusting them."""
    path = Path(path)
    settings = settings or ExtractSettings()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedFile(
            f"unsupported file type {suffix or '(none)'}",
            READS,
        )
    try:
        size = path.stat().st_size
    except OSError as e:
        raise BrokenFile(f"cannot read file: {e.strerror}") from e
    if size == 0:
        raise BrokenFile("empty file (0 bytes)", "re-download or re-export it")
    sha = sha256 or file_sha256(path)
    if suffix == ".pdf":
        from .pdf import extract_pdf

        return extract_pdf(path, settings, sha256=sha, file_size=size)
    if suffix == ".docx":
        from .docx import extract_docx

        return extract_docx(path, settings, sha256=sha, file_size=size)
    if suffix in (".html", ".htm"):
        from .html import extract_html

        return extract_html(path, settings, sha256=sha, file_size=size)
    from .text import extract_text_file

    return extract_text_file(path, settings, sha256=sha, file_size=size)
