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

from .labels import Candidate, margin_numbers, parse_number, smooth_labels
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


def _outer_rows(page: PageLayout, margin: float) -> tuple[list[Line], list[Line]]:
    """The page's first and last row when they sit outside the margins but within twice
    their depth: Writer sets a header inside the page's top margin, so a thesis with a
    3-4 cm margin prints it 11-14% down the page. Such a row is furniture only when it
    repeats (:func:`mark_furniture`)."""
    if not page.lines:
        return [], []
    top_limit = margin * page.height
    bottom_limit = (1 - margin) * page.height
    first = min(page.lines, key=lambda ln: ln.top)
    last = max(page.lines, key=lambda ln: ln.bottom)
    top = [
        ln
        for ln in page.lines
        if abs(ln.base - first.base) <= 2 and top_limit + 2 < ln.bottom <= 2 * top_limit
    ]
    bottom = [
        ln
        for ln in page.lines
        if abs(ln.base - last.base) <= 2
        and 1.0 - 2 * margin <= ln.top / page.height
        and ln.top < bottom_limit - 2
    ]
    return top, bottom


def mark_furniture(
    pages: list[PageLayout], *, margin: float, repeat_ratio: float
) -> list[str | None]:
    """Set ``role = "furniture"`` on header/footer lines; return the page numbers printed
    in the margins, smoothed into runs (see :func:`extract.labels.smooth_labels`)."""
    zones = {p.number: _zones(p, margin) for p in pages}
    outer = {p.number: _outer_rows(p, margin) for p in pages}
    for number, (top, bottom) in outer.items():
        zones[number][0].extend(top)
        zones[number][1].extend(bottom)
    in_outer = {id(ln) for top, bottom in outer.values() for ln in (*top, *bottom)}
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    keys: dict[int, tuple[str, str]] = {}  # id(line) -> (its own key, its row's key)
    for page in pages:
        top, bottom = zones[page.number]
        for where, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                # A header split by a column gutter on one page and whole on the next is
                # matched by its row: the pieces on the same baseline, left to right.
                row = sorted((o for o in lines if abs(o.base - ln.base) <= 2), key=lambda o: o.x0)
                pair = (
                    normalize_furniture(ln.text),
                    "".join(normalize_furniture(o.text) for o in row),
                )
                keys[id(ln)] = pair
                for key in set(pair):
                    if key:
                        seen[(where, key)].add(page.number)
    # Seen on ``repeat_ratio`` of the pages, but three pages always suffice (a thesis
    # prints each chapter's name as its header), two in a short document, one never.
    need = max(2, min(3 if len(pages) > 8 else 2, math.ceil(repeat_ratio * len(pages))))
    most = max(2, math.ceil(repeat_ratio * len(pages)))
    # A journal alternates its heads: the ISSN line on odd pages, the issue line (or the
    # authors) on even ones; each is on most pages of its side.
    side = max(3, math.ceil(repeat_ratio * len(pages) / 2))

    def often(where: str, key: str, enough: int) -> bool:
        found = seen.get((where, key), ())
        if len(found) >= enough:
            return True
        return len(found) >= side and len({n % 2 for n in found}) == 1

    frequent: dict[tuple[str, int], list[str]] = {}

    def near(where: str, key: str, enough: int) -> bool:
        """A head printed once with a letter more or less (cut at the margin, a
        corrected name): furniture like the head it nearly is."""
        if len(key) < 12:
            return False
        if (where, enough) not in frequent:
            frequent[(where, enough)] = [
                k for (w, k) in seen if w == where and len(k) >= 12 and often(where, k, enough)
            ]
        for other in frequent[(where, enough)]:
            if other == key:
                continue
            short, long = sorted((key, other), key=len)
            if len(short) >= 0.9 * len(long) and (long.startswith(short) or long.endswith(short)):
                return True
        return False

    candidates: list[list[Candidate]] = []
    lone: list[tuple[int, Line]] = []  # furniture only for being a bare number
    for index, page in enumerate(pages):
        top, bottom = zones[page.number]
        found: list[Candidate] = []
        for where, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                bare = parse_number(ln.text) is not None and len(ln.text) <= 12
                number_only = bare
                repeated = any(k and often(where, k, need) for k in keys[id(ln)])
                masthead = index == 0 and where == "top" and bool(MASTHEAD.search(ln.text))
                enough = need
                if id(ln) in in_outer:
                    # Beyond the margins only a header on most pages (of its side): not a
                    # chapter's "BAB 2" atop each chapter, a table's header row, a year.
                    number_only = masthead = False
                    enough = most
                    repeated = not bare and any(k and often(where, k, most) for k in keys[id(ln)])
                if not (repeated or bare or masthead):
                    repeated = any(near(where, k, enough) for k in keys[id(ln)] if k)
                if ln.artifact or number_only or repeated or masthead:
                    ln.role = "furniture"
                if bare and not ln.artifact:  # (all bare numbers "repeat" as "#")
                    lone.append((index, ln))
                strength = 2 if number_only else 1 if ln.role == "furniture" else 0
                for value, style in margin_numbers(ln.text):
                    found.append((value, style, strength))
        for ln in page.lines:  # producers' artifacts outside the margins (watermarks)
            if ln.artifact:
                ln.role = "furniture"
        candidates.append(found)
    printed = smooth_labels(candidates)
    # A bare number that is not the page's printed number is text: the year a footnote's
    # last line wraps to ("2024."), not a second page number.
    for index, ln in lone:
        label = printed[index]
        if label is not None and parse_number(ln.text) != parse_number(label):
            ln.role = "body"
    # A margin line that prints the page's own number is its header or footer, even when
    # it does not repeat often enough to be caught above ("Skripsi: ... 46").
    for page, label in zip(pages, printed):
        if label is None:
            continue
        number = parse_number(label)
        for ln in (*zones[page.number][0], *zones[page.number][1]):
            # (Beyond the margins only a line that is the number and nothing else.)
            if number in margin_numbers(ln.text) and (
                id(ln) not in in_outer or parse_number(ln.text) == number
            ):
                ln.role = "furniture"
    return printed
