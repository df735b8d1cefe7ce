"""OCR of one PDF page with Debian's Tesseract, for pages whose text layer is missing or junk.

The page is rendered with pypdfium2 (already installed with pdfplumber) and handed to the
``tesseract`` command on stdin; Telaah needs no Python OCR binding. Tesseract prints its
paragraphs separated by blank lines; lines inside a paragraph are joined here (undoing
hyphenated line breaks) so the reader gets one paragraph per block.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium

from .model import ExtractionError
from .textutil import heading_level, join_lines, normalize, page_number_value

DPI = 300
TIMEOUT_SECONDS = 300
INSTALL_HINT = "install it: sudo apt-get install tesseract-ocr tesseract-ocr-ind"


class OcrUnavailable(ExtractionError):
    """Tesseract, or its data for a requested language, is not installed."""

    def __init__(self, detail: str | None = None):
        reason = "OCR needs Tesseract" + (f" ({detail})" if detail else "")
        super().__init__(reason, INSTALL_HINT)


class OcrFailed(ExtractionError):
    """Tesseract ran but could not read this page; only the page is lost."""


@functools.lru_cache(maxsize=8)
def _installed_languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError as e:
        raise OcrUnavailable(f"cannot run {binary}: {e.strerror}") from e
    # First line is a header ("List of available languages in ..."), then one code a line.
    lines = (out.stdout + out.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines[1:] if ln.strip() and " " not in ln.strip())


def require_tesseract(language: str = "ind+eng") -> str:
    """Path of the ``tesseract`` binary; raise :class:`OcrUnavailable` if it cannot serve
    ``language`` (``ind+eng`` style, as Tesseract's ``-l`` takes it)."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("tesseract not found")
    installed = _installed_languages(binary)
    missing = [lang for lang in language.split("+") if lang not in installed]
    if missing:
        raise OcrUnavailable(f"no language data for {', '.join(missing)}")
    return binary


def render_page(path: Path, page_number: int, *, dpi: int = DPI) -> bytes:
    """The 1-based ``page_number`` of ``path`` as a greyscale PNM image."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page_number <= len(pdf):
            raise OcrFailed(f"page {page_number} out of range (the PDF has {len(pdf)} pages)")
        page = pdf[page_number - 1]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise OcrFailed(f"cannot render page {page_number} for OCR: {e}") from e
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return buffer.getvalue()


def ocr_page(path: Path, page_number: int, language: str = "ind+eng") -> str:
    """Text of one page read by Tesseract, paragraphs separated by blank lines.

    Raises :class:`OcrUnavailable` when Tesseract or the language data is missing, and
    :class:`OcrFailed` when this page cannot be rendered or read.
    """
    binary = require_tesseract(language)
    image = render_page(Path(path), page_number)
    # One thread per Tesseract: ingest already runs one process per core.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", language, "--dpi", str(DPI)],
            input=image,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise OcrFailed(f"OCR of page {page_number} took over {TIMEOUT_SECONDS} s") from e
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"tesseract failed on page {page_number}: {detail[-1] if detail else ''}")
    return paragraphs_from_ocr(done.stdout.decode("utf-8", "replace"))


_BLANK = re.compile(r"\n\s*\n")


def paragraphs_from_ocr(raw: str) -> str:
    """Tesseract's output (blocks split by blank lines) as one paragraph per block."""
    paragraphs = []
    for block in _BLANK.split(raw.replace("\f", "\n\n")):
        text = ""
        for line in block.splitlines():
            text = join_lines(text, line.strip())
        text = normalize(text)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


# Tesseract reads "BAB I" set tight as "BABI", and a list's bullet as "e", "«" or "©".
_GLUED_BAB = re.compile(r"^BAB(?=[IVX]{1,4}\s+[A-Z])")
_BULLET = re.compile(r"^[e«©°*]\s+(?=[A-Z])")


def structure_ocr_page(text: str) -> tuple[str | None, list[tuple[str, str]]]:
    """An OCR'd page's printed number, and its paragraphs as ``(kind, text)``.

    A paragraph that is only a number, first or last on the page, is the page's printed
    number (its label, as the layout reader finds it by position); a short paragraph that
    reads as a heading (BAB, numbered, all capitals) is a heading, so the passages after it
    know their section.
    """
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    label = None
    for index in (0, -1):
        value = page_number_value(paragraphs[index]) if paragraphs else None
        if value and len(paragraphs[index].strip()) <= 12:
            label = value
            paragraphs.pop(index)
            break
    out = []
    for para in paragraphs:
        para = _BULLET.sub("• ", _GLUED_BAB.sub("BAB ", normalize(para)))
        short = len(para.split()) <= 12 and not para.endswith((".", ",", ";", ":"))
        out.append(("heading" if short and heading_level(para) else "body", para))
    return label, out
