"""The cite page of a passage, ``/-/cite/{passage_id}``, and its downloads
(``.bib``, ``.ris``, ``.json`` for CSL-JSON).

The page shows the passage with its coded spans, its document's full reference in APA 7
and in the Indonesian style (with "hlm." and the printed page label), a permanent link
and ``citation_*`` meta tags, so Zotero captures the page as a citable item. A passage
id retired by a re-ingest redirects to the passage that now holds its text (HTTP 301:
the old link keeps working and bookmarks update).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from datasette import Response
from markupsafe import Markup
from sqlite_utils import Database

from coding.highlight import highlight_html, load_spans
from corpus.pages import span_pages
from corpus.publication import get_publication
from corpus.version import corpus_version

from . import citation
from .publish import corpus_citation, corpus_database, fetch, permalink

FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", citation.to_bibtex, "\n"),
    "ris": ("application/x-research-info-systems; charset=utf-8", citation.to_ris, "\n"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", None, ""),
}


def today() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def passage_record(conn: sqlite3.Connection, passage_id: str) -> dict | None:
    """Everything the cite page needs, ``{"retired": new_id}`` for a retired id, or None."""
    found = fetch(conn, "select * from passages where id = ?", [passage_id])
    if not found:
        old = fetch(conn, "select new_id from retired_passages where old_id = ?", [passage_id])
        return {"retired": old[0]["new_id"]} if old else None
    passage = found[0]
    doc = fetch(conn, "select * from documents where id = ?", [passage["document_id"]])[0]
    opening = [
        r["text"]
        for r in fetch(
            conn,
            "select text from passages where document_id = ? order by seq limit 30",
            [doc["id"]],
        )
    ]
    doc["authors"] = json.loads(doc.get("authors") or "[]")
    if doc.get("kind") in ("journal_article", "conference_paper") and not doc.get("pages"):
        labels = [
            (r["page"], r["page_label"])
            for r in fetch(
                conn, "select page, page_label from pages where document_id = ?", [doc["id"]]
            )
        ]
        doc["pages"] = citation.page_range(labels, doc.get("page_count"))
    spans = load_spans(conn, [passage_id])[passage_id]
    codes = {}
    for s in spans:
        codes.setdefault(s.code_id, s)
    return {
        "passage": passage,
        "document": doc,
        "spans": spans,
        "codes": list(codes.values()),
        "thesis": citation.thesis_kind(opening) if doc.get("kind") == "thesis" else None,
        "version": corpus_version(Database(conn)),
        "publication": get_publication(conn),
    }


def render(items: list[dict], fmt: str) -> str:
    """Several items in one download: BibTeX entries or RIS records one after another,
    CSL-JSON as one array."""
    _, writer, gap = FORMATS[fmt]
    if writer is None:
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    return gap.join(writer(item) for item in items)


def download(items: list[dict], fmt: str, filename: str) -> Response:
    content_type = FORMATS[fmt][0]
    body = render(items, fmt)
    return Response(
        body,
        content_type=content_type,
        headers={"content-disposition": f'inline; filename="{filename}.{fmt}"'},
    )


async def cite_page(datasette, request):
    passage_id = request.url_vars["passage_id"]
    fmt = request.url_vars.get("format")
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    record = await db.execute_fn(lambda conn: passage_record(conn, passage_id))
    if record is None:
        return await _not_found(datasette, request, passage_id)
    if "retired" in record:
        if not record["retired"]:
            return await _not_found(datasette, request, passage_id, retired=True)
        suffix = f".{fmt}" if fmt else ""
        return Response.redirect(
            datasette.urls.path(f"/-/cite/{record['retired']}{suffix}"), status=301
        )
    start, end = span_args(request.args, len(record["passage"]["text"]))
    query = f"?start={start}&end={end}" if start is not None else ""
    link = permalink(datasette, request, f"/-/cite/{passage_id}{query}")
    doc, passage = record["document"], record["passage"]
    cited = citation.cited_span(passage, start, end)
    corpus = corpus_citation(datasette, request, record["publication"], record["version"], today())
    item = citation.source_item(
        doc, cited, thesis=record["thesis"], permalink=link, corpus_title=corpus["title"]
    )
    if fmt:
        return download([item, corpus], fmt, item["citation-key"])
    refs = {
        lang: {
            "reference": Markup(
                citation.italic_html(citation.reference(doc, lang=lang, thesis=record["thesis"]))
            ),
            "in_text": Markup(
                citation.italic_html(
                    citation.regulation_in_text(doc, passage.get("locator"))
                    or citation.in_text(
                        doc, page_label=cited["page_label"], page=cited["page"], lang=lang
                    )
                )
            ),
        }
        for lang in ("en", "id")
    }
    return Response.html(
        await datasette.render_template(
            "telaah_cite.html",
            {
                "database": db.name,
                "passage": passage,
                "cited": cited,
                "span": (start, end) if start is not None else None,
                "coded_spans": coded_spans(passage, record["spans"]),
                "document": doc,
                "highlighted": Markup(highlight_html(passage["text"], record["spans"])),
                "codes": record["codes"],
                "refs": refs,
                "permalink": link,
                "version": record["version"],
                "item": item,
                "bibtex": citation.to_bibtex(item),
                "ris": citation.to_ris(item),
                "corpus": corpus,
                "corpus_bibtex": citation.to_bibtex(corpus),
                "corpus_ris": citation.to_ris(corpus),
                "meta_tags": citation.meta_tags(item),
                "downloads": {
                    fmt: datasette.urls.path(f"/-/cite/{passage_id}.{fmt}") + query
                    for fmt in FORMATS
                },
            },
            request=request,
        )
    )


def span_args(args, length: int) -> tuple[int | None, int | None]:
    """``?start=S&end=E`` of a cite link to one quote, if both are offsets inside the
    passage with ``S < E``; otherwise the page cites the whole passage."""
    try:
        start, end = int(args.get("start", "")), int(args.get("end", ""))
    except ValueError:
        return None, None
    return (start, end) if 0 <= start < end <= length else (None, None)


def coded_spans(passage: dict, spans: list) -> list[dict]:
    """Each coded span with its quote and the page it is printed on (its own page, which
    may be the page after the one its passage starts on)."""
    text = passage["text"]
    out = []
    for s in spans:
        pages = span_pages(passage, s.start, s.end)
        out.append(
            {
                "span": s,
                "quote": text[s.start : s.end],
                "page": pages.cite("id"),
                "query": f"?start={s.start}&end={s.end}",
            }
        )
    return out


async def _not_found(datasette, request, passage_id: str, *, retired: bool = False):
    message = (
        "This passage was removed when its document was ingested again, and its text is "
        "no longer in the corpus."
        if retired
        else "There is no passage with this id in the corpus."
    )
    return Response.html(
        await datasette.render_template(
            "telaah_missing.html",
            {"what": f"Passage {passage_id}", "message": message},
            request=request,
        ),
        status=410 if retired else 404,
    )


ROUTES = [
    (r"^/-/cite/(?P<passage_id>[A-Za-z0-9_-]+?)(\.(?P<format>bib|ris|json))?$", cite_page),
]
