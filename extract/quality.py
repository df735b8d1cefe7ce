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
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{3,}")
_ACCENTED_VOWELS = frozenset("àáâãäåèéêëìíîïòóôõöùúûüýÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÝ")

# Fewer letters than this and no words: nothing a reader could quote (page numbers only).
MIN_LETTERS = 4
# Share of glyphs (or of words) above which text is junk rather than odd. Real pages in the
# shared PDFs peak at 0.22 (cid names in a sidebar) and bottom out at 0.69 (vowel words in
# a table of URLs); the garbled thesis scores 1.0 on private-use characters.
MAX_JUNK_SHARE = 0.5
MIN_VOWEL_WORD_SHARE = 0.5
MIN_WORDS_FOR_VOWEL_TEST = 8


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
    words = _LATIN_WORD.findall(_CID.sub(" ", text))
    if len(words) >= MIN_WORDS_FOR_VOWEL_TEST:
        voiced = sum(1 for w in words if _has_vowel(w))
        if voiced / len(words) < MIN_VOWEL_WORD_SHARE:
            return GARBLED_WORDS
    return None


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouyAEIOUY" or ch in _ACCENTED_VOWELS for ch in word)
