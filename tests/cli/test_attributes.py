"""``telaah attr`` as a researcher runs it: define, set, import a spreadsheet, list,
suggest, review (also from a pipe, one decision a line), with the exact lines printed."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from corpus.store import write_document
from extract.model import ExtractedDocument, Metadata, Passage

DOCS = [
    (
        "Netralitas ASN pada Pilkada Serentak 2024 di Kabupaten Sukoharjo",
        "10.1234/jip.2024.7",
        [
            "Abstrak: Penelitian ini menjelaskan pelanggaran netralitas pada Pilkada Serentak "
            "2024 di Kabupaten Sukoharjo.",
            "Penelitian kualitatif ini mewawancarai dua belas informan.",
        ],
    ),
    (
        "Pengawasan Bawaslu pada Pemilu 2024",
        "10.5555/bawaslu.2024.1",
        ["Bawaslu Kota Padang menangani laporan."],
    ),
    ("Penegakan Disiplin Pegawai", None, ["Sanksi bagi pegawai yang melanggar."]),
    ("Kinerja Satgas Netralitas", None, ["Satgas netralitas dibentuk terlambat."]),
]


@pytest.fixture
def corpus(db_path):
    db = open_corpus(db_path)
    ids = []
    for title, doi, texts in DOCS:
        body = "\n".join(texts)
        result = write_document(
            db,
            ExtractedDocument(
                source_path=f"{title}.txt",
                sha256=hashlib.sha256(body.encode()).hexdigest(),
                file_size=len(body),
                page_count=1,
                metadata=Metadata(title=title, year=2025, doi=doi),
                passages=[Passage(text=t, page=1, page_label="7") for t in texts],
            ),
        )
        ids.append(result.document_id)
    db.close()
    return ids


def run(db_path, *args, input=None):
    return CliRunner().invoke(main, [*args, "--db", str(db_path)], input=input)


def test_define_set_unset_and_list(corpus, db_path):
    r = run(
        db_path, "attr", "define", "election", "--type", "category", "--values", "Pilkada,Pemilu"
    )
    assert r.exit_code == 0 and r.output == "Defined election (category: Pilkada, Pemilu)\n"
    assert run(db_path, "attr", "define", "informants", "--type", "number").exit_code == 0
    r = run(
        db_path, "attr", "set", corpus[0], "election=pilkada", "informants=12", "--coder", "ayu"
    )
    assert r.exit_code == 0, r.output
    assert r.output == f"{corpus[0]}  election = Pilkada\n{corpus[0]}  informants = 12\n"
    r = run(db_path, "attr", "set", corpus[0], "election=Pilpres", "--coder", "ayu")
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        'Error: election: "Pilpres" is not one of Pilkada, Pemilu; use one of them, or add it '
        'with: telaah attr define election --type category --values "Pilkada,Pemilu,Pilpres"'
    ]
    r = run(db_path, "attr", "set", corpus[0], "election=Pemilu")
    assert "say who is coding: add --coder NAME" in r.output and r.exit_code == 1
    r = run(db_path, "attr", "list", "--doc", corpus[0], "--json")
    values = {v["name"]: (v["value"], v["source"], v["set_by"]) for v in json.loads(r.stdout)}
    assert values == {"election": ("Pilkada", "manual", "ayu"), "informants": (12, "manual", "ayu")}
    r = run(db_path, "attr", "unset", corpus[0], "informants")
    assert r.output == f"{corpus[0]}  informants unset (was 12)\n"
    r = run(db_path, "attr", "list")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].split() == ["name", "type", "values", "documents", "pending", "description"]
    assert lines[2].split()[:5] == ["election", "category", "Pilkada,", "Pemilu", "1"]


def test_import_names_bad_rows_writes_good_ones_and_exits_1(corpus, db_path, tmp_path):
    """Acceptance 2: ids, DOIs and titles set values; a bad category value and an unmatched
    title are each named, and nothing from the bad rows is written."""
    run(db_path, "attr", "define", "election", "--type", "category", "--values", "Pilkada,Pemilu")
    run(db_path, "attr", "define", "region", "--type", "text")
    csv_file = tmp_path / "atribut.csv"
    csv_file.write_text(
        "document,election,region\n"
        f"{corpus[0]},Pilkada,Kabupaten Sukoharjo\n"  # by id
        "doi:10.5555/BAWASLU.2024.1,Pemilu,Kota Padang\n"  # by DOI
        "kinerja satgas netralitas,,Kota Jambi\n"  # by title
        "Penegakan Disiplin Pegawai,Pilgub,Kota Jambi\n"  # a value outside the category
        "Judul yang Tidak Ada,Pemilu,Kota Medan\n",  # no such title
        encoding="utf-8",
    )
    dry = run(db_path, "attr", "import", str(csv_file), "--dry-run")
    assert dry.exit_code == 1
    assert "2 row(s) not imported (nothing written)" in dry.output
    assert json.loads(run(db_path, "attr", "list", "--values", "--json").stdout) == []

    r = run(db_path, "attr", "import", str(csv_file))
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "atribut.csv: 5 rows, 3 matched; set 5 new and 0 changed values on 3 documents "
        "(0 unchanged)",
        f'row 5 ({corpus[2]}): election: "Pilgub" is not one of Pilkada, Pemilu; use one of '
        "them, or add it with: telaah attr define election --type category --values "
        '"Pilkada,Pemilu,Pilgub"; nothing written',
        'row 6: no document matches "Judul yang Tidak Ada"; nothing written',
        "Error: 2 row(s) not imported (the other rows were written); fix them and import the "
        "file again",
    ]
    rows = json.loads(run(db_path, "attr", "list", "--values", "--json").stdout)
    got = {(v["document_id"], v["name"]): v["value"] for v in rows}
    assert got == {
        (corpus[0], "election"): "Pilkada",
        (corpus[0], "region"): "Kabupaten Sukoharjo",
        (corpus[1], "election"): "Pemilu",
        (corpus[1], "region"): "Kota Padang",
        (corpus[3], "region"): "Kota Jambi",
    }  # nothing of row 5 (not its good region either) nor of row 6


def test_suggest_then_review_from_a_pipe(corpus, db_path):
    r = run(db_path, "attr", "suggest", "--doc", corpus[0], "--json")
    assert r.exit_code == 0, r.output
    proposals = json.loads(r.stdout)
    first = {}
    for p in proposals:
        first.setdefault(p["name"], p)
    assert first["election"]["value"] == "Pilkada"
    assert first["election"]["quote"] == "Pilkada Serentak 2024"
    assert first["informants"]["value"] == "12"
    assert first["informants"]["quote"] == "dua belas informan"
    assert json.loads(run(db_path, "attr", "list", "--values", "--json").stdout) == []

    r = run(db_path, "attr", "review")
    assert r.exit_code == 1 and "say who is coding" in r.output
    # accept the first, reject the second, then a key that means nothing, then quit
    r = run(db_path, "attr", "review", "--coder", "ayu", input="a\nr\nx\nq\n")
    assert r.exit_code == 0, r.output
    assert "press a, r, s or q" in r.output
    assert "Accepted 1, rejected 1, skipped 0;" in r.output
    assert "Traceback" not in r.output
    values = json.loads(run(db_path, "attr", "list", "--values", "--json").stdout)
    assert [(v["name"], v["source"], v["set_by"]) for v in values] == [
        (proposals[0]["name"], "suggested", "ayu")
    ]
    # Input that runs out ends the review cleanly.
    r = run(db_path, "attr", "review", "--coder", "ayu", input="s\n")
    assert r.exit_code == 0 and "(end of input)" in r.output
    assert "skipped 1" in r.output


def test_suggest_accept_sets_the_best_values(corpus, db_path):
    r = run(db_path, "attr", "suggest", "--accept", "--coder", "budi", "--json")
    assert r.exit_code == 0, r.output
    accepted = json.loads(r.stdout)
    assert {a["decided_by"] for a in accepted} == {"budi"}
    values = json.loads(run(db_path, "attr", "list", "--doc", corpus[0], "--json").stdout)
    got = {v["name"]: v["value"] for v in values}
    assert got["election"] == "Pilkada" and got["election_year"] == 2024
    assert got["region"] == "Kabupaten Sukoharjo" and got["province"] == "Jawa Tengah"
    assert got["informants"] == 12 and got["method"] == "kualitatif"
    r = run(db_path, "attr", "suggest")
    assert r.exit_code == 0
    assert "0 proposals pending" in r.output


def test_define_default_then_list_as_json(corpus, db_path):
    r = run(db_path, "attr", "define", "--default")
    assert r.output == (
        "7 defined: election, election_year, region, province, method, data, informants\n"
    )
    assert run(db_path, "attr", "define", "--default").output == "0 defined\n"
    rows = json.loads(run(db_path, "attr", "list", "--json").stdout)
    province = next(a for a in rows if a["name"] == "province")
    assert len(province["allowed_values"]) == 38 and "Sumatera Barat" in province["allowed_values"]
    r = run(db_path, "attr", "define")
    assert r.exit_code == 2 and "give a NAME, or --default" in r.output
