"""`make demo`'s codings land on the sample corpus: every planned span is found, the two
coders disagree where planned, the saved finding has a row per study, and a rerun adds
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding.agreement import agreement
from coding.codebook import default_codebook_path, import_codebook
from coding.codings import list_codings
from coding.findings import check_finding, get_finding
from corpus.ingest import ingest
from tools.demo import DEMO_CODINGS, code_demo_corpus, main
from tools.synthetic import write_corpus


@pytest.fixture
def sample_db(db, tmp_path: Path):
    write_corpus(tmp_path / "sample")
    report = ingest(db, [tmp_path / "sample"], workers=1)
    assert report.count("failed") == 0
    import_codebook(db, default_codebook_path())
    return db


def test_every_planned_coding_lands_on_its_phrase(sample_db):
    made = code_demo_corpus(sample_db)
    codings = list_codings(sample_db)
    assert len(codings) == len(made) > 0
    for _words, phrase, code_id, coders in DEMO_CODINGS:
        for coder in coders:
            quotes = [
                c["quote"] for c in codings if c["code_id"] == code_id and c["coder"] == coder
            ]
            assert quotes, f"{coder} did not code {code_id}"
            assert all(q.lower() == phrase.lower() for q in quotes)


def test_coders_disagree_only_where_planned(sample_db):
    code_demo_corpus(sample_db)
    result = agreement(sample_db, coders=["ayu", "budi"])
    disputed = {d["code_id"] for d in result["disagreements"]}
    one_coder = {code for _w, _p, code, coders in DEMO_CODINGS if len(coders) == 1}
    assert disputed == one_coder
    assert 0 < result["overall"]["kappa"] < 1


def test_the_finding_names_every_study_and_a_rerun_adds_nothing(sample_db, db_path, capsys):
    code_demo_corpus(sample_db)
    before = len(list_codings(sample_db))
    finding = get_finding(sample_db, "kekerabatan-per-studi")
    assert finding["row_count"] == 3
    assert main([str(db_path)]) == 0
    assert "kekerabatan-per-studi" in capsys.readouterr().out
    assert len(list_codings(sample_db)) == before
    assert (
        check_finding(sample_db, get_finding(sample_db, "kekerabatan-per-studi"))["changed"]
        is False
    )
