"""The codebook report: what a thesis appendix needs to show how the coding was done.

For each code, in tree order: its labels, definition (the description), decision rules,
two or three example quotes with the reference a reader can check ("Wulandari & Pratama
(2024), hlm. 116"), and how many codings each coder made. One data function
(:func:`codebook_report`) feeds three renderers: Markdown, HTML (every text escaped: quotes
come from PDFs) and DOCX (python-docx, imported only when a DOCX is written).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from sqlite_utils import Database

from .codebook import list_codes
from .errors import CodingError

FORMATS = ("md", "html", "docx")


class BadReport(CodingError):
    """A report that cannot be written as asked; the message says what to give."""


def codebook_report(db: Database, *, examples: int = 3) -> dict:
    """``{"codes": [...], "coders": [...]}``; each code carries ``examples`` (quote,
    reference, passage id) and ``per_coder`` (coder -> placed codings of that code)."""
    from .tabular import reference

    codes = list_codes(db)
    per_coder: dict[str, dict[str, int]] = {}
    for r in db.query(
        "select code_id, coder, count(*) as n from codings where status = 'placed' "
        "group by code_id, coder order by coder"
    ):
        per_coder.setdefault(r["code_id"], {})[r["coder"]] = r["n"]
    quotes: dict[str, list[dict]] = {}
    for r in db.query(
        """
        select c.code_id, c.quote, c.passage_id, c.document_id, p.page_label, p.page,
               d.title, d.authors, d.year
        from codings c
        join passages p on p.id = c.passage_id
        join documents d on d.id = c.document_id
        where c.status = 'placed'
        order by c.code_id, d.year, d.title, p.seq, c.char_start
        """
    ):
        quotes.setdefault(r["code_id"], []).append(r)
    out = []
    for code in codes:
        chosen = _spread(quotes.get(code["id"], []), examples)
        out.append(
            {
                "id": code["id"],
                "depth": code["depth"],
                "label_id": code["label_id"],
                "label_en": code["label_en"],
                "definition": code["description"],
                "rules": code.get("rules"),
                "per_coder": per_coder.get(code["id"], {}),
                "examples": [
                    {
                        "quote": " ".join(q["quote"].split()),
                        "passage_id": q["passage_id"],
                        "reference": (
                            reference(json.loads(q["authors"] or "[]"), q["year"], q["title"])
                            + f", hlm. {q['page_label'] or q['page'] or '?'}"
                        ),
                    }
                    for q in chosen
                ],
            }
        )
    coders = sorted({c for counts in per_coder.values() for c in counts})
    return {"codes": out, "coders": coders}


def _spread(rows: list[dict], n: int) -> list[dict]:
    """Up to ``n`` quotes, from as many different documents as there are, de-duplicated."""
    chosen: list[dict] = []
    seen_docs: set[str] = set()
    seen_quotes: set[str] = set()
    for first_pass in (True, False):
        for r in rows:
            key = " ".join(r["quote"].split()).casefold()
            if len(chosen) >= n or key in seen_quotes:
                continue
            if first_pass and r["document_id"] in seen_docs:
                continue
            chosen.append(r)
            seen_docs.add(r["document_id"])
            seen_quotes.add(key)
    return chosen


def _cut(text: str, width: int = 300) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _counts(code: dict) -> str:
    if not code["per_coder"]:
        return "no codings yet"
    return ", ".join(f"{c} {n}" for c, n in code["per_coder"].items())


def render_markdown(report: dict) -> str:
    lines = ["# Codebook", ""]
    for c in report["codes"]:
        level = "#" * min(c["depth"] + 2, 6)
        en = f" ({c['label_en']})" if c["label_en"] else ""
        lines += [f"{level} {c['label_id']}{en} `{c['id']}`", ""]
        if c["definition"]:
            lines += [f"**Definition.** {c['definition']}", ""]
        if c["rules"]:
            lines += [f"**Decision rules.** {c['rules']}", ""]
        if c["examples"]:
            lines += ["**Examples.**", ""]
            lines += [f'- "{_cut(e["quote"])}" ({e["reference"]})' for e in c["examples"]]
            lines.append("")
        lines += [f"**Codings per coder.** {_counts(c)}", ""]
    return "\n".join(lines)


def render_html(report: dict) -> str:
    e = html.escape
    parts = [
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Codebook</title>'
        "<style>body{font-family:serif;max-width:48em;margin:2em auto}"
        "code{color:#555}.rules{font-style:italic}</style></head><body><h1>Codebook</h1>"
    ]
    for c in report["codes"]:
        h = min(c["depth"] + 2, 6)
        en = f" ({e(c['label_en'])})" if c["label_en"] else ""
        parts.append(
            f'<h{h} id="{e(c["id"])}">{e(c["label_id"])}{en} <code>{e(c["id"])}</code></h{h}>'
        )
        if c["definition"]:
            parts.append(f"<p><strong>Definition.</strong> {e(c['definition'])}</p>")
        if c["rules"]:
            parts.append(f'<p class="rules"><strong>Decision rules.</strong> {e(c["rules"])}</p>')
        if c["examples"]:
            parts.append("<p><strong>Examples.</strong></p><ul>")
            parts += [
                f"<li>&ldquo;{e(_cut(x['quote']))}&rdquo; ({e(x['reference'])})</li>"
                for x in c["examples"]
            ]
            parts.append("</ul>")
        parts.append(f"<p><strong>Codings per coder.</strong> {e(_counts(c))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_docx(report: dict, path: str | Path) -> Path:
    import docx  # python-docx: only when a DOCX is asked for

    document = docx.Document()
    document.add_heading("Codebook", level=0)
    for c in report["codes"]:
        en = f" ({c['label_en']})" if c["label_en"] else ""
        document.add_heading(f"{c['label_id']}{en} [{c['id']}]", level=min(c["depth"] + 1, 9))
        for title, text in (("Definition. ", c["definition"]), ("Decision rules. ", c["rules"])):
            if text:
                par = document.add_paragraph()
                par.add_run(title).bold = True
                par.add_run(_xml_safe(text))
        if c["examples"]:
            document.add_paragraph().add_run("Examples.").bold = True
            for x in c["examples"]:
                document.add_paragraph(
                    _xml_safe(f"“{_cut(x['quote'])}” ({x['reference']})"), style="List Bullet"
                )
        par = document.add_paragraph()
        par.add_run("Codings per coder. ").bold = True
        par.add_run(_xml_safe(_counts(c)))
    path = Path(path)
    document.save(str(path))
    return path


def _xml_safe(text: str) -> str:
    """Text from PDFs may hold control characters that XML (and so DOCX) cannot carry."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


def write_report(db: Database, fmt: str, out: str | Path | None = None) -> str | Path:
    """Render the report as ``fmt``; returns the text (md, html without ``out``) or the
    path written. DOCX needs ``out``."""
    if fmt not in FORMATS:
        raise BadReport(f"format must be one of {', '.join(FORMATS)}")
    report = codebook_report(db)
    if fmt == "docx":
        if out is None:
            raise BadReport("a DOCX report needs a file: --out FILE.docx")
        return write_docx(report, out)
    text = render_markdown(report) if fmt == "md" else render_html(report)
    if out is None:
        return text
    Path(out).write_text(text, encoding="utf-8")
    return Path(out)
