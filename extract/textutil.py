"""Text rules shared by the PDF and plain-text readers: joining broken lines, spotting
headings. Indonesian first: reduplication (``faktor-faktor``) is not hyphenation."""

from __future__ import annotations

import re
import unicodedata

_WORD_TAIL = re.compile(r"(\w+)-$")
_WORD_HEAD = re.compile(r"^(\w+)")
_SPACE = re.compile(r"[ \t\u00a0]+")

# Reduplicated forms whose halves differ (so equality does not catch them).
_REDUP_PAIRS = {
    ("bolak", "balik"),
    ("sayur", "mayur"),
    ("gotong", "royong"),
    ("lauk", "pauk"),
    ("ramah", "tamah"),
    ("compang", "camping"),
    ("serba", "serbi"),
    ("warna", "warni"),
    ("tindak", "tanduk"),
    ("teka", "teki"),
}

_CONNECTORS = {
    "dan",
    "atau",
    "yang",
    "karena",
    "bahwa",
    "untuk",
    "dengan",
    "di",
    "ke",
    "dari",
    "pada",
    "dalam",
    "oleh",
    "serta",
    "tetapi",
    "namun",
    "sebagai",
    "the",
    "and",
    "of",
    "to",
    "in",
    "for",
}
BAB_HEADING = re.compile(r"^BAB\s+([IVXLC]+|\d+)\b\.?\s*(.*)$", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-Z][^\n]{1,120})$")
LETTERED_HEADING = re.compile(r"^([A-H])\.\s+([A-Z][^\n]{1,100})$")
KNOWN_HEADINGS = {
    "abstrak",
    "abstract",
    "kata kunci",
    "keywords",
    "pendahuluan",
    "introduction",
    "latar belakang",
    "metode",
    "metode penelitian",
    "metodologi",
    "methods",
    "methodology",
    "hasil",
    "hasil dan pembahasan",
    "pembahasan",
    "results",
    "discussion",
    "results and discussion",
    "kesimpulan",
    "kesimpulan dan saran",
    "simpulan",
    "penutup",
    "saran",
    "conclusion",
    "conclusions",
    "daftar pustaka",
    "referensi",
    "references",
    "bibliography",
    "ucapan terima kasih",
    "acknowledgements",
    "acknowledgments",
    "kata pengantar",
    "daftar isi",
    "lampiran",
}
REFERENCE_HEADINGS = {
    "daftar pustaka",
    "referensi",
    "references",
    "bibliography",
    "daftar referensi",
}


def normalize(text: str) -> str:
    """NFC, no soft hyphens or zero-width marks, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return _SPACE.sub(" ", text).strip()


def join_lines(first: str, second: str) -> str:
    """Join two lines of one paragraph, undoing a hyphenated line break.

    ``pe-`` + ``langgaran`` is one word; ``faktor-`` + ``faktor`` and ``sehari-`` + ``hari``
    are Indonesian reduplication and keep their hyphen, and so does ``non-`` + ``ASN``.
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    tail = _WORD_TAIL.search(first)
    if tail and not first.endswith("--"):
        head = _WORD_HEAD.match(second)
        if head and keeps_hyphen(tail.group(1), head.group(1)):
            return first + second
        if head and head.group(1)[0].islower():
            return first[:-1] + second
        return first + second
    return first + " " + second


def keeps_hyphen(before: str, after: str) -> bool:
    b, a = before.lower(), after.lower()
    if after[:1].isupper() or after[:1].isdigit() or before[-1:].isdigit():
        return True
    if a == b or (b, a) in _REDUP_PAIRS:
        return True
    # "sayur-" + "sayuran", "ber-" + ... is not: a stem of at least three letters repeats
    # ("ke-" + "kerabatan" is the prefix ke- hyphenated, "kekerabatan").
    if len(b) >= 3 and len(a) >= 3 and (b.endswith(a) or a.startswith(b)):
        return True
    # Reduplication inside a confix: "perundang-" + "undangan", "kemerah-" + "merahan",
    # "sebaik-" + "baiknya": the head ends with the stem (four letters or more) the tail
    # starts with. A syllable break never repeats four letters across the hyphen.
    if any(b.endswith(a[:k]) for k in range(4, min(len(a), len(b)) + 1)):
        return True
    # me-/di-/ber- prefixed reduplication: "berlari-" + "lari", "tolong-" + "menolong"
    return len(a) >= 4 and (a.endswith(b[-4:]) and len(b) >= 4 and b[-4:] == a[-4:])


def heading_level(line: str) -> int | None:
    """1 for chapters (BAB, top numbered, known section names), 2+ for sub-sections."""
    text = line.strip()
    if not text or len(text) > 140:
        return None
    if BAB_HEADING.match(text):
        return 1
    last = text.rsplit(None, 1)[-1].lower()
    if last in _CONNECTORS:  # a heading does not stop at "dan", "yang", "karena"
        return None
    m = NUMBERED_HEADING.match(text)
    if m and not text.endswith((".", ",", ";")) and len(text.split()) <= 14:
        return m.group(1).count(".") + 1
    if LETTERED_HEADING.match(text) and not text.endswith(".") and len(text.split()) <= 12:
        return 2
    bare = re.sub(r"^[\dIVX]+[.)]?\s+", "", text).strip(" :").lower()
    if bare in KNOWN_HEADINGS:
        return 1
    letters = [c for c in text if c.isalpha()]
    if (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(text.split()) <= 12
        and not text.endswith((",", ";"))
    ):
        return 1
    return None


def is_reference_heading(line: str) -> bool:
    bare = re.sub(r"^[\dIVX]+[.)]?\s+", "", line.strip()).strip(" :").lower()
    return bare in REFERENCE_HEADINGS


ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)


def is_page_number(text: str) -> bool:
    t = text.strip().strip("-–— ").strip()
    t = re.sub(r"^(hlm\.?|halaman|page|hal\.?)\s*", "", t, flags=re.I)
    return bool(t) and (t.isdigit() and len(t) <= 4 or bool(ROMAN.match(t)) and len(t) <= 6)


def page_number_value(text: str) -> str | None:
    t = text.strip().strip("-–— ").strip()
    t = re.sub(r"^(hlm\.?|halaman|page|hal\.?)\s*", "", t, flags=re.I)
    return t if is_page_number(t) else None


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LABEL = re.compile(r"\b(e-?mail|surel|korespondensi)\s*[:.]?\s*\*?", re.I)


def without_email(text: str | None) -> str | None:
    """``text`` with e-mail addresses and their ``Email :`` labels taken out.

    A first page's abstract block often begins with the corresponding author's contact
    line; it is not part of the abstract, and no citation should carry an address."""
    if not text or "@" not in text:
        return text
    cleaned = _EMAIL_LABEL.sub(" ", _EMAIL.sub(" ", text))
    return " ".join(cleaned.split()).strip(" ,;*") or None
