"""Running headers, footers and page numbers: found, kept out of passages, and read for labels.

A line is page furniture when it sits in the top or bottom margin AND its text (digits
and roman numerals normalised) comes back on several pages, or when it is nothing but a
page number, or when the PDF's producer marked it as an /Artifact (Word does this for
headers and footers). On page one, a margin line naming the journal, ISSN, DOI or volume
is the masthead: furniture too (metadata reads it separately).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from .labels import Candidate, margin_numbers, parse_number
from .lines import Line, PageLayout

_ROMAN_TOKEN = re.compile(r"\b[ivxlcdm]{1,7}\b")
_NON_WORD = re.compile(r"[^a-z#]+")
MASTHEAD = re.compile(
    r"(\bISSN\b|\bDOI\b|doi\.org|\bVol(?:ume|\.)|\bNo\.|\bNomor\b|https?://|www\.|\bJurnal\b|"
    r"\bJournal\b|\bProsiding\b|\bProceedings?\b|\bReceived\b|\bDiterima\b|\bAccepted\b|"
    r"\bAvailable online\b|\bhomepage\b|Copyright|©|\bLicen[sc]e\b|\bHal\.|\bpp\.)",
    re.I,
)


def normalize_furniture(text: str) -> str:
    """``"JISA Vol. 7 ... 2"`` and ``"JISA Vol. 7 ... 3"`` compare equal."""
    low = re.sub(r"\d+", "#", text.lower())
    low = _ROMAN_TOKEN.sub("#", low)
    return _NON_WORD.sub("", low)


def _zones(page: PageLayout, margin: float) -> tuple[list[Line], list[Line]]:
    top_limit = margin * page.height
    bottom_limit = (1 - margin) * page.height
    top = [ln for ln in page.lines if ln.bottom <= top_limit + 2]
    bottom = [ln for ln in page.lines if ln.top >= bottom_limit - 2]
    return top, bottom


def mark_furniture(
    pages: list[PageLayout], *, margin: float, repeat_ratio: float
) -> list[list[Candidate]]:
    """Set ``role = "furniture"`` on header/footer lines; return each page's printed-number
    candidates (read from its furniture lines), in page order."""
    zones = {p.number: _zones(p, margin) for p in pages}
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page in pages:
        top, bottom = zones[page.number]
        for where, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                key = normalize_furniture(ln.text)
                if key:
                    seen[(where, key)].add(page.number)
    # Seen on ``repeat_ratio`` of the pages, but three pages always suffice (a thesis
    # prints each chapter's name as its header) and one page never does.
    need = max(2, min(3, math.ceil(repeat_ratio * len(pages))))
    candidates: list[list[Candidate]] = []
    for index, page in enumerate(pages):
        top, bottom = zones[page.number]
        found: list[Candidate] = []
        for where, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                key = normalize_furniture(ln.text)
                number_only = parse_number(ln.text) is not None and len(ln.text) <= 12
                repeated = bool(key) and len(seen[(where, key)]) >= need
                masthead = index == 0 and where == "top" and bool(MASTHEAD.search(ln.text))
                if ln.artifact or number_only or repeated or masthead:
                    ln.role = "furniture"
                    found.extend(c for c in margin_numbers(ln.text) if c not in found)
        for ln in page.lines:  # producers' artifacts outside the margins (watermarks)
            if ln.artifact:
                ln.role = "furniture"
        candidates.append(found)
    return candidates
