"""What the studies found: per code, the studies that report it and those that only
mention it, the share reporting with a 95% Wilson interval, the split by a study
attribute, and the strongest evidence per study with its page and citation.

A coding *reports* a factor when its passage stands in the study's abstract, findings or
conclusion (``passages.role``, see ``corpus/roles.py``) and *mentions* it anywhere else
(a literature review summarising another study, a background chapter). A study counts
once per code: as reporting if any of its codings reports it. With ``rollup`` a code's
codings count for every code above it (the ``code_ancestors`` view), so a sub-code of
conflict-of-interest shows under conflict-of-interest too.

The "Penelitian Terdahulu" table (:func:`literature_table`) is written from the same
synthesis, so the table and the synthesis cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from corpus.pages import span_pages
from corpus.roles import REPORTING_ROLES

from .attributes import decode
from .citation import in_text, narrative, reference, thesis_kind
from .codetree import Conn, tree_order
from .errors import CodingError, NoSuchCode

NONE_GROUP = "(none)"
# The order evidence is preferred in: a finding over a conclusion over an abstract, then
# everything that only mentions.
_ROLE_RANK = {"findings": 0, "conclusion": 1, "abstract": 2}
STYLES = {"apa": "en", "id": "id"}


class NoSuchAttribute(CodingError):
    def __init__(self, name: str):
        super().__init__(
            f'attribute "{name}" is not defined; list attributes with: telaah attr list'
        )


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for ``k`` successes in ``n`` (0, 0 when ``n`` is 0): it
    stays inside [0, 1] and is honest for the small numbers of studies a review has."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def reports(role: str | None) -> bool:
    return role in REPORTING_ROLES


# One coding as the synthesis reads it (a plain tuple: a page may read 100,000 of them).
_ROWID, _DOC, _CODE, _ROLE, _ORIGIN, _LENGTH, _PASSAGE, _START, _END, _PAGE, _LABEL = range(11)


def _rank(row: tuple) -> tuple:
    """Which coding of a study is the strongest evidence for a code: a finding before a
    conclusion before an abstract before a mention, a person's coding before an accepted
    suggestion, a longer span before a shorter."""
    return (
        _ROLE_RANK.get(row[_ROLE] or "", 9),
        row[_ORIGIN] != "manual",
        -row[_LENGTH],
        row[_PASSAGE],
        row[_START],
    )


def _documents(conn: Conn, ids: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        cur = conn.execute(f"select * from documents where id in ({marks})", chunk)
        keys = [c[0] for c in cur.description]
        for row in cur.fetchall():
            d = dict(zip(keys, row))
            d["authors"] = json.loads(d.get("authors") or "[]")
            out[d["id"]] = d
    return out


def _thesis_words(conn: Conn, doc_id: str) -> str | None:
    rows = conn.execute(
        "select text from passages where document_id = ? order by seq limit 8", [doc_id]
    ).fetchall()
    return thesis_kind([r[0] for r in rows])


def attribute_values(conn: Conn, name: str) -> dict[str, list[str]]:
    """Each document's values of attribute ``name``: a list-type value is a JSON list, and
    the study counts in each of its values' groups."""
    row = conn.execute("select type from attributes where name = ?", [name]).fetchone()
    if row is None:
        raise NoSuchAttribute(name)
    out: dict[str, list[str]] = {}
    for doc_id, value in conn.execute(
        "select document_id, value from document_attributes where name = ?", [name]
    ):
        typed = decode({"type": row[0]}, value) if row[0] == "list" else value
        values = [str(v) for v in typed] if isinstance(typed, list) else [value]
        out[doc_id] = [v for v in values if v != ""]
    return out


def synthesis(
    conn: Conn,
    *,
    parent: str = "factors",
    by: str | None = None,
    coder: str | None = None,
    rollup: bool = True,
    reported_only: bool = False,
    style: str = "id",
    references: bool = True,
    evidence_limit: int | None = None,
) -> dict[str, Any]:
    """The synthesis of the codes under ``parent`` over the coded studies (documents with
    at least one placed coding, by ``coder`` when given). See the module docstring.
    Without ``references`` the studies' reference-list entries are left out (a web page
    showing thousands of studies needs only their in-text citations); ``evidence_limit``
    keeps that many evidence items per code (reporting studies first) and says how many
    there were in ``evidence_total``."""
    lang = STYLES.get(style, "id")
    codes = _codes_under(conn, parent)
    coder_sql, coder_params = (" and c.coder = ?", [coder]) if coder else ("", [])
    study_ids = {
        r[0]
        for r in conn.execute(
            f"select distinct c.document_id from codings c where c.status = 'placed'{coder_sql}",
            coder_params,
        )
    }
    n = len(study_ids)
    groups_of: dict[str, list[str]] = {}
    if by:
        values = attribute_values(conn, by)
        groups_of = {d: values.get(d) or [NONE_GROUP] for d in study_ids}
    group_sizes: Counter[str] = Counter(g for gs in groups_of.values() for g in gs)
    group_order = sorted(group_sizes, key=_group_order)

    best = _best_codings(conn, [c["id"] for c in codes], rollup, coder_sql, coder_params)
    out_codes = []
    shown: list[tuple[dict, tuple]] = []
    for code in codes:
        chosen = best.get(code["id"], {})
        reporting = sorted(d for d, row in chosen.items() if reports(row[_ROLE]))
        mentioning = sorted(d for d, row in chosen.items() if not reports(row[_ROLE]))
        low, high = wilson(len(reporting), n)
        groups: dict[str, dict[str, Any]] = {}
        if by:
            k = Counter(g for d in reporting for g in groups_of.get(d, []))
            m = Counter(g for d in mentioning for g in groups_of.get(d, []))
            for g in group_order:
                size = group_sizes[g]
                g_low, g_high = wilson(k[g], size)
                groups[g] = {
                    "studies": size,
                    "reporting": k[g],
                    "mentioning": m[g],
                    "share": k[g] / size if size else 0.0,
                    "ci_low": g_low,
                    "ci_high": g_high,
                }
        cited = reporting + ([] if reported_only else mentioning)
        evidence: list[dict[str, Any]] = []
        for doc_id in cited[:evidence_limit]:
            row = chosen[doc_id]
            item = {
                "document_id": doc_id,
                "passage_id": row[_PASSAGE],
                "coding_id": None,
                "page_label": row[_LABEL],  # the span's own page: set with the quote below
                "page": row[_PAGE],
                "quote": None,
                "role": row[_ROLE],
                "reports": reports(row[_ROLE]),
                "cite": None,
            }
            evidence.append(item)
            shown.append((item, row))
        out_codes.append(
            {
                "code_id": code["id"],
                "label": code["label_id"],
                "parent_id": code["parent_id"],
                "depth": code["depth"],
                "reporting": reporting,
                "mentioning": [] if reported_only else mentioning,
                "share": len(reporting) / n if n else 0.0,
                "ci_low": low,
                "ci_high": high,
                "groups": groups,
                "evidence": evidence,
                "evidence_total": len(cited),
            }
        )
    # Quotes and citations only for the evidence shown: a page needs 25 per code, not all.
    docs = _documents(
        conn, sorted(study_ids) if references else sorted({i["document_id"] for i, _ in shown})
    )
    quotes = _quotes(conn, [row[_ROWID] for _, row in shown])
    for item, row in shown:
        item["coding_id"], item["quote"], breaks = quotes[row[_ROWID]]
        if breaks and breaks != "[]":  # the quote may sit past a page break in its passage
            span = span_pages(
                {"page": row[_PAGE], "page_label": row[_LABEL], "page_breaks": breaks},
                row[_START],
                row[_END],
            )
            item["page"], item["page_label"] = span.page, span.page_label
        item["cite"] = in_text(
            docs[item["document_id"]], page_label=item["page_label"], page=item["page"], lang=lang
        )
    return {
        "studies": n,
        "by": by,
        "parent": parent or None,
        "coder": coder,
        "rollup": rollup,
        "reported_only": reported_only,
        "groups": {g: group_sizes[g] for g in group_order},
        "documents": {
            d: {
                "cite": narrative(doc, lang=lang),
                "reference": reference(
                    doc,
                    lang=lang,
                    thesis=_thesis_words(conn, d) if doc.get("kind") == "thesis" else None,
                )
                if references
                else None,
                "title": doc.get("title"),
                "year": doc.get("year"),
            }
            for d, doc in sorted(docs.items(), key=lambda kv: (_sort_key(kv[1]), kv[0]))
        },
        "codes": out_codes,
    }


def _group_order(value: str) -> tuple:
    """Attribute values in order, studies without a value last."""
    return (value == NONE_GROUP, value)


def _sort_key(doc: dict) -> tuple:
    first = (doc.get("authors") or [""])[0] or doc.get("title") or ""
    return (first.split()[-1].lower() if first.split() else "", doc.get("year") or 0)


def _codes_under(conn: Conn, parent: str) -> list[dict]:
    """The codes below ``parent`` (every code when empty), in codebook order with depth."""
    cur = conn.execute("select id, parent_id, label_id, sort from codes order by sort, id")
    rows = [dict(zip(("id", "parent_id", "label_id", "sort"), r)) for r in cur.fetchall()]
    tree = tree_order(rows)
    if not parent:
        return tree
    if not any(r["id"] == parent for r in tree):
        raise NoSuchCode(parent)
    below = set(
        r[0]
        for r in conn.execute(
            "select code_id from code_ancestors where ancestor_id = ? and distance > 0", [parent]
        )
    )
    top = next(r["depth"] for r in tree if r["id"] == parent)
    out = []
    for r in tree:
        if r["id"] in below:
            out.append({**r, "depth": r["depth"] - top - 1})
    return out


def _best_codings(
    conn: Conn, code_ids: list[str], rollup: bool, coder_sql: str, coder_params: list
) -> dict[str, dict[str, tuple]]:
    """For each counted code and study, its strongest placed coding (see :func:`_rank`):
    its own codings, and with ``rollup`` those of every code below it."""
    if not code_ids:
        return {}
    marks = ", ".join("?" * len(code_ids))
    distance = "" if rollup else " and distance = 0"
    counted_as: dict[str, list[str]] = {}
    for code_id, ancestor_id in conn.execute(
        f"select code_id, ancestor_id from code_ancestors where ancestor_id in ({marks}){distance}",
        code_ids,
    ):
        counted_as.setdefault(code_id, []).append(ancestor_id)
    if not counted_as:
        return {}
    # Filtering codings by code first lets SQLite read them from ``codings_synthesis``
    # (joining the view to every coding reads them all), and ``passages_synthesis`` (schema
    # 0012; SQLite prefers the primary key, which costs a lookup of the passage's text
    # row) gives each its role and page without reading the passage.
    wanted = list(counted_as)
    marks = ", ".join("?" * len(wanted))
    sql = f"""
        select c.rowid, c.document_id, c.code_id, p.role, c.origin, c.char_end - c.char_start,
               c.passage_id, c.char_start, c.char_end, p.page, p.page_label
        from codings c join passages p indexed by passages_synthesis on p.id = c.passage_id
        where c.status = 'placed' and c.code_id in ({marks}){coder_sql}
    """
    best: dict[str, dict[str, tuple]] = {}
    for row in conn.execute(sql, [*wanted, *coder_params]):
        rank = None
        for ancestor in counted_as[row[_CODE]]:
            chosen = best.setdefault(ancestor, {})
            held = chosen.get(row[_DOC])
            if held is None:
                chosen[row[_DOC]] = row
                continue
            rank = rank or _rank(row)
            if rank < _rank(held):
                chosen[row[_DOC]] = row
    return best


def _quotes(conn: Conn, rowids: list[int]) -> dict[int, tuple[str, str, str]]:
    """(coding id, quote, its passage's page breaks) of these codings."""
    out: dict[int, tuple[str, str, str]] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for rowid, coding_id, quote, breaks in conn.execute(
            "select c.rowid, c.id, c.quote, p.page_breaks from codings c "
            f"left join passages p on p.id = c.passage_id where c.rowid in ({marks})",
            chunk,
        ):
            out[rowid] = (coding_id, quote, breaks)
    return out


# --- writers -------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _share_text(code: dict, studies: int) -> str:
    return (
        f"{len(code['reporting'])}/{studies} ({_pct(code['share'])}; "
        f"95% CI {_pct(code['ci_low'])}-{_pct(code['ci_high'])})"
    )


def synthesis_markdown(s: dict) -> str:
    """The synthesis as Markdown: a table of shares, then the evidence per code."""
    lines = [f"# Sintesis: {s['studies']} studi", ""]
    head = ["Kode", "Melaporkan", "Hanya menyebut", "Proporsi (95% CI)"]
    groups = list(s["groups"])
    head += [f"{s['by']} = {g}" for g in groups]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for c in s["codes"]:
        row = [
            _md("  " * c["depth"] + c["label"]),
            str(len(c["reporting"])),
            str(len(c["mentioning"])),
            _share_text(c, s["studies"]),
        ]
        for g in groups:
            v = c["groups"].get(g, {"reporting": 0, "studies": 0, "share": 0.0})
            row.append(f"{v['reporting']}/{v['studies']} ({_pct(v['share'])})")
        lines.append("| " + " | ".join(row) + " |")
    for c in s["codes"]:
        if not c["evidence"]:
            continue
        lines += ["", f"## {_md(c['label'])}", ""]
        for e in c["evidence"]:
            how = "melaporkan" if e["reports"] else "menyebut"
            lines.append(f"- {_md(e['cite'])} [{how}, {e['role']}]: “{_md(e['quote'])}”")
    lines += ["", "## Daftar Pustaka", ""]
    lines += [f"- {_md(d['reference'])}" for d in s["documents"].values()]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Markdown-safe: a ``|`` would split a table cell and a newline would end the row."""
    return " ".join((text or "").split()).replace("|", "\\|")


SYNTHESIS_CSV_COLUMNS = [
    "code_id", "label", "group", "studies", "reporting", "mentioning", "share", "ci_low",
    "ci_high", "reporting_documents", "mentioning_documents",
]  # fmt: skip


def synthesis_csv(s: dict) -> str:
    """One row per code (group ``""``) and one per code and attribute value."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(SYNTHESIS_CSV_COLUMNS)
    for c in s["codes"]:
        w.writerow(
            [
                c["code_id"],
                c["label"],
                "",
                s["studies"],
                len(c["reporting"]),
                len(c["mentioning"]),
                f"{c['share']:.4f}",
                f"{c['ci_low']:.4f}",
                f"{c['ci_high']:.4f}",
                " ".join(c["reporting"]),
                " ".join(c["mentioning"]),
            ]  # fmt: skip
        )
        for g, v in c["groups"].items():
            w.writerow(
                [
                    c["code_id"],
                    c["label"],
                    g,
                    v["studies"],
                    v["reporting"],
                    v["mentioning"],
                    f"{v['share']:.4f}",
                    f"{v['ci_low']:.4f}",
                    f"{v['ci_high']:.4f}",
                    "",
                    "",
                ]  # fmt: skip
            )
    return out.getvalue()


def synthesis_docx(s: dict, path: str | Path) -> Path:
    """The synthesis as a Word file: the share table, the evidence per code with its
    citation and page, and the reference list."""
    from .wordfile import WordFile  # python-docx and lxml: only for .docx output

    w = WordFile()
    w.heading(f"Sintesis temuan: {s['studies']} studi", 1)
    groups = list(s["groups"])
    header = ["Kode", "Melaporkan", "Hanya menyebut", "Proporsi (95% CI)"]
    header += [f"{s['by']} = {g}" for g in groups]
    rows = []
    for c in s["codes"]:
        row = [
            "   " * c["depth"] + c["label"],
            len(c["reporting"]),
            len(c["mentioning"]),
            _share_text(c, s["studies"]),
        ]
        for g in groups:
            v = c["groups"].get(g, {"reporting": 0, "studies": 0, "share": 0.0})
            row.append(f"{v['reporting']}/{v['studies']} ({_pct(v['share'])})")
        rows.append(row)
    w.table(header, rows)
    for c in s["codes"]:
        if not c["evidence"]:
            continue
        w.heading(c["label"], 2)
        w.table(
            ["Studi", "Bagian", "Kutipan"],
            [
                [
                    e["cite"],
                    ("melaporkan" if e["reports"] else "menyebut") + f" ({e['role']})",
                    f"“{e['quote']}”",
                ]
                for e in c["evidence"]
            ],  # fmt: skip
        )
    w.heading("Daftar Pustaka", 2)
    for d in s["documents"].values():
        w.paragraph(d["reference"])
    return w.save(path)
