"""Writing a corpus as a REFI-QDA project (``.qdpx``) that NVivo, ATLAS.ti, MAXQDA,
QualCoder and qc read.

A document's text, as the other tools see it, is its passages in reading order joined by
one blank line (``"\\n\\n"``). A coding at ``char_start``..``char_end`` of a passage becomes
a selection at ``offset(passage) + char_start`` .. ``offset(passage) + char_end`` of that
text, counted in Unicode code points, end exclusive, as REFI-QDA requires.

Every document is a ``TextSource`` with its text in ``sources/GUID.txt`` (qc reads no
other kind), and its original PDF, when the file is still where it was ingested from and
unchanged, sits beside it as ``sources/GUID.pdf``, named by the ``pdf`` case variable.
Codings sharing a span share one ``PlainTextSelection``. Memos become notes. Each document
is a case (with a ``SourceRef`` to its source) whose variable values are its metadata and
its study attributes (``telaah attr``): NVivo's classifications, MAXQDA's document
variables, QualCoder's attributes.

What REFI-QDA has no place for (passage boundaries, page labels, sections, English code
labels, spaCy patterns) travels in ``telaah.json`` at the root of the archive, which
other tools ignore and ``telaah import qdpx`` uses to rebuild the corpus exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from lxml import etree
from sqlite_utils import Database

from corpus.db import now
from corpus.pages import span_pages

from ..attributes import display, list_attributes
from .archive import SIDECAR, write_qdpx
from .codes import build_codes, codes_with_guids, stable_guid
from .xmlsafe import PROJECT_NS, validate

SEPARATOR = "\n\n"
SIDECAR_FORMAT = "telaah-refi"
# Case variables: (name, documents column, REFI type).
VARIABLES = [
    ("telaah_document_id", "id", "Text"),
    ("title", "title", "Text"),
    ("authors", "authors", "Text"),
    ("year", "year", "Integer"),
    ("kind", "kind", "Text"),
    ("venue", "venue", "Text"),
    ("volume", "volume", "Text"),
    ("issue", "issue", "Text"),
    ("pages", "pages", "Text"),
    ("doi", "doi", "Text"),
    ("issn", "issn", "Text"),
    ("institution", "institution", "Text"),
    ("language", "language", "Text"),
    ("keywords", "keywords", "Text"),
    ("abstract", "abstract", "Text"),
    ("pdf", None, "Text"),
]
_JSON_LISTS = ("authors", "keywords")
# Study attribute type -> REFI variable type. A category or a list is text to other tools
# (list items joined by "; "); ``telaah.json`` keeps the type and allowed values.
ATTRIBUTE_TYPES = {
    "text": "Text",
    "category": "Text",
    "list": "Text",
    "number": "Float",
    "date": "Date",
}


def telaah_origin() -> str:
    try:
        return f"Telaah {version('telaah')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "Telaah"


@dataclass
class ExportResult:
    path: str
    documents: int = 0
    codes: int = 0
    codings: int = 0
    selections: int = 0
    users: int = 0
    notes: int = 0
    pdfs: int = 0
    attributes: int = 0
    attribute_values: int = 0
    warnings: list[str] = field(default_factory=list)


def layout(texts: list[str]) -> tuple[str, list[int]]:
    """The document text and where each passage starts in it."""
    offsets, pos = [], 0
    for t in texts:
        offsets.append(pos)
        pos += len(t) + len(SEPARATOR)
    return SEPARATOR.join(texts), offsets


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _original_pdf(doc: dict, result: ExportResult) -> Path | None:
    src = doc.get("source_path")
    if not src or not src.lower().endswith(".pdf"):
        return None
    path = Path(src)
    if not path.is_file():
        result.warnings.append(f"{doc['id']}: PDF not found at {src}; exported its text only")
        return None
    if _sha256(path) != doc["sha256"]:
        result.warnings.append(f"{doc['id']}: {src} changed since ingest; exported its text only")
        return None
    return path


def source_name(doc: dict) -> str:
    """``Title (document id)``: unique, and safe as a file name, which qc makes of it.

    Two documents often share a title (a thesis and the article drawn from it), and qc
    turns the name into a file name with ``Path.with_suffix``, which cuts at the last dot
    and trips on slashes; the full title is in the ``title`` case variable.
    """
    title = re.sub(r"[/\\.]+", " ", doc["title"] or "")
    title = " ".join(title.split())[:120]
    return f"{title} ({doc['id']})" if title else doc["id"]


def _value_text(doc: dict, column: str) -> str | None:
    value = doc.get(column)
    if column in _JSON_LISTS:
        items = json.loads(value or "[]")
        return "; ".join(items) if items else None
    return None if value in (None, "") else str(value)


def selection_name(passage: dict, start: int, end: int) -> str | None:
    """A selection's name is where a reader finds it: ``Pasal 3 ayat (3), hlm. 118``.

    REFI-QDA has no page field, and NVivo, ATLAS.ti and MAXQDA show a selection's name in
    their coding lists, so the page of the span itself (not of its passage's start, see
    :func:`corpus.pages.span_pages`) and a regulation's locator go there.
    """
    pages = span_pages(passage, start, end)
    where = pages.cite("id").replace("hlm. PDF ", "hlm. ")
    return ", ".join(x for x in (passage.get("locator"), where) if x) or None


def _citable(passage: dict) -> dict:
    """What the sidecar keeps of a passage for citing it after a round trip: its locator
    and page breaks, when it has them."""
    out: dict = {}
    if passage.get("locator"):
        out["locator"] = passage["locator"]
    breaks = json.loads(passage.get("page_breaks") or "[]")
    if breaks:
        out["page_breaks"] = breaks
    return out


def _sub(parent: etree._Element, tag: str, attrs: dict | None = None) -> etree._Element:
    return etree.SubElement(
        parent, f"{{{PROJECT_NS}}}{tag}", {k: v for k, v in (attrs or {}).items() if v is not None}
    )


def _codings(db: Database, document_id: str) -> list[dict]:
    return list(
        db.query(
            """
            select c.*, p.seq from codings c join passages p on p.id = c.passage_id
            where c.document_id = ? and c.status = 'placed'
            order by p.seq, c.char_start, c.char_end, c.code_id, c.coder, c.id
            """,
            [document_id],
        )
    )


class _Builder:
    """Accumulates ``project.qde``, the archive's files and the sidecar, one document at a time."""

    def __init__(self, db: Database, name: str, result: ExportResult):
        self.db = db
        self.result = result
        self.root = etree.Element(
            f"{{{PROJECT_NS}}}Project",
            {"name": name, "origin": telaah_origin(), "creationDateTime": now()},
            nsmap={None: PROJECT_NS},
        )
        # The schema fixes the order of these; empty ones are dropped at the end.
        self.parts = {
            tag: _sub(self.root, tag)
            for tag in ("Users", "CodeBook", "Variables", "Cases", "Sources", "Notes")
        }
        self.files: dict[str, bytes | Path] = {}
        self.users: dict[str, str] = {}
        codes = codes_with_guids(db)
        self.code_guids = build_codes(self.parts["CodeBook"], codes, PROJECT_NS) if codes else {}
        result.codes = len(codes)
        self.sidecar: dict = {
            "format": SIDECAR_FORMAT,
            "version": 1,
            "codes": {
                self.code_guids[c["id"]]: {
                    "id": c["id"],
                    "label_en": c["label_en"],
                    "patterns": c["patterns"],
                }
                for c in codes
            },
            "documents": {},
        }
        self.attributes = list_attributes(db)
        result.attributes = len(self.attributes)
        self.sidecar["attributes"] = [
            {k: a[k] for k in ("name", "type", "allowed_values", "description", "sort")}
            for a in self.attributes
        ]
        self.values: dict[str, dict[str, dict]] = {}
        for r in db.query("select * from document_attributes"):
            self.values.setdefault(r["document_id"], {})[r["name"]] = r

    def note(self, memo: dict, name: str) -> str:
        """A memo from the ``memos`` table as a ``<Note>``; returns its GUID to refer to."""
        guid = memo["guid"] or stable_guid("memo", memo["id"])
        note = _sub(
            self.parts["Notes"],
            "Note",
            {
                "guid": guid,
                "name": name,
                "creatingUser": self.user(memo["coder"]),
                "creationDateTime": memo["created_at"],
                "modifiedDateTime": memo["updated_at"],
            },
        )
        _sub(note, "PlainTextContent").text = memo["text"]
        self.result.notes += 1
        return guid

    def memos_on(self, target_type: str, target_id: str) -> list[dict]:
        return list(
            self.db.query(
                "select * from memos where target_type = ? and target_id = ? "
                "order by created_at, rowid",
                [target_type, target_id],
            )
        )

    def code_notes(self) -> None:
        """Memos on codes as NoteRefs of their ``<Code>`` (after its Description)."""
        elements = {
            el.get("guid"): el for el in self.parts["CodeBook"].iter(f"{{{PROJECT_NS}}}Code")
        }
        for code_id, guid in self.code_guids.items():
            el = elements[guid]
            at = 1 if len(el) and etree.QName(el[0]).localname == "Description" else 0
            for memo in reversed(self.memos_on("code", code_id)):
                ref = etree.Element(f"{{{PROJECT_NS}}}NoteRef")
                ref.set("targetGUID", self.note(memo, f"Memo: {code_id} ({memo['coder']})"))
                el.insert(at, ref)

    def user(self, coder: str) -> str:
        return self.users.setdefault(coder, stable_guid("user", coder))

    def document(self, doc: dict) -> None:
        passages = list(
            self.db.query(
                "select id, seq, text, page, page_end, page_label, section, kind, locator, "
                "page_breaks from passages "
                "where document_id = ? order by seq",
                [doc["id"]],
            )
        )
        text, offsets = layout([p["text"] for p in passages])
        guid = stable_guid("document", doc["id"])
        source = _sub(
            self.parts["Sources"],
            "TextSource",
            {
                "guid": guid,
                "name": source_name(doc),
                "plainTextPath": f"internal://{guid}.txt",
                "creationDateTime": doc["ingested_at"],
            },
        )
        self.files[f"sources/{guid}.txt"] = text.encode("utf-8")
        pdf = _original_pdf(doc, self.result)
        if pdf:
            self.files[f"sources/{guid}.pdf"] = pdf
            self.result.pdfs += 1
        where = {p["id"]: (off, p) for off, p in zip(offsets, passages)}
        groups: dict[tuple, list[dict]] = {}
        for c in _codings(self.db, doc["id"]):
            groups.setdefault((c["passage_id"], c["char_start"], c["char_end"]), []).append(c)
        for (pid, start, end), group in groups.items():
            offset, passage = where[pid]
            self.selection(source, passage, offset, start, end, group)
        for memo in self.memos_on("document", doc["id"]):
            name = f"Memo: {source_name(doc)} ({memo['coder']})"
            _sub(source, "NoteRef", {"targetGUID": self.note(memo, name)})
        self.case(doc, guid, f"internal://{guid}.pdf" if pdf else None)
        self.sidecar["documents"][guid] = {
            "document": {k: v for k, v in doc.items() if k != "ingested_at"},
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "pages": list(
                self.db.query(
                    "select page, page_label, status, message from pages "
                    "where document_id = ? order by page",
                    [doc["id"]],
                )
            ),
            "passages": [
                {k: p[k] for k in ("id", "page", "page_end", "page_label", "section", "kind")}
                | {"length": len(p["text"])}
                | _citable(p)
                for p in passages
            ],
            "attributes": {
                name: {k: v[k] for k in ("source", "set_by", "passage_id", "set_at")}
                for name, v in self.values.get(doc["id"], {}).items()
            },
        }
        self.result.documents += 1

    def selection(
        self, source: etree._Element, passage: dict, offset: int, start: int, end: int, group: list
    ) -> None:
        """One span, with every coding on it (REFI nests codings in their selection)."""
        sel = _sub(
            source,
            "PlainTextSelection",
            {
                "guid": stable_guid("selection", f"{passage['id']}:{start}:{end}"),
                "name": selection_name(passage, start, end),
                "startPosition": str(offset + start),
                "endPosition": str(offset + end),
                "creatingUser": self.user(group[0]["coder"]),
                "creationDateTime": min(c["created_at"] for c in group),
            },
        )
        self.result.selections += 1
        for c in group:
            coding = _sub(
                sel,
                "Coding",
                {
                    "guid": c["guid"] or stable_guid("coding", c["id"]),
                    "creatingUser": self.user(c["coder"]),
                    "creationDateTime": c["created_at"],
                },
            )
            _sub(coding, "CodeRef", {"targetGUID": self.code_guids[c["code_id"]]})
            self.result.codings += 1
            if c["memo"]:
                _sub(coding, "NoteRef", {"targetGUID": self.memo(c)})

    def memo(self, coding: dict) -> str:
        guid = stable_guid("memo", coding["id"])
        note = _sub(
            self.parts["Notes"],
            "Note",
            {
                "guid": guid,
                "name": f"Memo: {coding['code_id']} ({coding['coder']})",
                "creatingUser": self.user(coding["coder"]),
                "creationDateTime": coding["updated_at"],
            },
        )
        _sub(note, "PlainTextContent").text = coding["memo"]
        self.result.notes += 1
        return guid

    def case(self, doc: dict, source_guid: str, pdf: str | None) -> None:
        """The document's metadata and study attributes as variable values of one case
        that holds the source."""
        variables = self.parts["Variables"]
        if not len(variables):
            for var_name, _, var_type in VARIABLES:
                attrs = {"name": var_name, "typeOfVariable": var_type}
                _sub(variables, "Variable", {"guid": stable_guid("variable", var_name), **attrs})
            for a in self.attributes:
                var = _sub(
                    variables,
                    "Variable",
                    {
                        "guid": attribute_guid(a["name"]),
                        "name": a["name"],
                        "typeOfVariable": ATTRIBUTE_TYPES[a["type"]],
                    },
                )
                if a["description"]:
                    _sub(var, "Description").text = a["description"]
        case = _sub(
            self.parts["Cases"],
            "Case",
            {"guid": stable_guid("case", doc["id"]), "name": doc["title"] or doc["id"]},
        )
        for var_name, column, var_type in VARIABLES:
            value = _value_text(doc, column) if column else pdf
            if value is None:
                continue
            self.value(case, stable_guid("variable", var_name), var_type, value)
        stored = self.values.get(doc["id"], {})
        for a in self.attributes:
            if a["name"] in stored:
                text = display(a, stored[a["name"]]["value"])
                self.value(case, attribute_guid(a["name"]), ATTRIBUTE_TYPES[a["type"]], text)
                self.result.attribute_values += 1
        _sub(case, "SourceRef", {"targetGUID": source_guid})

    @staticmethod
    def value(case: etree._Element, variable_guid: str, var_type: str, text: str) -> None:
        vv = _sub(case, "VariableValue")
        _sub(vv, "VariableRef", {"targetGUID": variable_guid})
        _sub(vv, f"{var_type}Value").text = text

    def finish(self) -> dict[str, bytes | Path]:
        self.code_notes()
        project_notes = [
            self.note(memo, f"Memo: project ({memo['coder']})")
            for memo in self.memos_on("corpus", "")
        ]
        for coder, guid in sorted(self.users.items()):
            _sub(self.parts["Users"], "User", {"guid": guid, "name": coder})
        self.result.users = len(self.users)
        for el in self.parts.values():
            if not len(el):  # each container needs at least one child
                self.root.remove(el)
        for guid in project_notes:  # the schema puts the project's own NoteRefs last
            _sub(self.root, "NoteRef", {"targetGUID": guid})
        qde = etree.tostring(self.root, xml_declaration=True, encoding="utf-8", pretty_print=True)
        sidecar = json.dumps(self.sidecar, ensure_ascii=False, indent=1, sort_keys=True)
        return {"project.qde": qde, **self.files, SIDECAR: sidecar.encode("utf-8")}


def attribute_guid(name: str) -> str:
    """A study attribute's variable GUID: stable, and apart from the metadata variables'."""
    return stable_guid("attribute", name)


def project_files(db: Database, *, name: str, result: ExportResult) -> dict[str, bytes | Path]:
    """Build ``project.qde``, the source texts, PDFs and ``telaah.json`` as archive entries."""
    builder = _Builder(db, name, result)
    for doc in list(db.query("select * from documents order by id")):
        builder.document(doc)
    return builder.finish()


def export_project(
    db: Database, out: str | Path, *, name: str | None = None, xsd: str | Path | None = None
) -> ExportResult:
    """Write the whole corpus to ``out`` as a ``.qdpx``; validate against ``xsd`` if given.

    Codings whose text vanished on a re-ingest (status ``unplaced``) have no span to export
    and are counted in the warnings.
    """
    out = Path(out)
    result = ExportResult(path=str(out))
    files = project_files(db, name=name or out.stem, result=result)
    if xsd:
        validate(files["project.qde"], xsd)  # type: ignore[arg-type]
    unplaced = db.execute("select count(*) from codings where status != 'placed'").fetchone()[0]
    if unplaced:
        result.warnings.append(f"{unplaced} unplaced coding(s) not exported (their text is gone)")
    write_qdpx(out, files)
    return result
