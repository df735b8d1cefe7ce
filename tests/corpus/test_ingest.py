"""`telaah ingest` end to end on real files: bad files named, good ones land once, reruns."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from corpus.ingest import ingest


@pytest.fixture
def bad_folder(tmp_path: Path, write_pdf, write_image_pdf) -> Path:
    folder = tmp_path / "masukan"
    (folder / "sub").mkdir(parents=True)
    good = write_pdf(folder / "sub" / "baik.pdf", seed=1)
    (folder / "kosong.pdf").write_bytes(b"")
    (folder / "acak.pdf").write_bytes(bytes(range(256)) * 16)
    data = good.read_bytes()
    (folder / "terpotong.pdf").write_bytes(data[: len(data) // 2])
    write_pdf(folder / "terkunci.pdf", encrypt="rahasia")
    write_image_pdf(folder / "pindaian.pdf", good)
    (folder / "catatan.docx").write_bytes(b"PK\x03\x04 a word file")
    (folder / "data.xyz").write_text("x")
    (folder / ".tersembunyi.pdf").write_bytes(b"hidden files are not read")
    return folder


def expected_failures(folder: Path) -> set[str]:
    return {
        f"FAILED {folder}/acak.pdf: not a PDF (the file does not start with %PDF) "
        "(check that it is the right file; re-download or re-export it)",
        f"FAILED {folder}/catatan.docx: damaged Word file (not a complete .docx package) "
        "(re-download it, or open it in Word or LibreOffice and save it again)",
        f"FAILED {folder}/data.xyz: unsupported file type .xyz "
        "(Telaah reads .pdf, .docx, .txt, .md and saved web pages (.html); "
        "convert it to PDF first)",
        f"FAILED {folder}/kosong.pdf: empty file (0 bytes) (re-download or re-export it)",
        f"FAILED {folder}/pindaian.pdf: no text layer (scanned?) (run again with --ocr)",
        f"FAILED {folder}/terkunci.pdf: encrypted PDF (pass its password with --password)",
        f"FAILED {folder}/terpotong.pdf: truncated PDF (the file ends before %%EOF) "
        "(re-download it; this copy is incomplete)",
    }


def failure_lines(output: str) -> set[str]:
    return {line for line in output.splitlines() if line.startswith("FAILED ")}


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def counts(db_path: Path) -> dict[str, int]:
    db = open_corpus(db_path)
    try:
        return {t: db[t].count for t in ("documents", "passages", "pages", "ingest_failures")}
    finally:
        db.close()


def run(*args: str):
    return CliRunner().invoke(main, ["ingest", *args])


def test_bad_files_are_named_and_the_good_one_lands_once(bad_folder, db_path):
    """Issue #2, acceptance 5."""
    first = run(str(bad_folder), "--db", str(db_path), "--workers", "2")
    assert first.exit_code == 1
    assert failure_lines(first.output) == expected_failures(bad_folder)
    assert f"added {bad_folder}/sub/baik.pdf: " in first.output
    assert first.output.splitlines()[-1] == (
        "8 files: 1 added, 0 updated, 0 unchanged, 7 failed; "
        f"{counts(db_path)['passages']} passages written"
    )
    after_first = counts(db_path)
    assert after_first["documents"] == 1
    assert after_first["passages"] > 0
    assert after_first["ingest_failures"] == 7

    again = run(str(bad_folder), "--db", str(db_path), "--workers", "2")
    assert again.exit_code == 1
    assert failure_lines(again.output) == expected_failures(bad_folder)
    assert (
        f"skipped {bad_folder}/sub/baik.pdf: unchanged (use --force to re-extract)" in again.output
    )
    assert again.output.splitlines()[-1] == (
        "8 files: 0 added, 0 updated, 1 unchanged, 7 failed; 0 passages written"
    )
    assert counts(db_path) == after_first
    assert integrity(db_path) == "ok"


def test_one_worker_reports_the_same(bad_folder, db_path):
    result = run(str(bad_folder), "--db", str(db_path), "-w", "1", "--quiet")
    assert result.exit_code == 1
    *lines, summary = result.output.splitlines()
    assert set(lines) == expected_failures(bad_folder)  # --quiet: no line for the good file
    assert summary.startswith("8 files: 1 added, 0 updated, 0 unchanged, 7 failed; ")


def test_all_good_exits_zero_and_json_summary(tmp_path, db_path, write_pdf, sentences):
    folder = tmp_path / "baik"
    folder.mkdir()
    for i in range(3):
        write_pdf(folder / f"artikel-{i}.pdf", seed=i)
    (folder / "catatan.txt").write_text(
        "Catatan lapangan.\n\n" + " ".join(sentences[:3]) + "\n", encoding="utf-8"
    )
    result = run(str(folder), "--db", str(db_path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["files"], report["added"], report["failed"]) == (4, 4, 0)
    assert [Path(o["path"]).name for o in report["outcomes"]] == [
        "artikel-0.pdf",
        "artikel-1.pdf",
        "artikel-2.pdf",
        "catatan.txt",
    ]  # discovery order, whatever order the workers finished in
    assert report["passages"] == counts(db_path)["passages"]

    rerun = json.loads(run(str(folder), "--db", str(db_path), "--json").stdout)
    assert (rerun["skipped"], rerun["added"], rerun["passages"]) == (4, 0, 0)


def test_each_page_says_where_its_characters_went(tmp_path, db_path, write_pdf):
    write_pdf(tmp_path / "artikel.pdf", seed=0)
    assert run(str(tmp_path / "artikel.pdf"), "--db", str(db_path)).exit_code == 0
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "select chars_total, chars_passages, chars_tables, chars_furniture, chars_figures, "
        "chars_lost, glyphs_dropped from pages order by page"
    ).fetchall()
    assert rows
    for total, passages, tables, furniture, figures, lost, dropped in rows:
        assert total > 0 and passages > 0
        assert passages + tables + furniture + figures + lost == total
        assert lost == 0 and dropped == 0


def test_force_re_extracts_and_keeps_ids(tmp_path, db_path, write_pdf):
    pdf = write_pdf(tmp_path / "artikel.pdf", seed=3)
    assert run(str(pdf), "--db", str(db_path)).exit_code == 0
    db = open_corpus(db_path)
    before = [(r["id"], r["text"]) for r in db.query("select id, text from passages order by seq")]
    db.close()

    result = run(str(pdf), "--db", str(db_path), "--force")
    assert result.exit_code == 0
    assert result.output.startswith(f"updated {pdf}: {len(before)} passages, 3 pages")
    db = open_corpus(db_path)
    after = [(r["id"], r["text"]) for r in db.query("select id, text from passages order by seq")]
    assert db["documents"].count == 1
    db.close()
    assert after == before


def test_same_content_twice_in_one_run_lands_once(tmp_path, db_path, write_pdf):
    folder = tmp_path / "dua"
    folder.mkdir()
    pdf = write_pdf(folder / "a.pdf")
    shutil.copy(pdf, folder / "salinan.pdf")
    result = run(str(folder), "--db", str(db_path))
    assert result.exit_code == 0
    assert f"skipped {folder}/salinan.pdf: same content as {folder}/a.pdf" in result.output
    assert counts(db_path)["documents"] == 1


def test_a_changed_text_file_updates_its_document(tmp_path, db_path, sentences):
    note = tmp_path / "wawancara.txt"
    note.write_text("Wawancara pertama.\n\n" + sentences[0] + "\n", encoding="utf-8")
    assert run(str(note), "--db", str(db_path)).exit_code == 0
    note.write_text("Wawancara pertama.\n\n" + sentences[1] + "\n", encoding="utf-8")
    result = run(str(note), "--db", str(db_path))
    assert result.exit_code == 0
    assert result.output.startswith(f"updated {note}: ")
    db = open_corpus(db_path)
    texts = [r["text"] for r in db.query("select text from passages order by seq")]
    assert db["documents"].count == 1
    db.close()
    assert sentences[1] in texts and sentences[0] not in texts


def test_missing_path_is_a_failure(tmp_path, db_path):
    result = run(str(tmp_path / "tidak-ada.pdf"), "--db", str(db_path))
    assert result.exit_code == 1
    assert f"FAILED {tmp_path}/tidak-ada.pdf: no such file (check the path)" in result.output


def test_password_opens_an_encrypted_pdf(tmp_path, db_path, write_pdf):
    pdf = write_pdf(tmp_path / "terkunci.pdf", encrypt="rahasia")
    result = run(str(pdf), "--db", str(db_path), "--password", "rahasia")
    assert result.exit_code == 0, result.output
    assert counts(db_path)["documents"] == 1


def test_a_killed_worker_fails_no_file(tmp_path, db_path, write_pdf):
    """A worker that dies breaks the pool; its files are retried alone and still land."""
    import threading
    import time

    folder = tmp_path / "bab"
    folder.mkdir()
    for i in range(6):
        write_pdf(folder / f"bab-{i}.pdf", pages=12, seed=i)
    killed: list[int] = []

    def kill_first_worker() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            for pid in _children(os.getpid()):
                os.kill(pid, 9)
                killed.append(pid)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_first_worker)
    killer.start()
    db = open_corpus(db_path)
    report = ingest(db, [folder], workers=2)
    killer.join()
    db.close()
    assert killed, "no worker process was seen"
    assert [o.status for o in report.outcomes] == ["added"] * 6
    assert counts(db_path)["documents"] == 6
    assert integrity(db_path) == "ok"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


WRITER = """
import sys
from pathlib import Path
from corpus.db import open_corpus
from corpus.db import write_lock
db = open_corpus(sys.argv[1])
stop = Path(sys.argv[2])
Path(sys.argv[3]).touch()
while not stop.exists():
    with write_lock(db):
        db["coding_events"].insert(
            {"coding_id": "c1", "action": "edit", "coder": "ayu", "at": "now", "detail": "{}"}
        )
"""


def test_ingest_while_a_coder_writes(tmp_path, db_path, write_pdf):
    """A coder saving codings non-stop must not make an ingest fail with "database is
    locked": each document waits for the write lock instead."""
    import subprocess
    import sys
    import time

    folder = tmp_path / "bab"
    folder.mkdir()
    for i in range(8):
        write_pdf(folder / f"bab-{i}.pdf", pages=3, seed=i)
    open_corpus(db_path).close()
    stop, started = tmp_path / "stop", tmp_path / "started"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(stop), str(started)])
    try:
        while not started.exists():
            assert writer.poll() is None
            time.sleep(0.01)
        result = run(str(folder), "--db", str(db_path), "-w", "2")
    finally:
        stop.touch()
        writer.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert writer.returncode == 0
    assert counts(db_path)["documents"] == 8
    db = open_corpus(db_path)
    assert db["coding_events"].count > 0  # the coder really was writing all along
    db.close()


def test_progress_bar_on_a_terminal(tmp_path, db_path, write_pdf):
    """On a terminal stderr shows a progress bar; stdout keeps the one-line summary."""
    import pty
    import subprocess
    import sys

    folder = tmp_path / "bab"
    folder.mkdir()
    for i in range(3):
        write_pdf(folder / f"bab-{i}.pdf", pages=2, seed=i)
    (folder / "rusak.pdf").write_bytes(b"%PDF-1.4 nothing else")
    master, slave = pty.openpty()
    telaah = Path(sys.executable).parent / "telaah"
    proc = subprocess.Popen(
        [str(telaah), "ingest", str(folder), "--db", str(db_path), "-w", "2"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        terminal += chunk
    stdout = proc.stdout.read().decode()
    proc.wait(timeout=60)
    os.close(master)
    shown = terminal.decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "Ingesting" in shown and "100%" in shown
    assert f"FAILED {folder}/rusak.pdf: " in shown
    # On a terminal the bar stands in for the per-file lines; the summary stays on stdout.
    assert re.fullmatch(
        r"4 files: 3 added, 0 updated, 0 unchanged, 1 failed; \d+ passages written\n", stdout
    )
