"""The "Penelitian Terdahulu" table of a skripsi's BAB II: one row per study with
Peneliti (Tahun), Judul, Metode, Konteks and Temuan, and the reference list under it.

Written from :func:`coding.synthesis.synthesis`, so a finding in the table is a code the
study *reports* (coded in its abstract, findings or conclusion), each with the page it is
on ("hlm."). Method and context come from the study's attributes (``method``,
``election``, ``election_year``, ``region``) when they are set.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .citation import page_ref
from .codetree import Conn
from .errors import CodingError
from .synthesis import NONE_GROUP, STYLES, attribute_values, synthesis


class UnknownFormat(CodingError):
    pass


CONTEXT_ATTRIBUTES = ("election", "election_year", "region")
HEADER = {
    "id": ["No", "Peneliti (Tahun)", "Judul", "Metode", "Konteks", "Temuan"],
    "en": ["No", "Author (Year)", "Title", "Method", "Context", "Findings"],
}
FORMATS = ("docx", "md", "csv", "tex")


def _values(conn: Conn, name: str) -> dict[str, list[str]]:
    if conn.execute("select 1 from attributes where name = ?", [name]).fetchone() is None:
        return {}
    return attribute_values(conn, name)


def literature_table(
    conn: Conn,
    *,
    style: str = "id",
    parent: str = "factors",
    by: str | None = None,
    coder: str | None = None,
) -> dict[str, Any]:
    """Rows (one per coded study, grouped by ``by``'s value when given) and references."""
    lang = STYLES.get(style, "id")
    s = synthesis(conn, parent=parent, by=by, coder=coder, style=style, reported_only=True)
    attrs = {name: _values(conn, name) for name in ("method", *CONTEXT_ATTRIBUTES)}
    groups = _values(conn, by) if by else {}
    found: dict[str, list[str]] = {d: [] for d in s["documents"]}
    for code in s["codes"]:
        if code["depth"] != 0:  # a sub-code is counted in its top-level code already
            continue
        for e in code["evidence"]:
            where = page_ref(e["page_label"], e["page"], lang)
            found[e["document_id"]].append(f"{code['label']} ({where})" if where else code["label"])
    rows = []
    for doc_id, d in s["documents"].items():
        context = [", ".join(attrs[a].get(doc_id, [])) for a in CONTEXT_ATTRIBUTES]
        rows.append(
            {
                "document_id": doc_id,
                "group": ", ".join(groups.get(doc_id, [])) or NONE_GROUP if by else None,
                "author_year": d["cite"],
                "title": " ".join((d["title"] or "").split()),
                "method": ", ".join(attrs["method"].get(doc_id, [])) or "-",
                "context": "; ".join(c for c in context if c) or "-",
                "findings": found[doc_id],
            }
        )
    if by:
        rows.sort(key=lambda r: (r["group"] == NONE_GROUP, r["group"]))
    return {
        "style": style,
        "by": by,
        "header": HEADER[lang] + ([by] if by else []),
        "rows": rows,
        "references": [d["reference"] for d in s["documents"].values()],
    }


def _cells(t: dict, row: dict, n: int, sep: str) -> list[str]:
    cells = [
        str(n),
        row["author_year"],
        row["title"],
        row["method"],
        row["context"],
        sep.join(row["findings"]) or "-",
    ]
    return cells + ([row["group"]] if t["by"] else [])


def write_literature_table(t: dict, fmt: str, path: str | Path) -> Path:
    """Write the table in ``fmt`` (docx, md, csv, tex) to ``path``."""
    path = Path(path)
    rows = [(i, r) for i, r in enumerate(t["rows"], start=1)]
    title = "Penelitian Terdahulu" if t["style"] == "id" else "Previous Studies"
    refs = "Daftar Pustaka" if t["style"] == "id" else "References"
    if fmt == "docx":
        from .wordfile import WordFile  # python-docx and lxml: only for .docx output

        w = WordFile()
        w.heading(title, 1)
        w.table(t["header"], [_cells(t, r, i, "\n") for i, r in rows])
        w.heading(refs, 2)
        for ref in t["references"]:
            w.paragraph(ref)
        return w.save(path)
    if fmt == "csv":
        out = io.StringIO()
        wr = csv.writer(out)
        wr.writerow(t["header"])
        for i, r in rows:
            wr.writerow(_cells(t, r, i, "; "))
        text = out.getvalue()
    elif fmt == "md":
        cell = lambda x: " ".join(x.split()).replace("|", "\\|")  # noqa: E731
        lines = [f"# {title}", "", "| " + " | ".join(t["header"]) + " |"]
        lines.append("|" + "---|" * len(t["header"]))
        lines += ["| " + " | ".join(cell(c) for c in _cells(t, r, i, "; ")) + " |" for i, r in rows]
        lines += ["", f"## {refs}", ""] + [f"- {r}" for r in t["references"]]
        text = "\n".join(lines) + "\n"
    elif fmt == "tex":
        text = _tex(t, rows, title, refs)
    else:
        raise UnknownFormat(f'unknown format "{fmt}"; use one of: {", ".join(FORMATS)}')
    path.write_text(text, encoding="utf-8")
    return path


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip


def tex_escape(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def _tex(t: dict, rows: list, title: str, refs: str) -> str:
    """A ``longtable`` (it breaks across pages) and a list of references; ``*...*`` in a
    reference becomes ``\\emph``."""
    n = len(t["header"])
    widths = ["0.04", "0.14", "0.22", "0.12", "0.16", "0.24"] + (["0.08"] if t["by"] else [])
    spec = "|".join(f"p{{{w}\\linewidth}}" for w in widths[:n])
    lines = [
        f"% {title} -- needs \\usepackage{{longtable}}",
        f"\\begin{{longtable}}{{|{spec}|}}",
        "\\hline",
        " & ".join(f"\\textbf{{{tex_escape(h)}}}" for h in t["header"]) + " \\\\",
        "\\hline\\endhead",
    ]
    for i, r in rows:
        lines.append(" & ".join(tex_escape(c) for c in _cells(t, r, i, "; ")) + " \\\\ \\hline")
    lines += ["\\end{longtable}", "", f"\\section*{{{tex_escape(refs)}}}", "\\begin{itemize}"]
    for ref in t["references"]:
        parts = ref.split("*")
        body = "".join(
            f"\\emph{{{tex_escape(p)}}}" if k % 2 else tex_escape(p) for k, p in enumerate(parts)
        )
        lines.append(f"\\item {body}")
    lines.append("\\end{itemize}")
    return "\n".join(lines) + "\n"
