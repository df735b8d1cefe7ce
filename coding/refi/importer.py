"""Reading a REFI-QDA project into a corpus: plan everything, then write in one transaction.

The plan maps each REFI code to a Telaah code (by GUID, then by its path of names, then by
a name that is unique on both sides, else a new code), each source to a document (an
existing one with the same text, or a new one), and each coding to a passage and span.
Disagreements with the corpus are conflicts: by default the import stops before writing
anything and lists them; ``on_conflict="keep-ours"`` keeps the corpus's values and skips
what disagrees. Nothing in the corpus is ever overwritten by an import.

A new document's passages are the paragraphs of its text (split at blank lines), except
that paragraphs a selection spans are kept together, so every selection fits one passage.
A Telaah export carries its exact passages in ``telaah.json``; those are used when the
text still matches.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from corpus.db import write_lock
from corpus.store import document_id_for, find_document, passage_ids, write_document
from extract.model import ExtractedDocument, Metadata, PageInfo, Passage

from .. import attributes as attrs
from ..codebook import import_codebook
from ..codings import add_coding, check_span
from ..errors import BadSpan
from ..memos import add_memo
from .archive import QdpxArchive
from .codes import RefiCode, assign_ids, code_guid, slugify, to_flat
from .errors import ImportConflicts, RefiError
from .export import SEPARATOR
from .project import RefiProject, RefiSource, read_project

_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
UNKNOWN_CODER = "unknown"
ON_CONFLICT = ("fail", "keep-ours")
# Case variable names other tools use -> documents field.
_VARIABLE_FIELDS = {
    "title": "title",
    "authors": "authors",
    "author": "authors",
    "year": "year",
    "kind": "kind",
    "venue": "venue",
    "journal": "venue",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "doi",
    "issn": "issn",
    "institution": "institution",
    "language": "language",
    "keywords": "keywords",
    "abstract": "abstract",
}
_DOC_FIELDS = [f for f in Metadata.__dataclass_fields__ if f != "sources"]


@dataclass
class ImportResult:
    path: str
    origin: str | None = None
    codes_created: int = 0
    codes_matched: int = 0
    documents_created: int = 0
    documents_matched: int = 0
    codings_added: int = 0
    codings_already_there: int = 0
    attributes_created: int = 0
    attribute_values: int = 0
    memos_added: int = 0
    spans_adjusted: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Coding:
    passage_id: str
    start: int
    end: int
    code_id: str
    coder: str
    memo: str | None
    at: str | None
    guid: str


@dataclass
class _Plan:
    new_codes: list[dict] = field(default_factory=list)
    code_ids: dict[str, str] = field(default_factory=dict)  # REFI GUID -> code id
    new_documents: list[ExtractedDocument] = field(default_factory=list)
    codings: list[_Coding] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # source GUID -> document id
    new_attributes: list[dict] = field(default_factory=list)
    attribute_values: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    memos: list[dict] = field(default_factory=list)  # add_memo keyword arguments


def load_project(path: str | Path) -> RefiProject:
    """Open, check and parse a ``.qdpx`` without touching any corpus."""
    with QdpxArchive(path) as archive:
        return read_project(archive)


# ---- codes -------------------------------------------------------------------------


def _existing_codes(db: Database) -> dict[str, dict]:
    return {r["id"]: r for r in db.query("select * from codes")}


def _path(code_id: str, codes: dict[str, dict]) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[str] = set()
    while code_id in codes and code_id not in seen:
        seen.add(code_id)
        out.append(codes[code_id]["label_id"].casefold())
        code_id = codes[code_id]["parent_id"]
    return tuple(reversed(out))


def _plan_codes(db: Database, project: RefiProject, plan: _Plan, result: ImportResult) -> None:
    existing = _existing_codes(db)
    by_guid = {code_guid(r).lower(): r["id"] for r in existing.values()}
    by_path = {_path(cid, existing): cid for cid in existing}
    names: dict[str, list[str]] = {}
    for r in existing.values():
        for key in {r["label_id"].casefold(), r["id"].casefold()}:
            names.setdefault(key, []).append(r["id"])
    file_names: dict[str, int] = {}
    for c in project.codes:
        file_names[c.name.casefold()] = file_names.get(c.name.casefold(), 0) + 1
    extras = (project.sidecar or {}).get("codes", {})
    new: list[RefiCode] = []
    matched: list[tuple[RefiCode, str, str]] = []
    for c in project.codes:
        target = by_guid.get(c.guid)
        how = "guid"
        if target is None:
            target = by_path.get(tuple(n.casefold() for n in c.path))
            how = "path"
        if target is None:
            hits = names.get(c.name.casefold(), [])
            if len(set(hits)) == 1 and file_names[c.name.casefold()] == 1:
                target, how = hits[0], "name"
        if target is None:
            new.append(c)
            continue
        plan.code_ids[c.guid] = target
        matched.append((c, target, how))
    taken = set(existing)
    wanted = {g: e.get("id") for g, e in extras.items() if isinstance(e, dict)}
    ids: dict[str, str] = {}
    for c in new:
        own = wanted.get(c.guid)
        if own and own not in taken and slugify(own) == own:
            ids[c.guid] = own
            taken.add(own)
    ids.update(assign_ids([c for c in new if c.guid not in ids], taken))
    plan.code_ids.update(ids)
    for c, target, how in matched:
        _code_conflicts(c, existing[target], how, plan, result)
    result.codes_matched = len(matched)
    for flat, c in zip(to_flat(new, plan.code_ids), new):
        extra = extras.get(c.guid) or {}
        flat["label_en"] = extra.get("label_en")
        flat["patterns"] = extra.get("patterns") or []
        plan.new_codes.append(flat)
    result.codes_created = len(new)


def _code_conflicts(c: RefiCode, ours: dict, how: str, plan: _Plan, result: ImportResult) -> None:
    where = f'code "{ours["id"]}" (matched by {how})'
    if how == "guid" and c.name != ours["label_id"]:
        result.conflicts.append(f'{where}: named "{c.name}" in the file, "{ours["label_id"]}" here')
    parent = plan.code_ids.get(c.parent_guid) if c.parent_guid else None
    if parent != ours["parent_id"]:
        result.conflicts.append(
            f"{where}: under {parent or 'the top'} in the file, "
            f"under {ours['parent_id'] or 'the top'} here"
        )
    if c.colour and ours["colour"] and c.colour != ours["colour"].lower():
        result.conflicts.append(f"{where}: colour {c.colour} in the file, {ours['colour']} here")
    if (
        c.description
        and ours["description"]
        and c.description.split() != ours["description"].split()
    ):
        result.conflicts.append(f"{where}: the file has another description")


# ---- documents ---------------------------------------------------------------------


def _locate(texts: list[str], text: str) -> list[tuple[int, int]] | None:
    """Where each passage (in order) sits in ``text``, or None if one is missing."""
    spans, pos = [], 0
    for t in texts:
        i = text.find(t, pos)
        if i < 0:
            return None
        spans.append((i, i + len(t)))
        pos = i + len(t)
    return spans


def paragraphs(text: str, selections: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph spans of ``text`` (trimmed), merged where a selection runs across a break."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in [*_BREAK.finditer(text), None]:
        a, b = pos, (m.start() if m else len(text))
        seg = text[a:b]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((a + lead, a + len(seg.rstrip())))
        if m:
            pos = m.end()
    if not spans:
        return []
    glue = [False] * len(spans)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    for s, e in selections:
        first = bisect.bisect_right(ends, s)
        last = bisect.bisect_left(starts, e) - 1
        for i in range(first, last):
            glue[i] = True
    merged = [spans[0]]
    for i in range(1, len(spans)):
        if glue[i - 1]:
            merged[-1] = (merged[-1][0], spans[i][1])
        else:
            merged.append(spans[i])
    return merged


def _sidecar_document(project: RefiProject, src: RefiSource) -> dict | None:
    """The Telaah sidecar entry for ``src`` if it still describes this exact text."""
    entry = ((project.sidecar or {}).get("documents") or {}).get(src.guid)
    if not isinstance(entry, dict):
        return None
    digest = hashlib.sha256(src.text.encode("utf-8")).hexdigest()
    lengths = [p.get("length") for p in entry.get("passages", [])]
    if entry.get("text_sha256") != digest or not all(isinstance(n, int) for n in lengths):
        return None
    if sum(lengths) + len(SEPARATOR) * max(len(lengths) - 1, 0) != len(src.text):
        return None
    return entry


def _metadata_from_variables(project: RefiProject, src: RefiSource, label: str) -> Metadata:
    values = dict(src.values)
    for case in project.cases:
        if src.guid in case.source_guids:
            values.update(case.values)
    meta = Metadata(title=src.name, sources={"title": f"{label}:name"})
    for guid, value in values.items():
        var = project.variables.get(guid)
        target = _VARIABLE_FIELDS.get(var.name.strip().casefold()) if var else None
        if not target or not value.strip():
            continue
        if target in ("authors", "keywords"):
            setattr(meta, target, [v.strip() for v in value.split(";") if v.strip()])
        elif target == "year":
            digits = re.search(r"\d{4}", value)
            if not digits:
                continue
            meta.year = int(digits.group())
        else:
            setattr(meta, target, value.strip())
        meta.sources[target] = label
    return meta


def _new_document(
    project: RefiProject, src: RefiSource, entry: dict | None, label: str
) -> tuple[ExtractedDocument, list[tuple[int, int]]]:
    settings = {"file": label, "source_guid": src.guid}
    if entry:
        d = entry["document"]
        spans, pos = [], 0
        for p in entry["passages"]:
            spans.append((pos, pos + p["length"]))
            pos += p["length"] + len(SEPARATOR)
        passages = [
            Passage(
                text=src.text[a:b],
                page=p.get("page") or 1,
                page_label=p.get("page_label"),
                section=p.get("section"),
                kind=p.get("kind") or "body",
                page_end=p.get("page_end"),
                locator=p.get("locator"),
                page_breaks=p.get("page_breaks") or [],
            )
            for (a, b), p in zip(spans, entry["passages"])
        ]
        meta = Metadata(
            **{k: d.get(k) for k in _DOC_FIELDS if k not in ("authors", "keywords")},
            authors=json.loads(d.get("authors") or "[]"),
            keywords=json.loads(d.get("keywords") or "[]"),
            sources=json.loads(d.get("field_sources") or "{}"),
        )
        settings["original"] = {
            "extractor": d.get("extractor"),
            "extractor_version": d.get("extractor_version"),
            "settings": json.loads(d.get("extractor_settings") or "{}"),
        }
        pages = [
            PageInfo(
                page=p["page"],
                label=p.get("page_label"),
                status=p.get("status") or "ok",
                message=p.get("message"),
            )
            for p in entry.get("pages", [])
        ]
        doc = ExtractedDocument(
            source_path=d.get("source_path") or f"{label}#{src.guid}",
            sha256=d["sha256"],
            file_size=d.get("file_size") or len(src.text.encode("utf-8")),
            page_count=d.get("page_count") or len(pages),
            metadata=meta,
            passages=passages,
            pages=pages,
            warnings=json.loads(d.get("warnings") or "[]"),
        )
    else:
        spans = paragraphs(src.text, [(s.start, s.end) for s in src.selections if s.codings])
        doc = ExtractedDocument(
            source_path=f"{label}#{src.guid}",
            sha256=hashlib.sha256(src.text.encode("utf-8")).hexdigest(),
            file_size=len(src.text.encode("utf-8")),
            page_count=1,
            metadata=_metadata_from_variables(project, src, label),
            passages=[Passage(text=src.text[a:b], page=1) for a, b in spans],
            pages=[PageInfo(page=1)],
        )
    doc.extractor = "refi-qda"
    doc.extractor_version = project.origin or ""
    doc.settings = settings
    return doc, spans


def _plan_source(
    db: Database,
    project: RefiProject,
    src: RefiSource,
    label: str,
    plan: _Plan,
    result: ImportResult,
) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Passage ids and their spans in ``src.text``; None if the source cannot be placed."""
    entry = _sidecar_document(project, src)
    sha = entry["document"]["sha256"] if entry else hashlib.sha256(src.text.encode()).hexdigest()
    source_path = (entry or {}).get("document", {}).get("source_path") or f"{label}#{src.guid}"
    existing = find_document(db, sha256=sha, source_path=source_path)
    if existing is None:
        for doc in plan.new_documents:  # the same text twice in one file
            if doc.sha256 == sha:
                existing = {"id": document_id_for(sha)}
                plan.documents[src.guid] = existing["id"]
                ids = passage_ids(existing["id"], [p.text for p in doc.passages])
                return ids, _locate([p.text for p in doc.passages], src.text) or []
    if existing is not None:
        rows = list(
            db.query(
                "select id, text from passages where document_id = ? order by seq", [existing["id"]]
            )
        )
        spans = _locate([r["text"] for r in rows], src.text)
        if spans is None:
            result.conflicts.append(
                f'source "{src.name}": document {existing["id"]} in the corpus has other text '
                "(re-extracted or edited?); its codings cannot be placed"
            )
            return None
        result.documents_matched += 1
        plan.documents[src.guid] = existing["id"]
        return [r["id"] for r in rows], spans
    doc, spans = _new_document(project, src, entry, label)
    if not doc.passages:
        result.skipped.append(f'source "{src.name}": empty text')
        return None
    plan.new_documents.append(doc)
    plan.documents[src.guid] = document_id_for(doc.sha256)
    result.documents_created += 1
    return passage_ids(document_id_for(doc.sha256), [p.text for p in doc.passages]), spans


# ---- codings -----------------------------------------------------------------------


def _existing_codings(db: Database) -> tuple[dict[str, tuple], set[tuple]]:
    rows = list(
        db.query("select guid, passage_id, char_start, char_end, code_id, coder from codings")
    )
    keys = {
        (r["passage_id"], r["char_start"], r["char_end"], r["code_id"], r["coder"]) for r in rows
    }
    by_guid = {
        r["guid"].lower(): (
            r["passage_id"],
            r["char_start"],
            r["char_end"],
            r["code_id"],
            r["coder"],
        )
        for r in rows
        if r["guid"]
    }
    return by_guid, keys


def _place(start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int, int] | None:
    """The passage holding most of ``start..end``, and the span clipped to it."""
    best, best_overlap = None, 0
    i = max(bisect.bisect_right([b for _, b in spans], start) - 1, 0)
    for j in range(i, len(spans)):
        a, b = spans[j]
        if a >= end:
            break
        overlap = min(end, b) - max(start, a)
        if overlap > best_overlap:
            best, best_overlap = j, overlap
    if best is None:
        return None
    a, b = spans[best]
    return best, max(start, a) - a, min(end, b) - a


def _plan_codings(
    db: Database, project: RefiProject, label: str, plan: _Plan, result: ImportResult
) -> None:
    by_guid, keys = _existing_codings(db)
    for src in project.sources:
        placed = _plan_source(db, project, src, label, plan, result)
        if placed is None:
            continue
        ids, spans = placed
        texts = [src.text[a:b] for a, b in spans]
        for sel in src.selections:
            if not sel.codings:
                continue
            where = _place(sel.start, sel.end, spans)
            if where is None:
                result.skipped.append(f'selection {sel.guid} in "{src.name}" is only blank space')
                continue
            j, start, end = where
            try:
                check_span(texts[j], start, end)
            except BadSpan:
                result.skipped.append(f'selection {sel.guid} in "{src.name}" is only blank space')
                continue
            if end - start != sel.end - sel.start:
                result.spans_adjusted += len(sel.codings)
            for c in sel.codings:
                notes = [
                    project.notes[g] for g in [*c.note_guids, *sel.note_guids] if g in project.notes
                ]
                user = c.user_guid or sel.user_guid
                coding = _Coding(
                    passage_id=ids[j],
                    start=start,
                    end=end,
                    code_id=plan.code_ids[c.code_guid],
                    coder=project.users.get(user, UNKNOWN_CODER) if user else UNKNOWN_CODER,
                    memo="\n\n".join(n for n in notes if n.strip()) or None,
                    at=c.created or sel.created,
                    guid=c.guid,
                )
                key = (coding.passage_id, coding.start, coding.end, coding.code_id, coding.coder)
                if c.guid in by_guid and by_guid[c.guid] != key:
                    result.conflicts.append(
                        f"coding {c.guid}: already in the corpus with another span, code or coder"
                    )
                    continue
                if key in keys:
                    result.codings_already_there += 1
                    continue
                keys.add(key)
                plan.codings.append(coding)


# ---- study attributes ----------------------------------------------------------------

# REFI variable type -> attribute type, for files without Telaah's sidecar.
_ATTRIBUTE_TYPES = {"Integer": "number", "Float": "number", "Date": "date", "Boolean": "category"}
_OUR_VARIABLES = {"telaah_document_id", "pdf"}


def _attribute_name(variable: str) -> str:
    """A variable's name as an attribute name: ``Jenis Pemilihan`` -> ``jenis_pemilihan``."""
    name = re.sub(r"[^a-z0-9]+", "_", slugify(variable).replace("-", "_")).strip("_")[:40]
    return name if name and name[0].isalpha() else f"v_{name}"[:40]


def _plan_attributes(db: Database, project: RefiProject, plan: _Plan, result: ImportResult) -> None:
    """Variables that are not document metadata become study attributes, and their case
    values the documents' values (source ``qdpx``). A value that disagrees with one the
    corpus holds, or an attribute defined otherwise here, is a conflict."""
    sidecar = project.sidecar or {}
    ours = {a["name"]: a for a in sidecar.get("attributes") or [] if isinstance(a, dict)}
    existing = {a["name"]: a for a in attrs.list_attributes(db)}
    names: dict[str, dict] = {}  # variable GUID -> attribute definition
    for guid, var in project.variables.items():
        label = var.name.strip()
        if label.casefold() in _VARIABLE_FIELDS or label in _OUR_VARIABLES:
            continue
        name = label if attrs.NAME.match(label) else _attribute_name(label)
        if name in attrs.RESERVED:
            continue
        if name in ours:
            wanted = {
                "name": name,
                "type": ours[name].get("type", "text"),
                "allowed_values": list(ours[name].get("allowed_values") or []),
                "description": ours[name].get("description"),
            }
        else:
            kind = _ATTRIBUTE_TYPES.get(var.type, "text")
            wanted = {
                "name": name,
                "type": kind,
                "allowed_values": ["true", "false"] if var.type == "Boolean" else [],
                "description": None,
            }
        if name in existing:
            here = existing[name]
            if here["type"] != wanted["type"]:
                result.conflicts.append(
                    f'attribute "{name}": {wanted["type"]} in the file, {here["type"]} here'
                )
                continue
            names[guid] = here
        else:
            if name not in {a["name"] for a in plan.new_attributes}:
                plan.new_attributes.append(wanted)
            names[guid] = wanted
    result.attributes_created = len(plan.new_attributes)
    if not names:
        return
    provenance = {
        g: (d or {}).get("attributes") or {}
        for g, d in (sidecar.get("documents") or {}).items()
        if isinstance(d, dict)
    }
    values: dict[tuple[str, str], tuple[str, str]] = {}
    holders = [(c.source_guids, c.values) for c in project.cases]
    holders += [([src.guid], src.values) for src in project.sources]
    for source_guids, held in holders:
        for src_guid in source_guids:
            doc = plan.documents.get(src_guid)
            if doc is None:
                continue
            for var_guid, raw in held.items():
                attribute = names.get(var_guid)
                if attribute is None or not raw.strip():
                    continue
                name = attribute["name"]
                given = raw.split(attrs.LIST_SEPARATOR) if attribute["type"] == "list" else raw
                try:
                    stored = attrs.normalise_value(attribute, given)
                except attrs.BadValue as e:
                    result.conflicts.append(f"document {doc}: {e}")
                    continue
                passage = (provenance.get(src_guid, {}).get(name) or {}).get("passage_id")
                values[(doc, name)] = (stored, passage)
    current = {
        (r["document_id"], r["name"]): r["value"]
        for r in db.query("select document_id, name, value from document_attributes")
    }
    for (doc, name), (stored, passage) in sorted(values.items()):
        here = current.get((doc, name))
        if here == stored:
            continue
        if here is not None:
            result.conflicts.append(
                f'document {doc}: attribute "{name}" is {here} here, {stored} in the file'
            )
            continue
        plan.attribute_values.append((doc, name, stored, passage))
    result.attribute_values = len(plan.attribute_values)


def _write_attributes(db: Database, plan: _Plan, label: str) -> None:
    for a in plan.new_attributes:
        attrs.define_attribute(
            db, a["name"], a["type"], values=a["allowed_values"], description=a["description"]
        )
    known = (
        {r["id"] for r in db.query("select id from passages")} if plan.attribute_values else set()
    )
    for doc, name, stored, passage in plan.attribute_values:
        value = json.loads(stored) if stored.startswith("[") else stored
        attrs.set_values(
            db,
            doc,
            {name: value},
            set_by=label,
            source="qdpx",
            passage_id=passage if passage in known else None,
        )


def _plan_memos(db: Database, project: RefiProject, plan: _Plan) -> set[str]:
    """Notes on codes, sources and the project become memos (a note already imported,
    by GUID, is not doubled). Returns the GUIDs of the notes placed this way."""
    known = {r[0] for r in db.execute("select guid from memos where guid is not null")}
    targets: list[tuple[str, str | None, str]] = [
        ("code", plan.code_ids[c.guid], g) for c in project.codes for g in c.note_guids
    ]
    targets += [
        ("document", plan.documents[src.guid], g)
        for src in project.sources
        if src.guid in plan.documents
        for g in src.note_guids
    ]
    targets += [("corpus", None, g) for g in project.project_note_guids]
    placed = set()
    for target_type, target_id, guid in targets:
        text = project.notes.get(guid, "")
        if not text.strip():
            continue
        placed.add(guid)
        if guid in known:
            continue
        known.add(guid)
        user = project.note_users.get(guid)
        plan.memos.append(
            {
                "target_type": target_type,
                "target_id": target_id,
                "coder": project.users.get(user, UNKNOWN_CODER) if user else UNKNOWN_CODER,
                "text": text,
                "guid": guid,
                "at": project.note_times.get(guid),
            }
        )
    return placed


# ---- the whole import ----------------------------------------------------------------


def import_project(
    db: Database,
    project: RefiProject | str | Path,
    *,
    on_conflict: str = "fail",
    dry_run: bool = False,
    label: str | None = None,
) -> ImportResult:
    """Import a REFI-QDA project (parsed, or a ``.qdpx`` path) into ``db``.

    All checks happen before the first write, and all writes happen in one transaction:
    a refused or failing import leaves the corpus exactly as it was.
    """
    if on_conflict not in ON_CONFLICT:
        raise RefiError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}")
    if not isinstance(project, RefiProject):
        label = label or Path(project).name
        project = load_project(project)
    label = label or "refi"
    result = ImportResult(path=label, origin=project.origin, skipped=list(project.skipped))
    plan = _Plan()
    with write_lock(db):  # plan and write under one lock: nothing changes in between
        _plan_codes(db, project, plan, result)
        _plan_codings(db, project, label, plan, result)
        _plan_attributes(db, project, plan, result)
        attached = {
            g
            for src in project.sources
            for sel in src.selections
            for g in [*sel.note_guids, *(n for c in sel.codings for n in c.note_guids)]
        }
        attached |= _plan_memos(db, project, plan)
        loose = len(set(project.notes) - attached)
        if loose:
            result.skipped.append(
                f"{loose} note(s) attached to nothing Telaah keeps (an empty note, or on a "
                "case, set or link)"
            )
        if result.conflicts and on_conflict == "fail":
            raise ImportConflicts(result.conflicts)
        result.codings_added = len(plan.codings)
        result.memos_added = len(plan.memos)
        result.dry_run = dry_run
        if dry_run:
            return result
        if plan.new_codes:
            import_codebook(db, plan.new_codes)
        for doc in plan.new_documents:
            write_document(db, doc)
        for c in plan.codings:
            add_coding(
                db,
                c.passage_id,
                c.code_id,
                c.coder,
                start=c.start,
                end=c.end,
                memo=c.memo,
                origin="import",
                at=c.at,
                guid=c.guid,
            )
        _write_attributes(db, plan, label)
        for memo in plan.memos:
            add_memo(db, **memo)
    return result
