"""Hostile and broken .qdpx files: each is refused with a clear error, the corpus unchanged.

Every bad file is a valid Telaah export with exactly one thing made wrong, so the test
fails if the importer accepted the rest and only stumbled later.
"""

from __future__ import annotations

import re
import sqlite3
import stat
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from coding.codebook import import_codebook
from coding.codings import add_coding
from coding.refi import export_project, import_project
from corpus.db import open_corpus
from corpus.store import write_document
from extract import extract_file

TEXT = (
    "Laporan Pengawasan Netralitas\n\n"
    "Seorang kepala desa mengerahkan perangkat desa untuk memasang spanduk calon.\n\n"
    "Panitia pengawas kecamatan mencatat pelanggaran itu dan meneruskannya ke Bawaslu.\n"
)
BOMB = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahaha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&d;"/>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY rahasia SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&rahasia;"/>
"""


@pytest.fixture
def good(tmp_path) -> dict[str, bytes]:
    """The entries of a valid export: one document, one code, one coding."""
    db = open_corpus(tmp_path / "asal.db")
    (tmp_path / "laporan.txt").write_text(TEXT, encoding="utf-8")
    write_document(db, extract_file(tmp_path / "laporan.txt"))
    import_codebook(db, [{"id": "mobilisasi", "label_id": "Mobilisasi perangkat desa"}])
    p = next(db.query("select id, text from passages where text like '%spanduk%'"))
    start = p["text"].index("mengerahkan")
    add_coding(db, p["id"], "mobilisasi", "ayu", start=start, end=start + 11)
    out = tmp_path / "asal.qdpx"
    export_project(db, out)
    db.close()
    with zipfile.ZipFile(out) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.fixture
def target(tmp_path) -> Path:
    """A corpus with work in it, which a refused import must leave byte-for-byte alone."""
    path = tmp_path / "korpus.db"
    db = open_corpus(path)
    (tmp_path / "lain.txt").write_text(
        "Camat menghadiri deklarasi pasangan calon.\n", encoding="utf-8"
    )
    write_document(db, extract_file(tmp_path / "lain.txt"))
    import_codebook(db, [{"id": "kampanye", "label_id": "Ikut kampanye"}])
    p = next(db.query("select id from passages"))
    add_coding(db, p["id"], "kampanye", "budi")
    db.close()
    return path


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def write_zip(path: Path, entries: dict[str, bytes], extra: list[zipfile.ZipInfo] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for info in extra:
            zf.writestr(info, b"x")
    return path


def qde_edit(entries: dict[str, bytes], pattern: str, repl: str) -> dict[str, bytes]:
    qde = entries["project.qde"].decode()
    changed = re.sub(pattern, repl, qde, count=1)
    assert changed != qde, pattern
    return {**entries, "project.qde": changed.encode()}


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def text_length(entries: dict[str, bytes]) -> int:
    return len(next(v for k, v in entries.items() if k.endswith(".txt")).decode())


CASES = {
    "zip-slip": (
        lambda e: (e, [zipfile.ZipInfo("sources/../../../tmp/telaah-evil.txt")]),
        r"zip entry 'sources/\.\./\.\./\.\./tmp/telaah-evil\.txt' is unsafe \('\.\.' climbs out",
    ),
    "absolute-entry": (
        lambda e: (e, [zipfile.ZipInfo("/etc/cron.d/telaah")]),
        r"zip entry '/etc/cron\.d/telaah' is unsafe \(absolute path\)",
    ),
    "symlink-entry": (
        lambda e: (e, [symlink("sources/link.txt")]),
        r"zip entry 'sources/link\.txt' is unsafe \(symbolic link\)",
    ),
    "text-path-escapes": (
        lambda e: (
            qde_edit(e, r'plainTextPath="[^"]+"', 'plainTextPath="internal://../../x.txt"'),
            [],
        ),
        r"path 'internal://\.\./\.\./x\.txt' climbs out of the archive; refused",
    ),
    "external-entity": (
        lambda e: ({**e, "project.qde": XXE.encode()}, []),
        r"declares a DTD .* refused",
    ),
    "entity-bomb": (
        lambda e: ({**e, "project.qde": BOMB.encode()}, []),
        r"declares a DTD .* refused",
    ),
    "selection-outside-text": (
        lambda e: (qde_edit(e, r'endPosition="\d+"', f'endPosition="{text_length(e) + 40}"'), []),
        r"spans \d+-\d+, but the text has \d+ characters .* nothing imported",
    ),
    "negative-position": (
        lambda e: (qde_edit(e, r'startPosition="\d+"', 'startPosition="-3"'), []),
        r"spans -3-\d+, but the text has",
    ),
    "unknown-code": (
        lambda e: (qde_edit(e, r'(<CodeRef targetGUID=")[^"]+', rf"\g<1>{uuid.uuid4()}"), []),
        r"refers to code [0-9a-f-]{36}, which the codebook does not define; nothing imported",
    ),
    "truncated-xml": (
        lambda e: ({**e, "project.qde": e["project.qde"][:200]}, []),
        r"is not well-formed XML",
    ),
    "missing-text-file": (
        lambda e: ({k: v for k, v in e.items() if not k.endswith(".txt")}, []),
        r"is missing from the archive; export the project again",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_refused_and_corpus_unchanged(case, good, target, tmp_path):
    make, expected = CASES[case]
    entries, extra = make(good)
    bad = write_zip(tmp_path / f"{case}.qdpx", entries, extra)
    before = dump(target)
    r = CliRunner().invoke(main, ["import", "qdpx", str(bad), "--db", str(target)])
    assert r.exit_code == 1, r.output
    assert r.output.startswith("Error: ") and len(r.output.strip().splitlines()) <= 3
    assert re.search(expected, r.output), r.output
    assert dump(target) == before
    assert not Path("/tmp/telaah-evil.txt").exists()
    # Into a corpus that does not exist yet: refused before the file is created.
    fresh = tmp_path / "belum-ada.db"
    r = CliRunner().invoke(main, ["import", "qdpx", str(bad), "--db", str(fresh)])
    assert r.exit_code == 1 and not fresh.exists()


def test_not_a_zip_is_refused(target, tmp_path):
    bad = tmp_path / "bukan.qdpx"
    bad.write_text("ini bukan arsip zip", encoding="utf-8")
    r = CliRunner().invoke(main, ["import", "qdpx", str(bad), "--db", str(target)])
    assert r.exit_code == 1
    assert "is not a .qdpx (zip) file; export the project from the QDA program" in r.output


def test_a_codebook_alone_is_pointed_to_codebook_import(target, tmp_path):
    bad = write_zip(tmp_path / "kodebuku.qdpx", {"codebook.qdc": b"<CodeBook/>"})
    r = CliRunner().invoke(main, ["import", "qdpx", str(bad), "--db", str(target)])
    assert r.exit_code == 1
    assert "telaah codebook import FILE.qdc" in r.output


def test_upper_case_names_from_the_spec_are_read(good, tmp_path):
    """The spec's own example spells Project.qde and Sources/; tools write lower case."""
    entries = {
        ("Project.qde" if k == "project.qde" else k.replace("sources/", "Sources/")): v
        for k, v in good.items()
    }
    path = write_zip(tmp_path / "Spec.qdpx", entries)
    db = open_corpus(tmp_path / "spec.db")
    result = import_project(db, path)
    assert (result.documents_created, result.codings_added) == (1, 1)
    quote = db.execute("select quote from codings").fetchone()[0]
    assert quote == "mengerahkan"
