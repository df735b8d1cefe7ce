"""REFI-QDA exchange: export validates, round trips, real exports from other tools import,
and conflicts are reported rather than overwritten.

The corpus is built the real way: our own Indonesian text and a PDF drawn with reportlab
go through ``extract_file`` and ``corpus.store.write_document``; codes and codings through
``coding.codebook`` and ``coding.codings``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from cli.main import main
from coding.codebook import import_codebook, list_codes, upsert_code
from coding.codebook_io import import_codebook_file
from coding.codings import add_coding
from coding.refi import (
    ImportConflicts,
    export_project,
    export_qdc,
    import_project,
    read_codebook,
    validate,
)
from coding.refi.archive import QdpxArchive
from coding.refi.importer import paragraphs
from coding.refi.project import read_project
from corpus.db import open_corpus
from corpus.store import write_document
from extract import extract_file

ARTICLE = (
    "Netralitas Aparatur Sipil Negara dalam Pilkada Serentak di Kabupaten Sukamaju\n\n"
    "Ayu Lestari\n\n"
    "Pendahuluan\n\n"
    "Pegawai negeri di kabupaten itu mengaku mendapat tekanan dari atasan untuk menghadiri\n"
    "kampanye petahana menjelang hari pemungutan suara.\n\n"
    'Sebuah unggahan berbunyi "Ayo dukung nomor dua 📢" dan camat memasang foto bersama\n'
    "calon bupati di akun media sosial pribadi mereka.\n\n"
    "Hasil\n\n"
    "Ikatan kekerabatan dengan kandidat membuat banyak pegawai merasa wajib ikut berkampanye.\n"
)

PDF_PAGES = [
    [
        "Pelanggaran Netralitas ASN pada Pemilu 2024",
        "",
        "Bawaslu menerima laporan tentang lurah yang membagikan sembako",
        "atas nama calon legislatif di balai desa.",
    ],
    [
        "Seorang guru honorer takut kehilangan pekerjaan bila menolak",
        "ajakan kepala sekolah untuk memilih calon tertentu.",
    ],
]

CODES = [
    {
        "id": "faktor",
        "label_id": "Faktor pelanggaran",
        "label_en": "Violation factors",
        "description": "Mengapa ASN melanggar netralitas.",
        "colour": "#336699",
    },
    {
        "id": "tekanan-atasan",
        "parent": "faktor",
        "label_id": "Tekanan atasan",
        "label_en": "Pressure from superiors",
        "colour": "#c0392b",
        "patterns": [{"pattern": "tekanan dari atasan"}],
    },
    {
        "id": "kekerabatan",
        "parent": "faktor",
        "label_id": "Kekerabatan",
        "label_en": "Kinship",
        "guid": "0b6c2a8e-5d1f-4c3a-9e7b-1a2b3c4d5e6f",
    },
    {"id": "media-sosial", "label_id": "Media sosial", "description": "Unggahan di media sosial."},
]

# (phrase, code, coder, memo)
CODINGS = [
    ("tekanan dari atasan", "tekanan-atasan", "ayu", "Tekanan langsung, bukan ajakan."),
    ("tekanan dari atasan", "tekanan-atasan", "budi", None),
    ("tekanan dari atasan", "faktor", "ayu", None),
    ("memasang foto bersama calon bupati", "media-sosial", "ayu", None),
    ("Ikatan kekerabatan dengan kandidat", "kekerabatan", "budi", "Kerabat calon."),
    ("membagikan sembako", "faktor", "budi", None),
    ("takut kehilangan pekerjaan", "tekanan-atasan", "ayu", None),
]


def write_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=True)  # same bytes every run
    for n, lines in enumerate(PDF_PAGES, start=1):
        c.setFont("Helvetica", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 780 - 18 * i, line)
        c.drawString(290, 40, str(n + 10))
        c.showPage()
    c.save()


def build_corpus(db, folder: Path) -> dict:
    """Two documents (a text file and a PDF), a small codebook, codings by two coders."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    write_pdf(folder / "laporan.pdf")
    for name in ("artikel.txt", "laporan.pdf"):
        write_document(db, extract_file(folder / name))
    import_codebook(db, CODES)
    passages = list(db.query("select id, text from passages"))
    made = {}
    for phrase, code, coder, memo in CODINGS:
        p = next(p for p in passages if phrase in p["text"])
        start = p["text"].index(phrase)
        row = add_coding(db, p["id"], code, coder, start=start, end=start + len(phrase), memo=memo)
        made[(phrase, code, coder)] = row
    return made


def summary(path: Path) -> dict:
    """What two exports must agree on: codebook, texts, codings (spans, coders, codes)."""
    with QdpxArchive(path) as archive:
        p = read_project(archive)
    return {
        "codes": sorted((c.guid, c.name, c.parent_guid, c.colour, c.description) for c in p.codes),
        "texts": {s.guid: s.text for s in p.sources},
        "codings": sorted(
            (s.guid, sel.start, sel.end, c.code_guid, p.users[c.user_guid], c.guid, c.created)
            for s in p.sources
            for sel in s.selections
            for c in sel.codings
        ),
        "memos": sorted(p.notes.values()),
        "users": sorted(p.users.values()),
    }


def dump(db_path: Path) -> list[str]:
    """Every row of every table: equal dumps mean an untouched corpus."""
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def corpus(db, tmp_path):
    build_corpus(db, tmp_path / "sumber")
    return db


def test_export_counts_and_pdf_beside_text(corpus, tmp_path):
    out = tmp_path / "proyek.qdpx"
    result = export_project(corpus, out)
    assert (result.documents, result.codes, result.codings) == (2, 4, 7)
    assert result.selections == 5  # three codings share one span
    assert (result.users, result.notes, result.pdfs) == (2, 2, 1)
    names = zipfile.ZipFile(out).namelist()
    assert "project.qde" in names and "telaah.json" in names
    assert sum(n.endswith(".txt") for n in names) == 2
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 1
    original = (tmp_path / "sumber" / "laporan.pdf").read_bytes()
    assert zipfile.ZipFile(out).read(pdfs[0]) == original


def test_export_validates_against_the_refi_project_xsd(corpus, tmp_path, shared):
    out = tmp_path / "proyek.qdpx"
    export_project(corpus, out, xsd=shared / "refi" / "Project.xsd")
    qde = zipfile.ZipFile(out).read("project.qde")
    validate(qde, shared / "refi" / "Project.xsd")  # raises SchemaInvalid if not
    assert qde.count(b"<PlainTextSelection ") == 5
    assert qde.count(b"<Case ") == 2


def test_selections_count_code_points_and_quote_the_text(corpus, tmp_path):
    out = tmp_path / "proyek.qdpx"
    export_project(corpus, out)
    with QdpxArchive(out) as archive:
        project = read_project(archive)
    quotes = {r["quote"] for r in corpus.query("select quote from codings")}
    article = next(s for s in project.sources if "📢" in s.text)
    spans = [(src, sel) for src in project.sources for sel in src.selections]
    assert len(spans) == 5
    for src, sel in spans:
        assert src.text[sel.start : sel.end] in quotes
    # The emoji is one code point (two UTF-16 units): a span after it must not shift.
    sel = next(
        s for s in article.selections if article.text[s.start : s.end].startswith("memasang")
    )
    before = article.text[: sel.start]
    assert "📢" in before
    assert sel.start == len(before) != len(before.encode("utf-16-le")) // 2


def test_round_trip_export_import_export_agrees(corpus, tmp_path):
    first = tmp_path / "pertama.qdpx"
    second = tmp_path / "kedua.qdpx"
    export_project(corpus, first)
    fresh = open_corpus(tmp_path / "baru.db")
    result = import_project(fresh, first)
    assert (result.codes_created, result.documents_created, result.codings_added) == (4, 2, 7)
    assert result.conflicts == [] and result.spans_adjusted == 0
    export_project(fresh, second)
    a, b = summary(first), summary(second)
    assert a == b
    assert len(a["codings"]) == 7 and a["users"] == ["ayu", "budi"]
    # What REFI has no place for came back through telaah.json.
    old = {c["id"]: c for c in list_codes(corpus)}
    new = {c["id"]: c for c in list_codes(fresh)}
    assert set(new) == set(old)
    assert new["tekanan-atasan"]["label_en"] == "Pressure from superiors"
    assert new["tekanan-atasan"]["patterns"] == [{"pattern": "tekanan dari atasan"}]
    assert new["kekerabatan"]["guid"] == "0b6c2a8e-5d1f-4c3a-9e7b-1a2b3c4d5e6f"
    cols = "id, document_id, seq, page, page_label, section, kind, text"
    assert list(fresh.query(f"select {cols} from passages order by id")) == list(
        corpus.query(f"select {cols} from passages order by id")
    )
    cols = "passage_id, code_id, coder, char_start, char_end, quote, memo, created_at"
    assert list(fresh.query(f"select {cols} from codings order by 1, 2, 3")) == list(
        corpus.query(f"select {cols} from codings order by 1, 2, 3")
    )
    origins = {r["origin"] for r in fresh.query("select origin from codings")}
    assert origins == {"import"}


def test_reimport_into_the_same_corpus_adds_nothing(corpus, tmp_path, db_path):
    out = tmp_path / "proyek.qdpx"
    export_project(corpus, out)
    before = dump(db_path)
    result = import_project(corpus, out)
    assert result.codes_matched == 4 and result.codes_created == 0
    assert result.documents_matched == 2 and result.codings_added == 0
    assert result.codings_already_there == 7
    assert dump(db_path) == before


def test_conflict_is_reported_and_nothing_is_overwritten(corpus, tmp_path, db_path):
    out = tmp_path / "proyek.qdpx"
    export_project(corpus, out)
    upsert_code(corpus, "tekanan-atasan", "Tekanan atasan", colour="#00aa00")
    before = dump(db_path)
    with pytest.raises(ImportConflicts) as err:
        import_project(corpus, out)
    assert 'code "tekanan-atasan" (matched by guid): colour #c0392b in the file' in str(err.value)
    assert "--keep-ours" in str(err.value)
    assert dump(db_path) == before
    result = import_project(corpus, out, on_conflict="keep-ours")
    assert len(result.conflicts) == 1
    colour = corpus.execute("select colour from codes where id = 'tekanan-atasan'").fetchone()[0]
    assert colour == "#00aa00"


def test_codes_match_by_name_when_guids_differ(db, tmp_path):
    """A colleague's codebook typed separately: same names, other GUIDs, same codes."""
    build_corpus(db, tmp_path / "sumber")
    other = open_corpus(tmp_path / "rekan.db")
    build_corpus(other, tmp_path / "sumber-rekan")
    for (code_id,) in other.execute("select id from codes").fetchall():
        other.execute("update codes set guid = ? where id = ?", [str(uuid.uuid4()), code_id])
    out = tmp_path / "rekan.qdpx"
    export_project(other, out)
    result = import_project(db, out)
    assert result.codes_created == 0 and result.codes_matched == 4
    assert result.codings_already_there == 7


def test_cli_round_trip_and_dry_run(corpus, tmp_path, db_path):
    runner = CliRunner()
    out = tmp_path / "proyek.qdpx"
    r = runner.invoke(main, ["export", "qdpx", str(out), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    assert "2 documents, 4 codes, 7 codings in 5 selections by 2 coder(s), 2 memos, 1 PDFs" in (
        r.stdout
    )
    fresh = tmp_path / "baru.db"
    r = runner.invoke(main, ["import", "qdpx", str(out), "--db", str(fresh), "--dry-run"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Would import")
    assert open_corpus(fresh).execute("select count(*) from codings").fetchone()[0] == 0
    r = runner.invoke(main, ["import", "qdpx", str(out), "--db", str(fresh), "--json"])
    assert r.exit_code == 0, r.output
    assert '"codings_added": 7' in r.stdout


def test_paragraphs_keep_a_selection_in_one_passage():
    text = "Satu dua.\n\nTiga empat.\n\n\n  Lima enam.  \n"
    assert paragraphs(text, []) == [(0, 9), (11, 22), (27, 37)]
    # A selection from "dua" to "Tiga" glues the first two paragraphs together.
    assert paragraphs(text, [(5, 15)]) == [(0, 22), (27, 37)]


# ---- codebooks (.qdc) ------------------------------------------------------------------


def test_qdc_export_validates_and_reads_back(corpus, tmp_path, shared):
    out = tmp_path / "kodebuku.qdc"
    n = export_qdc(corpus, out, xsd=shared / "refi" / "Codebook.xsd")
    assert n == 4
    codes = {c["label_id"]: c for c in read_codebook(out)}
    assert codes["Tekanan atasan"]["parent"] == codes["Faktor pelanggaran"]["id"]
    assert codes["Tekanan atasan"]["colour"] == "#c0392b"
    assert codes["Kekerabatan"]["guid"] == "0b6c2a8e-5d1f-4c3a-9e7b-1a2b3c4d5e6f"
    assert codes["Media sosial"]["description"] == "Unggahan di media sosial."


def test_qdc_into_the_same_corpus_keeps_labels_and_patterns(corpus, tmp_path):
    out = tmp_path / "kodebuku.qdc"
    export_qdc(corpus, out)
    report = import_codebook_file(corpus, out)
    assert report["added"] == []
    code = next(c for c in list_codes(corpus) if c["id"] == "tekanan-atasan")
    assert code["label_en"] == "Pressure from superiors"
    assert code["patterns"] == [{"pattern": "tekanan dari atasan"}]


def test_qdc_round_trip_into_a_fresh_corpus_keeps_everything(db, tmp_path, shared):
    """Acceptance 5 (QDC): default codebook -> .qdc (valid) -> fresh corpus -> equal."""
    import yaml

    from coding.codebook import default_codebook_path, export_codebook

    import_codebook(db, default_codebook_path())
    qdc = tmp_path / "kodebuku.qdc"
    export_qdc(db, qdc, xsd=shared / "refi" / "Codebook.xsd")
    fresh = open_corpus(tmp_path / "baru.db")
    assert len(import_codebook_file(fresh, qdc)["added"]) == len(list_codes(db))
    fields = ("id", "parent", "label_id", "label_en", "description", "rules", "colour", "patterns")
    ours, theirs = (
        [{k: c[k] for k in fields} for c in list_codes(corpus_db)] for corpus_db in (db, fresh)
    )
    assert theirs == ours
    assert any(c["patterns"] for c in theirs) and any(c["rules"] for c in theirs)
    a, b = tmp_path / "a.yml", tmp_path / "b.yml"
    export_codebook(db, a)
    export_codebook(fresh, b)
    assert yaml.safe_load(b.read_text()) == yaml.safe_load(a.read_text())
    description = read_codebook(qdc)[1]["description"]
    assert "-- Telaah:" not in description  # the extension line is read, not kept as text
    fresh.close()


def test_qdc_extension_line_is_plain_text_to_other_tools(db, tmp_path):
    from coding.refi.codes import split_extras

    upsert_code(db, "kin", "Kekerabatan", description="Ikatan keluarga.", label_en="Kinship")
    qdc = tmp_path / "k.qdc"
    export_qdc(db, qdc)
    text = qdc.read_text(encoding="utf-8")
    assert 'Ikatan keluarga.\n\n-- Telaah: {"id":"kin","label_en":"Kinship"}</Description>' in text
    assert split_extras("Not ours -- Telaah: {broken") == ("Not ours -- Telaah: {broken", {})


def test_cli_export_qdc(corpus, tmp_path, db_path):
    out = tmp_path / "kodebuku.qdc"
    r = CliRunner().invoke(main, ["export", "qdc", str(out), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == f"Wrote {out}: 4 codes"


# ---- real exports from other tools ----------------------------------------------------


def test_qc_export_imports_with_its_codings(db, shared):
    path = shared / "refi" / "qc-demo.qdpx"
    result = import_project(db, path)
    assert result.origin == "qc 1.3.2"
    assert (result.codes_created, result.documents_created, result.codings_added) == (262, 2, 205)
    assert result.conflicts == [] and result.skipped == []
    assert db.execute("select count(*), count(distinct coder) from codings").fetchone() == (205, 1)
    spans = db.execute(
        "select count(*) from (select distinct passage_id, char_start, char_end from codings)"
    ).fetchone()[0]
    assert spans == 158
    # Every coding quotes what the qc selection covered (qc selects whole lines, so the
    # line break that ends a paragraph is trimmed off, nothing else).
    with QdpxArchive(path) as archive:
        project = read_project(archive)
    coded = {r["guid"]: r["quote"] for r in db.query("select guid, quote from codings")}
    for src in project.sources:
        for sel in src.selections:
            for c in sel.codings:
                selected = src.text[sel.start : sel.end]
                assert coded[c.guid] in selected
                assert coded[c.guid].strip() == selected.strip()
    titles = {r[0] for r in db.execute("select title from documents")}
    assert titles == {"board_2017", "admin-1"}


def test_nvivo_export_imports_its_262_code_hierarchy(db, shared):
    result = import_project(db, shared / "refi" / "nvivo-export.qdpx")
    assert result.origin == "NVivo for Mac 15.0.0"
    assert result.codes_created == 262 and result.codings_added == 0
    # NVivo's sources hold no text: reported, not invented.
    assert result.documents_created == 0 and len(result.skipped) == 2
    assert db.execute("select count(*) from codes").fetchone()[0] == 262
    top = db.execute("select count(*) from codes where parent_id is null").fetchone()[0]
    assert 0 < top < 262
    # Two codes named "programming" under different parents stay two codes.
    rows = db.execute(
        "select c.id, p.label_id from codes c join codes p on p.id = c.parent_id "
        "where c.label_id = 'programming' order by 1"
    ).fetchall()
    assert rows == [
        ("cs-as-programming-programming", "cs_as_programming"),
        ("programming", "competencies"),
    ]


def test_atlas_export_imports_its_codebook(db, shared):
    result = import_project(db, shared / "refi" / "atlas-export.qdpx")
    assert result.origin.startswith("ATLAS.ti")
    assert result.codes_created == 3
    children = db.execute("select count(*) from codes where parent_id = 'commits'").fetchone()[0]
    assert children == 2
    guid = db.execute("select guid from codes where id = 'commits'").fetchone()[0]
    assert guid == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"  # ATLAS's upper case, normalised


def test_foreign_export_round_trips_through_telaah(db, tmp_path, shared):
    """qc -> Telaah -> .qdpx -> fresh Telaah: the same codings on the same words."""
    import_project(db, shared / "refi" / "qc-demo.qdpx")
    out = tmp_path / "dari-qc.qdpx"
    export_project(db, out, xsd=shared / "refi" / "Project.xsd")
    fresh = open_corpus(tmp_path / "baru.db")
    import_project(fresh, out)
    again = tmp_path / "lagi.qdpx"
    export_project(fresh, again)
    assert summary(out) == summary(again)
    assert len(summary(again)["codings"]) == 205


# ---- our export imports into qc ------------------------------------------------------

QC_VERSION = "1.7.8"


def qc_venv() -> Path:
    """A venv with qc (``qualitative-coding``), outside the repo, made once and reused.

    ``$TELAAH_QC_VENV`` overrides the place. Two test runs at once share it, so the check
    and the build happen under an exclusive lock on ``NAME.lock`` beside it: a second run
    waits for the first to finish instead of deleting its half-built venv (which once
    gave ``ModuleNotFoundError: structlog``). A stamp file marks a finished install, so an
    interrupted one is redone. The venv is built in place, not in a temporary folder
    renamed afterwards: its scripts' ``#!`` lines name their folder, so a renamed venv's
    ``qc`` would not run. Skips when PyPI cannot be reached.
    """
    default = Path.home() / ".cache" / "telaah" / f"qc-{QC_VERSION}-venv"
    venv = Path(os.environ.get("TELAAH_QC_VENV", default))
    venv.parent.mkdir(parents=True, exist_ok=True)
    stamp = venv / ".telaah-installed"
    with open(venv.with_name(venv.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if stamp.exists():
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"qualitative-coding=={QC_VERSION}"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if install.returncode != 0:
            last = (install.stderr.strip().splitlines() or ["?"])[-1]
            pytest.skip(f"cannot install qualitative-coding=={QC_VERSION} from PyPI: {last}")
        stamp.touch()
    return venv


def test_qc_venv_is_built_once_when_two_runs_ask_at_once(tmp_path, monkeypatch):
    """Two processes asking for the venv together: one builds, the other waits and reuses.

    A stand-in build (an empty venv, no download) shows the lock at work: both see the
    same finished venv and the venv module ran once.
    """
    venv = tmp_path / "qc-venv"
    script = f"""
import os, sys, time
sys.path.insert(0, {str(Path(__file__).parent)!r})
import subprocess
real_run = subprocess.run
def run(cmd, **kw):
    if cmd[:3] == [sys.executable, "-m", "venv"]:
        with open({str(tmp_path / "builds.log")!r}, "a") as log:
            log.write("build\\n")
        time.sleep(1)  # long enough for the other process to arrive meanwhile
        os.makedirs(os.path.join(cmd[3], "bin"), exist_ok=True)
        return subprocess.CompletedProcess(cmd, 0)
    if cmd[0].endswith("/pip"):
        return subprocess.CompletedProcess(cmd, 0, "", "")
    return real_run(cmd, **kw)
subprocess.run = run
import test_refi
print(test_refi.qc_venv())
"""
    env = {**os.environ, "TELAAH_QC_VENV": str(venv)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == [str(venv), str(venv)]
    assert (tmp_path / "builds.log").read_text() == "build\n"
    assert (venv / ".telaah-installed").exists()


def test_our_export_imports_into_qc(corpus, tmp_path):
    out = tmp_path / "proyek.qdpx"
    export_project(corpus, out)
    venv = qc_venv()
    project = tmp_path / "qc-proyek"
    project.mkdir()
    # qc 1.7.8's importer has a stray breakpoint(); PYTHONBREAKPOINT=0 switches it off.
    env = {**os.environ, "PYTHONBREAKPOINT": "0"}
    run = subprocess.run(
        [str(venv / "bin" / "qc"), "init", "--import", str(out)],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    codebook = (project / "codebook.yaml").read_text(encoding="utf-8")
    for name in ("Faktor pelanggaran", "Tekanan atasan", "Kekerabatan", "Media sosial"):
        assert name in codebook
    conn = sqlite3.connect(project / "qualitative_coding.sqlite3")
    try:
        coders = {r[0] for r in conn.execute("select name from coder")}
        documents = conn.execute("select count(*) from document").fetchone()[0]
        coded = conn.execute("select count(*) from coded_line").fetchone()[0]
    finally:
        conn.close()
    assert coders == {"ayu", "budi"}
    assert documents == 2
    assert coded > 0
