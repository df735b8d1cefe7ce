"""Passage roles: from headings in reading order, overrides that survive a re-ingest, the
back-fill of an old corpus, and the accuracy on labelled real documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from corpus.ingest import ingest
from corpus.roles import NoSuchTarget, UnknownRole, assign_roles, heading_role
from corpus.schema import migrations
from corpus.store import set_role

LABELS = Path(__file__).parent / "data" / "role_labels.json"


@pytest.mark.parametrize(
    "heading, role",
    [
        ("BAB IV PENUTUP", "conclusion"),
        ("BAB IV", "findings"),
        ("BAB II", "literature"),
        ("2. TINJAUAN PUSTAKA", "literature"),
        ("2.1 Penelitian Terdahulu", "literature"),
        ("Hasil Penelitian Terdahulu", "literature"),
        ("HASIL DAN PEMBAHASAN", "findings"),
        ("Kesimpulan dan Saran", "conclusion"),
        ("3. METODOLOGI PENELITIAN", "method"),
        ("Latar Belakang Masalah", "background"),
        ("DAFTAR PUSTAKA", "references"),
        ("KATA PENGANTAR", "front"),
        ("LAMPIRAN A : KUESIONER", "other"),
        ("Netralitas ASN sebagai Pilar Demokrasi", None),
    ],
)
def test_heading_role(heading, role):
    assert heading_role(heading) == role


def _p(text, kind="body", section=None):
    return {"text": text, "kind": kind, "section": section}


def test_sub_section_stands_in_its_named_chapter():
    """ "3.1 Kerangka Pemikiran" inside a method chapter is method, and so is the rest."""
    rows = [
        _p("3. METODOLOGI PENELITIAN", "heading", "3. METODOLOGI PENELITIAN"),
        _p("Metode yang dipakai.", section="3. METODOLOGI PENELITIAN"),
        _p("3.1. Kerangka Pemikiran", "heading", "3.1. Kerangka Pemikiran"),
        _p("Diagram alur.", section="3.1. Kerangka Pemikiran"),
        _p("3.2. Tahapan", "heading", "3.2. Tahapan"),
        _p("Tahap pertama.", section="3.2. Tahapan"),
    ]
    assert assign_roles(rows) == ["method"] * 6


def test_bare_chapter_number_then_named_sub_section():
    rows = [
        _p("BAB IV", "heading", "BAB IV"),
        _p("4.1 Kesimpulan", "heading", "4.1 Kesimpulan"),
        _p("Jadi begitu.", section="4.1 Kesimpulan"),
    ]
    assert assign_roles(rows) == ["findings", "conclusion", "conclusion"]


def test_front_matter_inline_abstract_and_unstructured():
    rows = [
        _p("Jurnal Ilmu Sosial"),
        _p("Abstrak: penelitian ini menemukan tekanan atasan."),
        _p("Kata kunci: netralitas"),
        _p("PENDAHULUAN", "heading", "PENDAHULUAN"),
        _p("Isi.", section="PENDAHULUAN"),
        _p("Lestari, D. (2024). Judul.", "reference", "PENDAHULUAN"),
    ]
    assert assign_roles(rows) == [
        "front",
        "abstract",
        "abstract",
        "background",
        "background",
        "references",
    ]
    assert assign_roles([_p("Satu."), _p("Dua.")]) == ["other", "other"]
    toc = [
        _p("DAFTAR ISI", "heading", "DAFTAR ISI"),
        _p("ABSTRAK ........ i", section="DAFTAR ISI"),
    ]
    assert assign_roles(toc) == ["front", "front"]


STUDY = "Judul\n\nPENDAHULUAN\n\nLatar belakang penelitian.\n\nTINJAUAN PUSTAKA\n\nTeori netralitas.\n\nHASIL\n\nTemuan lapangan.\n"  # noqa: E501


def test_overrides_survive_reingest_and_cli(tmp_path):
    db_path = tmp_path / "c.db"
    f = tmp_path / "s.txt"
    f.write_text(STUDY, encoding="utf-8")
    db = open_corpus(db_path)
    ingest(db, [f], workers=1)
    theory = db.execute("select id, role from passages where text = 'Teori netralitas.'").fetchone()
    assert theory[1] == "literature"
    doc = db.execute("select id from documents").fetchone()[0]
    assert set_role(db, "findings", passage_id=theory[0], set_by="ayu") == 1
    with pytest.raises(UnknownRole, match='unknown role "hasil"; use one of: front, abstract'):
        set_role(db, "hasil", passage_id=theory[0])
    with pytest.raises(NoSuchTarget, match='has no section "BAB IX"'):
        set_role(db, "method", document_id=doc, section="BAB IX")
    db.close()
    runner = CliRunner()
    r = runner.invoke(
        main,
        ["role", "set", "--doc", doc, "--section", "PENDAHULUAN", "method", "--db", str(db_path)],
    )
    assert r.exit_code == 0 and "are now method" in r.output, r.output
    # A re-ingest (changed text elsewhere) recomputes roles and keeps both overrides.
    f.write_text(STUDY + "\nKESIMPULAN\n\nPenutup.\n", encoding="utf-8")
    db = open_corpus(db_path)
    ingest(db, [f], workers=1)
    roles = dict(db.execute("select text, role from passages").fetchall())
    assert roles["Teori netralitas."] == "findings"
    assert roles["Latar belakang penelitian."] == "method"
    assert roles["Penutup."] == "conclusion" and roles["Temuan lapangan."] == "findings"
    db.close()
    r = runner.invoke(main, ["role", "list", "--doc", doc, "--json", "--db", str(db_path)])
    listed = json.loads(r.output)
    assert {"section": "PENDAHULUAN", "role": "method", "overridden": True}.items() <= listed[
        1
    ].items()
    r = runner.invoke(main, ["role", "set", "nope", "findings", "--db", str(db_path)])
    assert r.exit_code == 1 and 'Error: no passage "nope"' in r.output


def test_migration_backfills_roles_of_an_old_corpus(tmp_path):
    """A corpus made before schema 0012 gets its roles when it is next opened."""
    path = tmp_path / "old.db"
    f = tmp_path / "s.txt"
    f.write_text(STUDY, encoding="utf-8")
    db = open_corpus(path)
    ingest(db, [f], workers=1)
    db.execute("drop table role_overrides")
    db.execute("drop view coded_passages")
    db.execute(
        "create view coded_passages as select c.id as coding_id from codings c"
    )  # stand-in for the old view; 0012 replaces it
    db.execute("drop index passages_role")
    db.execute("drop index codings_synthesis")
    db.execute("drop index passages_synthesis")
    db.execute("alter table passages drop column role")
    db.execute("delete from _sqlite_migrations where name = '0012_passage_roles'")
    db.close()
    db = open_corpus(path)
    assert (
        dict(db.execute("select text, role from passages").fetchall())["Teori netralitas."]
        == "literature"
    )
    assert "role" in {c.name for c in db["coded_passages"].columns}
    assert list(path.parent.glob("old.db.bak-*")), "the upgrade backs the corpus up first"
    assert (
        "0012_passage_roles" in {m.name for m in migrations.applied(db)}
        if hasattr(migrations, "applied")
        else True
    )


def test_role_accuracy_on_labelled_seeds_and_pdfs(shared, tmp_path, capsys):
    """Acceptance 7: at least 95% of the labelled body passages get the right role."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    db = open_corpus(tmp_path / "roles.db")
    ingest(db, [shared / d["file"] for d in labels], workers=2)
    right = total = 0
    wrong: list[str] = []
    for d in labels:
        row = db.execute("select id from documents where sha256 = ?", [d["sha256"]]).fetchone()
        assert row, f"{d['file']} did not ingest"
        rows = db.execute(
            "select id, kind, role from passages where document_id = ? order by seq", [row[0]]
        ).fetchall()
        order = {pid: i for i, (pid, _, _) in enumerate(rows)}
        missing = [pid for pid, _ in d["from"] if pid not in order]
        assert not missing, f"{d['file']}: passages {missing} changed text; label it again"
        starts = sorted((order[pid], role) for pid, role in d["from"])
        for i, (_, kind, role) in enumerate(rows):
            if kind != "body":
                continue
            want = [r for start, r in starts if start <= i][-1]
            total += 1
            if want == role:
                right += 1
            else:
                wrong.append(f"{d['file']} #{i + 1}: labelled {want}, got {role}")
    accuracy = right / total
    with capsys.disabled():
        print(f"\nrole accuracy: {right}/{total} = {accuracy:.1%}", *wrong, sep="\n  ")
    assert accuracy >= 0.95, wrong
