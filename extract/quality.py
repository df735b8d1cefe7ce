"""Is a text layer worth reading?

A scanned page has no text layer; a PDF made with a broken font encoding has one full of
private-use characters, ``(cid:NN)`` glyph names or letter-shifted words ("0HGLD 6RVLDO").
Passages cut from such text are junk that search and coding would trip over, so the
reader asks this module first and marks the page as needing OCR instead.

The rules are plain character statistics tuned on the shared test PDFs: a page is flagged
only when MOST of it is junk, so a page of good text with a garbled sidebar or reference
list keeps its good text (the reader can drop the junk passages with
:func:`garbled_reason`), and short real pages (a title page, a page holding a table of
figures) are left alone.
"""

from __future__ import annotations

import re

NO_TEXT = "no text layer"
GARBLED_PUA = "garbled text layer (private-use characters)"
GARBLED_WORDS = "garbled text layer (not words)"

_CID = re.compile(r"\(cid:\d+\)")

# Fewer letters than this: nothing a reader could quote (a scan's stamped page numbers).
MIN_LETTERS = 4
# Share of glyphs above which text is junk rather than odd. Real pages in the shared PDFs
# peak at 0.22 (cid names in a sidebar); the garbled thesis scores 1.0.
MAX_JUNK_SHARE = 0.5
# Vowels among ASCII letters: real Indonesian and English pages in the shared PDFs run
# from 0.31 (a table of URLs) to 0.47; letter-shifted junk ("0HGLD 6RVLDO") runs 0.07 to
# 0.18. Judged only on enough letters for the share to mean something.
MIN_VOWEL_SHARE = 0.2
MIN_LETTERS_FOR_VOWEL_TEST = 40


def unreadable_reason(text: str, *, has_images: bool | None = None) -> str | None:
    """``None`` when ``text`` is a usable page text, else a one-line reason.

    ``has_images=False`` says the page draws no image: a page that is blank apart from a
    printed page number is then simply a blank page, not a scan, and is not flagged.
    """
    garbled = garbled_reason(text)
    if garbled:
        return garbled
    if sum(1 for ch in text if ch.isalpha()) < MIN_LETTERS:
        return None if has_images is False else NO_TEXT
    return None


def garbled_reason(text: str) -> str | None:
    """The garbled-text tests alone, for a page or for one passage of an otherwise good page.

    Unlike :func:`unreadable_reason` it never objects to text for being short.
    """
    glyphs = "".join(_CID.sub("\x00", text).split())
    if not glyphs:
        return None
    pua = sum(1 for ch in glyphs if "\ue000" <= ch <= "\uf8ff")
    if pua / len(glyphs) > MAX_JUNK_SHARE:
        return GARBLED_PUA
    if glyphs.count("\x00") / len(glyphs) > MAX_JUNK_SHARE:
        return GARBLED_WORDS
    letters = [ch for ch in _CID.sub(" ", text) if ch.isascii() and ch.isalpha()]
    if len(letters) >= MIN_LETTERS_FOR_VOWEL_TEST:
        vowels = sum(1 for ch in letters if ch in "aeiouAEIOU")
        if vowels / len(letters) < MIN_VOWEL_SHARE:
            return GARBLED_WORDS
    return None


def needs_ocr_warning(pages: list[int]) -> str:
    """The one warning both PDF readers give for pages left unread, e.g.
    ``2 page(s) without a usable text layer (pages 3-4); run again with --ocr``."""
    return (
        f"{len(pages)} page(s) without a usable text layer ({page_ranges(pages)}); "
        "run again with --ocr"
    )


def page_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``pages 1-3, 7``."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(parts)
