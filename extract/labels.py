"""Page labels: the page number a reader sees and cites ("hlm. 63"), not the PDF's index.

The PDF's own ``/PageLabels`` tree wins where present. Otherwise the numbers printed in
the page margins are read and smoothed into runs: a thesis chapter file whose pages print
62, 63, ... keeps that offset across a page whose number is missing, and roman front
matter (i, ii, ...) is told apart from the arabic body.
"""

from __future__ import annotations

import re

from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_PREFIX = re.compile(r"^(?:hlm\.?|halaman|hal\.?|page|p\.)\s*", re.I)
_NUMBER_AT_START = re.compile(r"^[\s\-–—|•·]*(\d{1,5}|[ivxlcdmIVXLCDM]{1,7})(?=[\s\-–—|•·]|$)")
_NUMBER_AT_END = re.compile(r"(?:^|[\s\-–—|•·])(\d{1,5}|[ivxlcdmIVXLCDM]{1,7})[\s\-–—|•·]*$")

# A printed number: (value, style) with style "arabic", "roman", "ROMAN".
Number = tuple[int, str]
# A number found in a page's margin, with how sure we are it is the page number (0-2).
Candidate = tuple[int, str, int]


def roman_to_int(text: str) -> int | None:
    low = text.lower()
    if not low or not _ROMAN.match(low):
        return None
    total = 0
    for i, ch in enumerate(low):
        v = ROMAN_VALUES[ch]
        if i + 1 < len(low) and ROMAN_VALUES[low[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def int_to_roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def parse_number(token: str) -> Number | None:
    """``"63"`` -> (63, "arabic"); ``"iv"`` -> (4, "roman"); ``"IV"`` -> (4, "ROMAN")."""
    token = _PREFIX.sub("", token.strip()).strip(" -–—|.")
    if token.isdigit() and len(token) <= 5:  # a bound volume runs to 47699
        value = int(token)
        return (value, "arabic") if value > 0 else None
    value = roman_to_int(token)
    if value is None:
        return None
    if token.islower():
        return value, "roman"
    return (value, "ROMAN") if token.isupper() else None


def format_label(value: int, style: str) -> str:
    if style == "arabic":
        return str(value)
    roman = int_to_roman(value)
    return roman.upper() if style == "ROMAN" else roman


def margin_numbers(text: str) -> list[Number]:
    """Numbers a margin line may print as its page number: the whole line, or its first or
    last token ("116", "- 7 -", "Halaman 12", "JISA ... 2", "12 | Jurnal ...")."""
    found: list[Number] = []
    if re.fullmatch(r"\s*\d{1,3}[.)]\s*", text):
        return []  # "1." or "2)": a list or figure label, not a page number
    whole = parse_number(text)
    if whole:
        return [whole]
    stripped = _PREFIX.sub("", text.strip())
    for pattern in (_NUMBER_AT_END, _NUMBER_AT_START):
        m = pattern.search(stripped)
        if m:
            c = parse_number(m.group(1))
            # A lone roman letter inside a line ("Vol. I", "BAB V") is too ambiguous.
            if c and (c[1] == "arabic" or len(m.group(1)) > 1) and c not in found:
                found.append(c)
    return found


def smooth_labels(candidates: list[list[Candidate]]) -> list[str | None]:
    """One label per page from the numbers found in its margins.

    Each candidate is ``(value, style, strength)``: strength 2 for a margin line that is
    nothing but a number, 1 for a number at the end of a running header or footer, 0 for
    a number at the end of some other margin line. A number counts when a neighbouring page
    (within five) prints one of the same style at the same offset from its page index, or,
    failing that, when it stands alone on its line (a lone "ii" under an abstract). Pages
    between two members of one run are filled in, and a run is extended by up to two pages
    at its ends (a cover, or a chapter's first page, often prints no number).
    """
    n = len(candidates)
    chosen: list[tuple[str, int] | None] = [None] * n  # (style, offset)
    for i, cands in enumerate(candidates):
        best = None
        best_key = (0, -1)
        for value, style, strength in cands:
            offset = value - i
            support = 0
            for j in range(max(0, i - 5), min(n, i + 6)):
                if j != i and any(s == style and v - j == offset for v, s, _ in candidates[j]):
                    support += 1
            if support and (support, strength) > best_key:
                best, best_key = (style, offset), (support, strength)
        if best is None:
            alone = [(v, s) for v, s, strength in cands if strength == 2 or n <= 2 and strength]
            if len(alone) == 1:  # two lone numbers on one page: neither is surely the page's
                best = (alone[0][1], alone[0][0] - i)
        chosen[i] = best
    labels: list[str | None] = [None] * n
    for i, c in enumerate(chosen):
        if c:
            labels[i] = format_label(i + c[1], c[0])
    # Fill gaps inside a run and extend runs a little at their ends.
    known = [i for i, c in enumerate(chosen) if c]
    for i in range(n):
        if chosen[i]:
            continue
        before = max((k for k in known if k < i), default=None)
        after = min((k for k in known if k > i), default=None)
        options = []
        if before is not None and after is not None and chosen[before] == chosen[after]:
            options.append(chosen[before])
        elif before is not None and after is not None:
            # Between two runs (a file of sampled pages jumps 11, 15, 19): the page's own
            # printed number if it falls between its neighbours'.
            low, high = i + chosen[before][1], i + chosen[after][1]
            own = [
                (v, s)
                for v, s, strength in candidates[i]
                if strength and s == chosen[before][0] == chosen[after][0] and low <= v <= high
            ]
            if own:
                labels[i] = format_label(own[0][0], own[0][1])
                continue
            options.extend(
                chosen[k] for k, d in ((before, i - before), (after, after - i)) if d <= 2
            )
        else:
            if before is not None and i - before <= 2:
                options.append(chosen[before])
            if after is not None and after - i <= 2:
                options.append(chosen[after])
        for style, offset in options:
            if i + offset >= 1:
                labels[i] = format_label(i + offset, style)
                break
    return labels


def pdf_page_labels(catalog: dict, page_count: int) -> list[str] | None:
    """Labels from the catalog's ``/PageLabels`` number tree, or ``None`` without one."""
    tree = resolve1(catalog.get("PageLabels")) if catalog else None
    if not isinstance(tree, dict):
        return None
    ranges: list[tuple[int, dict]] = []

    def walk(node: dict, depth: int = 0) -> None:
        if depth > 20:
            return
        nums = resolve1(node.get("Nums"))
        if isinstance(nums, list):
            for k in range(0, len(nums) - 1, 2):
                start = resolve1(nums[k])
                spec = resolve1(nums[k + 1])
                if isinstance(start, int) and isinstance(spec, dict):
                    ranges.append((start, spec))
        for kid in resolve1(node.get("Kids")) or []:
            kid = resolve1(kid)
            if isinstance(kid, dict):
                walk(kid, depth + 1)

    walk(tree)
    if not ranges:
        return None
    ranges.sort(key=lambda r: r[0])
    labels: list[str] = []
    for page in range(page_count):
        current = [r for r in ranges if r[0] <= page]
        if not current:
            labels.append(str(page + 1))
            continue
        start, spec = current[-1]
        style = resolve1(spec.get("S"))
        style_name = style.name if isinstance(style, PSLiteral) else None
        first = resolve1(spec.get("St", 1))
        value = (first if isinstance(first, int) else 1) + page - start
        prefix = resolve1(spec.get("P"))
        text = decode_text(prefix) if isinstance(prefix, bytes) else ""
        if style_name == "D":
            text += str(value)
        elif style_name in ("R", "r"):
            roman = int_to_roman(value)
            text += roman.upper() if style_name == "R" else roman
        elif style_name in ("A", "a"):
            letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
            text += letter if style_name == "A" else letter.lower()
        labels.append(text)
    return labels
