"""Codings: spans and quotes, validation, idempotence, the audit trail, two coders at once."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from coding import codings
from coding.errors import (
    BadSpan,
    MissingCoder,
    NoSuchCoding,
    NoSuchPassage,
    NotYours,
    RetiredPassage,
)

TEXT = "Seorang lurah mengaku diancam akan dimutasi apabila tidak mendukung petahana."


def test_whole_passage_and_span(coded_db, put):
    (pid,) = put(coded_db, "doc", [TEXT])
    whole = codings.add_coding(coded_db, pid, "pressure", "ayu")
    assert (whole["char_start"], whole["char_end"], whole["quote"]) == (0, len(TEXT), TEXT)
    span = codings.add_coding(coded_db, pid, "pressure", "ayu", start=22, end=43, memo="mutasi")
    assert span["quote"] == "diancam akan dimutasi" == TEXT[22:43]
    assert span["origin"] == "manual" and span["status"] == "placed" and span["created"]
    assert span["document_id"] == whole["document_id"]
    assert len(codings.list_codings(coded_db, passage_id=pid)) == 2


def test_same_coding_twice_is_one_coding(coded_db, put):
    (pid,) = put(coded_db, "doc", [TEXT])
    first = codings.add_coding(coded_db, pid, "pressure", "ayu", start=22, end=29)
    again = codings.add_coding(coded_db, pid, "pressure", "ayu", start=22, end=29, memo="catatan")
    assert again["id"] == first["id"] and again["created"] is False
    assert again["memo"] == "catatan"
    assert len(codings.list_codings(coded_db)) == 1
    actions = [e["action"] for e in codings.coding_history(coded_db, coding_id=first["id"])]
    assert actions == ["add", "edit"]
    other = codings.add_coding(coded_db, pid, "pressure", "budi", start=22, end=29)
    assert other["id"] != first["id"]


@pytest.mark.parametrize(
    "start, end, message",
    [
        (5, None, "give both --start and --end, or neither"),
        (10, 5, "span 10:5 is reversed (the end comes before the start); did you mean 5:10?"),
        (10, 500, "span 10:500 is outside the passage (0:77, end exclusive)"),
        (0, 500, "span 0:500 is outside the passage"),
        (-1, 3, "span -1:3 is outside the passage"),
        (7, 8, "span 7:8 is only whitespace"),
    ],
)
def test_bad_spans_say_how_to_fix(coded_db, put, start, end, message):
    (pid,) = put(coded_db, "doc", [TEXT])
    with pytest.raises(BadSpan, match=re.escape(message)):
        codings.add_coding(coded_db, pid, "pressure", "ayu", start=start, end=end)
    assert codings.list_codings(coded_db) == []


def test_unknown_passage_code_coder(coded_db, put):
    (pid,) = put(coded_db, "doc", [TEXT])
    with pytest.raises(NoSuchPassage) as e:
        codings.add_coding(coded_db, "nope", "pressure", "ayu")
    assert str(e.value) == 'passage "nope" does not exist; find passages with: telaah search WORDS'
    with pytest.raises(MissingCoder):
        codings.add_coding(coded_db, pid, "pressure", "  ")
    with pytest.raises(NoSuchCoding):
        codings.remove_coding(coded_db, "nope", coder="ayu")


def test_retired_passage_points_to_its_heir(coded_db, put):
    (old,) = put(coded_db, "doc", [TEXT])
    coded_db.execute(
        "insert into retired_passages (old_id, new_id, document_id, retired_at) "
        "values ('gone-1', ?, 'x', 'now')",
        [old],
    )
    with pytest.raises(RetiredPassage, match=f'its text is now passage "{old}"'):
        codings.add_coding(coded_db, "gone-1", "pressure", "ayu")


def test_remove_keeps_the_audit_trail(coded_db, put):
    (pid,) = put(coded_db, "doc", [TEXT])
    row = codings.add_coding(coded_db, pid, "pressure", "ayu", start=22, end=29, at="2025-05-01")
    with pytest.raises(NotYours, match=f"coding {row['id']} belongs to ayu; budi may change"):
        codings.remove_coding(coded_db, row["id"], coder="budi")
    assert len(codings.list_codings(coded_db)) == 1  # refused: nothing changed
    codings.remove_coding(coded_db, row["id"], coder="budi", override=True)
    assert codings.list_codings(coded_db) == []
    trail = codings.coding_history(coded_db, passage_id=pid)
    assert [(e["action"], e["coder"]) for e in trail] == [("add", "ayu"), ("remove", "budi")]
    assert trail[1]["detail"]["quote"] == "diancam"
    assert trail[1]["detail"]["code_id"] == "pressure"
    assert trail[1]["detail"]["override"] is True
    assert (trail[1]["detail"]["by"], trail[1]["detail"]["owner"]) == ("budi", "ayu")
    by_budi = codings.coding_history(coded_db, coder="budi", since="2000-01-01")
    assert [e["action"] for e in by_budi] == ["remove"]
    assert [e["action"] for e in codings.coding_history(coded_db, code_id="pressure", limit=1)] == [
        "remove"
    ]


def test_list_filters(coded_db, put):
    a, b = put(coded_db, "doc", [TEXT, "Adik ipar calon bupati menjabat kepala dinas."])
    codings.add_coding(coded_db, a, "pressure", "ayu")
    codings.add_coding(coded_db, b, "kinship", "budi")
    assert [r["code_id"] for r in codings.list_codings(coded_db, coder="budi")] == ["kinship"]
    assert len(codings.list_codings(coded_db, code_id="factors")) == 0
    assert len(codings.list_codings(coded_db, code_id="factors", include_children=True)) == 2
    assert [r["passage_id"] for r in codings.list_codings(coded_db)] == [a, b]
    assert codings.list_codings(coded_db, status="unplaced") == []


WORKER = """
import json, os, sys, time
from coding import codings
from corpus.db import open_corpus
db_path, coder, go, ids = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
db = open_corpus(db_path)
while not os.path.exists(go):
    time.sleep(0.01)
for pid in ids:
    codings.add_coding(db, pid, "pressure", coder)
    codings.add_coding(db, pid, "kinship", coder, start=0, end=7)
"""


def test_two_coders_in_two_processes_lose_nothing(coded_db, put, db_path, tmp_path):
    """Two processes write at the same moment (released together) to one WAL file."""
    ids = put(coded_db, "doc", [f"{TEXT} Paragraf {n}." for n in range(100)])
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), coder, str(go), json.dumps(ids)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for coder in ("ayu", "budi")
    ]
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    rows = codings.list_codings(coded_db)
    assert len(rows) == 2 * 2 * 100
    assert {r["coder"] for r in rows} == {"ayu", "budi"}
    events = coded_db.execute("select count(*) from coding_events").fetchone()[0]
    assert events == 400
