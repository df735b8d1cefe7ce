"""Web addresses and Word files through ``telaah ingest``: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import http.server
import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from datasette_plugins.publish import make_datasette


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        if self.path == "/lama.html":
            self.send_response(301)
            self.send_header("Location", "/berita.html")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def site(tmp_path: Path, news_page: Path):
    root = tmp_path / "situs"
    root.mkdir()
    shutil.copy(news_page, root / "berita.html")
    handler = lambda *a, **k: _Handler(*a, directory=str(root), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", *args])


def rows(db_path: Path, sql: str, params=()) -> list[dict]:
    db = open_corpus(db_path)
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def test_a_news_url_lands_as_its_article(site, db_path, news_page, tmp_path):
    """Issue #13, acceptance 2."""
    url = f"{site}/berita.html"
    result = ingest(url, "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"added {url}: 5 passages, 1 page"
    [doc] = rows(db_path, "select * from documents")
    assert doc["title"] == "ASN Diminta Netral Jelang Pilkada Serentak"
    assert json.loads(doc["authors"]) == ["Rina Kartika"]
    assert (doc["kind"], doc["published"], doc["venue"]) == ("news", "2024-10-03", "Warta Daerah")
    assert doc["url"] == "https://warta.example/berita/asn-netral"
    assert doc["source_path"] == url and doc["accessed_at"]
    [capture] = rows(db_path, "select * from web_captures")
    assert capture["body"] == news_page.read_bytes()  # kept as served, to check quotes later
    fetched = [r["text"] for r in rows(db_path, "select text from passages order by seq")]
    assert not any("Baca juga" in t or "Komentar" in t or "Beranda" in t for t in fetched)

    # The same page saved to disk reads the same way.
    saved = ingest(str(news_page), "--db", str(tmp_path / "saved.db"))
    assert saved.exit_code == 0, saved.output
    on_disk = [
        r["text"] for r in rows(tmp_path / "saved.db", "select text from passages order by seq")
    ]
    assert on_disk == fetched

    # Asked again, the address is not fetched again.
    again = ingest(url, "--db", str(db_path))
    assert f"skipped {url}: already ingested (use --force to fetch it again)" in again.output

    # Its cite page reads as a news item: author, date, title, site, address.
    first_body = rows(db_path, "select id from passages where kind = 'body' order by seq")[0]
    # In a thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        html = pool.submit(asyncio.run, _get(db_path, f"/-/cite/{first_body['id']}")).result()
    assert (
        "Kartika, R. (2024, October 3). ASN Diminta Netral Jelang Pilkada Serentak. "
        "<i>Warta Daerah</i>. https://warta.example/berita/asn-netral" in html
    )
    assert "Kartika, R. (2024, 3 Oktober)." in html
    assert "(Kartika, 2024)" in html  # no page for a web page


async def _get(db_path: Path, path: str) -> str:
    ds = make_datasette(db_path)
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_a_redirect_is_followed_and_named(site, db_path):
    result = ingest(f"{site}/lama.html", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert f"; redirected to {site}/berita.html" in result.output


def test_a_missing_page_and_a_broken_word_file_are_named_and_the_rest_lands(
    site, db_path, tmp_path, news_page
):
    """Issue #13, acceptance 3."""
    folder = tmp_path / "sumber"
    folder.mkdir()
    # Saved from a browser a day later: the same article in a page that is not byte-equal.
    saved = news_page.read_text(encoding="utf-8").replace("</body>", "<!-- disimpan --></body>")
    (folder / "berita-tersimpan.html").write_text(saved, encoding="utf-8")
    (folder / "rusak.docx").write_bytes(b"PK\x03\x04" + bytes(300))
    urls = tmp_path / "alamat.txt"
    urls.write_text(f"# berita\n{site}/hilang.html\n\n{site}/berita.html\n", encoding="utf-8")
    result = ingest(str(folder), "--urls", str(urls), "--db", str(db_path))
    assert result.exit_code == 1
    failed = {line for line in result.output.splitlines() if line.startswith("FAILED")}
    assert failed == {
        f"FAILED {folder}/rusak.docx: damaged Word file (not a complete .docx package) "
        "(re-download it, or open it in Word or LibreOffice and save it again)",
        f"FAILED {site}/hilang.html: HTTP 404 File not found (check the address; if the page "
        "moved or was taken down, ingest a saved copy (.html))",
    }
    assert result.output.splitlines()[-1].startswith(
        "4 files: 2 added, 0 updated, 0 unchanged, 2 failed"
    )
    assert len(rows(db_path, "select id from documents")) == 2
    assert {r["source_path"] for r in rows(db_path, "select source_path from ingest_failures")} == {
        str(folder / "rusak.docx"),
        f"{site}/hilang.html",
    }
