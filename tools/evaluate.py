"""How close extraction comes to a document's known source text: one measure for the tests
and the benchmark, and a table when run as ``python -m tools.evaluate ../shared/pdfs``.

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

from extract import extract_file
from extract.model import ExtractedDocument

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


@dataclass
class TruthScore:
    """Extraction of a synthetic document against its known layout."""

    name: str
    paragraphs: int  # truth paragraphs (headings, body, captions, references)
    intact_in_order: float  # found verbatim as one passage, in reading order
    right_label: float  # ... and carrying the printed label of the page it starts on
    footnotes_found: float  # footnotes found verbatim as footnote passages
    leaks: list[str]  # body passages holding running-header or footnote text
    title_found: bool
    authors_missing: list[str]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for v in values:
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < v:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(v)
        else:
            tails[lo] = v
    return len(tails)


def score_truth(doc: ExtractedDocument, truth) -> TruthScore:
    """How much of a :class:`tools.synthetic.Truth` the extraction got right.

    A truth paragraph counts as intact when some passage has exactly its text (spaces
    normalised); in order when those passages keep the truth's order (the longest
    increasing run of their positions); its label is right when that passage's
    ``page_label`` is the printed number of the page the paragraph starts on.
    """
    texts = [_norm(p.text) for p in doc.passages]
    used: set[int] = set()
    positions: list[int] = []
    labels_right = 0
    wanted = [p for p in truth.paragraphs if p.kind != "footnote"]
    for para in wanted:
        target = _norm(para.text)
        index = next((i for i, t in enumerate(texts) if t == target and i not in used), None)
        if index is None:
            continue
        used.add(index)
        positions.append(index)
        labels_right += doc.passages[index].page_label == para.label
    notes = {_norm(p.text) for p in doc.passages if p.kind == "footnote"}
    truth_notes = truth.footnotes
    found_notes = sum(1 for n in truth_notes if _norm(n.text) in notes)
    # Footnote text without its number; header text as printed.
    leaking = [_norm(n.text).split(" ", 1)[1] for n in truth_notes] + list(truth.furniture)
    leaks = [p.text for p in doc.passages if p.kind == "body" and any(f in p.text for f in leaking)]
    n = len(wanted) or 1
    authors = doc.metadata.authors
    return TruthScore(
        truth.name,
        len(wanted),
        _longest_increasing(positions) / n,
        labels_right / n,
        found_notes / len(truth_notes) if truth_notes else 1.0,
        leaks,
        _norm(doc.metadata.title or "").casefold() == _norm(truth.title).casefold(),
        [a for a in truth.authors if a not in authors],
    )


def evaluate_synthetic(seeds: tuple[int, ...] = (0, 1)) -> list[TruthScore]:
    """Build each sample document with each seed, extract it, score it."""
    import tempfile

    from .synthetic import KINDS, build

    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            for kind in KINDS:
                data, truth = build(kind, seed)
                path = Path(tmp) / f"seed{seed}-{truth.name}"
                path.write_bytes(data)
                score = score_truth(extract_file(path), truth)
                score.name = f"{truth.name} (seed {seed})"
                scores.append(score)
    return scores


def format_truth_table(scores: list[TruthScore]) -> str:
    head = (
        f"{'document':52} {'paras':>5} {'intact':>7} {'label':>6} {'notes':>6} {'leaks':>5} "
        "title authors"
    )
    rows = [head, "-" * len(head)]
    for s in scores:
        rows.append(
            f"{s.name:52} {s.paragraphs:5d} {s.intact_in_order:7.3f} {s.right_label:6.3f} "
            f"{s.footnotes_found:6.3f} {len(s.leaks):5d} {'yes' if s.title_found else 'NO':5} "
            f"{'all' if not s.authors_missing else 'missing ' + ', '.join(s.authors_missing)}"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    if argv == ["--synthetic"]:
        sys.stdout.write(format_truth_table(evaluate_synthetic()) + "\n")
        return 0
    if len(argv) != 1:
        sys.stderr.write("usage: python -m tools.evaluate PATH/TO/shared/pdfs | --synthetic\n")
        return 2
    pdfs = Path(argv[0])
    if not (pdfs / GROUND_TRUTH[0][0]).exists():
        sys.stderr.write(f"{pdfs} does not hold the shared PDFs (see its MANIFEST.tsv)\n")
        return 2
    sys.stdout.write(format_table(evaluate(pdfs)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
