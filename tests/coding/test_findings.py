"""Findings: saved queries with a result hash and corpus version, checked later; and the
corpus version itself."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cli.main import main
from coding.codings import add_coding, remove_coding
from coding.findings import (
    BadFinding,
    FindingExists,
    NoSuchFinding,
    check_finding,
    check_findings,
    get_finding,
    list_findings,
    result_hash,
    run_query,
    save_finding,
    slugify,
)
from corpus.version import corpus_version

KIN = "Seorang lurah membantu kampanye karena calon bupati adalah kakak kandungnya sendiri."
PRESSURE = "Para guru diancam dimutasi jika tidak hadir dalam apel dukungan untuk petahana."
SQL = (
    "select c.document_id, count(distinct c.passage_id) as passages from codings c "
    "where c.code_id = :code and c.status = 'placed' group by c.document_id"
)


@pytest.fixture
def corpus(coded_db, put):
    kin, pressure = put(coded_db, "skripsi", [KIN, PRESSURE])
    add_coding(coded_db, kin, "kinship", "ayu")
    return coded_db, kin, pressure


def test_save_records_hash_version_and_rows(corpus):
    db, _, _ = corpus
    saved = save_finding(
        db,
        "Kekerabatan di Pilkada 2024",
        SQL,
        "Kinship is coded once.",
        params={"code": "kinship"},
        created_by="ayu",
    )
    assert saved["id"] == "kekerabatan-di-pilkada-2024"
    assert saved["row_count"] == 1
    assert saved["corpus_version"] == corpus_version(db)
    assert re.fullmatch(r"[0-9a-f]{64}", saved["result_hash"])
    assert saved["params"] == {"code": "kinship"}
    assert get_finding(db, saved["id"]) == saved
    assert [f["id"] for f in list_findings(db)] == [saved["id"]]
    (status,) = check_findings(db)
    assert status["changed"] is False and status["error"] is None
    assert status["current_rows"] == 1 and status["corpus_changed"] is False


def test_check_says_changed_after_new_coding_and_same_after_undo(corpus):
    db, kin, pressure = corpus
    saved = save_finding(db, "kin", SQL, "One passage.", params={"code": "kinship"})
    other = add_coding(db, pressure, "kinship", "budi")
    changed = check_finding(db, get_finding(db, saved["id"]))
    assert changed["changed"] is True
    assert (changed["saved_rows"], changed["current_rows"]) == (1, 1)  # same doc, 2 passages now
    assert changed["current_hash"] != saved["result_hash"]
    remove_coding(db, other["id"], coder="budi")
    back = check_finding(db, get_finding(db, saved["id"]))
    # The result is what it was; the corpus is not (a coding was added and removed).
    assert back["changed"] is False and back["corpus_changed"] is True


def test_corpus_version_moves_with_codings_codes_and_documents(corpus, put):
    db, kin, _ = corpus
    v1 = corpus_version(db)
    assert corpus_version(db) == v1 and re.fullmatch(r"[0-9a-f]{12}", v1)
    add_coding(db, kin, "pressure", "ayu", start=0, end=7)
    v2 = corpus_version(db)
    put(db, "artikel", ["Pegawai kecamatan ikut memasang baliho calon di pinggir jalan desa."])
    v3 = corpus_version(db)
    assert len({v1, v2, v3}) == 3


def test_result_hash_ignores_row_order_but_not_values_or_columns():
    rows = [("a", 1), ("b", 2)]
    assert result_hash(["x", "y"], rows) == result_hash(["x", "y"], list(reversed(rows)))
    assert result_hash(["x", "y"], rows) != result_hash(["x", "z"], rows)
    assert result_hash(["x", "y"], rows) != result_hash(["x", "y"], [("a", 1), ("b", 3)])
    assert result_hash(["x"], [(1,)]) != result_hash(["x"], [("1",)])
    assert result_hash(["x"], [(b"\x00",)]) != result_hash(["x"], [(b"\x01",)])


def test_findings_cannot_write(corpus):
    db, _, _ = corpus
    with pytest.raises(BadFinding, match="the SQL failed: attempt to write a readonly database"):
        run_query(db, "delete from codings returning id")
    assert db.execute("select count(*) from codings").fetchone()[0] == 1
    with pytest.raises(BadFinding, match="attempt to write a readonly database"):
        run_query(db, "create table x (a)")
    with pytest.raises(BadFinding, match="returns no rows; a finding must be one SELECT"):
        run_query(db, "pragma foreign_keys = on")
    with pytest.raises(BadFinding, match="more than one statement"):
        run_query(db, "select 1; select 2")
    # The connection writes again afterwards (query_only was restored).
    db.execute("create table scratch (a)")


def test_errors_say_what_to_do(corpus):
    db, _, _ = corpus
    with pytest.raises(BadFinding, match=r"needs a value for :code; add --param code=VALUE"):
        save_finding(db, "kin", SQL, "x")
    with pytest.raises(BadFinding, match='add --statement "..."'):
        save_finding(db, "kin", "select 1", "  ")
    with pytest.raises(BadFinding, match=r"must be lower-case letters.*choose one with --id"):
        save_finding(db, "kin", "select 1", "x", finding_id="Bad Id!")
    with pytest.raises(BadFinding, match="no such table: tabel_hilang; try it first"):
        save_finding(db, "kin", "select * from tabel_hilang", "x")
    save_finding(db, "kin", "select 1", "x")
    with pytest.raises(FindingExists, match='finding "kin" already exists.*--replace'):
        save_finding(db, "kin", "select 2", "y")
    again = save_finding(db, "kin", "select 2 as two", "y", replace=True)
    assert again["sql"] == "select 2 as two" and len(list_findings(db)) == 1
    with pytest.raises(NoSuchFinding, match="list findings with: telaah finding list"):
        get_finding(db, "missing")


def test_check_reports_a_query_that_no_longer_runs(corpus):
    db, _, _ = corpus
    db.execute("create table scratch (a)")
    save_finding(db, "scratch", "select count(*) from scratch", "x")
    db.execute("drop table scratch")
    (status,) = check_findings(db, ["scratch"])
    assert status["changed"] is True and "no such table: scratch" in status["error"]


def test_slugify():
    assert slugify("Kekerabatan & Tekanan: Pilkada 2024!") == "kekerabatan-tekanan-pilkada-2024"
    assert slugify("Pengawasan lemah (Bawaslu)") == "pengawasan-lemah-bawaslu"
    assert slugify("Éxito") == "exito"


def test_telaah_fts_is_available_to_findings(corpus):
    db, _, _ = corpus
    columns, rows = run_query(
        db,
        "select p.id from passages_fts join passages p on p.rowid = passages_fts.rowid "
        "where passages_fts match telaah_fts(:q)",
        {"q": 'kakak-kandungnya "sendiri'},
    )
    assert columns == ["id"] and len(rows) == 1


def test_cli_add_list_check(corpus, db_path):
    db, _, pressure = corpus
    runner = CliRunner()
    args = [
        "finding",
        "add",
        "Kekerabatan",
        "--sql",
        SQL,
        "--param",
        "code=kinship",
        "--statement",
        "Kinship is coded once.",
        "--by",
        "ayu",
        "--db",
        str(db_path),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert re.match(
        r"Saved finding kekerabatan: 1 row on corpus version [0-9a-f]{12}", result.stdout
    )
    assert "/-/findings/kekerabatan" in result.stdout

    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert 'Error: finding "kekerabatan" already exists' in again.output

    listed = runner.invoke(main, ["finding", "list", "--json", "--db", str(db_path)])
    assert [f["id"] for f in json.loads(listed.stdout)] == ["kekerabatan"]
    table = runner.invoke(main, ["finding", "list", "--db", str(db_path)])
    assert "kekerabatan" in table.stdout and "Kinship is coded once." in table.stdout

    ok = runner.invoke(main, ["finding", "check", "--db", str(db_path)])
    assert ok.exit_code == 0 and "kekerabatan: same result (1 row)" in ok.stdout
    add_coding(db, pressure, "kinship", "budi")
    changed = runner.invoke(main, ["finding", "check", "--json", "--db", str(db_path)])
    assert changed.exit_code == 1
    assert json.loads(changed.stdout)[0]["changed"] is True


def test_cli_errors_and_help(corpus, db_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["finding", "add", "x", "--statement", "s", "--db", str(db_path)])
    assert missing.exit_code == 2 and '--sql "SELECT ..." or --sql-file FILE.sql' in missing.output
    bad = runner.invoke(
        main,
        [
            "finding",
            "add",
            "x",
            "--sql",
            "select 1",
            "--statement",
            "s",
            "--param",
            "nope",
            "--db",
            str(db_path),
        ],
    )
    assert bad.exit_code == 2 and '"nope" is not NAME=VALUE' in bad.output
    unknown = runner.invoke(main, ["finding", "check", "nothing", "--db", str(db_path)])
    assert unknown.exit_code == 1
    assert 'Error: finding "nothing" does not exist; list findings with: telaah finding list' in (
        unknown.output
    )
    for cmd in (
        ["finding"],
        ["finding", "add"],
        ["finding", "list"],
        ["finding", "check"],
        ["serve"],
    ):
        helped = runner.invoke(main, [*cmd, "--help"])
        assert helped.exit_code == 0 and "Example:" in helped.output, cmd


def test_cli_sql_file(corpus, db_path, tmp_path):
    sql_file = tmp_path / "kin.sql"
    sql_file.write_text(SQL, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "finding",
            "add",
            "Dari berkas",
            "--sql-file",
            str(sql_file),
            "--param",
            "code=kinship",
            "--statement",
            "s",
            "--json",
            "--db",
            str(db_path),
        ],
    )
    assert result.exit_code == 0, result.output
    saved = json.loads(result.stdout)
    assert saved["id"] == "dari-berkas" and saved["sql"] == SQL and saved["row_count"] == 1
