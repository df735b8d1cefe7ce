"""Ingest files into a corpus: find them, extract in parallel processes, write one by one.

Extraction is CPU-bound and independent per file, so it runs in a process pool; writing is
done by this process alone, one transaction per document, so a killed run leaves only
whole documents behind. Every file ends as exactly one :class:`FileOutcome`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlite_utils import Database

from extract import SUFFIXES, ExtractedDocument, ExtractionError, ExtractSettings, file_sha256
from extract import extract_file as _extract_file

from .store import clear_failure, find_document, record_failure, write_document


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
            return f"skipped {self.path}: unchanged (use --force to re-extract)"
        extra = f"; {len(self.warnings)} warning(s)" if self.warnings else ""
        return f"{self.status} {self.path}: {self.passages} passages, {self.pages} pages{extra}"


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
            f"{len(self.outcomes)} files: {self.count('added')} added, "
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


def _extract_job(path: str, settings: ExtractSettings, sha256: str) -> ExtractedDocument:
    return _extract_file(path, settings, sha256=sha256)


def ingest(
    db: Database,
    paths: Iterable[str | os.PathLike],
    *,
    settings: ExtractSettings | None = None,
    workers: int | None = None,
    force: bool = False,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; return what happened to each file.

    ``workers`` defaults to every core; 1 extracts in this process (no pool start-up).
    """
    settings = settings or ExtractSettings()
    workers = workers or os.cpu_count() or 1
    report = IngestReport()
    files = discover(paths)
    if on_start:
        on_start(len(files))

    def done(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    todo: list[tuple[str, str]] = []
    for f in files:
        path = str(f)
        if not f.exists():
            done(FileOutcome(path, "failed", reason="no such file", hint="check the path"))
            continue
        if f.suffix.lower() not in SUFFIXES:
            reason = f"unsupported file type {f.suffix or '(no extension)'}"
            hint = "Telaah reads .pdf, .txt and .md"
            record_failure(db, path, None, reason, hint)
            done(FileOutcome(path, "failed", reason=reason, hint=hint))
            continue
        try:
            sha = file_sha256(f)
        except OSError as e:
            done(FileOutcome(path, "failed", reason=f"cannot read: {e.strerror}"))
            continue
        existing = find_document(db, sha256=sha, source_path=path)
        if existing and existing["sha256"] == sha and not force:
            done(FileOutcome(path, "skipped", document_id=existing["id"]))
            continue
        todo.append((path, sha))

    def land(path: str, sha: str, result: ExtractedDocument | BaseException) -> None:
        if isinstance(result, BaseException):
            if isinstance(result, ExtractionError):
                reason, hint = result.reason, result.hint
            else:
                reason = f"unexpected {type(result).__name__}: {str(result)[:200]}"
                hint = "please report this file with the Telaah version"
            record_failure(db, path, sha, reason, hint)
            done(FileOutcome(path, "failed", reason=reason, hint=hint))
            return
        written = write_document(db, result)
        clear_failure(db, path)
        done(
            FileOutcome(
                path,
                "updated" if written.replaced else "added",
                document_id=written.document_id,
                passages=written.passages,
                pages=result.page_count,
                warnings=result.warnings,
                codings_unplaced=written.codings_unplaced,
            )
        )

    if workers <= 1 or len(todo) <= 1:
        for path, sha in todo:
            try:
                result: ExtractedDocument | BaseException = _extract_job(path, settings, sha)
            except Exception as e:  # reported per file; the run goes on
                result = e
            land(path, sha, result)
        return report

    _run_pool(todo, settings, min(workers, len(todo)), land)
    return report


def _run_pool(
    todo: list[tuple[str, str]],
    settings: ExtractSettings,
    workers: int,
    land: Callable[[str, str, ExtractedDocument | BaseException], None],
) -> None:
    """Keep at most ``2 * workers`` files in flight so memory stays flat on big folders.

    A worker that dies (a crash inside a PDF library) fails only its own file: the pool is
    rebuilt and the other files go on.
    """
    queue = list(reversed(todo))
    while queue:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            running: dict[Future, tuple[str, str]] = {}
            broken = False
            while (queue or running) and not broken:
                while queue and len(running) < 2 * workers:
                    path, sha = queue.pop()
                    running[pool.submit(_extract_job, path, settings, sha)] = (path, sha)
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    path, sha = running.pop(fut)
                    try:
                        land(path, sha, fut.result())
                    except BrokenProcessPool:
                        broken = True
                        land(path, sha, ExtractionError("the extractor crashed on this file"))
                    except Exception as e:
                        land(path, sha, e)
            if broken:
                # The other in-flight files did not fail themselves: try them again.
                queue.extend(running.values())
