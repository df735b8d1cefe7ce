"""How to cite a passage or a finding: APA 7, the Indonesian style, BibTeX, RIS, CSL-JSON.

Pure functions over plain dicts (a ``documents`` row with ``authors`` decoded, a passage,
a finding), tested without Datasette. Each citable thing becomes one CSL-JSON item first;
BibTeX, RIS and the ``citation_*`` meta tags Zotero reads are written from that item, so
the formats cannot disagree.

A passage is cited as its source: the document as what it is (a journal article, a
skripsi, a regulation...), with the page of the quote in its note. The coded corpus is a
second, separate entry ("cite this corpus": a dataset with its version, DOI and
address), the only one whose ``url`` points into the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from html import escape
from typing import Any

from coding.citation import (  # noqa: F401  (re-exported: the plugins cite through here)
    THESIS_KINDS,
    WEB_KINDS,
    date_parts,
    in_text,
    page_ref,
    person,
    reference,
    thesis_kind,
)
from corpus.pages import span_pages
from extract.regulation import regulation_short_name
from extract.textutil import without_email


def cited_span(passage: dict, start: int | None = None, end: int | None = None) -> dict:
    """The passage as cited for ``text[start:end]`` (the whole text when None): its
    ``page`` and ``page_label`` become those of the span itself ("118", "117-118"), so a
    quote after a page break is cited with the page it is printed on."""
    pages = span_pages(passage, start, end)
    return {**passage, "page": pages.page, "page_label": pages.page_label}


def regulation_in_text(doc: dict, locator: str | None) -> str | None:
    """``(PP 11/2017, Pasal 3 ayat (3))``: a regulation is cited by its short name and
    article, not by author and page; None for anything else or without a locator."""
    if doc.get("kind") != "regulation" or not locator:
        return None
    name = regulation_short_name(doc.get("title") or "")
    return f"({name}, {locator})" if name else f"({locator})"


def italic_html(text: str) -> str:
    """Escape ``text`` and turn ``*...*`` into ``<i>...</i>`` (for :func:`reference`)."""
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", escape(text))


# documents.kind -> CSL type; BibTeX and RIS types follow from the CSL type.
CSL_TYPES = {
    "journal_article": "article-journal",
    "thesis": "thesis",
    "regulation": "legislation",
    "book": "book",
    "conference_paper": "paper-conference",
    "news": "article-newspaper",
    "web": "webpage",
    "report": "report",
}
_REGULATION = re.compile(
    r"^(?P<type>.*?)\s+(?:Nomor|No\.?)\s+(?P<number>[\w./-]+(?:\s+Tahun\s+\d{4})?)", re.I
)


def no_email(value: Any) -> Any:
    """A metadata value with any e-mail address (and an ``Email :`` label) taken out:
    extraction reads affiliations and contact lines from a first page, and none of them
    belongs in a reference a reader pastes into a thesis."""
    return without_email(value) if isinstance(value, str) else value


def regulation_number(title: str | None) -> tuple[str | None, str | None]:
    """``("Peraturan Pemerintah", "94 Tahun 2021")`` from a regulation's title."""
    m = _REGULATION.match(" ".join((title or "").split()))
    if not m:
        return None, None
    return m.group("type").strip(" ,") or None, m.group("number")


def page_range(labels: Sequence[tuple[int, str | None]], page_count: int | None) -> str | None:
    """An article's printed page range from its pages' labels (``[(1, "116"), (2, "117"),
    ...]``), when extraction found none on the first page: every numeric label must sit at
    the same distance from its PDF page, so the range is that distance plus the file's
    pages (``116-123``). A first page without a printed number is common and allowed."""
    offsets = {int(label) - page for page, label in labels if label and label.isdigit()}
    if len(offsets) != 1 or not page_count:
        return None
    offset = offsets.pop()
    if offset < 0:
        return None
    return f"{offset + 1}-{offset + page_count}"


def quote_location(passage: dict) -> str:
    """``hlm. 117 (PDF page 2)``, ``Pasal 3 ayat (3), hlm. 6 (PDF page 7)`` or ``para. 4``:
    where in the source the quoted passage is (its locator first, when it has one)."""
    label, page = passage.get("page_label"), passage.get("page")
    locator = passage.get("locator")
    if locator and locator.startswith("para."):
        return locator  # a Word file or web page: paragraphs, no pages
    if label:
        where = f"hlm. {label}" + (f" (PDF page {page})" if page and str(page) != label else "")
    else:
        where = f"PDF page {page}" if page else ""
    return ", ".join(x for x in (locator, where) if x)


def source_item(
    doc: dict,
    passage: dict,
    *,
    thesis: str | None = None,
    permalink: str | None = None,
    corpus_title: str | None = None,
) -> dict[str, Any]:
    """The CSL-JSON item of the document a passage comes from, as what it is: a journal
    article with its journal, volume, issue and page range; a skripsi, tesis or disertasi
    with its institution; a regulation with its number; a book; a conference paper.

    The page of the quoted passage goes in ``note`` (the article's own range stays in
    ``page``, where reference managers expect it), with the passage id and, when there
    is one, its permanent link in the corpus. The corpus itself is cited by a separate
    entry (:func:`corpus_item`); no corpus link is this entry's ``URL``. No abstract and
    no publisher taken from a first page (an author's affiliation is not a publisher).
    """
    kind = doc.get("kind") or "other"
    csl_type = CSL_TYPES.get(kind, "document")
    where = quote_location(passage)
    seen_at = f"passage {passage['id']}"
    if corpus_title:
        seen_at += f" in {corpus_title}"
    if permalink:
        seen_at += f", {permalink}"
    item: dict[str, Any] = {
        "id": passage["id"],
        "type": csl_type,
        "title": " ".join((doc.get("title") or "").split()) or doc.get("id") or passage["id"],
        "author": [person(a) for a in doc.get("authors") or [] if a and a.strip()],
        "DOI": doc.get("doi"),
        "language": doc.get("language"),
        "note": "; ".join(x for x in (f"Quoted: {where}" if where else "", seen_at) if x),
    }
    if csl_type == "article-journal":
        item.update(
            {
                "container-title": doc.get("venue"),
                "volume": doc.get("volume"),
                "issue": doc.get("issue"),
                "page": doc.get("pages"),
                "ISSN": doc.get("issn"),
            }
        )
    elif csl_type == "thesis":
        # skripsi, tesis or disertasi as printed on the cover; "Thesis" when no cover says
        item["genre"] = THESIS_KINDS.get(thesis or "", (None, "Thesis"))[1]
        item["publisher"] = doc.get("institution")
        item["thesis-level"] = thesis or None  # drives @mastersthesis / @phdthesis
    elif csl_type == "legislation":
        genre, number = regulation_number(doc.get("title"))
        item.update({"genre": genre or "Regulation", "number": number})
        item["authority"] = doc.get("institution")
        item["section"] = passage.get("locator")  # CSL's variable for a part of a statute
    elif kind in WEB_KINDS:
        # A web source is cited by its site, date and address (its own, not the corpus's).
        item.update(
            {
                "container-title": doc.get("venue"),
                "URL": doc.get("url"),
                "accessed": date_parts(doc.get("accessed_at")),
            }
        )
    elif csl_type == "book":
        item["publisher"] = doc.get("institution")
    elif csl_type == "paper-conference":
        item["container-title"] = doc.get("venue")
        item["page"] = doc.get("pages")
    # Anything else has no publisher: what extraction calls its institution is usually
    # the authors' affiliation.
    if doc.get("year"):
        item["issued"] = {"date-parts": [[int(doc["year"])]]}
    if kind in WEB_KINDS and date_parts(doc.get("published")):
        item["issued"] = date_parts(doc.get("published"))
    item["citation-key"] = citation_key(item["author"], doc.get("year"), doc.get("id") or "")
    return {k: no_email(v) for k, v in item.items() if v not in (None, "", [])}


def corpus_item(
    *,
    title: str,
    version: str,
    author: str,
    accessed: str,
    url: str | None = None,
    doi: str | None = None,
    published: str | None = None,
    license: str | None = None,
) -> dict[str, Any]:
    """ "Cite this corpus": the coded corpus as a dataset, at this version, with its DOI
    and its address. The same entry on every cite page and finding page of a version, so
    a reference manager keeps one item for it."""
    year = (published or accessed or "")[:4]
    item: dict[str, Any] = {
        "id": f"corpus-{version}",
        "type": "dataset",
        "title": title,
        "author": [{"literal": author}],
        "issued": date_parts(published or accessed),
        "version": version,
        "DOI": doi,
        "URL": url,
        "accessed": date_parts(accessed),
        "genre": "Coded qualitative corpus",
        "note": f"Telaah corpus version {version}" + (f"; licence {license}" if license else ""),
    }
    item["citation-key"] = citation_key(item["author"], year, f"corpus-{version}")
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def finding_item(
    finding: dict, *, url: str | None, accessed: str, dataset_title: str, author: str
) -> dict[str, Any]:
    """The CSL-JSON item of a saved finding (a named query over a versioned dataset)."""
    creator = finding.get("created_by")
    item: dict[str, Any] = {
        "id": f"finding-{finding['id']}",
        "type": "dataset",
        "title": finding["name"],
        "author": [person(creator)] if creator else [{"literal": author}],
        "issued": date_parts(finding.get("created_at")),
        "URL": url,
        "version": finding["corpus_version"],
        "archive": dataset_title,
        "archive_location": finding["id"],
        "accessed": date_parts(accessed),
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


def _bib_type(item: dict) -> str:
    csl = item.get("type")
    if csl == "thesis":
        return "phdthesis" if item.get("thesis-level") == "disertasi" else "mastersthesis"
    return {
        "article-journal": "article",
        "legislation": "techreport",
        "book": "book",
        "paper-conference": "inproceedings",
        "report": "techreport",
    }.get(csl, "misc")


def to_bibtex(item: dict) -> str:
    """One BibTeX entry of the type the item is: ``@article``, ``@mastersthesis`` or
    ``@phdthesis``, ``@techreport`` (a regulation, with ``type`` and ``number``),
    ``@book``, ``@inproceedings``, else ``@misc`` (a dataset: the corpus, a finding).

    A skripsi or tesis is ``@mastersthesis`` with ``type = {Skripsi}`` or ``{Tesis}``:
    classic BibTeX has no undergraduate thesis type, its styles print ``type`` in place
    of "Master's thesis", and Zotero, JabRef and biblatex read it as a thesis of that
    type; a disertasi is ``@phdthesis`` with ``type = {Disertasi}``.
    """
    entry_type = _bib_type(item)
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(_bib_name(p) for p in item["author"])))
    fields.append(("title", "{" + bibtex_escape(item["title"]) + "}"))
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    container = "booktitle" if entry_type == "inproceedings" else "journal"
    publisher = {
        "mastersthesis": "school",
        "phdthesis": "school",
        "techreport": "institution",
    }.get(entry_type, "publisher")
    for name, value in (
        ("year", year),
        (container, item.get("container-title")),
        ("volume", item.get("volume")),
        ("number", item.get("issue") or item.get("number")),
        ("pages", str(item["page"]).replace("-", "--") if item.get("page") else None),
        ("type", item.get("genre") if entry_type != "misc" else None),
        (publisher, item.get("publisher") or item.get("authority")),
        ("issn", item.get("ISSN")),
        ("doi", item.get("DOI")),
        ("url", item.get("URL")),
        ("version", item.get("version")),
        ("howpublished", "Dataset" if item.get("type") == "dataset" else None),
        ("language", item.get("language")),
        ("note", item.get("note")),
    ):
        if value not in (None, ""):
            fields.append((name, bibtex_escape(str(value))))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed and item.get("URL"):
        fields.append(("urldate", "-".join(f"{n:02d}" for n in accessed)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{item['citation-key']},\n{body}\n}}\n"


def _sorted_name(p: dict) -> str:
    """``Family, Given`` (RIS and Highwire form), or a literal name as it is."""
    if p.get("literal"):
        return p["literal"]
    return f"{p['family']}, {p['given']}" if p.get("given") else p["family"]


def _ris_value(value: Any) -> str:
    return " ".join(str(value).split())


RIS_TYPES = {
    "article-journal": "JOUR",
    "thesis": "THES",
    "legislation": "STAT",
    "book": "BOOK",
    "paper-conference": "CPAPER",
    "dataset": "DATA",
    "article-newspaper": "NEWS",
    "webpage": "ELEC",
    "report": "RPRT",
}


def to_ris(item: dict) -> str:
    """One RIS record: ``JOUR``, ``THES`` (institution as ``PB``, skripsi/tesis as
    ``M3``), ``STAT`` (a regulation), ``BOOK``, ``CPAPER``, ``DATA`` (a dataset), else
    ``GEN``."""
    ris_type = RIS_TYPES.get(item.get("type", ""), "GEN")
    lines = [("TY", ris_type)]
    for p in item.get("author") or []:
        lines.append(("AU", _sorted_name(p)))
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    first, _, last = str(item.get("page") or "").partition("-")
    for tag, value in (
        ("TI", item.get("title")),
        ("PY", year),
        ("JO" if ris_type == "JOUR" else "T2", item.get("container-title")),
        ("VL", item.get("volume")),
        ("IS", item.get("issue") or item.get("number")),
        ("SP", first),
        ("EP", last),
        ("M3", item.get("genre")),
        ("PB", item.get("publisher") or item.get("authority")),
        ("SN", item.get("ISSN")),
        ("DO", item.get("DOI")),
        ("UR", item.get("URL")),
        ("ET", item.get("version")),
        ("DB", item.get("archive")),
        ("AN", item.get("archive_location")),
        ("LA", item.get("language")),
        ("AB", item.get("abstract")),
        ("N1", item.get("note")),
    ):
        if value not in (None, ""):
            lines.append((tag, _ris_value(value)))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed and item.get("URL"):
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
        ("citation_firstpage", str(item.get("page") or "").partition("-")[0]),
        ("citation_lastpage", str(item.get("page") or "").partition("-")[2]),
        ("citation_doi", item.get("DOI")),
        (
            "citation_dissertation_institution",
            item.get("publisher") if item.get("type") == "thesis" else None,
        ),
        ("citation_technical_report_number", item.get("number")),
        ("citation_language", item.get("language")),
    ):
        if value not in (None, ""):
            tags.append((name, str(value)))
    return tags
