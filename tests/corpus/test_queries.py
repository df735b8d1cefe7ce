from __future__ import annotations

import pytest

from corpus import queries
from corpus.ingest import ingest

ARTICLE = """# Netralitas Pegawai dalam Pilkada Serentak

## Pendahuluan

Pegawai kecamatan mengaku mendapat tekanan dari atasan menjelang pemungutan suara.

Sebagian pegawai tidak memahami larangan memberi tanda suka pada unggahan kandidat.

## Daftar Pustaka

Santoso, B. (2021). Birokrasi dan Pemilihan Lokal. Yogyakarta: Pustaka Contoh.
"""


@pytest.fixture
def corpus(db, tmp_path):
    source = tmp_path / "artikel.md"
    source.write_text(ARTICLE, encoding="utf-8")
    report = ingest(db, [source], workers=1)
    assert report.ok, report.outcomes
    return db


def test_search_finds_all_words_and_snippets(corpus):
    rows = queries.search(corpus, "tekanan atasan")
    assert len(rows) == 1
    assert "[tekanan]" in rows[0]["snippet"] and "[atasan]" in rows[0]["snippet"]


@pytest.mark.parametrize("query", ["atasan:", "-tekanan", "(((", "NEAR("])
def test_search_survives_fts_syntax_in_user_input(corpus, query):
    queries.search(corpus, query)  # must not raise sqlite3.OperationalError


def test_search_ignores_accents(corpus):
    assert queries.search(corpus, "tékanan")


def test_references_are_their_own_kind(corpus):
    kinds = {p["kind"] for p in queries.list_passages(corpus) if "Santoso" in p["text"]}
    assert kinds == {"reference"}


def test_stats_counts(corpus):
    stats = queries.stats(corpus)
    assert stats["documents"] == 1
    assert stats["passages"] == len(queries.list_passages(corpus))
    assert stats["failed_files"] == 0
