"""Ingest benchmark: our pipeline against a bare pdfplumber loop, on the same pages.

Run ``make bench`` (or ``.venv/bin/python bench/ingest.py``). It needs the shared test
PDFs in ``../shared/pdfs`` and says so and exits 0 when they are absent. In ONE run it times:

* ``bare``: ``pdfplumber.open`` + ``page.extract_text()`` + ``page.close()`` over every page;
* ``telaah -w 1`` and ``telaah -w 2``: the real ``telaah ingest`` into a fresh database;

each in its own process (so each pays interpreter start-up, and its peak memory is its
own: ``ru_maxrss`` from ``wait4``, which covers the pool workers it waited for), on the
MANIFEST's ``ok`` PDFs. Then the peak memory of each on the 162-page regulation, and where
the time of one document goes (extract, the pickle round trip a worker's result makes,
the database write). Targets (issue #2): one worker within 1.3x of the bare loop, two
workers at least 1.6x faster than one, peak memory under 500 MB on the regulation.

``--quick`` uses a few small files; ``--profile`` adds cProfile's top functions for the
extraction of the regulation.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pickle
import pstats
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_PDFS = ROOT.parent / "shared" / "pdfs"
REGULATION = "rifan-skripsi/pp-11-2017-manajemen-pns.pdf"
QUICK = [
    "fnsaja-skripsi/artikel-ubm-capres-2024.pdf",
    "fnsaja-skripsi/jep-2023-medsos-pengetahuan-politik.pdf",
    "datmin-tubes/madani-2020-toga.pdf",
    "rifan-skripsi/artikel-tryout-cpns.pdf",
]
TELAAH = Path(sys.executable).parent / "telaah"
TARGET_ONE_WORKER = 1.3
TARGET_TWO_WORKERS = 1.6
TARGET_PEAK_MB = 500


def ok_files(pdfs: Path) -> list[Path]:
    with open(pdfs / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [pdfs / r["file"] for r in rows if r["expect"] == "ok"]


def bare_loop(files: list[str]) -> None:
    """The baseline, run in a child process: what ``pdfplumber`` alone costs."""
    import pdfplumber

    pages = 0
    for name in files:
        with pdfplumber.open(name) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    print(pages)


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the workers it waited for
    peak_mb: float  # ru_maxrss: the largest single process of the tree
    summary: str = ""


def best(runs: list[Run]) -> Run:
    """The fastest of repeated runs (the least disturbed by other load), worst peak memory."""
    fastest = min(runs, key=lambda r: r.wall)
    peak = max(r.peak_mb for r in runs)
    return Run(fastest.wall, min(r.cpu for r in runs), peak, fastest.summary)


def run_measured(cmd: list[str]) -> Run:
    """Run ``cmd`` in a child process and measure it with ``wait4``."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read().decode()
    if proc.returncode not in (0, 1):  # 1: some file failed, reported by ingest itself
        raise SystemExit(f"benchmark step failed ({proc.returncode}): {' '.join(cmd)}")
    lines = stdout.strip().splitlines()
    return Run(
        elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, lines[-1] if lines else ""
    )


def bare(files: list[Path]) -> Run:
    return run_measured([sys.executable, __file__, "--bare-loop", *map(str, files)])


def ours(files: list[Path], workers: int, db_dir: Path) -> Run:
    db = db_dir / f"bench-{workers}w-{len(files)}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [str(TELAAH), "ingest", *map(str, files), "--db", str(db), "-w", str(workers), "-q"]
    return run_measured(cmd)


def page_count(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        total += len(pdf)
        pdf.close()
    return total


def breakdown(path: Path) -> list[tuple[str, float]]:
    """Where one document's time goes inside our pipeline (this process)."""
    from corpus.db import open_corpus
    from corpus.store import write_document
    from extract import extract_file, file_sha256

    t0 = time.perf_counter()
    sha = file_sha256(path)
    t1 = time.perf_counter()
    doc = extract_file(path, sha256=sha)
    t2 = time.perf_counter()
    blob = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(blob)
    t3 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_corpus(Path(tmp) / "one.db")
        t4 = time.perf_counter()
        write_document(db, doc)
        t5 = time.perf_counter()
        db.close()
    return [
        ("sha256 of the file", t1 - t0),
        (f"extract_file ({doc.page_count} pages, {len(doc.passages)} passages)", t2 - t1),
        (f"pickle round trip ({len(blob) / 1024:.0f} KiB)", t3 - t2),
        ("write_document (one transaction, FTS)", t5 - t4),
    ]


def profile(path: Path, top: int = 20) -> str:
    from extract import extract_file

    prof = cProfile.Profile()
    prof.enable()
    extract_file(path)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def table(rows: list[list[str]], headers: list[str]) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=headers, disable_numparse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few small files only")
    parser.add_argument("--profile", action="store_true", help="cProfile the regulation")
    parser.add_argument("--repeat", type=int, default=1, help="runs per variant; best is kept")
    parser.add_argument("--bare-loop", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_loop:
        bare_loop(args.bare_loop)
        return 0
    if not (SHARED_PDFS / "MANIFEST.tsv").exists():
        print(f"skipped: the benchmark needs the shared test PDFs in {SHARED_PDFS}")
        return 0
    files = [SHARED_PDFS / f for f in QUICK] if args.quick else ok_files(SHARED_PDFS)
    pages = page_count(files)
    cores = os.cpu_count()
    print(f"{len(files)} PDFs, {pages} pages, {cores} cores, Python {sys.version.split()[0]}")

    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.2f} before starting; other work skews the figures")
    reg = SHARED_PDFS / REGULATION
    reg_pages = page_count([reg])
    runs: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db_dir = Path(tmp)
        for _ in range(args.repeat):  # interleaved, so slow spells hit every variant alike
            for key, step in (
                ("bare", lambda: bare(files)),
                ("w1", lambda: ours(files, 1, db_dir)),
                ("w2", lambda: ours(files, 2, db_dir)),
                ("reg bare", lambda: bare([reg])),
                ("reg w1", lambda: ours([reg], 1, db_dir)),
            ):
                runs.setdefault(key, []).append(step())
    r = {key: best(v) for key, v in runs.items()}

    def row(label: str, run: Run, base: Run, n: int) -> list[str]:
        return [
            label,
            f"{run.wall:.2f}",
            f"{run.cpu:.2f}",
            f"{1000 * run.wall / n:.1f}",
            f"{run.wall / base.wall:.2f}",
            f"{run.peak_mb:.0f}",
        ]

    headers = ["seconds", "CPU s", "ms/page", "x bare", "peak MB"]
    print()
    print(
        table(
            [
                row("bare pdfplumber extract_text", r["bare"], r["bare"], pages),
                row("telaah ingest -w 1", r["w1"], r["bare"], pages),
                row("telaah ingest -w 2", r["w2"], r["bare"], pages),
            ],
            [f"{pages} pages, best of {args.repeat}", *headers],
        )
    )
    print(f"  -w 1: {r['w1'].summary}")
    print(f"  -w 2: {r['w2'].summary}")
    print()
    print(
        table(
            [
                row("bare pdfplumber extract_text", r["reg bare"], r["reg bare"], reg_pages),
                row("telaah ingest -w 1", r["reg w1"], r["reg bare"], reg_pages),
            ],
            [f"{reg.name} ({reg_pages} p.)", *headers],
        )
    )
    print()
    steps = [[step, f"{s:.3f}"] for step, s in breakdown(reg)]
    print(table(steps, ["one document, in-process", "seconds"]))

    one_ratio = r["w1"].wall / r["bare"].wall
    speedup = r["w1"].wall / r["w2"].wall
    peak = max(r["reg w1"].peak_mb, r["w1"].peak_mb, r["w2"].peak_mb)
    goals = [
        ["one worker vs bare loop", f"{one_ratio:.2f}x", f"<= {TARGET_ONE_WORKER}x"],
        ["two workers vs one", f"{speedup:.2f}x faster", f">= {TARGET_TWO_WORKERS}x"],
        ["peak memory (regulation, all files)", f"{peak:.0f} MB", f"< {TARGET_PEAK_MB} MB"],
    ]
    met = [one_ratio <= TARGET_ONE_WORKER, speedup >= TARGET_TWO_WORKERS, peak < TARGET_PEAK_MB]
    print()
    print(
        table(
            [[*g, "met" if ok else "MISSED"] for g, ok in zip(goals, met)],
            ["target", "measured", "goal", ""],
        )
    )
    load = os.getloadavg()[0]
    if load > cores + 0.5:
        print(f"note: load average {load:.2f} at the end: the machine was shared")
    if args.profile:
        print()
        print(f"cProfile of extract_file({REGULATION}), by own time:")
        print(profile(reg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
