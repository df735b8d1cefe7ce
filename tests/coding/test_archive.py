"""``telaah archive``: a deposit whose CITATION.cff validates against the Citation File
Format 1.2.0 schema, whose datapackage.json validates with the ``frictionless`` library
(data included), and whose corpus file opens and reads after unzipping (issue #11,
acceptance 3).

The CFF schema (``data/citation-file-format-1.2.0.schema.json``, CC-BY-4.0, from the
Citation File Format project as shipped in the ``cffconvert`` 2.0.0 wheel) is kept here:
``cffconvert`` itself cannot be installed beside ``frictionless`` (it pins jsonschema<4,
and its ruamel.yaml pin does not build on Python 3.11), and tests use no network.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cli.main import main
from coding.archive import ArchiveError, write_archive
from coding.codebook import import_codebook
from coding.codings import add_coding
from corpus.db import open_corpus
from corpus.publication import get_publication
from corpus.store import write_document
from extract import extract_file

CFF_SCHEMA = Path(__file__).parent / "data" / "citation-file-format-1.2.0.schema.json"
TEXT = (
    "Tekanan Atasan dalam Pilkada\n\n"
    "Ayu Lestari\n\n"
    "Pegawai mengaku mendapat tekanan dari atasan untuk hadir pada kampanye calon.\n\n"
    'Catatan dengan <script>alert(1)</script> dan koma, "kutip" serta\nbaris baru.\n'
)


@pytest.fixture
def coded(db, tmp_path):
    source = tmp_path / "artikel.txt"
    source.write_text(TEXT, encoding="utf-8")
    write_document(db, extract_file(source))
    import_codebook(db, [{"id": "tekanan", "label_id": "Tekanan atasan"}])
    p = next(db.query("select id, text from passages where text like '%tekanan dari atasan%'"))
    start = p["text"].index("tekanan")
    add_coding(db, p["id"], "tekanan", "ayu", start=start, end=start + 19)
    return db


def test_archive_validates_and_its_corpus_opens(coded, db_path, tmp_path):
    out = tmp_path / "deposit.zip"
    r = CliRunner().invoke(
        main,
        [
            "archive",
            str(out),
            "--doi",
            "https://doi.org/10.5281/zenodo.1234567",
            "--author",
            "Lestari, Ayu",
            "--author",
            "Tim Netralitas",
            "--db",
            str(db_path),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "DOI 10.5281/zenodo.1234567 recorded in the corpus" in r.stdout
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as z:
        z.extractall(unpacked)
    names = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    corpus_file = Path(db_path).name
    assert {
        corpus_file,
        "codebook.yml",
        "codebook.qdc",
        "project.qdpx",
        "csv/codings.csv",
        "tables/passages.csv",
        "tables/codings.csv",
        "README.md",
        "CITATION.cff",
        "datapackage.json",
    } <= names

    cff = yaml.safe_load((unpacked / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(cff, json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))
    assert cff["type"] == "dataset" and cff["doi"] == "10.5281/zenodo.1234567"
    assert cff["authors"] == [
        {"family-names": "Lestari", "given-names": "Ayu"},
        {"name": "Tim Netralitas"},
    ]

    import frictionless

    report = frictionless.validate(unpacked / "datapackage.json")
    assert report.valid, report.flatten(["title", "message"])[:5]
    package = json.loads((unpacked / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    assert {n for n in names if n.endswith(".csv")} == described
    passages = next(r for r in package["resources"] if r["path"] == "tables/passages.csv")
    fields = {f["name"]: f for f in passages["schema"]["fields"]}
    assert fields["page"]["type"] == "integer" and fields["text"]["type"] == "string"
    assert fields["page_label"]["description"].startswith("Printed page number")
    assert passages["schema"]["primaryKey"] == ["id"]

    stats = CliRunner().invoke(main, ["stats", "--json", "--db", str(unpacked / corpus_file)])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["codings"] == 1
    copy = open_corpus(unpacked / corpus_file)
    assert get_publication(copy)["doi"] == "10.5281/zenodo.1234567"
    copy.close()
    assert get_publication(coded)["doi"] == "10.5281/zenodo.1234567"  # later citations carry it


def test_archive_without_coders_asks_for_an_author(db, db_path, tmp_path):
    with pytest.raises(ArchiveError, match=r'say who made it: --author "Lestari, Dewi"'):
        write_archive(db, tmp_path / "x.zip")
    r = CliRunner().invoke(
        main, ["archive", str(tmp_path / "x.zip"), "--doi", "bukan-doi", "--db", str(db_path)]
    )
    assert r.exit_code == 1
    assert 'Error: "bukan-doi" is not a DOI; give it as 10.NNNN/suffix' in r.output
