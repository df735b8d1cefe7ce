"""Bibliographic metadata read from a document's opening text (any source format).

The PDF reader adds what only layout knows (the largest type on page one is the title);
this module holds the text rules both readers share: DOI, ISSN, year, kind, abstract.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .model import Metadata
from .paragraphs import is_caption
from .textutil import KNOWN_HEADINGS, without_email

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)\]])", re.I)
ISSN = re.compile(r"\b(?:e-?|p-?)?ISSN\s*[:\-]?\s*(\d{4}\s*-\s*\d{3}[\dXx])", re.I)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
VOLUME = re.compile(r"\bVol(?:ume|\.)?\s*\.?\s*(\d+)", re.I)
ISSUE = re.compile(r"\b(?:No|Nomor|Issue|Number)\.?\s*(\d+)", re.I)
THESIS = re.compile(r"\b(skripsi|tesis|disertasi|thesis|dissertation|tugas akhir)\b", re.I)
# A regulation names itself in its first lines: "PERATURAN PEMERINTAH ... NOMOR 11 TAHUN 2017".
REGULATION = re.compile(
    r"^\s*(peraturan\s+(?:pemerintah|presiden|menteri|daerah|badan)|undang-undang|"
    r"keputusan\s+(?:presiden|menteri|bersama)|surat\s+edaran|instruksi\s+presiden)"
    r"(?:\s+\S+){0,8}?\s+(?:nomor|no\.)\s*\d+",
    re.I | re.M,
)
# A manuscript's history line under the masthead: never a title, never an author.
HISTORY = re.compile(
    r"^\W*(received|accepted|revised|published|submitted|available online|diterima|"
    r"disetujui|direvisi|dipublikasikan|publikasi|riwayat|naskah masuk)\b",
    re.I,
)
ARTICLE_OF_LAW = re.compile(r"\bPasal\s+\d+\b")
SERIAL = re.compile(r"\b(e-?ISSN|p-?ISSN|ISSN|DOI)\b|doi\.org/", re.I)
CHAPTER = re.compile(r"^BAB\s+([IVX]+|\d+)\b", re.M)
PAPER = re.compile(r"^\s*(makalah|laporan|proposal|modul)\b", re.I | re.M)
JOURNAL = re.compile(r"\b(jurnal|journal|proceedings?|prosiding|ISSN|DOI|volume|vol\.)\b", re.I)
ABSTRACT_HEAD = re.compile(r"^\s*(abstrak|abstract)\s*[:;.\-–—−]?\s*", re.I)
KEYWORDS = re.compile(r"^\s*(kata\s*kunci|keywords?)\s*[:.\-–]\s*(.+)$", re.I | re.S)
INSTITUTION = re.compile(
    r"\b((?i:universitas|institut|sekolah tinggi|politeknik|universiti|university)"
    r"(?:[ \t]+[A-Z][\w'’.-]*){1,6})"
)


def guess_kind(text: str) -> str:
    """journal_article, thesis, regulation or other, from a document's opening text.

    The order matters: a regulation names itself at the top; an ISSN or DOI means a
    journal even when its text mentions a thesis; a thesis says so on its cover or
    is divided into BAB chapters (unless it calls itself a makalah or report); only then
    does a mere mention of a "jurnal" (in a reference list, say) suggest an article.
    """
    if REGULATION.search(text[:600]) or len(ARTICLE_OF_LAW.findall(text)) >= 8:
        return "regulation"
    if SERIAL.search(text):
        return "journal_article"
    if THESIS.search(text[:3000]):
        return "thesis"
    if PAPER.search(text[:1000]):
        return "other"
    if CHAPTER.search(text):
        return "thesis"
    if JOURNAL.search(text):
        return "journal_article"
    return "other"


def guess_metadata(path: Path, blocks: list[str], *, pdf_info: dict | None = None) -> Metadata:
    """Fill what the opening text tells; leave the rest ``None`` rather than guess wildly."""
    meta = Metadata()
    head = "\n".join(blocks)
    if m := DOI.search(head):
        meta.doi = m.group(1)
        meta.sources["doi"] = "first-pages"
    if m := ISSN.search(head):
        meta.issn = re.sub(r"\s+", "", m.group(1)).upper()
        meta.sources["issn"] = "first-pages"
    if m := INSTITUTION.search(head):
        meta.institution = m.group(1).strip()
        meta.sources["institution"] = "first-pages"
    elif pdf_info and (m := INSTITUTION.search(str(pdf_info.get("Subject") or ""))):
        meta.institution = m.group(1).strip()
        meta.sources["institution"] = "pdf-metadata"
    # The latest year named, but not one still to come ("target 2029" in a plan).
    years = [int(y) for y in YEAR.findall(head) if int(y) <= date.today().year + 1]
    if years:
        meta.year = max(years)
        meta.sources["year"] = "first-pages"
    subject = (
        " ".join(str(pdf_info.get(k) or "") for k in ("Subject", "Keywords")) if pdf_info else ""
    )
    if subject.strip() and guess_kind(subject) in ("thesis", "regulation"):
        meta.kind = guess_kind(subject)  # "Skripsi, Universitas ..." in the PDF's Info
        meta.sources["kind"] = "pdf-metadata"
    else:
        meta.kind = guess_kind(head)
        meta.sources["kind"] = "first-pages"
    if meta.kind == "journal_article":
        # Only a journal has a volume and issue; in a thesis "Nomor 5" is a law's number.
        if m := VOLUME.search(head):
            meta.volume = m.group(1)
            meta.sources["volume"] = "first-pages"
        if m := ISSUE.search(head):
            meta.issue = m.group(1)
            meta.sources["issue"] = "first-pages"
    for i, block in enumerate(blocks):
        if ABSTRACT_HEAD.match(block):
            body = ABSTRACT_HEAD.sub("", block).strip()
            if not body and i + 1 < len(blocks):
                body = blocks[i + 1]
            meta.abstract = without_email(body) or None
            meta.sources["abstract"] = "first-pages"
            break
    for block in blocks:
        if m := KEYWORDS.match(block):
            meta.keywords = [k.strip(" .") for k in re.split(r"[;,]", m.group(2)) if k.strip()]
            meta.sources["keywords"] = "first-pages"
            break
    title = next((b for b in blocks[:15] if _looks_like_title(b)), None)
    if pdf_info and pdf_info.get("Title") and not title:
        title = str(pdf_info["Title"]).strip() or None
        meta.sources["title"] = "pdf-metadata"
    elif title:
        meta.sources["title"] = "first-pages"
    meta.title = title or path.stem.replace("_", " ").replace("-", " ")
    meta.sources.setdefault("title", "filename")
    meta.language = guess_language(head)
    if meta.language:
        meta.sources["language"] = "text"
    return meta


def _looks_like_title(block: str) -> bool:
    """A title is short and is not a sentence, a label or a masthead line."""
    words = block.split()
    if not 3 <= len(words) <= 30 or block.rstrip().endswith((".", ":", ";", ",")):
        return False
    if DOI.search(block) or ISSN.search(block) or "@" in block or "http" in block.lower():
        return False
    if ABSTRACT_HEAD.match(block) or KEYWORDS.match(block):
        return False
    if re.match(r"^(\d+[.)]?|[a-z][.)])\s", block):  # a footnote or a list item
        return False
    if is_caption(block):  # "Figure 1. Research Flow"
        return False
    if re.sub(r"^[\dIVX]+[.)]?\s+", "", block).strip(" :").lower() in KNOWN_HEADINGS:
        return False
    if re.search(r"\b(jurnal|journal)\b", block, re.I) and len(words) <= 10:
        return False  # the journal's name, not the article's
    if HISTORY.match(block):
        return False  # "Received Oktober 23, 2024; Revised ..."
    return not re.match(
        r"^(bab|vol|volume|jurnal|journal|homepage|berdasarkan|dengan|dalam|pada)\b", block, re.I
    )


_ID_WORDS = {"yang", "dan", "di", "dengan", "untuk", "dalam", "ini", "tidak", "dari", "pada"}
_EN_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "this"}


def guess_language(text: str) -> str | None:
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return None
    ind = sum(w in _ID_WORDS for w in words)
    eng = sum(w in _EN_WORDS for w in words)
    return "id" if ind >= eng else "en"
