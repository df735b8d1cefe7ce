"""``telaah publish``: a deployable folder whose Dockerfile CMD serves the site from a
fresh venv that installed only the folder's requirements (issue #11, acceptance 1), and
a static snapshot whose links all resolve (acceptance 2's browser half is in
test_browser.py). Docker itself does not run here (no engine); its CMD does."""

from __future__ import annotations

import html
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import bibtexparser
import httpx
import pytest
import yaml
from click.testing import CliRunner

from cli.main import main

from .conftest import free_port

BASE = "https://example.org/netralitas"


def publish(*args: str):
    return CliRunner().invoke(main, ["publish", *args])


@pytest.fixture(scope="module")
def site_dir(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    r = publish(
        str(out), "--base-url", BASE + "/", "--license", "CC-BY-4.0", "--db", str(corpus[0])
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"Wrote {out}: telaah.db (corpus version ")
    return out


def test_the_folder_holds_what_a_server_needs(site_dir):
    files = {p.name for p in site_dir.iterdir()}
    wheel = next(f for f in files if f.endswith(".whl"))
    assert {"telaah.db", "metadata.yml", "inspect-data.json", "requirements.txt"} <= files
    assert {"Dockerfile", "README.md"} <= files
    version = re.match(r"telaah-(.+)-py3-none-any\.whl", wheel).group(1)
    assert "+site." in version  # PyPI holds an unrelated "telaah" 0.1.0; a local version cannot
    assert f"telaah=={version}" in (site_dir / "requirements.txt").read_text().splitlines()
    docker = (site_dir / "Dockerfile").read_text()
    assert docker.startswith("FROM python:3.11-slim")
    assert "RUN pip install --no-cache-dir --find-links . -r requirements.txt" in docker
    cmd = dockerfile_cmd(site_dir)
    assert cmd.startswith("datasette serve --host 0.0.0.0 -i telaah.db") and "--port $PORT" in cmd
    metadata = yaml.safe_load((site_dir / "metadata.yml").read_text())
    assert metadata["plugins"]["telaah"]["base_url"] == BASE
    assert metadata["license"] == "CC-BY-4.0"
    conn = sqlite3.connect(site_dir / "telaah.db")
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    facts = dict(conn.execute("select key, value from corpus_publication"))
    assert facts["base_url"] == BASE and facts["license"] == "CC-BY-4.0"
    assert conn.execute("select count(*) from findings").fetchone()[0] == 1  # frozen with it
    conn.close()


def test_publish_refuses_what_cannot_be_a_permanent_site(corpus, tmp_path):
    r = publish(str(tmp_path / "a"), "--db", str(corpus[0]))
    assert r.exit_code == 1
    assert "needs the address it will live at, for its permanent links: --base-url" in r.output
    r = publish(str(tmp_path / "b"), "--base-url", "example.org", "--db", str(corpus[0]))
    assert r.exit_code == 2 and '"example.org" is not an absolute http(s) address' in r.output
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "lain.txt").write_text("x")
    r = publish(str(tmp_path / "c"), "--base-url", BASE, "--db", str(corpus[0]))
    assert r.exit_code == 1 and "is not an empty folder; publish into a new one" in r.output


def dockerfile_cmd(site_dir: Path) -> str:
    (line,) = [
        x for x in (site_dir / "Dockerfile").read_text().splitlines() if x.startswith("CMD ")
    ]
    return line.removeprefix("CMD ")


@pytest.mark.deploy
def test_a_fresh_venv_serves_the_site_with_the_dockerfile_cmd(site_dir, ids, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--find-links",
            str(site_dir),
            "-r",
            str(site_dir / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    port = free_port()
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "PORT": str(port),
        "HOME": str(tmp_path),
    }
    server = subprocess.Popen(
        ["sh", "-c", dockerfile_cmd(site_dir)],
        cwd=site_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # sh and the datasette it starts: one group to stop
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGKILL)
                pytest.fail(f"the CMD did not serve: {server.stdout.read()}")
            time.sleep(0.3)
        home = httpx.get(base + "/")
        assert home.status_code == 200 and 'href="/-/matrix"' in home.text
        matrix = httpx.get(base + "/-/matrix")
        assert matrix.status_code == 200
        assert f'data-code="kinship" data-document="{ids["thesis"]}"' in matrix.text
        cite = httpx.get(f"{base}/-/cite/{ids['kin_passage']}")
        assert cite.status_code == 200
        link = f"{BASE}/-/cite/{ids['kin_passage']}"
        assert f'<a id="permalink" href="{link}">' in cite.text
        assert "127.0.0.1" not in cite.text
        source, corpus = bibtexparser.parse_string(
            httpx.get(f"{base}/-/cite/{ids['kin_passage']}.bib").text
        ).entries
        assert source.entry_type == "mastersthesis" and source["school"] == "Universitas Sriwijaya"
        assert corpus.entry_type == "misc" and corpus["url"] == BASE + "/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # not only sh: the server it started too
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def static_dir(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("static") / "out"
    r = publish(str(out), "--static", "--base-url", BASE, "--db", str(corpus[0]))
    assert r.exit_code == 0, r.output
    assert "permanent links under https://example.org/netralitas" in r.stdout
    return out


def test_static_links_resolve_to_files_or_the_live_site(static_dir, ids):
    pages = list(static_dir.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'\b(?:href|src)="([^"]*)"', text):
            url = html.unescape(url)
            if url.startswith(("http://", "https://", "#", "mailto:")):
                assert not url.startswith("http://localhost"), (page, url)
                continue
            target = (page.parent / url.split("#")[0]).resolve()
            assert target.is_file(), (page.relative_to(static_dir), url)
    cite = (static_dir / "cite" / f"{ids['kin_passage']}.html").read_text(encoding="utf-8")
    assert f'<a id="permalink" href="{BASE}/-/cite/{ids["kin_passage"]}">' in cite
    assert f'href="{BASE}/telaah/documents/{ids["thesis"]}"' in cite  # not rendered: live
    assert 'href="' + f'{ids["kin_passage"]}.bib"' in cite
    bib = (static_dir / "cite" / f"{ids['kin_passage']}.bib").read_text(encoding="utf-8")
    assert f"url = {{{BASE}/}}" in bib
    assert (static_dir / "telaah.db").is_file()
    index = (static_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="telaah.db"' in index and 'href="matrix.html"' in index
    hostile = (static_dir / "cite" / f"{ids['hostile_passage']}.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in hostile and "&lt;script&gt;alert(" in hostile


def test_static_snapshot_without_base_url_keeps_no_dead_links(corpus, tmp_path, ids):
    out = tmp_path / "offline"
    r = publish(str(out), "--static", "--db", str(corpus[0]))
    assert r.exit_code == 0, r.output
    cite = (out / "cite" / f"{ids['kin_passage']}.html").read_text(encoding="utf-8")
    assert 'id="permalink"' not in cite and "http://localhost" not in cite
    assert f'data-live-href="/telaah/documents/{ids["thesis"]}"' in cite
