"""Indonesian search: stems, phrases, prefixes, OR, malformed queries, and the stemmed
table kept in step with passages across ingests and by the migration."""

from __future__ import annotations

import sqlite3

import pytest

from corpus import queries
from corpus.db import open_corpus
from corpus.ingest import ingest
from corpus.search import BadQuery, parse_query, snippet, stem_text, stem_word

FIELD_NOTES = """# Catatan Lapangan Kecamatan

## Temuan

Hubungan kekerabatan memperkuat dorongan untuk hadir, kata seorang adik ipar calon bupati.

Seorang guru menyebut kerabatnya ikut berkampanye di media sosial.

Tekanan atasan menjelang pemungutan suara terasa berat bagi pegawai honorer.

Faktor-faktor lain jarang disebut oleh informan.
"""


@pytest.fixture
def corpus(db, tmp_path):
    source = tmp_path / "catatan.md"
    source.write_text(FIELD_NOTES, encoding="utf-8")
    assert ingest(db, [source], workers=1).ok
    return db


def hits(db, query: str, **kwargs) -> list[str]:
    """The first sentence-opening words of each hit, to assert on readable text."""
    rows = queries.search(db, query, **kwargs)
    texts = {r["id"]: r for r in queries.list_passages(db)}
    return sorted(" ".join(texts[r["id"]]["text"].split()[:2]) for r in rows)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("kekerabatan", "kerabat"),  # ke-...-an
        ("kerabatnya", "kerabat"),  # -nya
        ("berkampanye", "kampanye"),  # ber-
        ("memperkuat", "kuat"),  # memper-
        ("menyebut", "sebut"),  # meny-
        ("dianggap", "anggap"),  # di-
        ("pengawasan", "awas"),  # peng-...-an
        ("persatuan", "satu"),  # per-...-an
        ("bacalah", "baca"),  # -lah
        ("faktor-faktor", "faktor"),  # reduplication
        ("Bawaslu", "bawaslu"),
        ("Tékanan", "tekan"),  # accents folded as FTS5 does
        ("2024", "2024"),
    ],
)
def test_stems(word, stem):
    assert stem_word(word) == stem


def test_stem_text_keeps_one_stem_per_word():
    assert stem_text("Faktor-faktor kekerabatan, 2024.") == "faktor kerabat 2024"


def test_kerabat_finds_kekerabatan_and_kerabatnya(corpus):
    assert hits(corpus, "kerabat") == ["Hubungan kekerabatan", "Seorang guru"]
    assert hits(corpus, "kekerabatan") == ["Hubungan kekerabatan", "Seorang guru"]


def test_snippet_brackets_the_words_found(corpus):
    rows = queries.search(corpus, "kerabat")
    assert {r["snippet"].split("[")[1].split("]")[0] for r in rows} == {
        "kekerabatan",
        "kerabatnya",
    }


def test_phrase_prefix_and_or(corpus):
    assert hits(corpus, '"adik ipar"') == ["Hubungan kekerabatan"]
    assert hits(corpus, '"ipar adik"') == []
    assert hits(corpus, "kerabat*") == ["Hubungan kekerabatan", "Seorang guru"]
    assert hits(corpus, "tekanan OR kampanye") == ["Seorang guru", "Tekanan atasan"]
    # OR binds tighter than the implicit AND
    assert hits(corpus, "tekanan OR kampanye guru") == ["Seorang guru"]
    assert hits(corpus, "faktor") == ["Faktor-faktor lain"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"adik ipar', "unclosed quote"),
        ("kerabat OR", "OR needs a word on each side"),
        ("OR kerabat", "OR needs a word on each side"),
        ("kerabat OR OR tekanan", "OR needs a word on each side"),
    ],
)
def test_malformed_query_is_named(corpus, query, message):
    with pytest.raises(BadQuery, match=message):
        queries.search(corpus, query)


@pytest.mark.parametrize("query", ["atasan:", "-tekanan", "(((", "NEAR(", "a AND", "x^y"])
def test_fts_syntax_in_user_input_is_text(corpus, query):
    queries.search(corpus, query)  # no sqlite3.OperationalError, no BadQuery


def test_limit_zero_means_every_hit(corpus):
    assert len(queries.search(corpus, "seorang", limit=1)) == 1
    assert len(queries.search(corpus, "seorang", limit=0)) == 2


def test_query_parse_shape():
    q = parse_query('kerabat* "adik ipar" tekanan OR kampanye')
    assert q.fts() == '"kerabat" * AND "adik ipar" AND ("tekan" OR "kampanye")'
    assert snippet("Tekanan atasan berat.", q) == "[Tekanan] atasan berat"


def test_reingest_keeps_stems_in_step(corpus, tmp_path):
    source = tmp_path / "catatan.md"
    source.write_text(FIELD_NOTES.replace("kerabatnya", "sepupunya"), encoding="utf-8")
    assert ingest(corpus, [source], workers=1).ok
    assert hits(corpus, "kerabat") == ["Hubungan kekerabatan"]
    assert hits(corpus, "sepupu") == ["Seorang guru"]
    stems = corpus.execute("select count(*) from passages_stem_fts").fetchone()[0]
    assert stems == corpus.execute("select count(*) from passages").fetchone()[0]


def test_migration_fills_the_stemmed_table_of_an_older_corpus(corpus, db_path):
    corpus.execute("drop table passages_stem_fts")
    corpus.execute("delete from _sqlite_migrations where name = '0014_stemmed_search'")
    corpus.close()
    reopened = open_corpus(db_path)
    assert hits(reopened, "kerabat") == ["Hubungan kekerabatan", "Seorang guru"]
    assert list(db_path.parent.glob(f"{db_path.name}.bak-*"))


def test_passages_fts_is_unchanged(corpus):
    """The public table keeps words as written: saved findings that query it still work."""
    conn = sqlite3.connect(corpus.execute("pragma database_list").fetchone()[2])
    n = conn.execute("select count(*) from passages_fts where passages_fts match 'kerabat'")
    assert n.fetchone()[0] == 0


def test_cli_search(corpus, db_path):
    """Acceptance 4 from the command line: stems, phrase, prefix, --limit 0, a named error."""
    from click.testing import CliRunner

    from cli.main import main

    def run(*args):
        return CliRunner().invoke(main, ["search", *args, "--db", str(db_path)])

    found = run("kerabat")
    assert found.exit_code == 0
    assert "[kekerabatan]" in found.stdout and "[kerabatnya]" in found.stdout
    assert "[adik] [ipar]" in run('"adik ipar"').stdout
    assert run("kerabat*", "--json").stdout.count('"id"') == 2
    assert run("seorang", "--limit", "0", "--json").stdout.count('"id"') == 2
    bad = run('"adik ipar')
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.output.strip().splitlines() == [
        "Error: unclosed quote in '\"adik ipar'; a phrase is written between two double "
        "quotes, e.g. telaah search '\"adik ipar\"'"
    ]
