"""The codebook: codes in a tree, with Indonesian and English labels and suggestion patterns.

A codebook lives in the ``codes`` table and travels as YAML (versioned in git beside the
research) or as a REFI-QDA ``.qdc`` (exchanged with NVivo, ATLAS.ti, MAXQDA; read by
``coding.codebook_io``, so this module knows no exchange format). Renaming or
merging a code (``coding.recode``) never loses a coding: the old id is kept in
``code_aliases`` so ``get_code("old-id")`` and every command that takes a code id still
find it. This module writes ``codes`` and ``code_aliases`` and nothing else.

Code dicts are flat: ``{id, parent, label_id, label_en, description, colour, guid,
patterns}``; YAML may nest codes under ``children`` and keep patterns in a spaCy JSONL file
(``{"label": CODE_ID, "pattern": ..., "id": ...}`` per line) named by a top-level
``patterns:`` key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from sqlite_utils import Database

from corpus.db import now, write_lock

from . import codetree
from .codetree import children_of, tree_order
from .errors import AmbiguousCode, BadCodebook, CodeExists, NoSuchCode

CODE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FIELDS = ("label_id", "label_en", "description", "rules", "colour", "guid", "patterns")


def default_codebook_path() -> Path:
    """The codebook Telaah ships for research on civil-servant neutrality in elections."""
    return Path(__file__).resolve().parent / "data" / "codebook.yml"


# -- files --------------------------------------------------------------------------------


def load_codebook_file(path: str | Path) -> list[dict]:
    """Read a YAML or JSON codebook into flat code dicts, a parent before its children."""
    path = Path(path)
    if not path.is_file():
        raise BadCodebook(f"{path} does not exist; check the path, or use --default")
    if path.suffix.lower() in (".qdc", ".qdpx"):
        raise BadCodebook(
            f"{path.name} is a REFI-QDA file: import it with telaah codebook import "
            "(coding.codebook_io.import_codebook_file)"
        )
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BadCodebook(f"{path.name} is not valid YAML/JSON: {e}") from e
    if isinstance(data, dict):
        tree = data.get("codes")
        patterns_file = data.get("patterns")
    else:
        tree, patterns_file = data, None
    if not isinstance(tree, list):
        raise BadCodebook(f"{path.name}: expected a list of codes (or a `codes:` list)")
    codes = _flatten(tree, None, path.name)
    if isinstance(patterns_file, str):
        _attach_patterns(codes, path.parent / patterns_file)
    return codes


def load_patterns_file(path: str | Path) -> list[dict]:
    """spaCy JSONL patterns, one ``{"label", "pattern", "id"}`` object a line."""
    path = Path(path)
    if not path.is_file():
        raise BadCodebook(f"patterns file {path} does not exist; fix the `patterns:` key")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise BadCodebook(f"{path.name} line {n} is not JSON: {e}") from e
        if not isinstance(row, dict) or "label" not in row or "pattern" not in row:
            raise BadCodebook(f'{path.name} line {n}: needs "label" and "pattern"')
        rows.append(row)
    return rows


def _flatten(items: list, parent: str | None, name: str) -> list[dict]:
    out: list[dict] = []
    for item in items:
        if not isinstance(item, dict) or "id" not in item:
            raise BadCodebook(f"{name}: every code needs an `id` (got {item!r:.60})")
        code = normalise_code(item, parent=item.get("parent", parent))
        out.append(code)
        out.extend(_flatten(item.get("children") or [], code["id"], name))
    return out


def normalise_code(item: dict, *, parent: str | None = None) -> dict:
    """A code dict with every field present, validated, from YAML, JSON or REFI input."""
    code_id = str(item["id"])
    if not CODE_ID.match(code_id):
        raise BadCodebook(
            f'code id "{code_id}" must be letters, digits, "-" or "_" (it appears in URLs); '
            "e.g. conflict-of-interest"
        )
    label = item.get("label_id") or item.get("label") or code_id
    colour = item.get("colour") or item.get("color")
    if colour and not COLOUR.match(str(colour)):
        raise BadCodebook(f'code "{code_id}": colour "{colour}" must look like #c0392b')
    patterns = item.get("patterns")
    if patterns is not None and not isinstance(patterns, list):
        raise BadCodebook(f'code "{code_id}": patterns must be a list')
    return {
        "id": code_id,
        "parent": parent,
        "label_id": str(label),
        "label_en": item.get("label_en"),
        "description": _clean(item.get("description")),
        "rules": _clean(item.get("rules")),
        "colour": colour.lower() if colour else None,
        "guid": item.get("guid"),
        "patterns": [_strip_label(p) for p in patterns] if patterns else patterns,
        "formerly": [str(x) for x in item.get("formerly") or ()],
    }


def _clean(text: Any) -> str | None:
    return " ".join(str(text).split()) if text else None


def _strip_label(pattern: Any) -> dict:
    """Patterns belong to their code, so a pattern's own ``label`` is implied, not stored."""
    if isinstance(pattern, (str, list)):
        return {"pattern": pattern}
    if isinstance(pattern, dict) and "pattern" in pattern:
        return {k: v for k, v in pattern.items() if k != "label"}
    raise BadCodebook(f"a pattern must be a phrase, a token list or {{pattern: ...}}: {pattern!r}")


def _attach_patterns(codes: list[dict], path: Path) -> None:
    by_id = {c["id"]: c for c in codes}
    for row in load_patterns_file(path):
        code = by_id.get(row["label"])
        if code is None:
            raise BadCodebook(
                f"{path.name}: pattern {row.get('id', row['pattern'])!r} has label "
                f'"{row["label"]}", which is no code in the codebook'
            )
        code["patterns"] = (code["patterns"] or []) + [_strip_label(row)]


def export_codebook(db: Database, path: str | Path) -> Path:
    """Write the codebook as nested YAML with patterns inline, for versioning in git."""
    path = Path(path)
    kids = children_of(list_codes(db))

    def node(c: dict) -> dict:
        out: dict[str, Any] = {"id": c["id"], "label_id": c["label_id"]}
        for key in ("label_en", "description", "rules", "colour", "guid"):
            if c[key]:
                out[key] = c[key]
        if c["patterns"]:
            out["patterns"] = c["patterns"]
        if kids.get(c["id"]):
            out["children"] = [node(k) for k in kids[c["id"]]]
        return out

    doc = {"codes": [node(c) for c in kids.get(None, [])]}
    path.write_text(
        "# Telaah codebook: import with `telaah codebook import FILE`\n"
        + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return path


# -- the table ----------------------------------------------------------------------------


def _row_to_code(row: dict) -> dict:
    code = dict(row)
    code["patterns"] = json.loads(row["patterns"] or "[]")
    code["parent"] = row["parent_id"]
    return code


def resolve_code_id(db: Database, code_id: str) -> str:
    """The live id for what a researcher typed where a code id is expected.

    An id, or a former id of a renamed or merged code; else, case-insensitively, an id, a
    label (Indonesian or English) or whole words of one, when exactly one code matches
    (``kekerabatan`` -> ``kinship``). Raises AmbiguousCode when several do, and NoSuchCode
    with the closest ids ("did you mean") when none does.
    """
    if db.execute("select 1 from codes where id = ?", [code_id]).fetchone():
        return code_id
    row = db.execute("select code_id from code_aliases where old_id = ?", [code_id]).fetchone()
    if row:
        return row[0]
    wanted = " ".join(str(code_id).split()).casefold()
    codes = list(db.query("select id, label_id, label_en from codes order by sort, id"))
    for test in (
        lambda c: c["id"].casefold() == wanted,
        lambda c: wanted in {(c["label_id"] or "").casefold(), (c["label_en"] or "").casefold()},
        lambda c: any(
            re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", (label or "").casefold())
            for label in (c["label_id"], c["label_en"])
        ),
    ):
        hits = [c["id"] for c in codes if wanted and test(c)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise AmbiguousCode(code_id, hits)
    raise NoSuchCode(code_id, close_code_ids(codes, wanted))


def close_code_ids(codes: list[dict], wanted: str) -> list[str]:
    """Up to three code ids spelled like ``wanted`` (by id or label), for "did you mean"."""
    import difflib  # only on the error path

    by_name: dict[str, str] = {}
    for c in codes:
        for name in (c["id"], c["label_id"], c["label_en"]):
            if name:
                by_name.setdefault(name.casefold(), c["id"])
    out: list[str] = []
    for name in difflib.get_close_matches(wanted, list(by_name), n=6, cutoff=0.6):
        if by_name[name] not in out:
            out.append(by_name[name])
    return out[:3]


def get_code(db: Database, code_id: str) -> dict:
    """One code by id (or a former id of a renamed or merged code)."""
    live = resolve_code_id(db, code_id)
    row = next(db.query("select * from codes where id = ?", [live]))
    return _row_to_code(row)


def list_codes(db: Database) -> list[dict]:
    """Every code in tree order with ``path`` ("factors/kinship"), ``depth`` and counts.

    ``codings`` counts placed codings of the code itself; ``codings_total`` adds its
    descendants'; ``coders`` and ``passages`` count distinct coders and coded passages.
    """
    rows = [_row_to_code(r) for r in db.query("select * from codes order by sort, id")]
    counts = {
        r["code_id"]: r
        for r in db.query(
            "select code_id, count(*) as n, count(distinct coder) as coders, "
            "count(distinct passage_id) as passages from codings "
            "where status = 'placed' group by code_id"
        )
    }

    def total(code: dict, depth: int, children: list[dict]) -> None:
        c = counts.get(code["id"], {})
        code.update(codings=c.get("n", 0), coders=c.get("coders", 0), passages=c.get("passages", 0))
        code["codings_total"] = code["codings"] + sum(k["codings_total"] for k in children)

    return tree_order(rows, total)


def descendants(db: Database, code_id: str) -> list[str]:
    """``code_id`` (or the code it was renamed to) and the ids of every code below it."""
    return codetree.descendants(db, resolve_code_id(db, code_id))


def upsert_code(
    db: Database,
    code_id: str,
    label_id: str,
    *,
    parent_id: str | None = None,
    label_en: str | None = None,
    description: str | None = None,
    rules: str | None = None,
    colour: str | None = None,
    guid: str | None = None,
    patterns: list | None = None,
) -> dict:
    """Add a code or update one; an argument left as None keeps the stored value."""
    code = normalise_code(
        {
            "id": code_id,
            "label_id": label_id,
            "label_en": label_en,
            "description": description,
            "rules": rules,
            "colour": colour,
            "guid": guid,
            "patterns": patterns,
        },
        parent=parent_id,
    )
    with write_lock(db):
        _, stored = _upsert(db, code, sort=None)
    return stored


def _upsert(db: Database, code: dict, *, sort: int | None) -> tuple[str, dict]:
    """Insert or update one normalised code; return (added|updated|unchanged, stored row)."""
    parent = code["parent"]
    if parent is not None:
        parent = resolve_code_id(db, parent)
        if parent == code["id"] or code["id"] in codetree.ancestors(db, parent):
            raise BadCodebook(f'code "{code["id"]}" cannot be its own ancestor via "{parent}"')
    if code["guid"]:
        other = db.execute(
            "select id from codes where guid = ? and id != ?", [code["guid"], code["id"]]
        ).fetchone()
        if other:
            raise BadCodebook(
                f'GUID {code["guid"]} of "{code["id"]}" already belongs to code "{other[0]}"'
            )
    existing = list(db.query("select * from codes where id = ?", [code["id"]]))
    if not existing:
        max_sort = db.execute("select coalesce(max(sort), -1) from codes").fetchone()[0]
        row = {
            "id": code["id"],
            "parent_id": parent,
            "label_id": code["label_id"],
            "label_en": code["label_en"],
            "description": code["description"],
            "rules": code["rules"],
            "colour": code["colour"],
            "sort": sort if sort is not None else max_sort + 1,
            "guid": code["guid"],
            "patterns": json.dumps(code["patterns"] or [], ensure_ascii=False),
            "created_at": now(),
        }
        db["codes"].insert(row)
        # A new code with a former code's id takes the id back from the alias.
        db.execute("delete from code_aliases where old_id = ?", [code["id"]])
        return "added", _row_to_code(row)
    old = existing[0]
    new = dict(old)
    new["parent_id"] = parent if parent is not None else old["parent_id"]
    for key in FIELDS:
        value = code[key]
        if key == "patterns":
            if value:
                new["patterns"] = json.dumps(value, ensure_ascii=False)
        elif value is not None:
            new[key] = value
    if sort is not None:
        new["sort"] = sort
    if new == old:
        return "unchanged", _row_to_code(old)
    db["codes"].update(code["id"], {k: v for k, v in new.items() if k != "id"})
    return "updated", _row_to_code(new)


def import_codebook(
    db: Database,
    codes: list[dict] | str | Path,
    *,
    replace: bool = False,
    rename: Callable[..., Any] | None = None,
) -> dict:
    """Bring a codebook (dicts or a YAML/JSON file) into the corpus.

    A code listed with ``formerly: [old-id]`` renames a stored ``old-id`` through
    ``rename(db, old_id, new_id, by=...)``, which moves codings and suggestions too
    (``coding.recode.rename_code``; ``coding.codebook_io.import_codebook_file`` passes it:
    this module writes only the codebook's own tables).

    A REFI-QDA ``.qdc``/``.qdpx`` goes through ``coding.codebook_io.import_codebook_file``
    (which reads it into dicts), so this module knows no exchange format.

    A code is matched by its GUID first (so a codebook exported to NVivo and back keeps
    its ids), then by id. Fields the file leaves empty keep their stored values, so a
    ``.qdc`` (which has no English labels or patterns) does not wipe them. With
    ``replace``, codes absent from the file are removed, unless codings use them: those
    are kept and reported under ``kept_in_use``.

    Returns ``{"added": [...], "updated": [...], "unchanged": [...], "removed": [...],
    "kept_in_use": [...]}`` (code ids).
    """
    if isinstance(codes, (str, Path)):
        items = load_codebook_file(codes)
    else:
        items = [normalise_code(c, parent=c.get("parent", c.get("parent_id"))) for c in codes]
    seen: set[str] = set()
    for c in items:
        if c["id"] in seen:
            raise BadCodebook(f'code id "{c["id"]}" appears twice in the codebook; keep one')
        seen.add(c["id"])
    report: dict[str, list[str]] = {
        "added": [],
        "updated": [],
        "unchanged": [],
        "removed": [],
        "kept_in_use": [],
    }
    with write_lock(db):
        matched = _guid_matches(db, items)
        _take_former_ids(db, items, matched, rename)
        for sort, c in enumerate(_parents_first(items)):
            c = {**c, "id": matched.get(c["id"], c["id"])}
            if c["parent"] is not None:
                c["parent"] = matched.get(c["parent"], c["parent"])
            outcome, _ = _upsert(db, c, sort=sort)
            report[outcome].append(c["id"])
            for old_id in c.get("_aliases") or ():
                db["code_aliases"].upsert(
                    {"old_id": old_id, "code_id": c["id"], "changed_at": now()}, pk="old_id"
                )
        if replace:
            keep = {matched.get(c["id"], c["id"]) for c in items}
            _remove_absent(db, keep, report)
    return report


def _take_former_ids(
    db: Database, items: list[dict], matched: dict[str, str], rename: Callable[..., Any] | None
) -> None:
    """Rename stored codes a codebook lists under ``formerly``, before importing it.

    A codebook that renames a code (``career-ambition`` became ``career-stake``) says so
    with ``formerly: [old-id]``; importing it into a corpus that still has the old code
    renames that code, so its codings, suggestions and children follow and the old id
    resolves through ``code_aliases``. In a corpus that never had it, the old id is
    recorded as an alias all the same, so a coding imported later under it still lands.
    """
    for c in items:
        new_id = matched.get(c["id"], c["id"])
        for old_id in c.get("formerly") or ():
            old_there = db.execute("select 1 from codes where id = ?", [old_id]).fetchone()
            new_there = db.execute("select 1 from codes where id = ?", [new_id]).fetchone()
            if old_there and not new_there:
                if rename is None:
                    raise BadCodebook(
                        f'the codebook renames "{old_id}" to "{new_id}" and this corpus still '
                        f"has {old_id}; import it with: telaah codebook import (or "
                        "coding.codebook_io.import_codebook_file), so its codings follow"
                    )
                rename(db, old_id, new_id, by="codebook import")
            elif not old_there:
                c.setdefault("_aliases", []).append(old_id)


def _guid_matches(db: Database, items: list[dict]) -> dict[str, str]:
    """Incoming id -> stored id, for codes whose GUID is already in the corpus."""
    out = {}
    for c in items:
        if c["guid"]:
            row = db.execute("select id from codes where guid = ?", [c["guid"]]).fetchone()
            if row and row[0] != c["id"]:
                out[c["id"]] = row[0]
    return out


def _parents_first(items: list[dict]) -> list[dict]:
    """Order codes so each parent is written before its children (foreign key)."""
    by_id = {c["id"]: c for c in items}
    done: set[str] = set()
    out: list[dict] = []

    def visit(c: dict, trail: tuple[str, ...]) -> None:
        if c["id"] in done:
            return
        if c["id"] in trail:
            raise BadCodebook(f"codes form a cycle: {' -> '.join(trail + (c['id'],))}")
        parent = by_id.get(c["parent"]) if c["parent"] else None
        if parent is not None:
            visit(parent, trail + (c["id"],))
        done.add(c["id"])
        out.append(c)

    for c in items:
        visit(c, ())
    return out


def _remove_absent(db: Database, keep: set[str], report: dict[str, list[str]]) -> None:
    stored = [r[0] for r in db.execute("select id from codes order by sort desc").fetchall()]
    for code_id in stored:
        if code_id in keep:
            continue
        used = db.execute("select count(*) from codings where code_id = ?", [code_id]).fetchone()[0]
        has_kids = db.execute(
            "select count(*) from codes where parent_id = ?", [code_id]
        ).fetchone()[0]
        if used or has_kids:
            report["kept_in_use"].append(code_id)
            continue
        db.execute("delete from code_aliases where code_id = ?", [code_id])
        db.execute("delete from codes where id = ?", [code_id])
        report["removed"].append(code_id)


def copy_code(db: Database, old_id: str, new_id: str) -> None:
    """Add ``new_id`` as a copy of code ``old_id``, taking over its GUID (a rename's first
    step, see ``coding.recode``); raises CodeExists. The caller holds the write lock."""
    if not CODE_ID.match(new_id):
        raise BadCodebook(f'code id "{new_id}" must be letters, digits, "-" or "_"')
    if db.execute("select 1 from codes where id = ?", [new_id]).fetchone():
        raise CodeExists(new_id)
    row = next(db.query("select * from codes where id = ?", [old_id]))
    db.execute("update codes set guid = null where id = ?", [old_id])
    db["codes"].insert({**row, "id": new_id})


def retire_code(db: Database, old_id: str, new_id: str) -> None:
    """Remove code ``old_id`` once its codings moved to ``new_id``: its children and former
    ids follow, and ``old_id`` stays resolvable as an alias. The caller holds the lock."""
    db.execute("update codes set parent_id = ? where parent_id = ?", [new_id, old_id])
    db.execute("update code_aliases set code_id = ? where code_id = ?", [new_id, old_id])
    db["code_aliases"].upsert(
        {"old_id": old_id, "code_id": new_id, "changed_at": now()}, pk="old_id"
    )
    db.execute("delete from codes where id = ?", [old_id])
