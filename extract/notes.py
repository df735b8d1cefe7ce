"""Footnotes: small type at the foot of a page or column, each starting with its marker.

They are cut out of the running text before paragraphs are rebuilt, so a footnote never
lands inside a body paragraph (nor splits one that runs on to the next page), and each
becomes its own passage of kind ``footnote``.
"""

from __future__ import annotations

import re

from .lines import Line, PageLayout

_MARKER_WORD = re.compile(r"^(\d{1,3}|[*†‡§]{1,3}|[a-z])\)?$")
# "1 Lihat ...", "12Undang-Undang ...", "* Penulis korespondensi": a number or symbol, then text.
_MARKER_TEXT = re.compile(r"^(\d{1,3}|[*†‡§]{1,3})\s*(?=[A-Z\"“‘]|[a-z]{2})")


def starts_with_marker(line: Line, *, plain_numbers: bool) -> bool:
    """A footnote's first line: a superscript marker, or (under a separator rule, where
    nothing else is expected) a plain number or symbol before the text."""
    first = line.words[0]
    if first.sup and _MARKER_WORD.match(first.text):
        return True
    return plain_numbers and bool(_MARKER_TEXT.match(line.text))


def split_footnotes(page: PageLayout, body_size: float) -> list[list[Line]]:
    """Find the footnotes of a page, mark their lines ``role="footnote"``, return them
    one list of lines per note, in reading order."""
    body = [ln for ln in page.lines if ln.role == "body"]
    if len(body) < 2 or not any(ln.size >= body_size - 0.5 for ln in body):
        return []
    last_region = body[-1].region
    streams: dict[int, list[Line]] = {}
    for ln in body:
        if ln.region == last_region:
            streams.setdefault(ln.col, []).append(ln)
    rule_ys = [y for _x0, _x1, y in page.rules if y > 0.4 * page.height]
    notes: list[list[Line]] = []
    for lines in streams.values():
        k = len(lines)
        while k > 0:
            ln = lines[k - 1]
            if ln.size > body_size - 0.7 or ln.top < 0.4 * page.height:
                break
            if k < len(lines):
                below = lines[k]
                if below.top - ln.bottom > 2.5 * ln.size:
                    break
            k -= 1
        block = lines[k:]
        if not block:
            continue
        # With a separator rule, the notes are what lies below it.
        rule = max((y for y in rule_ys if y <= block[0].top + 2), default=None)
        if rule is not None:
            block = [ln for ln in block if ln.top >= rule - 2]
        plain = rule is not None
        start = next(
            (i for i, ln in enumerate(block) if starts_with_marker(ln, plain_numbers=plain)), None
        )
        if start is None:
            continue
        current: list[Line] = []
        for ln in block[start:]:
            new_note = starts_with_marker(ln, plain_numbers=plain)
            if current and new_note and ln.x0 <= current[0].x0 + 2:
                notes.append(current)
                current = []
            current.append(ln)
            ln.role = "footnote"
        if current:
            notes.append(current)
    return notes
