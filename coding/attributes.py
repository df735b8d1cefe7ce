"""Study attributes (REFI-QDA's case variables): what a study is about, one value per
document and attribute, each saying where it came from and who set it.

Researchers compare studies by election, region, method, data and informants; no PDF
states these in a field. An attribute is defined once (``text``, ``number``, ``date``,
``category`` with its allowed values, or ``list`` of items, optionally from allowed
values), then set per document by hand (source ``manual``), from a spreadsheet
(``csv``), a reference library (``bib``), a REFI-QDA project (``qdpx``) or by accepting a
value read from the text (``suggested``).

This module is the only writer of ``attributes``, ``document_attributes`` and
``attribute_suggestions``. Values are stored as text: a number in its shortest form
(``12``, ``12.5``), a date as ``YYYY-MM-DD``, a category in its defined spelling, a list
as a JSON list. :func:`attribute_values` gives them back typed for synthesis and exports.

Suggestions (``telaah attr suggest``) are proposals, never values: they wait in
``attribute_suggestions`` until a person accepts one (it becomes the value, source
``suggested``, with the passage that shows it) or rejects it (it is not proposed again).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from corpus.db import now, write_lock

from .bibliography import normalise_doi, normalise_title
from .errors import CodingError, MissingCoder

TYPES = ("text", "number", "date", "category", "list")
SOURCES = ("manual", "csv", "bib", "qdpx", "suggested")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LIST_SEPARATOR = ";"
# Names an attribute may not take: the documents' own fields, which exports put beside
# the attributes (documents.csv, REFI-QDA case variables), and the CSV import's key.
RESERVED = frozenset(
    {
        "id", "document", "document_id", "title", "authors", "year", "kind", "venue",
        "volume", "issue", "pages", "doi", "issn", "institution", "language", "abstract",
        "keywords", "page_count", "sha256", "source_path", "file_size", "extractor",
        "extractor_version", "extractor_settings", "field_sources", "warnings",
        "ingested_at", "reference", "codings", "pdf", "telaah_document_id",
    }
)  # fmt: skip


# -- errors ---------------------------------------------------------------------------------


class AttributesError(CodingError):
    """Base of the errors about study attributes."""


class NoSuchAttribute(AttributesError):
    def __init__(self, name: str):
        super().__init__(
            f'attribute "{name}" is not defined; define it with: telaah attr define {name} '
            "--type text (list attributes with: telaah attr list)"
        )


class NoSuchDocument(AttributesError):
    def __init__(self, document_id: str):
        super().__init__(
            f'document "{document_id}" does not exist; list documents with: telaah documents'
        )


class BadAttribute(AttributesError):
    """A definition that cannot be used as given; the message names the field."""


class BadValue(AttributesError):
    """A value that does not fit its attribute's type or allowed values."""


class AttributeInUse(AttributesError):
    pass


class NoSuchAttributeSuggestion(AttributesError):
    def __init__(self, suggestion_id: str):
        super().__init__(
            f'attribute suggestion "{suggestion_id}" does not exist; list them with: '
            "telaah attr suggest --json"
        )


class BadCsv(AttributesError):
    """A CSV file that cannot be imported at all (no ``document`` column, unknown columns)."""


# -- definitions ----------------------------------------------------------------------------


def _definition(row: dict) -> dict:
    return {**row, "allowed_values": json.loads(row["allowed_values"] or "[]")}


def list_attributes(db: Database) -> list[dict]:
    """Definitions in their order, each with how many documents have a value and how many
    suggestions wait."""
    counts = dict(
        db.execute("select name, count(*) from document_attributes group by name").fetchall()
    )
    pending = dict(
        db.execute(
            "select name, count(*) from attribute_suggestions where status = 'pending' "
            "group by name"
        ).fetchall()
    )
    return [
        {
            **_definition(r),
            "documents": counts.get(r["name"], 0),
            "pending": pending.get(r["name"], 0),
        }
        for r in db.query("select * from attributes order by sort, name")
    ]


def get_attribute(db: Database, name: str) -> dict:
    rows = list(db.query("select * from attributes where name = ?", [name]))
    if not rows:
        raise NoSuchAttribute(name)
    return _definition(rows[0])


def _split_values(values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    items = values.split(",") if isinstance(values, str) else list(values)
    out: list[str] = []
    for v in (str(i).strip() for i in items):
        if v and v.casefold() not in {o.casefold() for o in out}:
            out.append(v)
    return out


def define_attribute(
    db: Database,
    name: str,
    type: str = "text",
    *,
    values: str | Iterable[str] | None = None,
    description: str | None = None,
    sort: int | None = None,
) -> dict:
    """Define an attribute, or change one: its type, allowed values and description.

    ``values`` are the allowed values of a ``category`` (required) or a ``list``
    (optional: without them any item goes), given as a list or one comma-separated
    string. A change that existing values would not survive (a value dropped from the
    allowed list, a type they do not fit) is refused, naming how many documents hold one.
    """
    if not NAME.match(name or ""):
        raise BadAttribute(
            f'attribute name "{name}" must start with a lower-case letter and hold only '
            "lower-case letters, digits and _ (at most 40), e.g. election_year"
        )
    if name in RESERVED:
        raise BadAttribute(
            f'"{name}" is a field every document already has; name the attribute otherwise, '
            f"e.g. study_{name}"
        )
    if type not in TYPES:
        raise BadAttribute(f'type "{type}" is not one of {", ".join(TYPES)}')
    allowed = _split_values(values)
    if type == "category" and not allowed:
        raise BadAttribute(
            f"a category needs its values: telaah attr define {name} --type category "
            '--values "A,B,C"'
        )
    if type in ("text", "number", "date") and allowed:
        raise BadAttribute(
            f"a {type} attribute takes no --values; use --type category (one of them) or "
            "--type list (several of them)"
        )
    if type == "list" and any(LIST_SEPARATOR in v for v in allowed):
        raise BadAttribute(f'a list item cannot hold "{LIST_SEPARATOR}" (it separates items)')
    stamp = now()
    with write_lock(db):
        existing = list(db.query("select * from attributes where name = ?", [name]))
        row = {
            "name": name,
            "type": type,
            "allowed_values": json.dumps(allowed, ensure_ascii=False),
            "description": description,
        }
        if existing:
            old = existing[0]
            if description is None:
                row["description"] = old["description"]
            row["sort"] = old["sort"] if sort is None else sort
            row["created_at"] = old["created_at"]
            _check_existing_values(db, _definition(row))
        else:
            last = db.execute("select coalesce(max(sort), -1) from attributes").fetchone()[0]
            row["sort"] = last + 1 if sort is None else sort
            row["created_at"] = stamp
        db["attributes"].upsert(row, pk="name")
    return get_attribute(db, name)


def _check_existing_values(db: Database, attribute: dict) -> None:
    bad = []
    for r in db.query(
        "select document_id, value from document_attributes where name = ?", [attribute["name"]]
    ):
        stored = json.loads(r["value"]) if _is_json_list(r["value"]) else r["value"]
        try:
            normalise_value(attribute, stored)
        except BadValue:
            bad.append(r["document_id"])
    if bad:
        raise AttributeInUse(
            f'{len(bad)} document(s) hold a value of "{attribute["name"]}" the new definition '
            f"refuses ({', '.join(bad[:5])}{', …' if len(bad) > 5 else ''}); change or unset "
            f"them first (telaah attr unset DOC {attribute['name']})"
        )


def _is_json_list(value: str) -> bool:
    try:
        return value.startswith("[") and isinstance(json.loads(value), list)
    except ValueError:
        return False


# -- values -----------------------------------------------------------------------------------


def _number(text: str) -> str | None:
    t = text.strip().replace(" ", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")  # Indonesian decimal comma: 12,5
    try:
        n = float(t)
    except ValueError:
        return None
    if not math.isfinite(n):
        return None
    # Plain decimal notation, never 1e-05: REFI-QDA's FloatValue is an xsd:decimal.
    return format(Decimal(repr(n)).normalize(), "f")


def normalise_value(attribute: dict, value: Any) -> str:
    """The value as stored, or :class:`BadValue` saying what to write instead.

    A category value matches its allowed spelling case-insensitively (``pilkada`` is
    stored ``Pilkada``); list items come as a list or one ``;``-separated string.
    """
    name, kind = attribute["name"], attribute["type"]
    allowed = attribute["allowed_values"]
    if kind == "list":
        if isinstance(value, str) and _is_json_list(value):
            value = json.loads(value)  # already stored form
        items = value if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
        out: list[str] = []
        for item in (str(i).strip() for i in items):
            if not item:
                continue
            if allowed:
                item = _allowed(name, item, allowed, kind)
            if item not in out:
                out.append(item)
        if not out:
            raise BadValue(f'{name}: empty list; write items separated by "{LIST_SEPARATOR}"')
        return json.dumps(out, ensure_ascii=False)
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        raise BadValue(f"{name}: empty value; to remove a value use: telaah attr unset DOC {name}")
    if kind == "number":
        n = _number(text)
        if n is None:
            raise BadValue(f'{name}: "{text}" is not a number; write digits, e.g. 12 or 12.5')
        return n
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as e:
            raise BadValue(
                f'{name}: "{text}" is not a date; write it YYYY-MM-DD, e.g. 2024-11-27'
            ) from e
    if kind == "category":
        return _allowed(name, text, allowed, kind)
    return text


def _allowed(name: str, value: str, allowed: list[str], kind: str) -> str:
    for a in allowed:
        if a.casefold() == value.casefold():
            return a
    raise BadValue(
        f'{name}: "{value}" is not one of {", ".join(allowed)}; use one of them, or add it '
        f'with: telaah attr define {name} --type {kind} --values "{",".join([*allowed, value])}"'
    )


def decode(attribute: dict, stored: str) -> Any:
    """A stored value typed: a number as int or float, a list as a list, else text."""
    if attribute["type"] == "list":
        return json.loads(stored)
    if attribute["type"] == "number":
        n = float(stored)
        return int(n) if n.is_integer() else n
    return stored


def display(attribute: dict, stored: str) -> str:
    """A stored value as a person reads it: list items joined by ``; ``."""
    if attribute["type"] == "list":
        return f"{LIST_SEPARATOR} ".join(json.loads(stored))
    return stored


def _document(db: Database, document_id: str) -> None:
    if not db.execute("select 1 from documents where id = ?", [document_id]).fetchone():
        raise NoSuchDocument(document_id)


def _who(set_by: str | None, source: str) -> str:
    who = (set_by or "").strip()
    if not who and source in ("manual", "suggested"):
        raise MissingCoder()
    return who


def set_values(
    db: Database,
    document_id: str,
    values: dict[str, Any],
    *,
    set_by: str | None,
    source: str = "manual",
    passage_id: str | None = None,
    at: str | None = None,
) -> list[dict]:
    """Set several attributes of one document, all or none.

    Every value is checked before the first write; the first bad one raises and nothing
    is written. Returns ``[{name, value, previous}]`` (previous is None when new).
    """
    if source not in SOURCES:
        raise BadAttribute(f'source "{source}" is not one of {", ".join(SOURCES)}')
    who = _who(set_by, source)
    stamp = at or now()
    with write_lock(db):
        _document(db, document_id)
        planned = []
        for name, value in values.items():
            attribute = get_attribute(db, name)
            planned.append((attribute, normalise_value(attribute, value)))
        changes = []
        for attribute, stored in planned:
            old = db.execute(
                "select value from document_attributes where document_id = ? and name = ?",
                [document_id, attribute["name"]],
            ).fetchone()
            db["document_attributes"].upsert(
                {
                    "document_id": document_id,
                    "name": attribute["name"],
                    "value": stored,
                    "source": source,
                    "set_by": who or None,
                    "passage_id": passage_id,
                    "set_at": stamp,
                },
                pk=("document_id", "name"),
            )
            changes.append(
                {"name": attribute["name"], "value": stored, "previous": old[0] if old else None}
            )
    return changes


def set_value(
    db: Database, document_id: str, name: str, value: Any, *, set_by: str | None, **kw: Any
) -> dict:
    return set_values(db, document_id, {name: value}, set_by=set_by, **kw)[0]


def unset_value(db: Database, document_id: str, name: str) -> str | None:
    """Remove a document's value; return what it was (None if it had none)."""
    with write_lock(db):
        _document(db, document_id)
        get_attribute(db, name)
        old = db.execute(
            "select value from document_attributes where document_id = ? and name = ?",
            [document_id, name],
        ).fetchone()
        db.execute(
            "delete from document_attributes where document_id = ? and name = ?",
            [document_id, name],
        )
    return old[0] if old else None


def document_values(db: Database, document_id: str | None = None) -> list[dict]:
    """Stored values with where they came from, in document and attribute order."""
    where, params = ("where v.document_id = ?", [document_id]) if document_id else ("", [])
    if document_id:
        _document(db, document_id)
    return list(
        db.query(
            f"""
            select v.document_id, d.title, v.name, a.type, v.value, v.source, v.set_by,
                   v.passage_id, v.set_at
            from document_attributes v
            join attributes a on a.name = v.name
            join documents d on d.id = v.document_id
            {where}
            order by d.year, v.document_id, a.sort, v.name
            """,
            params,
        )
    )


def attribute_values(db: Database) -> dict[str, dict[str, Any]]:
    """``{document_id: {name: value}}`` for every value, typed (numbers as numbers, lists
    as lists): what synthesis groups by and exports write."""
    defs = {a["name"]: a for a in list_attributes(db)}
    out: dict[str, dict[str, Any]] = {}
    for r in db.query("select document_id, name, value from document_attributes"):
        out.setdefault(r["document_id"], {})[r["name"]] = decode(defs[r["name"]], r["value"])
    return out


# -- CSV import ---------------------------------------------------------------------------------


@dataclass
class CsvResult:
    file: str
    rows: int = 0
    documents: int = 0  # documents whose values were (or would be) written
    values_set: int = 0  # new values
    values_changed: int = 0
    values_unchanged: int = 0
    matched: list[dict] = field(default_factory=list)  # {row, document_id, how}
    unmatched: list[dict] = field(default_factory=list)  # {row, document}
    ambiguous: list[dict] = field(default_factory=list)  # {row, document, candidates}
    refused: list[dict] = field(default_factory=list)  # {row, document_id, problems}
    dry_run: bool = False

    @property
    def bad_rows(self) -> int:
        return len(self.unmatched) + len(self.ambiguous) + len(self.refused)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise BadCsv(f"{path} does not exist; check the path") from e
    except UnicodeDecodeError as e:
        raise BadCsv(f"{path.name} is not UTF-8; save it again as CSV UTF-8") from e
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise BadCsv(f"{path.name} is empty; the first row names the columns: document,...")
    # Excel in an Indonesian locale separates with ";": take the header's separator.
    header = lines[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    rows = [r for r in rows if any(c.strip() for c in r)]
    return [c.strip() for c in rows[0]], rows[1:]


def _document_index(db: Database) -> tuple[set[str], dict[str, list[str]], dict[str, list[str]]]:
    ids, by_doi, by_title = set(), {}, {}
    for d in db.query("select id, doi, title from documents"):
        ids.add(d["id"])
        doi = normalise_doi(d["doi"])
        if doi:
            by_doi.setdefault(doi, []).append(d["id"])
        title = normalise_title(d["title"])
        if title:
            by_title.setdefault(title, []).append(d["id"])
    return ids, by_doi, by_title


def _match_document(cell: str, index: tuple) -> tuple[list[str], str]:
    ids, by_doi, by_title = index
    cell = cell.strip()
    if cell in ids:
        return [cell], "id"
    doi = normalise_doi(cell)
    if doi and by_doi.get(doi):
        return by_doi[doi], "doi"
    return by_title.get(normalise_title(cell), []), "title"


def import_csv(
    db: Database, path: str | Path, *, dry_run: bool = False, set_by: str | None = None
) -> CsvResult:
    """Set attribute values from a spreadsheet: a ``document`` column and one column per
    attribute.

    A row's ``document`` is matched by document id, then DOI, then title (case, accents
    and punctuation ignored). A row that matches no document, or several, is listed and
    never guessed; so is a row with a value its attribute refuses (the message names the
    row and, for a category, the allowed values), and two rows naming one document.
    Nothing of such a row is written. The other rows are written, all in one transaction
    (rows are independent studies, so one typo does not hold back forty good rows; the
    caller reports the bad ones and exits non-zero, and importing the corrected file
    again changes only what changed). An empty cell leaves that value as it is.

    A file that cannot be read at all (no ``document`` column, a column that is not a
    defined attribute) raises :class:`BadCsv` and writes nothing.
    """
    path = Path(path)
    header, rows = _read_csv(path)
    lowered = [h.casefold() for h in header]
    if "document" not in lowered:
        raise BadCsv(
            f'{path.name} has no "document" column; the first row names the columns, e.g. '
            "document,election,region (document: an id, a DOI or a title)"
        )
    key = lowered.index("document")
    defs = {a["name"]: a for a in list_attributes(db)}
    columns: dict[int, dict] = {}
    unknown = []
    for i, h in enumerate(header):
        if i == key or not h:
            continue
        if h in defs:
            columns[i] = defs[h]
        else:
            unknown.append(h)
    if unknown:
        raise BadCsv(
            f"{path.name}: column(s) {', '.join(repr(u) for u in unknown)} are not attributes; "
            f"define each first (telaah attr define NAME --type ...) or remove the column"
        )
    if not columns:
        raise BadCsv(f"{path.name} has no attribute columns besides document; nothing to import")
    result = CsvResult(file=path.name, rows=len(rows), dry_run=dry_run)
    who = set_by or path.name
    with write_lock(db):
        index = _document_index(db)
        good: dict[str, tuple[int, dict[str, str]]] = {}
        seen: dict[str, int] = {}
        for n, row in enumerate(rows, start=2):  # row 1 is the header, as a spreadsheet counts
            cell = row[key].strip() if key < len(row) else ""
            hits, how = _match_document(cell, index) if cell else ([], "empty")
            if not hits:
                result.unmatched.append({"row": n, "document": cell})
                continue
            if len(hits) > 1:
                result.ambiguous.append({"row": n, "document": cell, "candidates": sorted(hits)})
                continue
            doc = hits[0]
            problems, values = [], {}
            for i, attribute in columns.items():
                raw = row[i].strip() if i < len(row) else ""
                if not raw:
                    continue
                try:
                    values[attribute["name"]] = normalise_value(attribute, raw)
                except BadValue as e:
                    problems.append(str(e))
            if doc in seen:
                problems.append(f"row {seen[doc]} names the same document")
                if doc in good:
                    first_row, _ = good.pop(doc)
                    result.refused.append(
                        {
                            "row": first_row,
                            "document_id": doc,
                            "problems": [f"row {n} names the same document"],
                        }
                    )
            seen[doc] = n
            if problems:
                result.refused.append({"row": n, "document_id": doc, "problems": problems})
                continue
            good[doc] = (n, values)
            result.matched.append({"row": n, "document_id": doc, "how": how})
        result.matched = [m for m in result.matched if m["document_id"] in good]
        stamp = now()
        for doc, (_, values) in good.items():
            current = dict(
                db.execute(
                    "select name, value from document_attributes where document_id = ?", [doc]
                ).fetchall()
            )
            todo = {}
            for name, stored in values.items():
                if current.get(name) == stored:
                    result.values_unchanged += 1
                    continue
                if name in current:
                    result.values_changed += 1
                else:
                    result.values_set += 1
                todo[name] = stored
            if todo:
                result.documents += 1
            if todo and not dry_run:
                set_values(db, doc, todo, set_by=who, source="csv", at=stamp)
    result.refused.sort(key=lambda r: r["row"])
    return result


# -- suggestions ----------------------------------------------------------------------------------


def default_attributes() -> list[dict]:
    """The attributes studies of election neutrality are compared by."""
    from .suggest.regions import province_names

    return [
        {
            "name": "election",
            "type": "category",
            "values": ["Pilkada", "Pemilu", "Pilpres"],
            "description": "Election the study looks at: Pilkada (governor, bupati, mayor), "
            "Pemilu (legislative or simultaneous general election), Pilpres (presidential)",
        },
        {
            "name": "election_year",
            "type": "number",
            "description": "Year of that election (not the publication year)",
        },
        {
            "name": "region",
            "type": "text",
            "description": "Where the study is set: a kabupaten or kota, or a province when it "
            "covers the whole province (Kemendagri names: Kabupaten Sukoharjo, Kota Padang, "
            "Provinsi Jambi)",
        },
        {
            "name": "province",
            "type": "category",
            "values": province_names(),
            "description": "Province of the study's region (the 38 of Kemendagri's list)",
        },
        {
            "name": "method",
            "type": "category",
            "values": ["kualitatif", "kuantitatif", "campuran"],
            "description": "Research approach: qualitative, quantitative or mixed",
        },
        {
            "name": "data",
            "type": "list",
            "values": ["wawancara", "observasi", "survei", "dokumen"],
            "description": "Data collected: interviews, observation, survey, documents "
            "(documents include regulations and literature)",
        },
        {
            "name": "informants",
            "type": "number",
            "description": "Number of informants interviewed",
        },
    ]


def ensure_default_attributes(db: Database) -> list[str]:
    """Define the default attributes that are not defined yet; return their names.

    An attribute of the same name a researcher defined differently is left as it is.
    """
    added = []
    with write_lock(db):
        for a in default_attributes():
            if db.execute("select 1 from attributes where name = ?", [a["name"]]).fetchone():
                continue
            define_attribute(
                db, a["name"], a["type"], values=a.get("values"), description=a["description"]
            )
            added.append(a["name"])
    return added


def suggestion_id(document_id: str, name: str, value: str) -> str:
    return hashlib.sha1(f"{document_id}\x00{name}\x00{value}".encode()).hexdigest()[:16]


def suggest_attributes(
    db: Database,
    *,
    document_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[dict]:
    """Read attribute values from each document's text and store them as proposals.

    Defines the default attributes first if they are missing. A proposal is stored only
    if its value fits the attribute's definition (a researcher's own ``region`` category
    without that kabupaten gets no proposal for it). A value already set, or a proposal
    already rejected, is not proposed again; pending proposals are refreshed (score,
    passage). Returns the pending proposals of the documents read, best first.
    """
    from .suggest.attributes import read_attributes

    ensure_default_attributes(db)
    if document_id:
        _document(db, document_id)
    defs = {a["name"]: a for a in list_attributes(db)}
    docs = list(
        db.query(
            "select id, title from documents" + (" where id = ?" if document_id else ""),
            [document_id] if document_id else [],
        )
    )
    stamp = now()
    with write_lock(db):
        for done, d in enumerate(docs, start=1):
            if on_progress:
                on_progress(done, len(docs))
            passages = list(
                db.query(
                    "select id, seq, text, section, kind, role from passages "
                    "where document_id = ? order by seq",
                    [d["id"]],
                )
            )
            current = dict(
                db.execute(
                    "select name, value from document_attributes where document_id = ?",
                    [d["id"]],
                ).fetchall()
            )
            for p in read_attributes(passages, title=d["title"]):
                attribute = defs.get(p.name)
                if attribute is None:
                    continue
                try:
                    stored = normalise_value(
                        attribute, [p.value] if attribute["type"] == "list" else p.value
                    )
                except BadValue:
                    continue
                if attribute["type"] == "list":
                    have = json.loads(current[p.name]) if p.name in current else []
                    if json.loads(stored)[0] in have:
                        continue
                    stored = json.loads(stored)[0]
                elif current.get(p.name) == stored:
                    continue
                sid = suggestion_id(d["id"], p.name, stored)
                old = db.execute(
                    "select status from attribute_suggestions where id = ?", [sid]
                ).fetchone()
                if old and old[0] != "pending":
                    continue
                db["attribute_suggestions"].upsert(
                    {
                        "id": sid,
                        "document_id": d["id"],
                        "name": p.name,
                        "value": stored,
                        "passage_id": p.passage_id,
                        "char_start": p.char_start,
                        "char_end": p.char_end,
                        "quote": p.quote,
                        "score": p.score,
                        "detail": json.dumps(p.detail),
                        "status": "pending",
                        "created_at": stamp,
                    },
                    pk="id",
                )
    return list(pending_suggestions(db, document_id=document_id))


def pending_suggestions(
    db: Database, *, document_id: str | None = None, name: str | None = None
) -> Iterator[dict]:
    """Pending proposals with their passage, best first within each document and attribute
    (the generator ``telaah attr review`` consumes)."""
    clauses, params = ["s.status = 'pending'"], []
    if document_id:
        clauses.append("s.document_id = ?")
        params.append(document_id)
    if name:
        clauses.append("s.name = ?")
        params.append(name)
    ids = [
        r["id"]
        for r in db.query(
            f"""
            select s.id from attribute_suggestions s
            join attributes a on a.name = s.name
            join documents d on d.id = s.document_id
            where {" and ".join(clauses)}
            order by d.year, s.document_id, a.sort, s.score desc, s.value
            """,
            params,
        )
    ]
    for sid in ids:  # re-read each: another session may have decided it meanwhile
        rows = list(
            db.query(
                """
                select s.*, a.type, d.title, d.year, p.text as passage_text, p.page_label,
                       p.section
                from attribute_suggestions s
                join attributes a on a.name = s.name
                join documents d on d.id = s.document_id
                left join passages p on p.id = s.passage_id
                where s.id = ? and s.status = 'pending'
                """,
                [sid],
            )
        )
        if rows:
            yield rows[0]


DECISIONS = ("accepted", "rejected")


def decide_suggestion(db: Database, suggestion_id: str, decision: str, *, coder: str) -> dict:
    """Accept (the value is set, source ``suggested``, with its passage) or reject.

    Accepting a value of a single-valued attribute settles that attribute for the
    document: the other pending proposals for it are marked rejected. A list value is
    added to the document's list.
    """
    coder = (coder or "").strip()
    if not coder:
        raise MissingCoder()
    if decision not in DECISIONS:
        raise BadValue(f'decision "{decision}" must be one of {", ".join(DECISIONS)}')
    stamp = now()
    with write_lock(db):
        rows = list(db.query("select * from attribute_suggestions where id = ?", [suggestion_id]))
        if not rows:
            raise NoSuchAttributeSuggestion(suggestion_id)
        s = rows[0]
        attribute = get_attribute(db, s["name"])
        decided = {"status": decision, "decided_by": coder, "decided_at": stamp}
        if decision == "accepted":
            value: Any = s["value"]
            if attribute["type"] == "list":
                old = db.execute(
                    "select value from document_attributes where document_id = ? and name = ?",
                    [s["document_id"], s["name"]],
                ).fetchone()
                value = [*(json.loads(old[0]) if old else []), s["value"]]
            else:
                db.execute(
                    "update attribute_suggestions set status = 'rejected', decided_by = ?, "
                    "decided_at = ? where document_id = ? and name = ? and status = 'pending' "
                    "and id != ?",
                    [coder, stamp, s["document_id"], s["name"], suggestion_id],
                )
            set_values(
                db,
                s["document_id"],
                {s["name"]: value},
                set_by=coder,
                source="suggested",
                passage_id=s["passage_id"],
                at=stamp,
            )
        db["attribute_suggestions"].update(suggestion_id, decided)
    return {**s, **decided}


def accept_best(db: Database, *, coder: str, document_id: str | None = None) -> list[dict]:
    """``attr suggest --accept``: accept the best pending proposal of each single-valued
    attribute of each document, and every pending item of a list attribute."""
    accepted = []
    taken: set[tuple[str, str]] = set()
    for s in list(pending_suggestions(db, document_id=document_id)):
        key = (s["document_id"], s["name"])
        if s["type"] != "list" and key in taken:
            continue
        taken.add(key)
        accepted.append(decide_suggestion(db, s["id"], "accepted", coder=coder))
    return accepted
