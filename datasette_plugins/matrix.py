"""The study-by-code matrix at ``/-/matrix``: documents down, codes across, coded passages
in the cells, each cell a link to those passages; ``/-/matrix.csv`` downloads it whole.

A code's cell counts the distinct passages coded with it or with any code below it, so a
parent column (collapsed or not) reads "passages about this factor at all". The counts
come from one grouped query over the ``codings_matrix`` covering index, restricted to the
documents on the page; the page shows 100 documents at a time, the CSV all of them.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlencode

from datasette import Response
from markupsafe import Markup

from coding.codetree import tree_order
from coding.highlight import highlight_html, load_spans
from corpus.role_words import ROLES

from .publish import corpus_database, is_static

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass
class Filters:
    parent: str = ""
    kind: str = ""
    year: str = ""
    coded: bool = False
    role: str = ""  # count only codings in passages of this role (findings, literature...)
    attr: str = ""  # only documents whose attribute ``attr`` has ``value``
    value: str = ""
    collapsed: tuple[str, ...] = ()
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args) -> Filters:
        def number(name: str, default: int, top: int) -> int:
            try:
                return max(1, min(top, int(args.get(name) or default)))
            except ValueError:
                return default

        return cls(
            parent=(args.get("parent") or "").strip(),
            kind=(args.get("kind") or "").strip(),
            year=(args.get("year") or "").strip(),
            coded=args.get("coded") in ("1", "on", "true"),
            role=(args.get("role") or "").strip(),
            attr=(args.get("attr") or "").strip(),
            value=(args.get("value") or "").strip(),
            collapsed=tuple(sorted({c for c in args.getlist("collapse") if c})),
            page=number("page", 1, 10**6),
            size=number("size", PAGE_SIZE, MAX_PAGE_SIZE),
        )

    def query(self, **changes) -> str:
        """The URL query string of these filters with ``changes`` applied."""
        values = {
            "parent": self.parent,
            "kind": self.kind,
            "year": self.year,
            "coded": "1" if self.coded else "",
            "role": self.role,
            "attr": self.attr,
            "value": self.value,
            "collapse": list(self.collapsed),
            "page": "" if self.page == 1 else str(self.page),
            "size": "" if self.size == PAGE_SIZE else str(self.size),
        }
        values.update(changes)
        pairs = []
        for key, value in values.items():
            for v in value if isinstance(value, list | tuple) else [value]:
                if v not in ("", None):
                    pairs.append((key, v))
        return urlencode(pairs)


@dataclass
class Column:
    id: str
    label: str
    colour: str | None
    depth: int
    parent_id: str | None
    has_children: bool
    collapsed: bool
    documents: int = 0  # documents (under the filters) with at least one such passage
    passages: int = 0


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[dict]
    total_documents: int
    filters: Filters
    kinds: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    parents: list[dict] = field(default_factory=list)
    roles: tuple[str, ...] = ROLES
    attributes: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # of the chosen attribute

    @property
    def pages(self) -> int:
        return max(1, -(-self.total_documents // self.filters.size))


def code_tree(conn: sqlite3.Connection) -> list[dict]:
    """Codes in codebook order with depth and whether they have children."""
    rows = conn.execute(
        "select id, parent_id, label_id, colour from codes order by sort, id"
    ).fetchall()
    keys = ("id", "parent_id", "label", "colour")
    return tree_order(dict(zip(keys, r)) for r in rows)


def visible_columns(tree: list[dict], parent: str, collapsed: tuple[str, ...]) -> list[Column]:
    """The codes under ``parent`` (all codes when empty), minus those inside a collapsed code."""

    def inside(code: dict, ancestor: str) -> bool:
        return ancestor in code["path"].split("/")[:-1]

    out = []
    for c in tree:
        if parent and c["id"] != parent and not inside(c, parent):
            continue
        if any(inside(c, x) for x in collapsed):
            continue
        out.append(
            Column(
                id=c["id"],
                label=c["label"],
                colour=c["colour"],
                depth=c["depth"],
                parent_id=c["parent_id"],
                has_children=c["has_children"],
                collapsed=c["id"] in collapsed,
            )
        )
    return out


# A document whose attribute ? has value ?: equal, or one item of a list attribute's JSON.
ATTRIBUTE_MATCH = """exists (
    select 1 from document_attributes da where da.document_id = d.id and da.name = ?
      and (da.value = ? or (json_valid(da.value) and json_type(da.value) = 'array'
           and exists (select 1 from json_each(da.value) j where j.value = ?))))"""


def attribute_values(conn: sqlite3.Connection, name: str) -> list[str]:
    """The values documents have for attribute ``name`` (list items one by one)."""
    rows = conn.execute(
        """
        select distinct coalesce(j.value, da.value) from document_attributes da
        left join json_each(case when json_valid(da.value) and json_type(da.value) = 'array'
                                 then da.value else '[]' end) j
        where da.name = ? order by 1
        """,
        [name],
    )
    return [str(r[0]) for r in rows]


def _role_join(f: Filters) -> tuple[str, list]:
    """Restrict counted codings to passages of ``f.role``."""
    if not f.role:
        return "", []
    return " join passages rp on rp.id = c.passage_id and rp.role = ?", [f.role]


def _document_filter(f: Filters) -> tuple[str, list]:
    clauses, params = [], []
    if f.kind:
        clauses.append("d.kind = ?")
        params.append(f.kind)
    if f.year:
        clauses.append("cast(d.year as text) = ?")
        params.append(f.year)
    if f.coded:
        clauses.append(
            "exists (select 1 from codings x where x.status = 'placed' and x.document_id = d.id)"
        )
    if f.attr and f.value:
        clauses.append(ATTRIBUTE_MATCH)
        params += [f.attr, f.value, f.value]
    return (" where " + " and ".join(clauses)) if clauses else "", params


def _counts(
    conn, columns: list[Column], docs_sql: str, params: list, f: Filters
) -> dict[tuple, int]:
    if not columns:
        return {}
    marks = ", ".join("?" * len(columns))
    role_join, role_params = _role_join(f)
    sql = f"""
        select c.document_id, anc.ancestor_id, count(distinct c.passage_id)
        from codings c join code_ancestors anc on anc.code_id = c.code_id{role_join}
        where c.status = 'placed' and c.document_id in ({docs_sql})
          and anc.ancestor_id in ({marks})
        group by c.document_id, anc.ancestor_id
    """
    rows = conn.execute(sql, [*role_params, *params, *(c.id for c in columns)])
    return {(doc, code): n for doc, code, n in rows}


def build_matrix(conn: sqlite3.Connection, f: Filters, *, all_rows: bool = False) -> Matrix:
    """The matrix for these filters: one page of documents, or all of them for CSV."""
    tree = code_tree(conn)
    columns = visible_columns(tree, f.parent, f.collapsed)
    where, params = _document_filter(f)
    total = conn.execute(f"select count(*) from documents d{where}", params).fetchone()[0]
    order = " order by d.year is null, d.year, d.title, d.id"
    page = "" if all_rows else f" limit {f.size} offset {(f.page - 1) * f.size}"
    docs = [
        dict(zip(("id", "title", "year", "kind"), r))
        for r in conn.execute(
            f"select d.id, d.title, d.year, d.kind from documents d{where}{order}{page}", params
        )
    ]
    counts = _counts(conn, columns, f"select d.id from documents d{where}{order}{page}", params, f)
    for d in docs:
        d["counts"] = {c.id: counts.get((d["id"], c.id), 0) for c in columns}
    _column_totals(conn, columns, where, params, f)
    return Matrix(
        columns=columns,
        rows=docs,
        total_documents=total,
        filters=f,
        kinds=[r[0] for r in conn.execute("select distinct kind from documents order by kind")],
        years=[
            r[0]
            for r in conn.execute(
                "select distinct year from documents where year is not null order by year desc"
            )
        ],
        parents=[{"id": c["id"], "label": c["label"]} for c in tree if c["has_children"]],
        attributes=[r[0] for r in conn.execute("select name from attributes order by sort, name")],
        values=attribute_values(conn, f.attr) if f.attr else [],
    )


def _column_totals(conn, columns: list[Column], where: str, params: list, f: Filters) -> None:
    """Per column: documents (under the filters) with the code, and coded passages."""
    if not columns:
        return
    marks = ", ".join("?" * len(columns))
    role_join, role_params = _role_join(f)
    sql = f"""
        select anc.ancestor_id, count(distinct c.document_id), count(distinct c.passage_id)
        from codings c join code_ancestors anc on anc.code_id = c.code_id{role_join}
        where c.status = 'placed' and anc.ancestor_id in ({marks})
          and c.document_id in (select d.id from documents d{where})
        group by anc.ancestor_id
    """
    totals = {
        code: (docs, n)
        for code, docs, n in conn.execute(sql, [*role_params, *(c.id for c in columns), *params])
    }
    for c in columns:
        c.documents, c.passages = totals.get(c.id, (0, 0))


def matrix_csv(m: Matrix) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["document_id", "title", "year", "kind", *(c.id for c in m.columns)])
    for d in m.rows:
        w.writerow(
            [d["id"], d["title"], d["year"], d["kind"], *(d["counts"][c.id] for c in m.columns)]
        )
    return out.getvalue()


def cell_url(
    datasette, database: str, code_id: str, document_id: str = "", f: Filters | None = None
) -> str:
    """The passages behind a cell: in a static snapshot (no SQL behind it) the ``/-/coded``
    page rendered for that cell; under a role or attribute filter, the ``code_evidence``
    canned query narrowed the same way, so the link shows what the number counts; else the
    ``passages_coded`` canned query."""
    if is_static(datasette):
        tail = f"/{document_id}" if document_id else ""
        return datasette.urls.path(f"/-/coded/{quote(code_id, safe='')}{tail}")
    if f and (f.role or (f.attr and f.value)):
        query = {
            "code": code_id, "stance": "", "role": f.role, "coder": "",
            "document_id": document_id, "attr": f.attr if f.value else "", "value": f.value,
            "rollup": "1",
        }  # fmt: skip
        return datasette.urls.database(database) + "/code_evidence?" + urlencode(query)
    path = datasette.urls.database(database) + "/passages_coded"
    return f"{path}?{urlencode({'code': code_id, 'document_id': document_id})}"


def coded_passages(conn: sqlite3.Connection, code_id: str, document_id: str = "") -> dict:
    """A matrix cell's passages: coded with ``code_id`` or a code below it (in one
    document, or in all), with their spans, in document and reading order."""
    code = conn.execute("select id, label_id from codes where id = ?", [code_id]).fetchone()
    sql = f"""
        select distinct p.id, p.document_id, p.page, p.page_label, p.section, p.text,
               d.title, d.year, p.seq
        from codings c join code_ancestors anc on anc.code_id = c.code_id
        join passages p on p.id = c.passage_id join documents d on d.id = p.document_id
        where c.status = 'placed' and anc.ancestor_id = ?
        {"and c.document_id = ?" if document_id else ""}
        order by d.title, d.id, p.seq
    """
    params = [code_id, document_id] if document_id else [code_id]
    names = ["id", "document_id", "page", "page_label", "section", "text", "title", "year", "seq"]
    rows = [dict(zip(names, r)) for r in conn.execute(sql, params)]
    spans = load_spans(conn, [r["id"] for r in rows])
    for r in rows:
        r["highlighted"] = Markup(highlight_html(r["text"], spans[r["id"]]))
    return {"code": {"id": code[0], "label": code[1]} if code else None, "passages": rows}


async def coded_page(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    code_id = unquote(request.url_vars["code_id"])
    document_id = request.url_vars.get("document_id") or ""
    found = await db.execute_fn(lambda conn: coded_passages(conn, code_id, document_id))
    if found["code"] is None:
        return Response.html(
            await datasette.render_template(
                "telaah_missing.html",
                {"what": f"Code {code_id}", "message": "There is no code with this id."},
                request=request,
            ),
            status=404,
        )
    return Response.html(
        await datasette.render_template(
            "telaah_coded.html",
            {**found, "document_id": document_id, "database": db.name},
            request=request,
        )
    )


async def matrix_page(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    f = Filters.from_args(request.args)
    m = await db.execute_fn(lambda conn: build_matrix(conn, f))
    return Response.html(
        await datasette.render_template(
            "telaah_matrix.html",
            {
                "matrix": m,
                "database": db.name,
                "cell_url": lambda code, doc="": cell_url(datasette, db.name, code, doc, f),
                "max_count": max((n for d in m.rows for n in d["counts"].values()), default=0),
            },
            request=request,
        )
    )


async def matrix_csv_download(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.text("No Telaah corpus is attached\n", status=404)
    f = Filters.from_args(request.args)
    m = await db.execute_fn(lambda conn: build_matrix(conn, f, all_rows=True))
    return Response(
        matrix_csv(m),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="telaah-matrix.csv"'},
    )


ROUTES = [
    (r"^/-/matrix$", matrix_page),
    (r"^/-/matrix\.csv$", matrix_csv_download),
    (r"^/-/coded/(?P<code_id>[^/]+?)(/(?P<document_id>[A-Za-z0-9_-]+))?$", coded_page),
]
