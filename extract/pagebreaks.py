"""Where a passage's text crosses onto a new page.

A paragraph broken by a page is one passage; its quotes are still printed on two pages.
The text of a passage is its lines joined (a hyphenated word rejoined, spaces collapsed),
so a page's first character is found by matching the joined text of the lines before it
against the passage's text, not by adding up line lengths.
"""

from __future__ import annotations

from collections.abc import Sequence

from .lines import Line
from .textutil import join_lines, normalize


def page_breaks(lines: Sequence[Line], text: str, labels: Sequence[str | None]) -> list[list]:
    """``[char_offset, page, page_label]`` for each page after the first that ``lines``
    (one passage's lines, in order) reach; ``text[char_offset:]`` starts on that page."""
    if not lines or lines[0].page == lines[-1].page:
        return []  # most passages: nothing to join again (ingest speed is a budget)
    out: list[list] = []
    joined = ""
    for i, ln in enumerate(lines):
        if i and ln.page != lines[i - 1].page:
            offset = _offset_after(text, normalize(joined))
            label = labels[ln.page - 1] if 0 < ln.page <= len(labels) else None
            out.append([offset, ln.page, label])
        joined = join_lines(joined, ln.text) if joined else ln.text
    return out


def _offset_after(text: str, prefix: str) -> int:
    """Where the text after ``prefix`` starts in ``text``: the common start of the two,
    past a joining space. A word hyphenated over the break counts from its second half."""
    n = 0
    for a, b in zip(text, prefix):
        if a != b:
            break
        n += 1
    while n < len(text) and text[n] == " ":
        n += 1
    return n
