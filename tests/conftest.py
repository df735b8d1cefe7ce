"""Fixtures shared by every test package: a fresh corpus file and the shared test data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.db import open_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def db(db_path: Path):
    database = open_corpus(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the project; absent in a user's clone, so tests skip."""
    if not (SHARED / "pdfs" / "MANIFEST.tsv").exists():
        pytest.skip(f"needs the shared test data at {SHARED} (not part of a user's clone)")
    return SHARED


def _soffice_convert(
    src: Path, fmt: str, outdir: Path, *extra: str, profile: Path | None = None
) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed; make system-deps installs it")
    profile = profile or outdir / "lo-profile"  # private, so parallel runs share none
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            *extra,
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Error" not in run.stderr, run.stderr
    assert out.exists(), run.stdout + run.stderr
    return out


@pytest.fixture(scope="session")
def soffice_convert():
    """``soffice_convert(src, fmt, outdir, *options, profile=None)``: Debian's LibreOffice,
    headless, converts ``src`` and returns the file it wrote; skips without LibreOffice."""
    return _soffice_convert


@pytest.fixture(scope="session")
def news_page() -> Path:
    """A saved news page of our own writing, with menu, "Baca juga", comments and footer."""
    return ROOT / "tests" / "data" / "berita.html"
