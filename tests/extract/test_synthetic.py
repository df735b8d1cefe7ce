"""Acceptance on PDFs we generate with known truth: the demo corpus (seed 0) and held-out
variants (other seeds: other type sizes, spacing, page sizes, gutters, page numbers,
running headers, paragraph order; the thesis gains a cover page and an abstract numbered
ii and loses its Info title)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract import extract_file
from tools.evaluate import score_truth
from tools.synthetic import FILE_NAMES, KINDS, build, syllable_breaks, write_corpus

ROOT = Path(__file__).resolve().parents[2]

HELD_OUT = (1, 2, 3)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """``sample(kind, seed)`` -> (ExtractedDocument, Truth), each built and read once."""
    cache = {}
    folder = tmp_path_factory.mktemp("synthetic")

    def get(kind: str, seed: int):
        if (kind, seed) not in cache:
            data, truth = build(kind, seed)
            path = folder / f"{seed}-{FILE_NAMES[kind]}"
            path.write_bytes(data)
            cache[(kind, seed)] = (extract_file(path), truth)
        return cache[(kind, seed)]

    return get


@pytest.mark.parametrize("seed", (0, *HELD_OUT))
@pytest.mark.parametrize("kind", KINDS)
def test_paragraphs_labels_furniture_title_authors(sample, kind, seed):
    doc, truth = sample(kind, seed)
    score = score_truth(doc, truth)
    assert score.intact_in_order >= 0.95, score
    assert score.right_label >= 0.95, score
    assert score.leaks == []
    assert score.footnotes_found == 1.0
    assert score.title_found, (doc.metadata.title, truth.title)
    assert score.authors_missing == []


@pytest.mark.parametrize("seed", (0, *HELD_OUT))
@pytest.mark.parametrize("kind", ["thesis", "journal"])
def test_the_layouts_hold_the_hard_parts(sample, kind, seed):
    """The truth really contains what the acceptance is about, so passing means something."""
    doc, truth = sample(kind, seed)
    assert any(p.page_end and p.page_end > p.page for p in truth.paragraphs), "no page break"
    assert truth.furniture, "no running header"
    if kind == "journal":
        assert {how for _h, _t, how in truth.splits} == {"joined", "kept"}
        assert any(p.frames > 1 and p.page_end == p.page for p in truth.paragraphs)
    else:
        assert truth.footnotes
    # A paragraph broken by a page is one passage whose page is where it starts.
    broken = [p for p in truth.paragraphs if p.page_end and p.page_end > p.page]
    by_text = {" ".join(p.text.split()): p for p in doc.passages}
    for para in broken:
        passage = by_text[" ".join(para.text.split())]
        assert (passage.page, passage.page_end) == (para.page, para.page_end)


@pytest.mark.parametrize("seed", (0, *HELD_OUT))
def test_hyphenation_joined_and_reduplication_kept(sample, seed):
    doc, truth = sample("journal", seed)
    body = " ".join(p.text for p in doc.passages)
    for head, tail, how in truth.splits:
        word = head[:-1] + tail if how == "joined" else head + tail
        assert word.strip(".,;:") in body
        if how == "joined":
            assert f"{head} " not in body and f"{head}{tail}" not in body


def test_thesis_structure(sample):
    doc, truth = sample("thesis", 0)
    headings = [p.text for p in doc.passages if p.kind == "heading"]
    assert headings[:2] == ["BAB IV PENUTUP", "4.1 Kesimpulan"]
    kinds = {p.kind for p in doc.passages}
    assert {"heading", "body", "footnote", "reference"} <= kinds
    sections = {p.section for p in doc.passages if p.kind == "body"}
    assert {"4.1 Kesimpulan", "4.2 Saran"} <= sections
    assert [p.label for p in doc.pages] == ["62", "63", "64"]
    refs = [p for p in doc.passages if p.section == "DAFTAR PUSTAKA" and p.kind != "heading"]
    assert len(refs) == 8 and {p.kind for p in refs} == {"reference"}
    assert doc.metadata.kind == "thesis"
    assert doc.metadata.sources["title"] == "pdf-metadata"


def test_held_out_thesis_reads_its_cover(sample):
    doc, truth = sample("thesis", 1)
    assert doc.metadata.sources["title"] == "first-page-layout"
    assert doc.metadata.authors == truth.authors
    assert [p.label for p in doc.pages][:3] == ["i", "ii", truth.labels[2]]
    assert doc.metadata.institution and "NUSANTARA RAYA" in doc.metadata.institution.upper()


def test_journal_metadata_and_table(sample):
    doc, truth = sample("journal", 0)
    meta = doc.metadata
    assert (meta.kind, meta.venue, meta.doi, meta.issn, meta.year) == (
        "journal_article",
        truth.venue,
        truth.doi,
        truth.issn,
        truth.year,
    )
    assert meta.authors == truth.authors  # separately, in byline order
    assert meta.abstract and meta.abstract.startswith("Netralitas aparatur sipil negara")
    assert meta.keywords == ["netralitas ASN", "Pilkada", "konflik kepentingan", "Bawaslu"]
    assert meta.language == "id"
    assert [t.rows for t in doc.tables] == truth.tables
    assert doc.tables[0].page_label == next(
        p.label for p in truth.paragraphs if p.kind == "caption"
    )
    # Table cells are not also body text.
    cells = {c for row in truth.tables[0][1:] for c in row if len(c) > 6}
    assert not any(c in p.text for p in doc.passages if p.kind == "body" for c in cells)


def test_extractor_and_settings_are_recorded(sample):
    doc, _truth = sample("article", 0)
    assert doc.extractor == "telaah.pdf" and doc.extractor_version
    assert doc.settings["word_gap"] > 0 and "password" not in doc.settings
    assert [p.status for p in doc.pages] == ["ok"] * doc.page_count


def test_output_is_deterministic():
    for kind in KINDS:
        assert build(kind, 0)[0] == build(kind, 0)[0]
    assert build("journal", 0)[0] != build("journal", 1)[0]


def test_module_writes_the_sample_corpus(tmp_path):
    out = tmp_path / "corpus"
    done = subprocess.run(
        [sys.executable, "-m", "tools.synthetic", str(out)],
        cwd=ROOT,  # as the README runs it: from the clone's root
        capture_output=True,
        text=True,
        check=True,
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(FILE_NAMES.values())
    assert done.stdout.count("wrote ") == 3
    assert [p.name for p in write_corpus(tmp_path / "again")] == [FILE_NAMES[k] for k in KINDS]
    assert (out / FILE_NAMES["thesis"]).read_bytes() == (
        tmp_path / "again" / FILE_NAMES["thesis"]
    ).read_bytes()


def test_syllable_breaks():
    assert 2 in syllable_breaks("pelanggaran")  # pe-langgaran
    assert 5 not in syllable_breaks("pelanggaran")  # never inside "ng"
    assert syllable_breaks("ASN") == []


def test_encrypted_pdf_names_the_fix_and_opens_with_its_password(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from extract import EncryptedFile, ExtractSettings

    path = tmp_path / "rahasia.pdf"
    c = Canvas(str(path), pagesize=A4, encrypt="kunci-rahasia", invariant=1)
    c.drawString(72, 700, "Pegawai yang hadir dalam kampanye dilaporkan kepada Bawaslu.")
    c.save()
    with pytest.raises(EncryptedFile) as caught:
        extract_file(path)
    assert str(caught.value) == "encrypted PDF; pass its password with --password"
    doc = extract_file(path, ExtractSettings(password="kunci-rahasia"))
    assert doc.passages[0].text == "Pegawai yang hadir dalam kampanye dilaporkan kepada Bawaslu."
