"""Word and web readers against the bare libraries they stand on, on the same files.

Run ``.venv/bin/python bench/sources.py``. The files are the five seed texts in
``../shared/seeds`` converted by LibreOffice to .docx and to .html (real thesis and article
text, in files made by a real word processor); without ``../shared`` or LibreOffice it says
``skipped: ...`` and exits 0. In one run it times, best of ``--repeat``:

* ``python-docx paragraphs``: ``docx.Document`` and every paragraph's text, nothing else;
* ``docx2python`` (when installed), the other maintained reader the issue names;
* ``telaah .docx``: ``extract_file`` (styles, headings, footnotes, tables, metadata);
* ``trafilatura extract``: the main text of each page as plain text;
* ``telaah .html``: ``extract_file`` (trafilatura's XML, passages, metadata).

and prints each reader's words found as a share of the seed's words, so speed is never
bought with lost text.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"


def convert(seeds: list[Path], fmt: str, out: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(out), *map(str, seeds)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return [out / f"{s.stem}.{fmt.split(':')[0]}" for s in seeds]


def best(fn: Callable[[Path], str], files: list[Path], repeat: int) -> tuple[float, list[str]]:
    times, texts = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        texts = [fn(f) for f in files]
        times.append(time.perf_counter() - start)
    return min(times), texts


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def recall(found: list[str], seeds: list[Path]) -> float:
    """Share of each seed's distinct words that the reader returned, pooled."""
    hit = total = 0
    for text, seed in zip(found, seeds):
        want = set(words(seed.read_text(encoding="utf-8")))
        hit += len(want & set(words(text)))
        total += len(want)
    return hit / total if total else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        print(f"skipped: no seed texts at {SEEDS}")
        return 0
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("skipped: LibreOffice (soffice) is not installed")
        return 0
    import docx
    import trafilatura

    from extract import extract_file

    def telaah(path: Path) -> str:
        return "\n".join(p.text for p in extract_file(path).passages)

    def bare_docx(path: Path) -> str:
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)

    def bare_html(path: Path) -> str:
        return trafilatura.extract(path.read_text(encoding="utf-8", errors="replace")) or ""

    with tempfile.TemporaryDirectory(prefix="telaah-bench-") as tmp:
        out = Path(tmp)
        word_files = convert(seeds, "docx:MS Word 2007 XML", out)
        web_files = convert(seeds, "html", out)
        readers: list[tuple[str, Callable[[Path], str], list[Path]]] = [
            ("python-docx paragraphs", bare_docx, word_files),
        ]
        try:
            from docx2python import docx2python

            def d2p(path: Path) -> str:
                with docx2python(str(path)) as content:
                    return content.text

            readers.append(("docx2python", d2p, word_files))
        except ImportError:
            pass
        readers += [
            ("telaah .docx", telaah, word_files),
            ("trafilatura extract", bare_html, web_files),
            ("telaah .html", telaah, web_files),
        ]
        rows = []
        for name, fn, files in readers:
            seconds, texts = best(fn, files, args.repeat)
            rows.append((name, seconds, recall(texts, seeds)))
    base = {"docx": rows[0][1], "html": next(r[1] for r in rows if r[0] == "trafilatura extract")}
    print(f"{len(seeds)} seed texts as .docx and .html (LibreOffice), best of {args.repeat}")
    print(f"{'reader':<24}{'seconds':>9}{'ms/file':>9}{'x bare':>8}{'word recall':>13}")
    for name, seconds, rec in rows:
        ref = base["html"] if "html" in name or "trafilatura" in name else base["docx"]
        print(
            f"{name:<24}{seconds:>9.3f}{1000 * seconds / len(seeds):>9.1f}"
            f"{seconds / ref:>8.2f}{rec:>13.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
