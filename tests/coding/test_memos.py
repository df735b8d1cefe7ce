"""Memos on codes, documents and the corpus: the owner rule, the CLI, and REFI notes."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from cli.main import main
from coding import memos
from coding.codings import coding_history
from coding.errors import NoSuchCode, NoSuchMemo, NotYours
from coding.refi import export_project, import_project, validate
from corpus.db import open_corpus

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def doc_id(coded_db, put):
    (pid,) = put(coded_db, "studi", ["Kepala dinas adalah adik ipar calon bupati."])
    return coded_db.execute("select document_id from passages where id = ?", [pid]).fetchone()[0]


def test_memo_owner_rule_and_audit_trail(coded_db, doc_id):
    memo = memos.add_memo(coded_db, "code", "kekerabatan", "ayu", "ipar dihitung keluarga")
    assert memo["target_id"] == "kinship"
    with pytest.raises(NotYours, match=f"memo {memo['id']} belongs to ayu; budi may change"):
        memos.edit_memo(coded_db, memo["id"], "budi", "bukan")
    with pytest.raises(NotYours):
        memos.remove_memo(coded_db, memo["id"], "budi")
    assert memos.get_memo(coded_db, memo["id"])["text"] == "ipar dihitung keluarga"
    memos.edit_memo(coded_db, memo["id"], "ayu", "ipar dan besan")
    memos.edit_memo(coded_db, memo["id"], "budi", "ipar, besan, sepupu", override=True)
    trail = coding_history(coded_db, coding_id=f"memo:{memo['id']}")
    assert [(e["action"], e["coder"]) for e in trail] == [
        ("add", "ayu"),
        ("edit", "ayu"),
        ("edit", "budi"),
    ]
    assert trail[-1]["detail"]["override"] is True and trail[-1]["detail"]["owner"] == "ayu"
    memos.remove_memo(coded_db, memo["id"], "ayu")
    with pytest.raises(NoSuchMemo):
        memos.get_memo(coded_db, memo["id"])
    with pytest.raises(NoSuchCode):
        memos.add_memo(coded_db, "code", "nope", "ayu", "x")
    with pytest.raises(memos.NoSuchDocument, match="list documents with: telaah documents"):
        memos.add_memo(coded_db, "document", "nope", "ayu", "x")


def test_memo_cli(coded_db, db_path, doc_id):
    def run(*args, code=0):
        result = CliRunner().invoke(main, [*args, "--db", str(db_path)])
        assert result.exit_code == code, result.output
        return result

    assert (
        "on document"
        in run("memo", "add", "--doc", doc_id, "dibaca ulang", "--coder", "ayu").output
    )
    run("memo", "add", "--corpus", "Pilkada 2024 saja", "--coder", "budi")
    listed = json.loads(run("memo", "list", "--json").stdout)
    assert [(m["target_type"], m["coder"]) for m in listed] == [
        ("document", "ayu"),
        ("corpus", "budi"),
    ]
    refused = run("memo", "remove", listed[0]["id"], "--coder", "budi", code=1)
    assert "belongs to ayu" in refused.output and "--as-admin" in refused.output
    run("memo", "remove", listed[0]["id"], "--coder", "budi", "--as-admin")
    assert [m["target_type"] for m in json.loads(run("memo", "list", "--json").stdout)] == [
        "corpus"
    ]
    assert run("memo", "add", "x", "--coder", "ayu", code=2).exit_code == 2  # on what?


def test_memos_travel_in_qdpx_as_notes(coded_db, doc_id, tmp_path, shared):
    memos.add_memo(coded_db, "code", "kinship", "ayu", "ipar dihitung keluarga")
    memos.add_memo(coded_db, "document", doc_id, "budi", "wawancara tahun 2024")
    memos.add_memo(coded_db, "corpus", None, "ayu", "hanya Pilkada")
    out = tmp_path / "proyek.qdpx"
    export_project(coded_db, out, xsd=shared / "refi" / "Project.xsd")
    qde = zipfile.ZipFile(out).read("project.qde")
    validate(qde, shared / "refi" / "Project.xsd")
    root = etree.fromstring(qde)
    notes = {n.get("guid"): n for n in root.iterfind("q:Notes/q:Note", NS)}
    (code_ref,) = root.xpath(
        "//q:Code[@name='Kekerabatan dan kedekatan dengan calon']/q:NoteRef", namespaces=NS
    )
    assert notes[code_ref.get("targetGUID")].findtext("q:PlainTextContent", namespaces=NS) == (
        "ipar dihitung keluarga"
    )
    (source_ref,) = root.iterfind("q:Sources/q:TextSource/q:NoteRef", NS)
    assert "wawancara" in notes[source_ref.get("targetGUID")].findtext(
        "q:PlainTextContent", namespaces=NS
    )
    (project_ref,) = root.iterfind("q:NoteRef", NS)
    assert notes[project_ref.get("targetGUID")].findtext("q:PlainTextContent", namespaces=NS) == (
        "hanya Pilkada"
    )

    fresh = open_corpus(tmp_path / "lain.db")
    result = import_project(fresh, out)
    assert result.memos_added == 3 and result.skipped == []
    got = {
        (m["target_type"], m["target_id"], m["coder"], m["text"]) for m in memos.list_memos(fresh)
    }
    assert got == {
        ("code", "kinship", "ayu", "ipar dihitung keluarga"),
        ("document", doc_id, "budi", "wawancara tahun 2024"),
        ("corpus", "", "ayu", "hanya Pilkada"),
    }
    assert import_project(fresh, out).memos_added == 0  # by GUID, never doubled
    fresh.close()
