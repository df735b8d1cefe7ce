"""The page a quote is on: one function every place that shows a coding's page calls.

A passage that runs over a page break starts on one page and ends on the next; a reader
cites a quote by the page its words are printed on, not the page its passage starts on.
``passages.page_breaks`` holds ``[char_offset, page, page_label]`` for each page after the
first (``text[char_offset:]`` is on ``page``), so the page of any span follows from its
offsets: ``hlm. 118`` for a span after the break, ``hlm. 117-118`` for one across it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SpanPages:
    """The pages of ``text[start:end]`` of one passage."""

    page: int | None  # first PDF page the span is on (1-based)
    page_end: int | None  # last PDF page it is on
    page_label: str | None  # printed label(s) to cite: "118" or "117-118"; None if unknown

    def cite(self, lang: str = "id") -> str:
        """``hlm. 117-118`` (``id``), ``pp. 117-118`` or ``p. 118`` (``en``); the PDF page
        when the document prints no page numbers."""
        if self.page_label:
            if lang == "id":
                return f"hlm. {self.page_label}"
            return f"{'pp.' if '-' in self.page_label else 'p.'} {self.page_label}"
        if self.page is None:
            return ""
        pdf = str(self.page)
        if self.page_end not in (None, self.page):
            pdf += f"-{self.page_end}"
        return f"hlm. PDF {pdf}" if lang == "id" else f"PDF p. {pdf}"


def breaks_of(passage: Mapping) -> list[list]:
    """A passage's page breaks, from a row (JSON text) or an extracted passage (a list)."""
    raw = passage.get("page_breaks")
    if not raw:
        return []
    value = json.loads(raw) if isinstance(raw, str) else raw
    return sorted((list(b) for b in value), key=lambda b: b[0])


def page_at(passage: Mapping, offset: int) -> tuple[int | None, str | None]:
    """``(page, page_label)`` of the character at ``offset`` in the passage's text."""
    page, label = passage.get("page"), passage.get("page_label")
    for at, next_page, next_label in breaks_of(passage):
        if at > offset:
            break
        page, label = next_page, next_label
    return page, label


def span_pages(passage: Mapping, start: int | None = None, end: int | None = None) -> SpanPages:
    """The pages of ``passage.text[start:end]`` (``start``/``end`` None: the whole passage).

    ``passage`` is a ``passages`` row or any mapping with ``page``, ``page_label`` and
    ``page_breaks`` (and ``text`` when ``end`` is None).
    """
    start = max(0, start or 0)
    if end is None:
        end = len(passage.get("text") or "")
    last = max(start, end - 1)  # the span's last character, not the one after it
    first_page, first_label = page_at(passage, start)
    last_page, last_label = page_at(passage, last)
    if first_label and last_label and first_label != last_label:
        label: str | None = f"{first_label}-{last_label}"
    elif first_page != last_page and not (first_label and last_label):
        label = None  # a range needs both ends printed; cite the PDF pages instead
    else:
        label = first_label or last_label
    return SpanPages(first_page, last_page, label)
