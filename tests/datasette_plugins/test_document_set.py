"""``telaah document set``: metadata a person corrects by hand (issue #11, acceptance 5).

The value is recorded as ``manual``, survives ``telaah ingest --force``, beats extraction
and a reference library, and shows on the cite page and in its BibTeX."""

from __future__ import annotations

import json

import bibtexparser
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from corpus.version import corpus_version

NOTES = (
    "000 catatan 19210dbd\n\n"
    "Pegawai kelurahan mengaku diminta hadir pada acara syukuran calon petahana.\n\n"
    "Sebagian dari mereka tidak berani menolak karena takut dimutasi.\n"
)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def document(db_path, doc_id: str) -> dict:
    db = open_corpus(db_path)
    row = next(db.query("select * from documents where id = ?", [doc_id]))
    db.close()
    return row


def test_untitled_text_gets_a_title_and_authors_that_survive_and_are_cited(
    tmp_path, db_path, client_for
):
    from datasette_plugins.publish import make_datasette

    notes = tmp_path / "catatan.txt"
    notes.write_text(NOTES, encoding="utf-8")
    run("ingest", str(notes), "--db", str(db_path))
    doc_id = json.loads(run("documents", "--json", "--db", str(db_path)).stdout)[0]["id"]
    assert json.loads(document(db_path, doc_id)["authors"]) == []
    db = open_corpus(db_path)
    passages_before = db.execute("select rowid, id, text from passages order by 1").fetchall()
    version_before = corpus_version(db)
    db.close()

    out = run(
        "document",
        "set",
        doc_id,
        "title=Catatan Lapangan Netralitas Pegawai Kelurahan",
        "authors=Ayu Lestari; Budi Santoso",
        "year=2024",
        "kind=thesis",
        "institution=Universitas Sriwijaya",
        "--db",
        str(db_path),
    )
    assert out.stdout == f"{doc_id}: set title, authors, year, kind, institution (manual)\n"
    db = open_corpus(db_path)
    assert db.execute("select rowid, id, text from passages order by 1").fetchall() == (
        passages_before
    )
    assert corpus_version(db) != version_before  # re-described: findings can tell
    db.close()

    run("ingest", str(notes), "--force", "--db", str(db_path))
    row = document(db_path, doc_id)
    assert row["title"] == "Catatan Lapangan Netralitas Pegawai Kelurahan"
    assert json.loads(row["authors"]) == ["Ayu Lestari", "Budi Santoso"]
    assert row["year"] == 2024 and row["institution"] == "Universitas Sriwijaya"
    sources = json.loads(row["field_sources"])
    assert {sources[f] for f in ("title", "authors", "year", "kind", "institution")} == {"manual"}

    shown = json.loads(run("document", "show", doc_id, "--json", "--db", str(db_path)).stdout)
    assert shown["authors"] == ["Ayu Lestari", "Budi Santoso"]
    text = run("document", "show", doc_id, "--db", str(db_path)).stdout
    assert "  title        Catatan Lapangan Netralitas Pegawai Kelurahan  [manual]" in text

    db = open_corpus(db_path)
    passage = next(db.query("select id from passages where text like '%dimutasi%'"))["id"]
    db.close()
    site = client_for(make_datasette(db_path))
    page = site.get(f"/-/cite/{passage}").text
    assert "Lestari, A., &amp; Santoso, B. (2024)." in page
    assert "<i>Catatan Lapangan Netralitas Pegawai Kelurahan</i>" in page
    source, corpus = bibtexparser.parse_string(site.get(f"/-/cite/{passage}.bib").text).entries
    assert source["author"] == "Lestari, Ayu and Santoso, Budi"
    assert source["title"] == "{Catatan Lapangan Netralitas Pegawai Kelurahan}"
    assert source.entry_type == "mastersthesis" and source["school"] == "Universitas Sriwijaya"


def test_bad_values_say_what_is_allowed(tmp_path, db_path):
    notes = tmp_path / "catatan.txt"
    notes.write_text(NOTES, encoding="utf-8")
    run("ingest", str(notes), "--db", str(db_path))
    doc_id = json.loads(run("documents", "--json", "--db", str(db_path)).stdout)[0]["id"]
    for args, message in (
        (["year=dua ribu"], 'Error: year "dua ribu" is not a four-digit year'),
        (["kind=novel"], 'Error: kind "novel" is unknown; kinds: journal_article, thesis,'),
        (["abstract=x"], 'Error: "abstract" cannot be set; fields: title, authors,'),
        (["judul"], 'Error: Invalid value for FIELD=VALUE: "judul" is not FIELD=VALUE'),
    ):
        r = CliRunner().invoke(main, ["document", "set", doc_id, *args, "--db", str(db_path)])
        assert r.exit_code != 0 and message in r.output, r.output
    r = CliRunner().invoke(main, ["document", "set", "tidakada", "title=x", "--db", str(db_path)])
    assert "Error: document tidakada does not exist; list documents with: telaah documents" in (
        r.output
    )
