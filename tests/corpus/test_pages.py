"""The page of a span: corpus.pages.span_pages, pure over a passage row."""

from __future__ import annotations

import json

from corpus.pages import SpanPages, page_at, span_pages

TEXT = "a" * 50 + " " + "b" * 49 + " " + "c" * 40  # pages 3, 4 (from 51), 5 (from 101)
PASSAGE = {
    "text": TEXT,
    "page": 3,
    "page_label": "117",
    "page_breaks": json.dumps([[51, 4, "118"], [101, 5, "119"]]),
}


def test_a_span_is_on_the_page_of_its_characters():
    assert span_pages(PASSAGE, 0, 10) == SpanPages(3, 3, "117")
    assert span_pages(PASSAGE, 60, 70) == SpanPages(4, 4, "118")
    assert span_pages(PASSAGE, 51, 100) == SpanPages(4, 4, "118")  # end is exclusive
    assert span_pages(PASSAGE, 40, 60) == SpanPages(3, 4, "117-118")
    assert span_pages(PASSAGE, 40, 120) == SpanPages(3, 5, "117-119")
    assert span_pages(PASSAGE) == SpanPages(3, 5, "117-119")


def test_cite_forms():
    assert span_pages(PASSAGE, 60, 70).cite("id") == "hlm. 118"
    assert span_pages(PASSAGE, 60, 70).cite("en") == "p. 118"
    assert span_pages(PASSAGE, 40, 60).cite("en") == "pp. 117-118"


def test_without_breaks_or_labels():
    plain = {"text": "abc", "page": 2, "page_label": "ii", "page_breaks": "[]"}
    assert span_pages(plain, 0, 3) == SpanPages(2, 2, "ii")
    unlabelled = {**PASSAGE, "page_label": None, "page_breaks": json.dumps([[51, 4, None]])}
    across = span_pages(unlabelled, 40, 60)
    assert across == SpanPages(3, 4, None)
    assert across.cite("id") == "hlm. PDF 3-4"
    assert page_at(unlabelled, 70) == (4, None)
    # An older row, from before page_breaks existed, is its first page throughout.
    assert span_pages({"text": "abc", "page": 7, "page_label": "9"}, 1, 2).page_label == "9"
