"""The house rules, checked on the source: imports run one way (cli -> datasette_plugins ->
coding -> corpus -> extract) with no cycle among modules, and every table has one writer.

Both read the code with ``ast`` and plain text, no third-party tool, so a new module is
checked the day it is added. Imports inside functions count: a lazy import that closes a
cycle is still a cycle (it only moves the failure to run time).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("cli", "datasette_plugins", "coding", "corpus", "extract")  # top to bottom


def modules() -> dict[str, Path]:
    """Every module of the packages: dotted name -> file (a package is its __init__)."""
    out = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports anywhere in its file (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str) -> None:
        while target and target not in known:  # ``from x import function``: the module
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            if stem.split(".")[0] not in LAYERS:
                continue
            for alias in node.names:
                candidate = f"{stem}.{alias.name}"
                add(candidate if candidate in known else stem)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_walker_sees_relative_lazy_and_package_imports():
    graph = import_graph()
    assert "corpus.db" in graph["coding.codings"]  # from corpus.db import ...
    assert "coding.codebook" in graph["coding.codings"]  # from .codebook import ...
    assert "coding.refi.qdc" in graph["coding.codebook_io"]  # lazy, inside a function
    assert "coding.suggestions" in graph["coding.recode"]  # from . import suggestions
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_modules():
    found = cycles(import_graph())
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_imports_run_down_the_layers():
    rank = {package: n for n, package in enumerate(LAYERS)}
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in import_graph().items()
        for target in targets
        if rank[target.split(".")[0]] < rank[name.split(".")[0]]
    )
    assert upward == [], "imports against cli -> datasette_plugins -> coding -> corpus -> extract"


# -- one writer per table ------------------------------------------------------------------

# table -> the one module that inserts, updates or deletes its rows. Add a table here when
# a migration adds one. ``corpus/schema.py`` (its migrations create and back-fill tables)
# is the schema's owner, not a writer, and is not scanned.
WRITERS = {
    "documents": "corpus/store.py",
    "pages": "corpus/store.py",
    "passages": "corpus/store.py",
    "passages_stem_fts": "corpus/store.py",
    "pdf_tables": "corpus/store.py",
    "retired_passages": "corpus/store.py",
    "ingest_failures": "corpus/store.py",
    "codes": "coding/codebook.py",
    "code_aliases": "coding/codebook.py",
    "codings": "coding/codings.py",
    "coding_events": "corpus/events.py",
    "suggestions": "coding/suggestions.py",
    "suggestion_decisions": "coding/suggestions.py",
    "findings": "coding/findings.py",
    "attributes": "coding/attributes.py",
    "document_attributes": "coding/attributes.py",
    "attribute_suggestions": "coding/attributes.py",
    "memos": "coding/memos.py",
    "web_captures": "corpus/store.py",
    "corpus_publication": "corpus/publication.py",
    "role_overrides": "corpus/store.py",
}

_SQL_WRITE = r"(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+\[?{t}\b"
_API_WRITE = r"""\[["']{t}["']\]\s*\.\s*(?:insert|upsert|update|delete)\w*\("""


def writers_of(table: str) -> set[str]:
    pattern = re.compile(
        _SQL_WRITE.format(t=re.escape(table)) + "|" + _API_WRITE.format(t=re.escape(table)),
        re.IGNORECASE,
    )
    found = set()
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel != "corpus/schema.py" and pattern.search(path.read_text(encoding="utf-8")):
                found.add(rel)
    return found


def test_the_writer_scan_sees_sql_and_sqlite_utils_writes():
    assert "coding/codings.py" in writers_of("codings")  # db["codings"].insert(row)
    assert "corpus/store.py" in writers_of("ingest_failures")  # delete from ingest_failures
    assert "corpus/events.py" in writers_of("coding_events")  # INSERT INTO coding_events


def test_every_table_has_one_writer():
    wrong = {
        table: sorted(found)
        for table, writer in WRITERS.items()
        if (found := writers_of(table)) != {writer}
    }
    assert wrong == {}, "tables written outside their writer (update WRITERS or move the write)"


def test_every_table_is_in_the_writer_map(db):
    tables = {
        r[0]
        for r in db.execute("select name from sqlite_master where type = 'table'").fetchall()
        if not r[0].startswith(("sqlite_", "_sqlite_"))
        and "_fts_" not in r[0]
        and not r[0].endswith("_fts")
    }
    unwritten = {t for t in tables - set(WRITERS) if writers_of(t)}
    assert unwritten == set(), "add these tables to WRITERS"
