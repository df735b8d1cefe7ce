"""Ingest files into a corpus: find them, extract in parallel processes, write one by one.

Extraction is CPU-bound and independent per file, so it runs in a process pool; writing is
done by this process alone, one transaction per document, so a killed run leaves only
whole documents behind. Every file ends as exactly one :class:`FileOutcome`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlite_utils import Database

from extract import (
    READS,
    SUFFIXES,
    ExtractedDocument,
    ExtractionError,
    ExtractSettings,
    file_sha256,
)
from extract import extract_file as _extract_file
from extract.fetch import Fetched, fetch, is_url
from extract.ocr import require_tesseract

from .db import write_lock
from .search import stem_text
from .store import (
    OnReplace,
    clear_failure,
    find_document,
    record_failure,
    write_capture,
    write_document,
)

CRASH_REASON = "the PDF library crashed on this file (its worker process died)"
CRASH_HINT = "open it in a PDF viewer; if it shows, print it to a new PDF and ingest that"


@dataclass
class FileOutcome:
    path: str
    status: str  # added, updated, skipped, failed
    document_id: str | None = None
    passages: int = 0
    pages: int = 0
    reason: str | None = None
    hint: str | None = None
    warnings: list[str] = field(default_factory=list)
    codings_unplaced: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one line a researcher reads for this file."""
        if self.status == "failed":
            hint = f" ({self.hint})" if self.hint else ""
            return f"FAILED {self.path}: {self.reason}{hint}"
        if self.status == "skipped":
            why = self.reason or "unchanged (use --force to re-extract)"
            return f"skipped {self.path}: {why}"
        extra = "".join(f"; {w}" for w in self.warnings)
        unplaced = (
            f"; {len(self.codings_unplaced)} coding(s) lost their text (marked unplaced)"
            if self.codings_unplaced
            else ""
        )
        return (
            f"{self.status} {self.path}: {_count(self.passages, 'passage')}, "
            f"{_count(self.pages, 'page')}{extra}{unplaced}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0

    def summary(self) -> str:
        passages = sum(o.passages for o in self.outcomes)
        return (
            f"{_count(len(self.outcomes), 'file')}: {self.count('added')} added, "
            f"{self.count('updated')} updated, {self.count('skipped')} unchanged, "
            f"{self.count('failed')} failed; {passages} passages written"
        )

    def to_dict(self) -> dict:
        return {
            "files": len(self.outcomes),
            "added": self.count("added"),
            "updated": self.count("updated"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "passages": sum(o.passages for o in self.outcomes),
            "outcomes": [asdict(o) for o in self.outcomes],
        }


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named directly, and every non-hidden file below named folders, sorted.

    Unsupported files below a folder are kept so that they are reported, not ignored.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path).parts
                if sub.is_file() and not any(part.startswith(".") for part in rel):
                    found.append(sub)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


@dataclass
class _Job:
    order: int  # position in discovery order, so the report lists files as found
    path: str
    sha256: str
    size: int


@dataclass
class _Extracted:
    """A worker's answer: the document and its passages' stems (text, section), computed in
    the worker so stemming runs in parallel, not in the one writing process."""

    doc: ExtractedDocument
    stems: list[tuple[str, str]]


def _extract_job(path: str, settings: ExtractSettings, sha256: str) -> _Extracted:
    doc = _extract_file(path, settings, sha256=sha256)
    return _Extracted(doc, [(stem_text(p.text), stem_text(p.section)) for p in doc.passages])


def _exit_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the ingesting process is gone.

    A ``kill -9`` of ``telaah ingest`` would otherwise leave its workers waiting forever
    for work that never comes.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="telaah-parent-watch").start()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    )


def ingest(
    db: Database,
    paths: Iterable[str | os.PathLike],
    *,
    settings: ExtractSettings | None = None,
    workers: int | None = None,
    force: bool = False,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_replace: OnReplace | None = None,
) -> IngestReport:
    """Ingest files and folders; return what happened to each file, in discovery order.

    ``workers`` defaults to every core; with 1 (or one file to read) extraction runs in
    this process, with no pool to start. ``on_start`` gets the number of files found and
    ``on_outcome`` each file's outcome as soon as it is known (for a progress bar).
    ``on_replace`` runs when a document is replaced, in its transaction; by default the
    installed ``telaah.on_replace`` hooks do (``coding.codings.reanchor``: codings follow
    their text).
    Raises :class:`extract.ocr.OcrUnavailable` before reading anything when
    ``settings.ocr`` is on and Tesseract cannot serve ``settings.ocr_language``.
    """
    settings = settings or ExtractSettings()
    if settings.ocr:
        require_tesseract(settings.ocr_language)
    workers = workers or os.cpu_count() or 1
    paths = list(paths)
    urls = list(dict.fromkeys(str(p).strip() for p in paths if is_url(str(p))))
    files = discover(p for p in paths if not is_url(str(p)))
    if on_start:
        on_start(len(files) + len(urls))
    outcomes: dict[int, FileOutcome] = {}

    def done(order: int, outcome: FileOutcome) -> None:
        outcomes[order] = outcome
        if on_outcome:
            on_outcome(outcome)

    todo: list[_Job] = []
    first_with_sha: dict[str, str] = {}
    for order, f in enumerate(files):
        path = str(f)
        if not f.is_file():
            done(order, FileOutcome(path, "failed", reason="no such file", hint="check the path"))
            continue
        if f.suffix.lower() not in SUFFIXES:
            reason = f"unsupported file type {f.suffix or '(no extension)'}"
            hint = READS
            done(order, _failed(db, path, None, reason, hint))
            continue
        try:
            size = f.stat().st_size
            sha = file_sha256(f)
        except OSError as e:
            reason = f"cannot read file: {e.strerror}"
            done(order, FileOutcome(path, "failed", reason=reason, hint="check its permissions"))
            continue
        if sha in first_with_sha:
            why = f"same content as {first_with_sha[sha]}"
            done(order, FileOutcome(path, "skipped", reason=why))
            continue
        first_with_sha[sha] = path
        existing = find_document(db, sha256=sha, source_path=path)
        if existing and existing["sha256"] == sha and not force:
            clear_failure(db, path)
            done(order, FileOutcome(path, "skipped", document_id=existing["id"]))
            continue
        todo.append(_Job(order, path, sha, size))

    def land(job: _Job, result: _Extracted | BaseException) -> None:
        if isinstance(result, BaseException):
            if isinstance(result, ExtractionError):
                reason, hint = result.reason, result.hint
            else:
                reason = f"unexpected {type(result).__name__}: {str(result)[:200]}"
                hint = "please report this file with the Telaah version"
            done(job.order, _failed(db, job.path, job.sha256, reason, hint))
            return
        done(job.order, _land(db, job.path, result.doc, stems=result.stems, on_replace=on_replace))

    for order, url in enumerate(urls, start=len(files)):
        done(order, _ingest_url(db, url, settings, force=force, on_replace=on_replace))
    if workers <= 1 or len(todo) <= 1:
        for job in todo:
            try:
                result: _Extracted | BaseException = _extract_job(job.path, settings, job.sha256)
            except Exception as e:  # reported per file; the run goes on
                result = e
            land(job, result)
    else:
        # Largest first: the longest file starts at once instead of finishing last alone.
        todo.sort(key=lambda j: (-j.size, j.order))
        _run_pool(todo, settings, min(workers, len(todo)), land)
    return IngestReport([outcomes[k] for k in sorted(outcomes)])


def _run_pool(
    todo: list[_Job],
    settings: ExtractSettings,
    workers: int,
    land: Callable[[_Job, _Extracted | BaseException], None],
) -> None:
    """Extract in ``workers`` processes and land each result here, in this process.

    At most ``2 * workers`` files are in flight, so memory stays flat on big folders. A
    worker that dies (a crash inside a PDF library, or the out-of-memory killer) breaks
    the whole pool without saying which file did it: the files that were in flight are
    then read again one at a time, each in a pool of its own, so only the guilty file
    fails and the others land.
    """
    queue = list(reversed(todo))
    while queue:
        suspects: list[_Job] = []
        with _pool(workers) as pool:
            running: dict[Future, _Job] = {}
            broken = False
            while (queue or running) and not broken:
                try:
                    while queue and len(running) < 2 * workers:
                        job = queue[-1]
                        running[pool.submit(_extract_job, job.path, settings, job.sha256)] = job
                        queue.pop()
                except BrokenProcessPool:  # it broke before this job was handed over
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    job = running.pop(fut)
                    try:
                        result: _Extracted | BaseException = fut.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                        broken = True
                        continue
                    except Exception as e:
                        result = e
                    land(job, result)
            suspects.extend(running.values())
        for job in sorted(suspects, key=lambda j: j.order):
            land(job, _extract_isolated(job, settings))


def _extract_isolated(job: _Job, settings: ExtractSettings) -> _Extracted | BaseException:
    with _pool(1) as pool:
        try:
            return pool.submit(_extract_job, job.path, settings, job.sha256).result()
        except BrokenProcessPool:
            return ExtractionError(CRASH_REASON, CRASH_HINT)
        except Exception as e:
            return e


def _ingest_url(
    db: Database,
    url: str,
    settings: ExtractSettings,
    *,
    force: bool,
    on_replace: OnReplace | None,
) -> FileOutcome:
    """Fetch one web source, extract it here (a page takes milliseconds) and land it whole,
    with the page as served. An address already in the corpus is not fetched again unless
    ``force``: a news page changes its ads on every visit, not its article."""
    existing = next(iter(db.query("select id from documents where source_path = ?", [url])), None)
    if existing and not force:
        clear_failure(db, url)
        why = "already ingested (use --force to fetch it again)"
        return FileOutcome(url, "skipped", document_id=existing["id"], reason=why)
    try:
        fetched = fetch(url)
        sha = hashlib.sha256(fetched.data).hexdigest()
        same = next(iter(db.query("select * from documents where sha256 = ?", [sha])), None)
        if same and not force:
            why = f"same content as {same['source_path']}"
            return FileOutcome(url, "skipped", document_id=same["id"], reason=why)
        doc = _extract_fetched(fetched, sha, settings)
    except ExtractionError as e:
        return _failed(db, url, None, e.reason, e.hint)
    if fetched.final_url != url:
        doc.warnings.insert(0, f"redirected to {fetched.final_url}")

    def keep_page(document_id: str) -> None:
        write_capture(
            db,
            document_id,
            url=url,
            final_url=fetched.final_url,
            fetched_at=fetched.fetched_at,
            content_type=fetched.content_type,
            body=fetched.data,
        )

    return _land(db, url, doc, on_replace=on_replace, also=keep_page)


def _land(
    db: Database,
    path: str,
    doc: ExtractedDocument,
    *,
    stems: list[tuple[str, str]] | None = None,
    on_replace: OnReplace | None,
    also: Callable[[str], None] | None = None,
) -> FileOutcome:
    """Write one extracted document (and ``also(document_id)``, in the same transaction),
    clear the source's earlier failure, and say what happened."""
    with write_lock(db):
        written = write_document(db, doc, stems=stems, on_replace=on_replace)
        if also:
            also(written.document_id)
        clear_failure(db, path)
    return FileOutcome(
        path,
        "updated" if written.replaced else "added",
        document_id=written.document_id,
        passages=written.passages,
        pages=doc.page_count,
        warnings=doc.warnings,
        codings_unplaced=written.codings_unplaced,
    )


def _failed(db: Database, path: str, sha: str | None, reason: str, hint: str | None) -> FileOutcome:
    record_failure(db, path, sha, reason, hint)
    return FileOutcome(path, "failed", reason=reason, hint=hint)


def _extract_fetched(fetched: Fetched, sha: str, settings: ExtractSettings) -> ExtractedDocument:
    from extract.html import extract_html_bytes

    if fetched.data.startswith(b"%PDF") or "application/pdf" in fetched.content_type:
        with tempfile.TemporaryDirectory(prefix="telaah-fetch-") as tmp:
            path = Path(tmp) / "fetched.pdf"
            path.write_bytes(fetched.data)
            doc = _extract_file(path, settings, sha256=sha)
        doc.source_path = fetched.url
        doc.metadata.url = doc.metadata.url or fetched.final_url
        return doc
    doc = extract_html_bytes(
        fetched.data, settings, source_path=fetched.url, sha256=sha, url=fetched.final_url
    )
    return doc
