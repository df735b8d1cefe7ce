"""How to cite a passage or a finding: APA 7, the Indonesian style, BibTeX, RIS, CSL-JSON.

Pure functions over plain dicts (a ``documents`` row with ``authors`` decoded, a passage,
a finding), tested without Datasette. Each citable thing becomes one CSL-JSON item first;
BibTeX, RIS and the ``citation_*`` meta tags Zotero reads are written from that item, so
the formats cannot disagree.

A passage is cited as a record of the Telaah dataset (CSL ``dataset``, RIS ``DATA``,
BibTeX ``@misc`` which every BibTeX style accepts) that carries its source document's
fields and the printed page label, so a reference manager keeps both the source and the
permanent link.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Any

from coding.citation import (  # noqa: F401  (re-exported: the plugins cite through here)
    THESIS_KINDS,
    in_text,
    page_ref,
    person,
    reference,
    thesis_kind,
)


def italic_html(text: str) -> str:
    """Escape ``text`` and turn ``*...*`` into ``<i>...</i>`` (for :func:`reference`)."""
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", escape(text))


def _date_parts(stamp: str | None) -> dict | None:
    if not stamp:
        return None
    nums = [int(x) for x in re.findall(r"\d+", stamp[:10])]
    return {"date-parts": [nums[:3]]} if nums else None


def passage_item(
    doc: dict,
    passage: dict,
    *,
    url: str,
    version: str,
    accessed: str,
    dataset_title: str,
    thesis: str | None = None,
) -> dict[str, Any]:
    """The CSL-JSON item of a passage: its document's fields, the page, the link."""
    kind_note = {
        "journal_article": "Journal article",
        "thesis": THESIS_KINDS.get(thesis or "", ("Thesis",))[0],
        "regulation": "Regulation",
    }.get(doc.get("kind") or "", "Document")
    item: dict[str, Any] = {
        "id": passage["id"],
        "type": "dataset",
        "title": " ".join((doc.get("title") or "").split()) or passage["id"],
        "author": [person(a) for a in doc.get("authors") or [] if a and a.strip()],
        "container-title": doc.get("venue"),
        "volume": doc.get("volume"),
        "issue": doc.get("issue"),
        "page": passage.get("page_label")
        or (str(passage["page"]) if passage.get("page") else None),
        "DOI": doc.get("doi"),
        "publisher": doc.get("institution"),
        "genre": kind_note,
        "URL": url,
        "version": version,
        "archive": dataset_title,
        "archive_location": passage["id"],
        "accessed": _date_parts(accessed),
        "note": "; ".join(
            x
            for x in (
                f"{kind_note}, {doc['institution']}" if doc.get("institution") else kind_note,
                f"passage {passage['id']}",
                page_ref(passage.get("page_label"), passage.get("page"), "en"),
            )
            if x
        ),
        "abstract": passage.get("text"),
    }
    if doc.get("year"):
        item["issued"] = {"date-parts": [[int(doc["year"])]]}
    tail = passage["id"].removeprefix(f"{passage.get('document_id')}-")
    item["citation-key"] = citation_key(item["author"], doc.get("year"), tail)
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def finding_item(
    finding: dict, *, url: str, accessed: str, dataset_title: str, author: str
) -> dict[str, Any]:
    """The CSL-JSON item of a saved finding (a named query over a versioned dataset)."""
    creator = finding.get("created_by")
    item: dict[str, Any] = {
        "id": f"finding-{finding['id']}",
        "type": "dataset",
        "title": finding["name"],
        "author": [person(creator)] if creator else [{"literal": author}],
        "issued": _date_parts(finding.get("created_at")),
        "URL": url,
        "version": finding["corpus_version"],
        "archive": dataset_title,
        "archive_location": finding["id"],
        "accessed": _date_parts(accessed),
        "abstract": finding["statement"],
        "note": f"Saved query on corpus version {finding['corpus_version']}; "
        f"{finding['row_count']} row{'' if finding['row_count'] == 1 else 's'}; "
        f"result sha256 {finding['result_hash']}",
    }
    item["citation-key"] = citation_key(
        item["author"], (finding.get("created_at") or "")[:4], finding["id"]
    )
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def citation_key(authors: list[dict], year: object, tail: str) -> str:
    """``lestari2024-6101e1561e``: first author's family name, year, a distinguishing tail."""
    first = (authors[0].get("family") or authors[0].get("literal") or "") if authors else ""
    name = re.sub(r"[^a-z]", "", _ascii(first.split()[0] if first else "").lower()) or "telaah"
    return f"{name}{year or ''}-{re.sub(r'[^A-Za-z0-9-]', '', tail)}"


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in " ".join(str(text).split()))


def _bib_name(p: dict) -> str:
    if "literal" in p:
        return "{" + bibtex_escape(p["literal"]) + "}"
    given = f", {bibtex_escape(p['given'])}" if p.get("given") else ""
    return bibtex_escape(p["family"]) + given


def to_bibtex(item: dict) -> str:
    """A BibTeX ``@misc`` entry (every style accepts it; biblatex reads the extra fields)."""
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(_bib_name(p) for p in item["author"])))
    fields.append(("title", "{" + bibtex_escape(item["title"]) + "}"))
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    for name, value in (
        ("year", year),
        ("journal", item.get("container-title")),
        ("volume", item.get("volume")),
        ("number", item.get("issue")),
        ("pages", item.get("page")),
        ("publisher", item.get("publisher")),
        ("doi", item.get("DOI")),
        ("url", item.get("URL")),
        ("version", item.get("version")),
        ("howpublished", item.get("archive")),
        ("note", item.get("note")),
    ):
        if value not in (None, ""):
            fields.append((name, bibtex_escape(str(value))))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed:
        fields.append(("urldate", "-".join(f"{n:02d}" for n in accessed)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{item['citation-key']},\n{body}\n}}\n"


def _sorted_name(p: dict) -> str:
    """``Family, Given`` (RIS and Highwire form), or a literal name as it is."""
    if p.get("literal"):
        return p["literal"]
    return f"{p['family']}, {p['given']}" if p.get("given") else p["family"]


def _ris_value(value: Any) -> str:
    return " ".join(str(value).split())


def to_ris(item: dict) -> str:
    """An RIS record of type ``DATA`` (dataset)."""
    lines = [("TY", "DATA")]
    for p in item.get("author") or []:
        lines.append(("AU", _sorted_name(p)))
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    for tag, value in (
        ("TI", item.get("title")),
        ("PY", year),
        ("T2", item.get("container-title")),
        ("VL", item.get("volume")),
        ("IS", item.get("issue")),
        ("SP", item.get("page")),
        ("PB", item.get("publisher")),
        ("DO", item.get("DOI")),
        ("UR", item.get("URL")),
        ("ET", item.get("version")),
        ("DB", item.get("archive")),
        ("AN", item.get("archive_location")),
        ("AB", item.get("abstract")),
        ("N1", item.get("note")),
    ):
        if value not in (None, ""):
            lines.append((tag, _ris_value(value)))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed:
        lines.append(("Y2", "/".join(f"{n:02d}" for n in accessed)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)


def meta_tags(item: dict) -> list[tuple[str, str]]:
    """``citation_*`` (Highwire) meta tags, the ones Zotero reads from a page."""
    tags = [("citation_title", item["title"])]
    for p in item.get("author") or []:
        tags.append(("citation_author", _sorted_name(p)))
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    for name, value in (
        ("citation_publication_date", year),
        ("citation_journal_title", item.get("container-title")),
        ("citation_volume", item.get("volume")),
        ("citation_issue", item.get("issue")),
        ("citation_firstpage", item.get("page")),
        ("citation_doi", item.get("DOI")),
        ("citation_dissertation_institution", item.get("publisher")),
        ("citation_public_url", item.get("URL")),
        ("citation_abstract_html_url", item.get("URL")),
    ):
        if value not in (None, ""):
            tags.append((name, str(value)))
    return tags
