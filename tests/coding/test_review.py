"""Review: the generator logic without a terminal, then the real thing in tmux."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from coding import codings, review
from coding.errors import BadSpan, NoSuchSuggestion
from coding.suggest import engine

TEXTS = [
    "Sekretaris dinas adalah adik ipar calon bupati sehingga sering hadir di posko relawan.",
    "Seorang lurah mengaku diancam akan dimutasi bila petahana kalah di wilayahnya.",
    "Banyak pegawai honorer belum memahami larangan berkampanye di media sosial.",
    "Camat itu mengunggah video dukungan untuk calon petahana di akun pribadinya.",
]


@pytest.fixture
def suggested(coded_db, put):
    ids = put(coded_db, "doc", TEXTS)
    engine.suggest(coded_db)
    return coded_db, ids


def test_pending_items_carry_what_a_reviewer_needs(suggested):
    db, ids = suggested
    items = list(review.iter_pending(db, "ayu"))
    assert [i["passage_id"] for i in items] == sorted(
        [i["passage_id"] for i in items], key=ids.index
    )
    first = items[0]
    assert {"text", "label_id", "title", "score", "char_start", "char_end", "code_id"} <= set(first)
    assert first["text"][first["char_start"] : first["char_end"]] == first["quote"]
    only = list(review.iter_pending(db, "ayu", code_id="pressure"))
    assert [i["code_id"] for i in only] == ["pressure"]


def test_accept_reject_skip_and_edit(suggested):
    db, ids = suggested
    items = {i["code_id"]: i for i in review.iter_pending(db, "ayu")}
    accepted = review.decide(db, items["kinship"]["id"], "ayu", "accepted")
    coding = accepted["coding"]
    assert coding["origin"] == "suggestion" and coding["coder"] == "ayu"
    assert coding["quote"] == items["kinship"]["quote"]
    review.decide(db, items["pressure"]["id"], "ayu", "rejected")
    review.decide(db, items["social-media-support"]["id"], "ayu", "skipped")
    text = items["lack-of-understanding"]["text"]
    start, end = review.parse_span(text, "belum memahami larangan")
    edited = review.decide(
        db, items["lack-of-understanding"]["id"], "ayu", "accepted", start=start, end=end
    )
    assert edited["coding"]["quote"] == "belum memahami larangan"
    left = {i["code_id"] for i in review.iter_pending(db, "ayu")}
    assert not left & {"kinship", "pressure", "social-media-support", "lack-of-understanding"}
    again = {i["code_id"] for i in review.iter_pending(db, "ayu", include_skipped=True)}
    assert "social-media-support" in again
    assert {r["code_id"] for r in codings.list_codings(db)} == {"kinship", "lack-of-understanding"}
    counts = review.review_counts(db, "ayu")
    assert (counts["accepted"], counts["rejected"], counts["skipped"]) == (2, 1, 1)


def test_each_coder_decides_independently(suggested):
    db, _ = suggested
    ayu = list(review.iter_pending(db, "ayu"))
    for item in ayu:
        review.decide(db, item["id"], "ayu", "accepted")
    budi = list(review.iter_pending(db, "budi"))
    assert [i["id"] for i in budi] == [i["id"] for i in ayu]
    assert list(review.iter_pending(db, "ayu")) == []


def test_suggestion_already_coded_by_the_coder_is_not_offered(suggested):
    db, ids = suggested
    codings.add_coding(db, ids[0], "kinship", "ayu")
    assert "kinship" not in {i["code_id"] for i in review.iter_pending(db, "ayu")}
    assert "kinship" in {i["code_id"] for i in review.iter_pending(db, "budi")}


def test_a_decision_made_elsewhere_mid_session_is_passed_over(suggested):
    db, _ = suggested
    pending = review.iter_pending(db, "ayu")
    first = next(pending)
    rest = [i["id"] for i in review.iter_pending(db, "ayu")][1:]
    review.decide(db, rest[0], "ayu", "rejected")  # another window decides the next one
    assert [i["id"] for i in pending] == rest[1:]
    assert first["id"] not in rest


def test_parse_span_and_errors():
    text = "Pegawai diancam akan dimutasi."
    assert review.parse_span(text, "8:15") == (8, 15)
    assert review.parse_span(text, "AKAN DIMUTASI") == (16, 29)
    with pytest.raises(BadSpan, match='"dicopot" is not in the passage'):
        review.parse_span(text, "dicopot")
    with pytest.raises(BadSpan, match="outside the passage"):
        review.parse_span(text, "5:500")


def test_unknown_suggestion(suggested):
    db, _ = suggested
    with pytest.raises(NoSuchSuggestion, match="list them with: telaah suggest --json"):
        review.decide(db, "nope", "ayu", "accepted")


def test_highlight_merges_overlaps():
    assert review.highlight("abcdefgh", [(1, 3), (2, 5)], mark=("<", ">")) == "a<bcde>fgh"
    assert review.highlight("abc", [], mark=("<", ">")) == "abc"


def test_review_cli_with_keys_from_stdin(suggested, db_path):
    db, _ = suggested
    total = len(list(review.iter_pending(db, "ayu")))
    result = CliRunner().invoke(
        main, ["review", "--coder", "ayu", "--db", str(db_path)], input="x\na\nr\ns\nq\n"
    )
    assert result.exit_code == 0, result.output
    assert '"x": answer a, r, s, e SPAN or q' in result.output
    assert "[[adik ipar calon" in result.output  # span marked in plain output
    assert f"Accepted 1, rejected 1, skipped 1; {total - 3} left." in result.output
    assert [r["origin"] for r in codings.list_codings(db)] == ["suggestion"]


def test_review_cli_edit_span(suggested, db_path):
    db, _ = suggested
    result = CliRunner().invoke(
        main,
        ["review", "--coder", "ayu", "--code", "kinship", "--db", str(db_path)],
        input="e adik ipar calon bupati\n",
    )
    assert result.exit_code == 0, result.output
    (row,) = codings.list_codings(db)
    assert row["quote"] == "adik ipar calon bupati"


TMUX = shutil.which("tmux")


@pytest.mark.skipif(TMUX is None, reason="needs tmux for a real terminal")
def test_review_in_a_real_terminal(suggested, db_path, tmp_path):
    """Acceptance 4: one key per decision in a real terminal (tmux), span highlighted."""
    db, _ = suggested
    total = len(list(review.iter_pending(db, "ayu")))
    telaah = Path(sys.executable).with_name("telaah")
    sock = f"telaah-review-{os.getpid()}"
    tmux = [TMUX, "-L", sock, "-f", "/dev/null"]
    out = tmp_path / "done"
    cmd = f"{telaah} review --coder ayu --db {db_path}; echo $? > {out}; sleep 30"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "r", "-x", "110", "-y", "40", cmd], check=True
    )
    try:
        screen = _wait_for(tmux, "[a]ccept")
        assert "adik ipar calon" in screen
        escaped = _capture(tmux, escapes=True)
        assert "\x1b[" in escaped  # the span is drawn with terminal attributes
        for key, expect in (("a", "[2]"), ("r", "[3]"), ("s", "[4]")):
            subprocess.run([*tmux, "send-keys", "-t", "r", key], check=True)
            _wait_for(tmux, expect)
        subprocess.run([*tmux, "send-keys", "-t", "r", "q"], check=True)
        screen = _wait_for(tmux, " left.")
        assert f"Accepted 1, rejected 1, skipped 1; {total - 3} left." in screen
        deadline = time.time() + 20
        while not out.exists() and time.time() < deadline:
            time.sleep(0.1)
        assert out.read_text().strip() == "0"
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    decisions = [r["decision"] for r in db.query("select decision from suggestion_decisions")]
    assert sorted(decisions) == ["accepted", "rejected", "skipped"]
    assert len(codings.list_codings(db)) == 1


def _capture(tmux: list[str], *, escapes: bool = False) -> str:
    args = [*tmux, "capture-pane", "-p", "-t", "r", "-S", "-200"]
    if escapes:
        args.insert(-4, "-e")
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _wait_for(tmux: list[str], text: str, timeout: float = 60) -> str:
    deadline = time.time() + timeout
    screen = ""
    while time.time() < deadline:
        screen = _capture(tmux)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared:\n{screen}")


def _telaah(db_path, *args: str, input: str = "") -> subprocess.CompletedProcess:
    """The installed command with stdin a pipe and no terminal at all (start_new_session
    drops the controlling terminal, as under cron or a notebook)."""
    telaah = Path(sys.executable).with_name("telaah")
    return subprocess.run(
        [str(telaah), *args, "--db", str(db_path)],
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
    )


def test_bulk_reject_decides_every_match_and_no_other(suggested, db_path, put):
    """Acceptance 3, first half."""
    db, ids = suggested
    other = put(
        db,
        "lain",
        [
            "Kepala bidang itu adik ipar calon wakil bupati.",
            "Camat itu sepupu calon bupati dan ikut kampanye.",
            "Lurah itu diancam dimutasi oleh atasannya.",
        ],
    )
    engine.suggest(db)
    doc = db.execute("select document_id from passages where id = ?", [other[0]]).fetchone()[0]
    matching = {
        r["id"]
        for r in db.query(
            "select id from suggestions where document_id = ? and code_id = 'kinship'", [doc]
        )
    }
    others = db.execute(
        "select count(*) from suggestions where document_id != ? or code_id != 'kinship'", [doc]
    ).fetchone()[0]
    assert matching and others  # there is something the filters must leave alone
    args = ["review", "--reject", "--doc", doc, "--coder", "ayu"]
    asked = _telaah(db_path, *args, "--code", "kinship")
    assert asked.returncode == 1 and "add --yes" in asked.stderr
    assert len(matching) > 1  # plural below
    assert f"{len(matching)} pending suggestions match (kinship {len(matching)})" in asked.stdout
    assert db.execute("select count(*) from suggestion_decisions").fetchone()[0] == 0
    run = _telaah(db_path, *args, "--code", "kekerabatan", "--yes")
    assert run.returncode == 0, run.stderr
    assert f"Rejected {len(matching)} suggestions as ayu." in run.stdout
    decided = list(db.query("select suggestion_id, coder, decision from suggestion_decisions"))
    assert {d["suggestion_id"] for d in decided} == matching
    assert {(d["coder"], d["decision"]) for d in decided} == {("ayu", "rejected")}
    assert codings.list_codings(db) == []


def test_bulk_accept_by_score_and_method(suggested):
    db, _ = suggested
    items = list(review.iter_pending(db, "ayu", min_score=0.0, max_score=2.0, method="rules"))
    assert items and {i["method"] for i in items} == {"rules"}
    top = max(i["score"] for i in items)
    strong = list(review.iter_pending(db, "ayu", min_score=top))
    assert review.decide_all(db, strong, "ayu", "accepted") == {
        "decided": len(strong),
        "passed_over": 0,
    }
    assert len(codings.list_codings(db, coder="ayu")) == len(strong)
    assert list(review.iter_pending(db, "budi", min_score=top))  # budi decides on his own
    assert review.decide_all(db, strong, "ayu", "rejected")["passed_over"] == len(strong)


def test_review_reads_answers_from_a_pipe(suggested, db_path):
    """Acceptance 3, second half: printf 'a\\nr\\nq\\n' | telaah review --coder ayu."""
    db, _ = suggested
    total = len(list(review.iter_pending(db, "ayu")))
    run = _telaah(db_path, "review", "--coder", "ayu", input="a\nr\nq\n")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert f"Accepted 1, rejected 1, skipped 0; {total - 2} left." in run.stdout
    decisions = sorted(r["decision"] for r in db.query("select decision from suggestion_decisions"))
    assert decisions == ["accepted", "rejected"]
    edited = _telaah(db_path, "review", "--coder", "ayu", input="nope\ne 0:7\n")
    assert edited.returncode == 0, edited.stderr
    assert '"nope": answer a, r, s, e SPAN or q' in edited.stderr
    assert "Accepted 1, rejected 0, skipped 0" in edited.stdout
    empty = _telaah(db_path, "review", "--coder", "ayu", input="")
    assert empty.returncode == 0 and "Accepted 0, rejected 0, skipped 0" in empty.stdout


def test_parse_answer():
    assert review.parse_answer(" a ") == ("a", None)
    assert review.parse_answer("Reject") == ("r", None)
    assert review.parse_answer("e adik ipar") == ("e", "adik ipar")
    assert review.parse_answer("edit 3:9") == ("e", "3:9")
    assert review.parse_answer("") is None
    assert review.parse_answer("yes") == ("?", "yes")


def test_order_uncertain_shows_scores_nearest_half_first(suggested):
    db, _ = suggested
    items = list(review.iter_pending(db, "ayu", order="uncertain"))
    gaps = [abs(i["score"] - 0.5) for i in items]
    assert len(items) >= 3 and gaps == sorted(gaps)
    assert {i["id"] for i in items} == {i["id"] for i in review.iter_pending(db, "ayu")}
    with pytest.raises(review.BadOrder, match="use one of: reading, uncertain"):
        list(review.iter_pending(db, "ayu", order="random"))


def test_review_cli_order_uncertain(suggested, db_path):
    db, _ = suggested
    first = next(review.iter_pending(db, "ayu", order="uncertain"))
    result = CliRunner().invoke(
        main,
        ["review", "--coder", "ayu", "--order", "uncertain", "--db", str(db_path)],
        input="q\n",
    )
    assert result.exit_code == 0, result.output
    assert f"{first['code_id']} - " in result.output.split("[2]")[0]
