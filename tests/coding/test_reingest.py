"""Codings survive `telaah ingest --force`: kept by passage id, moved by quote, or listed
as unplaced; never dropped. corpus.store does the re-anchoring; this checks it through the
coding API and CLI a researcher uses."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli.main import main
from coding import codings
from coding.codebook import default_codebook_path, import_codebook
from corpus.db import open_corpus

BEFORE = """Pada masa kampanye, lurah di kecamatan itu mengaku mendapat tekanan dari atasan.

Kepala dinas pendidikan adalah adik ipar calon bupati yang diusung koalisi.

Sebagian besar pegawai honorer belum memahami aturan netralitas dengan baik.
"""

AFTER = """Pada masa kampanye, lurah di kecamatan itu mengaku mendapat tekanan dari atasan.

Menurut dua informan, kepala dinas pendidikan adalah adik ipar calon bupati yang diusung koalisi.

Pegawai honorer kini telah mengikuti sosialisasi tentang larangan berkampanye.
"""


def _ingest(runner: CliRunner, path, db_path, *extra: str) -> None:
    result = runner.invoke(main, ["ingest", str(path), "--db", str(db_path), "-q", *extra])
    assert result.exit_code == 0, result.output


def test_codings_survive_a_forced_reingest(tmp_path):
    runner = CliRunner()
    src = tmp_path / "studi.txt"
    src.write_text(BEFORE, encoding="utf-8")
    db_path = tmp_path / "corpus.db"
    _ingest(runner, src, db_path)
    db = open_corpus(db_path)
    import_codebook(db, default_codebook_path())
    p1, p2, p3 = [r["id"] for r in db.query("select id from passages order by seq")]
    whole = codings.add_coding(db, p1, "pressure", "ayu")
    text2 = next(db.query("select text from passages where id = ?", [p2]))["text"]
    at = text2.index("adik ipar calon bupati")
    kin = codings.add_coding(db, p2, "kinship", "ayu", start=at, end=at + 22)
    text3 = next(db.query("select text from passages where id = ?", [p3]))["text"]
    at3 = text3.index("belum memahami")
    lou = codings.add_coding(db, p3, "lack-of-understanding", "budi", start=at3, end=at3 + 14)
    db.close()

    src.write_text(AFTER, encoding="utf-8")
    _ingest(runner, src, db_path, "--force")

    db = open_corpus(db_path)
    rows = {r["id"]: r for r in codings.list_codings(db)}
    assert set(rows) == {whole["id"], kin["id"], lou["id"]}  # none dropped
    assert rows[whole["id"]]["passage_id"] == p1 and rows[whole["id"]]["status"] == "placed"

    moved = rows[kin["id"]]
    assert moved["passage_id"] != p2 and moved["status"] == "placed"
    new_text = next(db.query("select text from passages where id = ?", [moved["passage_id"]]))
    assert new_text["text"][moved["char_start"] : moved["char_end"]] == "adik ipar calon bupati"

    unplaced = codings.list_codings(db, status="unplaced")
    assert [r["id"] for r in unplaced] == [lou["id"]]
    assert unplaced[0]["quote"] == "belum memahami"
    actions = {e["coding_id"]: e["action"] for e in codings.coding_history(db)}
    assert actions[kin["id"]] == "move" and actions[lou["id"]] == "unplace"

    listed = runner.invoke(
        main, ["codings", "--status", "unplaced", "--json", "--db", str(db_path)]
    )
    assert [r["id"] for r in json.loads(listed.stdout)] == [lou["id"]]
    # The unplaced coding stays out of agreement and counts until a coder places it again.
    assert [r["id"] for r in codings.list_codings(db, status="placed")] == sorted(
        [whole["id"], kin["id"]], key=lambda cid: rows[cid]["passage_seq"]
    )


def test_reingest_unchanged_file_keeps_every_coding_in_place(tmp_path):
    runner = CliRunner()
    src = tmp_path / "studi.txt"
    src.write_text(BEFORE, encoding="utf-8")
    db_path = tmp_path / "corpus.db"
    _ingest(runner, src, db_path)
    db = open_corpus(db_path)
    import_codebook(db, default_codebook_path())
    ids = [r["id"] for r in db.query("select id from passages order by seq")]
    made = [codings.add_coding(db, pid, "pressure", "ayu")["id"] for pid in ids]
    before = [
        (r["id"], r["passage_id"], r["char_start"], r["char_end"]) for r in codings.list_codings(db)
    ]
    db.close()
    _ingest(runner, src, db_path, "--force")
    db = open_corpus(db_path)
    after = [
        (r["id"], r["passage_id"], r["char_start"], r["char_end"]) for r in codings.list_codings(db)
    ]
    assert after == before and len(made) == 3
