"""``telaah publish``: the corpus as a site that outlives a laptop.

:func:`publish_site` writes a folder holding an immutable copy of the corpus at its
current version (findings frozen with it), ``metadata.yml`` with the base URL and the
licence, and either what a server needs to run it with one command (a wheel of Telaah,
``requirements.txt``, a ``Dockerfile`` in the shape ``datasette package`` writes,
Datasette's ``inspect-data.json``, a README for hosts) or, with ``static``, the pages
themselves as plain files (:mod:`.static_site`).
"""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version as package_version
from pathlib import Path

import yaml
from sqlite_utils import Database

from coding.errors import CodingError
from corpus.publication import copy_corpus

from .publish import SETTINGS, check_base_url, load_metadata, make_datasette

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DOCKER_BASE = "python:3.11-slim-bookworm"


class PublishError(CodingError):
    pass


@dataclass
class PublishResult:
    out: str
    database: str
    version: str
    base_url: str | None
    static: bool
    files: list[str] = field(default_factory=list)
    pages: int = 0
    failed: list[str] = field(default_factory=list)


def site_metadata(
    database: str,
    *,
    title: str,
    license: str | None,
    base_url: str | None,
    author: str | None = None,
) -> dict:
    """Telaah's metadata.yml for the published file, with title, licence, base URL, the
    corpus's author for its citation, and a line on the home page offering the corpus
    file itself for download."""
    metadata = load_metadata(None, database)
    metadata["title"] = title
    if license:
        metadata["license"] = license
    config = metadata.setdefault("plugins", {}).setdefault("telaah", {})
    config["database"] = database
    if base_url:
        config["base_url"] = base_url
    if author:
        config["corpus_author"] = author
    metadata["description_html"] = (
        metadata.get("description_html", "")
        + f'\n<p class="telaah-download">The corpus itself, to download and open with Telaah '
        f'or any SQLite tool: <a href="/{database}.db">{database}.db</a>.</p>'
    )
    return metadata


def serve_command(database: str) -> str:
    """The command that serves the published folder on ``$PORT``: plain ``datasette
    serve`` (Telaah's plugin is found through its entry point), read-only and immutable,
    with the inspect file so counts are not recomputed at start-up."""
    settings = " ".join(
        f"--setting {k} {('on' if v else 'off') if isinstance(v, bool) else v}"
        for k, v in SETTINGS.items()
    )
    return (
        f"datasette serve --host 0.0.0.0 -i {shlex.quote(database + '.db')} --cors "
        f"--inspect-file inspect-data.json --metadata metadata.yml {settings} --port $PORT"
    )


def dockerfile(database: str) -> str:
    return (
        f"FROM {DOCKER_BASE}\n"
        "COPY . /app\n"
        "WORKDIR /app\n"
        "\n"
        "RUN pip install --no-cache-dir --find-links . -r requirements.txt\n"
        "ENV PORT 8001\n"
        "EXPOSE 8001\n"
        f"CMD {serve_command(database)}\n"
    )


def _readme(database: str, title: str, base_url: str | None, wheel: str, version: str) -> str:
    cmd = serve_command(database)
    return f"""# {title}

A coded corpus published with Telaah (corpus version `{version}`), ready to serve at
{base_url or "its address"}. Everything the server needs is in this folder:
`{database}.db` (the corpus, never written to), `metadata.yml`, `inspect-data.json`, the
Telaah wheel `{wheel}` and `requirements.txt`.

## Any machine with Python 3.10+

```bash
python3 -m venv .venv && . .venv/bin/activate
pip install --find-links . -r requirements.txt
PORT=8001 sh -c '{cmd}'
```

Put it behind your web server (nginx, Caddy, Apache) at the base URL; permanent links,
cite pages and BibTeX/RIS `url` fields already use that address, whatever host a reader
uses.

## Docker

```bash
docker build -t telaah-site . && docker run -p 8001:8001 telaah-site
```

The `Dockerfile` is the shape `datasette package` writes; hosts that build a Dockerfile
and set `$PORT` (Google Cloud Run, Fly.io, Render, Railway) run it as it is.

## Datasette's own publishers

`datasette publish cloudrun|heroku|vercel|fly` install their packages from an index with
`--install`, and this Telaah wheel exists only in this folder: on those hosts deploy the
`Dockerfile` instead (`gcloud run deploy --source .`, `fly launch`, Render's Docker
service all build it as it is). For a host without Python, `telaah publish --static`
writes the same pages as plain files.
"""


PACKAGES = ("cli", "corpus", "coding", "extract", "datasette_plugins")


def build_wheel(out: Path, label: str) -> tuple[str, str]:
    """A wheel of this Telaah in ``out``, versioned ``X.Y.Z+site.LABEL``; returns its file
    name and version.

    The local version label is what makes ``pip install --find-links DIR -r
    requirements.txt`` install this wheel: an unrelated project named ``telaah`` is on
    PyPI with the same version number, and pip may prefer the index's file. PyPI cannot
    carry a local version, so ``telaah==X.Y.Z+site.LABEL`` only matches the wheel here.
    Built (``pip wheel --no-deps``) from a copy of the source, so the clone is untouched.
    """
    if not (PROJECT_ROOT / "pyproject.toml").is_file():
        raise PublishError(
            f"Telaah's source (pyproject.toml) is not at {PROJECT_ROOT}; publish from a "
            "clone of Telaah installed with pip install -e ."
        )
    with tempfile.TemporaryDirectory(prefix="telaah-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("README.md", "LICENSE"):
            shutil.copy(PROJECT_ROOT / name, src / name)
        for package in PACKAGES:
            shutil.copytree(
                PROJECT_ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__")
            )
        pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
        version = f"{package_version('telaah')}+site.{label}"
        pyproject = re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', pyproject, count=1)
        (src / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(out)],
            capture_output=True,
            text=True,
        )
    wheels = sorted(out.glob("telaah-*.whl"))
    if run.returncode != 0 or not wheels:
        raise PublishError(f"building Telaah's wheel failed: {run.stderr.strip()[-500:]}")
    return wheels[-1].name, version


def _inspect(out: Path, database: str) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "datasette",
            "inspect",
            f"{database}.db",
            "--inspect-file",
            "inspect-data.json",
        ],
        cwd=out,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise PublishError(f"datasette inspect failed: {run.stderr.strip()[-500:]}")


def publish_site(
    db: Database,
    db_path: str | Path,
    out: str | Path,
    *,
    base_url: str | None,
    title: str | None = None,
    license: str | None = None,
    author: str | None = None,
    static: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> PublishResult:
    """Write the published site of the corpus ``db`` (opened from ``db_path``) into ``out``."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PublishError(f"{out} is not an empty folder; publish into a new one")
    if base_url:
        base_url = check_base_url(base_url)
    elif not static:
        raise PublishError(
            "a published site needs the address it will live at, for its permanent links: "
            "--base-url https://example.org/netralitas"
        )
    database = Path(db_path).stem
    title = title or f"Telaah corpus: {database}"
    out.mkdir(parents=True, exist_ok=True)
    version = copy_corpus(
        db.conn,
        out / f"{database}.db",
        {
            "title": title,
            "license": license,
            "base_url": base_url,
            "published_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    )
    metadata = site_metadata(
        database, title=title, license=license, base_url=base_url, author=author
    )
    (out / "metadata.yml").write_text(
        yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = PublishResult(
        out=str(out), database=database, version=version, base_url=base_url, static=static
    )
    if static:
        from .static_site import write_static_site

        ds = make_datasette(
            out / f"{database}.db", metadata=out / "metadata.yml", immutable=True, static=True
        )
        conn = sqlite3.connect(f"file:{out / (database + '.db')}?mode=ro", uri=True)
        try:
            rendered = write_static_site(
                ds,
                conn,
                out,
                base_url=base_url,
                extra_files={f"/{database}.db": f"{database}.db"},
                progress=progress,
            )
        finally:
            conn.close()
        (out / "metadata.yml").unlink()
        result.pages = len(rendered.files)
        result.failed = rendered.failed
    else:
        _inspect(out, database)
        wheel, wheel_version = build_wheel(out, version)
        (out / "requirements.txt").write_text(
            f"# Telaah as built for this site: {wheel} (pip install --find-links DIR -r ...)\n"
            f"telaah=={wheel_version}\n",
            encoding="utf-8",
        )
        (out / "Dockerfile").write_text(dockerfile(database), encoding="utf-8")
        (out / "README.md").write_text(
            _readme(database, title, base_url, wheel, version), encoding="utf-8"
        )
    result.files = sorted(str(p.relative_to(out)) for p in out.iterdir())
    return result
