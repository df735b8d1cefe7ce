"""Issue 12: coders' work protected, coding by quote, code ids as researchers type them,
uncoded passages. The acceptance commands run as real ``telaah`` processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coding import codings
from coding.codebook import resolve_code_id
from coding.errors import AmbiguousCode, BadSpan, NoSuchCode

TELAAH = str(Path(sys.executable).with_name("telaah"))
TEXT = (
    "Hubungan kekerabatan memperkuat dorongan itu. Seorang informan yang merupakan adik "
    "ipar calon bupati mengaku sulit membedakan perannya; adik ipar lain tidak."
)


def telaah(db_path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """The installed command, stdin a pipe (never a terminal), as a script would run it."""
    return subprocess.run(
        [TELAAH, *args, "--db", str(db_path)],
        capture_output=True,
        text=True,
        input=input if input is not None else "",
        timeout=120,
    )


@pytest.fixture
def passage(coded_db, put):
    (pid,) = put(coded_db, "studi", [TEXT])
    return pid


def test_uncode_of_another_coders_coding_is_refused_unless_overridden(coded_db, db_path, passage):
    """Acceptance 1."""
    row = codings.add_coding(coded_db, passage, "kinship", "budi", quote="adik ipar calon bupati")
    refused = telaah(db_path, "uncode", row["id"], "--coder", "ayu")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"Error: coding {row['id']} belongs to budi; ayu may change only their own work "
        "(pass --as-admin to override; the audit trail records it)"
    )
    assert "Traceback" not in refused.stderr
    assert [r["id"] for r in codings.list_codings(coded_db)] == [row["id"]]  # nothing changed
    by_passage = telaah(db_path, "uncode", passage, "kinship", "--coder", "ayu")
    assert by_passage.returncode == 1 and "ayu has no" in by_passage.stderr

    done = telaah(db_path, "uncode", row["id"], "--coder", "ayu", "--as-admin")
    assert done.returncode == 0, done.stderr
    assert codings.list_codings(coded_db) == []
    history = telaah(db_path, "history", "--coding", row["id"])
    last = history.stdout.strip().splitlines()[-1]
    assert "ayu" in last and "remove" in last and "override by ayu of budi's work" in last
    trail = json.loads(telaah(db_path, "history", "--coding", row["id"], "--json").stdout)
    assert {"override": True, "by": "ayu", "owner": "budi"}.items() <= trail[-1]["detail"].items()


def test_force_is_the_same_override(coded_db, db_path, passage):
    row = codings.add_coding(coded_db, passage, "kinship", "budi")
    assert telaah(db_path, "uncode", row["id"], "--coder", "ayu", "--force").returncode == 0


def test_a_merge_removing_anothers_duplicate_records_the_action(coded_db, passage):
    from coding.codebook import upsert_code
    from coding.recode import merge_codes

    upsert_code(coded_db, "family", "Keluarga", parent_id="factors")
    codings.add_coding(coded_db, passage, "family", "budi")
    codings.add_coding(coded_db, passage, "kinship", "budi")
    merge_codes(coded_db, "family", "kinship", by="ayu")
    removed = [e for e in codings.coding_history(coded_db) if e["action"] == "remove"]
    assert removed[0]["detail"]["override"] == "merge"


def test_code_by_quote(coded_db, db_path, passage):
    """Acceptance 2: the right offsets and quote; absent and ambiguous quotes named."""
    run = telaah(
        db_path, "code", passage, "kinship", "--coder", "ayu", "--quote", "adik ipar calon bupati"
    )
    assert run.returncode == 0, run.stderr
    (row,) = codings.list_codings(coded_db)
    start = TEXT.index("adik ipar calon bupati")
    assert (row["char_start"], row["char_end"]) == (start, start + len("adik ipar calon bupati"))
    assert row["quote"] == "adik ipar calon bupati"

    absent = telaah(db_path, "code", passage, "kinship", "--coder", "ayu", "--quote", "ipar camat")
    assert absent.returncode == 1 and "Traceback" not in absent.stderr
    assert f'Error: "ipar camat" is not in {passage}; copy the words' in absent.stderr

    ambiguous = telaah(
        db_path, "code", passage, "kinship", "--coder", "ayu", "--quote", "ADIK ipar"
    )
    assert ambiguous.returncode == 1
    first, second = [i for i in range(len(TEXT)) if TEXT.startswith("adik ipar", i)]
    assert f'"ADIK ipar" occurs 2 times in {passage}; choose one with --nth N' in ambiguous.stderr
    assert f"1) {first}:{first + 9}" in ambiguous.stderr
    assert f"2) {second}:{second + 9}" in ambiguous.stderr

    nth = telaah(
        db_path,
        "code",
        passage,
        "kinship",
        "--coder",
        "ayu",
        "--quote",
        "adik\n ipar",
        "--nth",
        "2",
    )
    assert nth.returncode == 0, nth.stderr
    assert f"[{second}:{second + 9}]" in nth.stdout


def test_find_quote_ignores_case_and_spacing():
    text = "Kepala  dinas\nadalah ADIK ipar calon."
    assert codings.find_quote(text, "dinas adalah adik") == [(8, 25)]
    assert codings.locate_quote(text, "ipar  CALON") == (26, 36)


def test_quote_and_offsets_together_are_refused(coded_db, passage):
    with pytest.raises(BadSpan, match="give --quote or --start/--end, not both"):
        codings.add_coding(coded_db, passage, "kinship", "ayu", quote="adik", start=0, end=4)


def test_code_from_search(coded_db, db_path, put, passage):
    other = put(coded_db, "lain", ["Camat itu adik ipar petahana.", "Tidak ada hubungan."])
    refused = telaah(db_path, "code", "--from-search", "adik ipar", "kinship", "--coder", "ayu")
    assert refused.returncode == 1
    assert "confirm with --yes" in refused.stderr and passage in refused.stdout
    assert codings.list_codings(coded_db) == []
    run = telaah(
        db_path, "code", "--from-search", "adik ipar", "kekerabatan", "--coder", "ayu", "--yes"
    )
    assert run.returncode == 0, run.stderr
    assert "Coded 2 passage(s) as kinship by ayu" in run.stdout
    rows = codings.list_codings(coded_db)
    assert {r["passage_id"] for r in rows} == {passage, other[0]}
    assert {r["quote"] for r in rows} == {"adik ipar"}


def test_code_ids_as_researchers_type_them(coded_db, passage):
    assert resolve_code_id(coded_db, "kekerabatan") == "kinship"
    assert resolve_code_id(coded_db, "KEKERABATAN") == "kinship"
    assert resolve_code_id(coded_db, "Kinship or closeness to a candidate") == "kinship"
    assert resolve_code_id(coded_db, "Pressure") == "pressure"
    with pytest.raises(NoSuchCode, match='"kinsip" does not exist; did you mean kinship\\?'):
        resolve_code_id(coded_db, "kinsip")
    with pytest.raises(AmbiguousCode, match='"netralitas" names'):
        resolve_code_id(coded_db, "netralitas")
    row = codings.add_coding(coded_db, passage, "Tekanan dan ancaman", "ayu")
    assert row["code_id"] == "pressure"
    assert [r["code_id"] for r in codings.list_codings(coded_db, code_id="tekanan")] == ["pressure"]


def test_reversed_span_says_reversed(coded_db, passage):
    with pytest.raises(BadSpan, match="span 30:10 is reversed .* did you mean 10:30"):
        codings.add_coding(coded_db, passage, "kinship", "ayu", start=30, end=10)


def test_passages_uncoded(coded_db, db_path, put):
    a, b, c = put(coded_db, "tiga", ["Satu kalimat.", "Dua kalimat.", "Tiga kalimat."])
    codings.add_coding(coded_db, a, "kinship", "ayu")
    codings.add_coding(coded_db, b, "kinship", "budi")
    run = telaah(db_path, "passages", "--uncoded", "--json")
    assert [r["id"] for r in json.loads(run.stdout)] == [c]
    run = telaah(db_path, "passages", "--uncoded", "--coder", "ayu", "--json")
    assert [r["id"] for r in json.loads(run.stdout)] == [b, c]
    assert telaah(db_path, "passages", "--coder", "ayu").returncode == 2


HEAVY = ("spacy", "thinc", "datasette", "uvicorn", "pdfplumber", "pypdfium2", "openpyxl", "lxml")


@pytest.mark.parametrize(
    "args",
    [
        ["code", "{pid}", "kinship", "--coder", "ayu", "--quote", "adik ipar calon bupati"],
        ["uncode", "{pid}", "kinship", "--coder", "ayu"],
        ["codings", "--json"],
        ["passages", "--uncoded"],
        ["memo", "list"],
    ],
    ids=lambda a: a[0],
)
def test_coding_commands_load_no_heavy_library(coded_db, db_path, passage, args):
    """One `telaah code` should be quick: what it does not need, it does not import."""
    codings.add_coding(coded_db, passage, "kinship", "ayu")
    args = [a.replace("{pid}", passage) for a in args] + ["--db", str(db_path)]
    script = (
        "import sys\n"
        "from cli.main import main\n"
        "try:\n"
        f"    main({args!r}, standalone_mode=False)\n"
        "finally:\n"
        f"    print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "HEAVY []"
