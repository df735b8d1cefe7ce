"""Acceptance on the 28 real PDFs in ../shared/pdfs: no crash, every `ok` file yields
passages and a title; and the five with exact source text are read in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import ExtractedDocument, NoTextLayer
from tools.evaluate import GROUND_TRUTH, document_text, order, recall, words


def manifest(shared: Path) -> list[dict[str, str]]:
    lines = (shared / "pdfs" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:] if ln.strip()]


@pytest.mark.slow
def test_every_shared_pdf(shared, extracted):
    rows = manifest(shared)
    assert len(rows) == 28
    problems = []
    for row in rows:
        result = extracted(row["file"])
        expect = row["expect"]
        if expect == "scanned":
            if not isinstance(result, NoTextLayer):
                problems.append(f"{row['file']}: expected NoTextLayer, got {result!r:.80}")
            continue
        if not isinstance(result, ExtractedDocument):
            problems.append(f"{row['file']}: {result!r}")
            continue
        if expect == "ok":
            if not result.passages:
                problems.append(f"{row['file']}: no passages")
            if not (result.metadata.title or "").strip():
                problems.append(f"{row['file']}: no title")
            if result.metadata.sources.get("title") == "filename":
                problems.append(f"{row['file']}: title only from the file name")
            if any(p.status == "error" for p in result.pages):  # an image page may need OCR
                problems.append(f"{row['file']}: a page failed")
        assert all(p.page_label is None or p.page_label.strip() for p in result.passages)
    assert problems == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pdf", "truth"), GROUND_TRUTH, ids=[Path(p).stem for p, _ in GROUND_TRUTH]
)
def test_recall_of_source_words(shared, extracted, pdf, truth):
    source = words((shared / "pdfs" / truth).read_text(encoding="utf-8"))
    ours = words(document_text(extracted(pdf)))
    assert recall(source, ours) >= 0.97


@pytest.mark.slow
def test_reading_order_against_source_text(shared, extracted):
    ratios = []
    for pdf, truth in GROUND_TRUTH:
        source = words((shared / "pdfs" / truth).read_text(encoding="utf-8"))
        ratios.append(order(source, words(document_text(extracted(pdf)))))
    assert sum(ratios) / len(ratios) >= 0.90, ratios
    assert min(ratios) >= 0.85, ratios


@pytest.mark.parametrize(
    "pdf",
    [
        "datmin-tubes/madani-2020-toga.pdf",  # byline centred under the title, sidebar below
        "stima-itb/makalah-itb-2col-binary-search.pdf",  # "Name - student number"
        "stima-itb/makalah-itb-2col-gdocs-pattern-matching.pdf",
    ],
)
def test_single_author_bylines_are_found(shared, extracted, pdf):
    doc = extracted(pdf)
    assert len(doc.metadata.authors) == 1, doc.metadata.authors
    name = doc.metadata.authors[0]
    assert len(name.split()) >= 2 and not any(ch.isdigit() for ch in name)
    assert doc.metadata.sources["authors"] == "first-page-layout"
    assert len(doc.metadata.title.split()) >= 8  # the whole title, every line of it
