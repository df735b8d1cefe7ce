"""A small real corpus for the publishing tests, built once per session.

Four text files of our own Indonesian sentences (a skripsi, a journal article, field
notes holding hostile markup, an uncoded guide) go through the real ingest, a .bib file
gives them authors and venues, the default codebook is imported plus one code with a
crafted label, and two coders code spans through ``coding.codings``. A fifth file is
ingested, coded and then ingested again with one sentence changed and one page dropped,
so one passage id is retired with an heir and one without.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from coding.bibliography import import_bibliography
from coding.codebook import default_codebook_path, import_codebook, upsert_code
from coding.codings import add_coding
from coding.findings import save_finding
from corpus.db import open_corpus
from corpus.ingest import ingest
from datasette_plugins.publish import make_datasette

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
HOSTILE_LABEL = '<img src=x onerror="alert(1)">Kode "jahat" & <script>alert(2)</script>'
REVISED_BEFORE = (
    "Kepala dinas meminta seluruh staf hadir dalam acara syukuran calon petahana "
    "yang digelar pada hari Minggu pagi di balai desa."
)
REVISED_AFTER = REVISED_BEFORE.replace("Minggu", "Sabtu")
DROPPED = "Paragraf ini dihapus penulis pada versi kedua catatan."


def passage_with(db, words: str) -> dict:
    rows = list(db.query("select * from passages where text like ?", [f"%{words}%"]))
    assert len(rows) == 1, f"expected one passage containing {words!r}, found {len(rows)}"
    return rows[0]


def code_span(db, words: str, code: str, coder: str) -> dict:
    p = passage_with(db, words)
    start = p["text"].index(words)
    return add_coding(db, p["id"], code, coder, start=start, end=start + len(words))


def build_corpus(path: Path, work: Path) -> dict:
    """Build the test corpus at ``path``; return the ids the tests look for."""
    db = open_corpus(path)
    report = ingest(db, [DATA / "docs"], workers=1)
    assert report.ok, report.summary()
    import_bibliography(db, DATA / "referensi.bib")
    import_codebook(db, default_codebook_path())
    upsert_code(db, "hostile", HOSTILE_LABEL, parent_id="factors", colour="#00aa00")

    revised = work / "revisi.txt"
    revised.write_text(
        f"Catatan revisi\n\f9\n\n{REVISED_BEFORE}\n\f10\n\n{DROPPED}\n", encoding="utf-8"
    )
    ingest(db, [revised], workers=1)
    old = passage_with(db, REVISED_BEFORE)
    dropped = passage_with(db, DROPPED)
    code_span(db, "meminta seluruh staf hadir", "pressure", "ayu")
    revised.write_text(f"Catatan revisi\n\f9\n\n{REVISED_AFTER}\n", encoding="utf-8")
    ingest(db, [revised], workers=1)
    new = passage_with(db, REVISED_AFTER)

    kin = code_span(db, "paman dari istrinya", "kinship", "ayu")
    add_coding(db, kin["passage_id"], "kinship", "budi")
    code_span(db, "ikatan keluarga", "kinship", "budi")
    code_span(db, "hubungan kerabat", "kinship", "ayu")
    code_span(db, "hanya berujung pada rekomendasi teguran", "weak-oversight", "budi")
    code_span(db, "khawatir dimutasi", "pressure", "ayu")
    hostile = code_span(db, "selebaran", "hostile", "ayu")
    finding = save_finding(
        db,
        "Kekerabatan per dokumen",
        "select d.title, count(distinct c.passage_id) as passages from codings c "
        "join documents d on d.id = c.document_id where c.code_id = :code "
        "and c.status = 'placed' group by d.id order by d.title",
        "Kinship is coded in one study, the skripsi from Muara Enim.",
        params={"code": "kinship"},
        created_by="ayu",
    )
    ids = {
        "kin_passage": kin["passage_id"],
        "thesis": kin["document_id"],
        "hostile_passage": hostile["passage_id"],
        "retired_old": old["id"],
        "retired_new": new["id"],
        "retired_gone": dropped["id"],
        "finding": finding["id"],
        "article": passage_with(db, "khawatir dimutasi")["document_id"],
    }
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return ids


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("corpus")
    path = work / "telaah.db"
    return path, build_corpus(path, work)


@pytest.fixture
def corpus_copy(corpus, tmp_path) -> tuple[Path, dict]:
    """A private copy for tests that write (its file name gives another database name)."""
    path, ids = corpus
    target = tmp_path / "salinan.db"
    shutil.copy(path, target)
    return target, ids


class Client:
    """Synchronous calls into an in-process Datasette (``ds.client``, no server).

    Each call runs in a thread of its own event loop: Playwright's sync API keeps a loop
    running in the main thread once a browser test has started.
    """

    def __init__(self, ds):
        self.ds = ds
        self._run(ds.invoke_startup())

    @staticmethod
    def _run(coroutine):
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self._run(self.ds.client.get(path, **kwargs))


@pytest.fixture(scope="session")
def client_for():
    """``client_for(datasette)``: a synchronous client for another Datasette."""
    return Client


@pytest.fixture(scope="session")
def hostile_label() -> str:
    return HOSTILE_LABEL


@pytest.fixture(scope="session")
def site(corpus) -> Client:
    path, _ = corpus
    return Client(make_datasette(path))


@pytest.fixture(scope="session")
def ids(corpus) -> dict:
    return corpus[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path: Path) -> tuple[subprocess.Popen, str, str]:
    """``telaah serve`` in a real subprocess; returns it, its base URL and its first line."""
    port = free_port()
    telaah = Path(sys.executable).with_name("telaah")
    proc = subprocess.Popen(
        [str(telaah), "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    first_line = proc.stdout.readline()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                return proc, base, first_line
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"telaah serve did not start: {first_line}{proc.stdout.read()}")
        time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def server(corpus):
    """The session corpus served by ``telaah serve``: (base URL, first line printed)."""
    proc, base, first_line = start_server(corpus[0])
    yield base, first_line
    stop_server(proc)


@pytest.fixture
def serve():
    """``serve(path)`` starts another ``telaah serve``; stopped after the test."""
    procs = []

    def start(path: Path) -> str:
        proc, base, _ = start_server(path)
        procs.append(proc)
        return base

    yield start
    for proc in procs:
        stop_server(proc)
