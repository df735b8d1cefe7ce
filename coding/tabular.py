"""Codings as spreadsheets: CSV for SPSS/R/Excel, XLSX for Excel and LibreOffice.

One row per coding, with what a reader of the spreadsheet needs without the corpus: the
quote, the whole passage, the code's path in the hierarchy, a short document reference
(``Suryani & Pratama (2021)``), the printed page label of the quote itself (``118``, or
``117-118`` across a page break, from :func:`corpus.pages.span_pages`) and a regulation's
locator (``Pasal 3 ayat (3)``). Codes and documents get their own sheet (XLSX) or file
(CSV); the documents carry one column per study attribute (``telaah attr``).

Spreadsheet programs run any cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, so a quote such as ``- tekanan atasan`` could become ``#NAME?`` and a memo such
as ``=HYPERLINK(...)`` a live link. XLSX cells are written as explicit strings; CSV cells
that start with one of those characters get a leading apostrophe (OWASP's advice): it
stays visible, but the cell stays text.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlite_utils import Database

from corpus.pages import span_pages

from .attributes import display, list_attributes
from .codetree import tree_order

CODING_COLUMNS = [
    "coding_id",
    "document_id",
    "document_ref",
    "title",
    "year",
    "page",
    "page_label",
    "locator",
    "section",
    "passage_id",
    "code_id",
    "code_path",
    "code_label",
    "coder",
    "quote",
    "passage_text",
    "memo",
    "origin",
    "status",
    "char_start",
    "char_end",
    "created_at",
]
CODE_COLUMNS = [
    "id",
    "path",
    "label_id",
    "label_en",
    "parent_id",
    "description",
    "colour",
    "codings",
]
DOCUMENT_COLUMNS = [
    "id", "reference", "title", "authors", "year", "kind", "venue", "volume", "issue", "pages",
    "doi", "institution", "page_count", "codings",
]  # fmt: skip
XLSX_CELL_LIMIT = 32767  # Excel's maximum characters in one cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def reference(authors: list[str], year: int | None, title: str | None) -> str:
    """A short author-year reference; the title's opening words when there is no author."""
    surnames = [a.split()[-1] for a in authors if a.strip()]
    if not surnames:
        who = " ".join((title or "Tanpa judul").split()[:6])
    elif len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} & {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who} ({year or 't.t.'})"


def _code_paths(db: Database) -> dict[str, dict]:
    """Codes (in the table's order) with ``path``: their labels from the root, "A > B"."""
    codes = {r["id"]: r for r in db.query("select * from codes order by sort, rowid")}
    for code in tree_order(dict(c) for c in codes.values()):
        codes[code["id"]]["path"] = " > ".join(
            codes[i]["label_id"] for i in code["path"].split("/")
        )
    return codes


def coding_rows(db: Database) -> list[dict]:
    """Every coding, placed or not, in document and reading order."""
    codes = _code_paths(db)
    rows = db.query(
        """
        select c.id as coding_id, c.document_id, d.title, d.authors, d.year, p.page,
               p.page_label, p.page_breaks, p.locator, p.section, c.passage_id, c.code_id,
               c.coder, c.quote,
               p.text as passage_text, c.memo, c.origin, c.status, c.char_start, c.char_end,
               c.created_at
        from codings c
        join documents d on d.id = c.document_id
        left join passages p on p.id = c.passage_id
        order by d.year, d.id, p.seq, c.char_start, c.code_id, c.coder, c.id
        """
    )
    out = []
    for r in rows:
        code = codes.get(r["code_id"], {})
        # The page a reader cites is the quote's own (a passage may run over a page break).
        pages = span_pages(r, r["char_start"], r["char_end"]) if r["page"] else None
        out.append(
            {
                **r,
                "page": pages.page if pages else None,
                "page_label": pages.page_label if pages else None,
                "document_ref": reference(json.loads(r["authors"] or "[]"), r["year"], r["title"]),
                "code_path": code.get("path"),
                "code_label": code.get("label_id"),
            }
        )
    return [{k: r[k] for k in CODING_COLUMNS} for r in out]


def code_rows(db: Database) -> list[dict]:
    counts = dict(db.execute("select code_id, count(*) from codings group by code_id").fetchall())
    return [
        {**{k: c.get(k) for k in CODE_COLUMNS}, "codings": counts.get(c["id"], 0)}
        for c in _code_paths(db).values()
    ]


def document_rows(db: Database) -> list[dict]:
    """One row per document, then one column per study attribute (list items joined
    by ``; ``), so a spreadsheet can filter and pivot studies by election or region."""
    defs = {a["name"]: a for a in list_attributes(db)}
    values: dict[str, dict[str, str]] = {}
    for r in db.query("select document_id, name, value from document_attributes"):
        values.setdefault(r["document_id"], {})[r["name"]] = display(defs[r["name"]], r["value"])
    counts = dict(
        db.execute("select document_id, count(*) from codings group by document_id").fetchall()
    )
    out = []
    for d in db.query("select * from documents order by year, id"):
        authors = json.loads(d["authors"] or "[]")
        out.append(
            {
                **{k: d.get(k) for k in DOCUMENT_COLUMNS},
                "reference": reference(authors, d["year"], d["title"]),
                "authors": "; ".join(authors),
                "codings": counts.get(d["id"], 0),
                **{name: values.get(d["id"], {}).get(name) for name in defs},
            }
        )
    return out


def _tables(db: Database) -> list[tuple[str, list[str], list[dict]]]:
    attributes = [a["name"] for a in list_attributes(db)]
    return [
        ("codings", CODING_COLUMNS, coding_rows(db)),
        ("codes", CODE_COLUMNS, code_rows(db)),
        ("documents", DOCUMENT_COLUMNS + attributes, document_rows(db)),
    ]


def _csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(db: Database, out_dir: str | Path) -> dict[str, int]:
    """Write ``codings.csv``, ``codes.csv`` and ``documents.csv`` (UTF-8 with BOM, so Excel
    shows Indonesian text right) into ``out_dir``; return rows written per file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, columns, rows in _tables(db):
        path = out / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for r in rows:
                writer.writerow([_csv_cell(r[c]) for c in columns])
        written[path.name] = len(rows)
    return written


def _xlsx_cell(ws, value: object) -> WriteOnlyCell:
    if isinstance(value, str):
        text = _ILLEGAL.sub("", value)
        if len(text) > XLSX_CELL_LIMIT:
            text = text[: XLSX_CELL_LIMIT - 1] + "…"
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    return WriteOnlyCell(ws, value=value)


def export_xlsx(db: Database, out_file: str | Path) -> dict[str, int]:
    """Write one workbook with sheets ``codings``, ``codes`` and ``documents``."""
    out = Path(out_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    written = {}
    for name, columns, rows in _tables(db):
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        ws.append(columns)
        for r in rows:
            ws.append([_xlsx_cell(ws, r[c]) for c in columns])
        written[name] = len(rows)
    wb.save(out)
    return written
