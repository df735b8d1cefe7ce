"""Footnotes: small type at the foot of a page or column, each starting with its marker.

They are cut out of the running text before paragraphs are rebuilt, so a footnote never
lands inside a body paragraph (nor splits one that runs on to the next page), and each
becomes its own passage of kind ``footnote``.
"""

from __future__ import annotations

import re

from .lines import Line, PageLayout
from .textutil import join_lines

_MARKER_WORD = re.compile(r"^(\d{1,3}|[*†‡§]{1,3}|[a-z])\)?$")
# "1 Lihat ...", "12Undang-Undang ...", "* Penulis korespondensi": a number or symbol, then text.
_MARKER_TEXT = re.compile(r"^(\d{1,3}|[*†‡§]{1,3})\s*(?=[A-Z\"“‘]|[a-z]{2})")
# A number set flush against its note's first word ("1Data ..."), as Writer prints it.
_GLUED_MARKER = re.compile(r"^(\d{1,3}|[*†‡§]{1,3})(?=[A-Z\"“‘])")


def starts_with_marker(line: Line, *, plain_numbers: bool) -> bool:
    """A footnote's first line: a superscript marker, or (under a separator rule, where
    nothing else is expected) a plain number or symbol before the text."""
    first = line.words[0]
    if first.sup and _MARKER_WORD.match(first.text):
        return True
    return plain_numbers and bool(_MARKER_TEXT.match(line.text))


def _marker(line: Line, *, plain_numbers: bool) -> tuple[str, bool] | None:
    """The marker a footnote's first line starts with, and whether it is raised."""
    if not starts_with_marker(line, plain_numbers=plain_numbers):
        return None
    first = line.words[0]
    if first.sup and _MARKER_WORD.match(first.text):
        return first.text.rstrip(")"), True
    m = _MARKER_TEXT.match(line.text)
    return (m.group(1), False) if m else None


def _starts_next_note(previous: tuple[str, bool], marker: tuple[str, bool]) -> bool:
    """A raised marker always opens a note; a plain number only when it is the number
    after the previous note's: under note 2, a wrapped line "14 Oktober 2024." continues
    it, and "3 Lihat ..." opens note 3."""
    (prev, _prev_sup), (mark, sup) = previous, marker
    if sup:
        return True
    if prev.isdigit() and mark.isdigit():
        return int(mark) == int(prev) + 1
    return True


def note_text(note: list[Line]) -> str:
    """A note's lines joined, its number set off from its text ("1Lihat" -> "1 Lihat")."""
    text = ""
    for ln in note:
        text = join_lines(text, ln.text) if text else ln.text
    return _GLUED_MARKER.sub(r"\1 ", text, count=1)


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
        current_marker: tuple[str, bool] | None = None
        for ln in block[start:]:
            marker = _marker(ln, plain_numbers=plain)
            if marker and not current:
                current_marker = marker
            elif (
                marker
                and ln.x0 <= current[0].x0 + 2
                and (current_marker is None or _starts_next_note(current_marker, marker))
            ):
                notes.append(current)
                current = []
                current_marker = marker
            current.append(ln)
            ln.role = "footnote"
        if current:
            notes.append(current)
    return notes
