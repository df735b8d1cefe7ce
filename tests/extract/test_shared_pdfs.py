"""Acceptance on the 28 real PDFs in ../shared/pdfs: no crash, every `ok` file yields
passages and a title, no page is lost to an error MANIFEST.tsv does not expect, no page's
text goes nowhere, thesis paragraphs are whole; and the five with exact source text are
read in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract import ExtractedDocument, NoTextLayer, extract_file
from extract.accounting import MAX_LOST_SHARE, lost_share
from tools.evaluate import GROUND_TRUTH, document_text, order, recall, words
from tools.synthetic import KINDS, build


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


@pytest.mark.slow
def test_no_page_error_but_those_the_manifest_expects(shared, extracted, tmp_path):
    """Every shared PDF and every synthetic document: a page may fail only where
    MANIFEST.tsv says so (``page-error``); anything else is a bug of ours."""
    problems = []
    for row in manifest(shared):
        result = extracted(row["file"])
        if not isinstance(result, ExtractedDocument) or row["expect"] == "page-error":
            continue
        for page in result.pages:
            if page.status == "error":
                problems.append(f"{row['file']} page {page.page}: {page.message}")
    for seed in (0, 1, 2):
        for kind in KINDS:
            data, truth = build(kind, seed)
            path = tmp_path / f"seed{seed}-{truth.name}"
            path.write_bytes(data)
            for page in extract_file(path).pages:
                if page.status != "ok":
                    problems.append(f"{path.name} page {page.page}: {page.status} {page.message}")
    assert problems == []


@pytest.mark.slow
def test_no_readable_page_loses_text(shared, extracted):
    """On every `ok` PDF, at most 1% of a readable page's characters go into no passage,
    table or furniture (pages.chars_lost); the worst pages are printed."""
    pages = []
    for row in manifest(shared):
        if row["expect"] != "ok":
            continue
        doc = extracted(row["file"])
        for page in doc.pages:
            assert page.status != "ok" or page.chars_total is not None
            placed = (
                (page.chars_passages or 0)
                + (page.chars_tables or 0)
                + (page.chars_furniture or 0)
                + (page.chars_figures or 0)
                + (page.chars_lost or 0)
            )
            if page.status == "ok":
                assert placed == page.chars_total, (row["file"], page)
                pages.append((lost_share(page), row["file"], page.page, page.chars_lost))
    pages.sort(reverse=True)
    print("\nworst pages (share of characters in nowhere):")
    for share, name, number, lost in pages[:5]:
        print(f"  {share:6.2%}  {lost:5d} chars  {name} page {number}")
    assert pages[0][0] <= MAX_LOST_SHARE


@pytest.mark.slow
def test_prose_drawn_as_a_grid_stays_text(shared, extracted):
    """Edutic sets its two-column text on boxes that pdfplumber's table finder takes for
    grids: 7 of its 11 "tables" were paragraphs, and section 5 was missing."""
    doc = extracted("fnsaja-skripsi/edutic-2020-sentimen-kpk.pdf")
    assert len(doc.tables) == 4, [t.rows[:2] for t in doc.tables]
    assert any(t.rows[0][:2] == ["Term/kata", "DF"] for t in doc.tables)
    assert sum(1 for t in doc.tables if t.rows[1][:2] == ["Aktual", "Negatif"]) == 2
    headings = [p.text for p in doc.passages if p.kind == "heading"]
    assert "5. Pengujian dan Evaluasi" in headings
    after = next(i for i, p in enumerate(doc.passages) if p.text == "5. Pengujian dan Evaluasi")
    following = doc.passages[after + 1]
    assert following.kind == "body" and following.text.startswith("Pengujian dilakukan")
    assert "confussion matrix" in following.text
    cells = " ".join(c or "" for t in doc.tables for row in t.rows for c in row)
    assert "Pengujian dilakukan" not in cells


_SENTENCE_END = re.compile(r"[.?!:;]['\"”’)]*$")
_LOWER_WORD = re.compile(r"[a-z]{2,}\b")  # "b. Membangun": a list marker, not a lower start
_WORD = re.compile(r"^[A-Za-z][a-z]+[,.;:]?$")


def _prose(text: str) -> bool:
    """Running text: three words or more, most of them words (not a diagram's labels)."""
    tokens = text.split()
    return len(tokens) >= 3 and sum(1 for t in tokens if _WORD.match(t)) >= 0.5 * len(tokens)


def split_paragraphs(doc: ExtractedDocument) -> tuple[int, int]:
    """Consecutive pairs of body passages of running text, and how many of them look like
    one paragraph cut in two: the first ends mid-sentence, the second starts in lower case."""
    pairs = cut = 0
    for a, b in zip(doc.passages, doc.passages[1:]):
        if a.kind == b.kind == "body" and _prose(a.text) and _prose(b.text):
            pairs += 1
            cut += not _SENTENCE_END.search(a.text.strip()) and bool(_LOWER_WORD.match(b.text))
    return pairs, cut


@pytest.mark.slow
def test_thesis_paragraphs_are_cut_only_at_paragraph_breaks(shared, extracted):
    """Theses set 1.5 or 2 spaced with first-line indents: a paragraph is one passage, not
    its first line and the rest (under 1% of pairs of passages look cut)."""
    theses = [
        r["file"]
        for r in manifest(shared)
        if r["expect"] == "ok" and re.search(r"skripsi|tesis|thesis", r["layout"], re.I)
    ]
    assert len(theses) >= 2
    pairs = cut = 0
    for name in theses:
        p, c = split_paragraphs(extracted(name))
        print(f"{name}: {c} of {p} pairs look cut ({c / p:.2%})")
        pairs, cut = pairs + p, cut + c
    print(f"all theses: {cut} of {pairs} ({cut / pairs:.2%})")
    assert cut < 0.01 * pairs
