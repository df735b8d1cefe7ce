"""How close extraction comes to a document's known source text: one measure for the tests
and the benchmark, and a table when run as ``python -m extract.evaluate ../shared/pdfs``.

Both texts become sequences of lower-cased words (``\\w+`` after NFKC). **Recall** is the
share of source words found in the extraction (as a multiset, so each source word is
matched at most once). **Order** is difflib's ``SequenceMatcher.ratio()`` of the two word
sequences: 1.0 when the words come out in the source's order and nothing is added;
interleaved columns, running headers and page numbers inside the text all lower it.

Our text is the passages in reading order, each table's cells (row by row) placed after
the passages of the page it sits on; the baseline is a bare pdfplumber
``extract_text()`` loop over the same pages.
"""

from __future__ import annotations

import difflib
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from . import extract_file
from .model import ExtractedDocument

# (PDF, exact source text) under ../shared/pdfs, per its MANIFEST ("exact").
GROUND_TRUTH = [
    (
        "fnsaja-skripsi/artikel-jisa-capres-2024.pdf",
        "fnsaja-skripsi/groundtruth/artikel-jisa-capres-2024.gt.txt",
    ),
    (
        "fnsaja-skripsi/artikel-ubm-capres-2024.pdf",
        "fnsaja-skripsi/groundtruth/artikel-ubm-capres-2024.gt.txt",
    ),
    (
        "rifan-skripsi/skripsi-tryout-cpns.pdf",
        "rifan-skripsi/groundtruth/skripsi-tryout-cpns.gt.txt",
    ),
    (
        "rifan-skripsi/artikel-tryout-cpns.pdf",
        "rifan-skripsi/groundtruth/artikel-tryout-cpns.gt.txt",
    ),
    (
        "kewarganegaraan/makalah-literasi-digital-demokrasi.pdf",
        "kewarganegaraan/groundtruth/makalah-literasi-digital-demokrasi.gt.txt",
    ),
]
_WORD = re.compile(r"\w+")
_TABLE_CAPTION = re.compile(r"^(tabel|table)\b", re.I)


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def recall(truth: list[str], got: list[str]) -> float:
    if not truth:
        return 1.0
    found = Counter(truth) & Counter(got)
    return sum(found.values()) / len(truth)


def order(truth: list[str], got: list[str]) -> float:
    return difflib.SequenceMatcher(None, truth, got, autojunk=False).ratio()


def document_text(doc: ExtractedDocument) -> str:
    """Passages in reading order; each table after the next unused table caption of its
    page ("Tabel 3 ...", "Table 3."), else after the passages of its page."""
    pending = sorted(doc.tables, key=lambda t: t.page)
    parts: list[str] = []
    for passage in doc.passages:
        while pending and pending[0].page < passage.page:
            parts.append(_table_text(pending.pop(0)))
        parts.append(passage.text)
        if passage.kind == "caption" and _TABLE_CAPTION.match(passage.text):
            here = next((t for t in pending if t.page == passage.page), None)
            if here:
                pending.remove(here)
                parts.append(_table_text(here))
    parts.extend(_table_text(t) for t in pending)
    return "\n".join(parts)


def _table_text(table) -> str:
    return "\n".join(" ".join(c or "" for c in row) for row in table.rows)


def bare_text(path: Path) -> str:
    """What pdfplumber gives with no layout work: ``extract_text()`` page after page."""
    texts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text() or "")
            page.close()
    return "\n".join(texts)


@dataclass
class Score:
    name: str
    truth_words: int
    recall: float
    order: float
    bare_recall: float
    bare_order: float
    seconds: float
    bare_seconds: float


def score_file(pdf: Path, truth_file: Path) -> Score:
    truth = words(truth_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    ours = words(document_text(extract_file(pdf)))
    mid = time.perf_counter()
    bare = words(bare_text(pdf))
    end = time.perf_counter()
    return Score(
        pdf.name,
        len(truth),
        recall(truth, ours),
        order(truth, ours),
        recall(truth, bare),
        order(truth, bare),
        mid - start,
        end - mid,
    )


def evaluate(pdfs: Path) -> list[Score]:
    return [score_file(pdfs / pdf, pdfs / truth) for pdf, truth in GROUND_TRUTH]


def format_table(scores: list[Score]) -> str:
    head = (
        f"{'document':48} {'words':>6} {'recall':>7} {'order':>6} {'bare rec':>8} {'bare ord':>8}"
    )
    rows = [head, "-" * len(head)]
    for s in scores:
        rows.append(
            f"{s.name:48} {s.truth_words:6d} {s.recall:7.3f} {s.order:6.3f} "
            f"{s.bare_recall:8.3f} {s.bare_order:8.3f}"
        )
    n = len(scores) or 1
    rows.append(
        f"{'mean':48} {'':6} {sum(s.recall for s in scores) / n:7.3f} "
        f"{sum(s.order for s in scores) / n:6.3f} {sum(s.bare_recall for s in scores) / n:8.3f} "
        f"{sum(s.bare_order for s in scores) / n:8.3f}"
    )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m extract.evaluate PATH/TO/shared/pdfs\n")
        return 2
    pdfs = Path(argv[0])
    if not (pdfs / GROUND_TRUTH[0][0]).exists():
        sys.stderr.write(f"{pdfs} does not hold the shared PDFs (see its MANIFEST.tsv)\n")
        return 2
    sys.stdout.write(format_table(evaluate(pdfs)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
