"""Web pages (saved ``.html`` files or fetched URLs): news reports and official releases.

Document analysis in this field codes what Bawaslu, KASN and the press published. The
article is what counts, not the menu, the comments, the "Baca juga" links or the ads:
trafilatura finds the main text and the page's metadata (title, author, site, date,
canonical address); we turn its headings and paragraphs into passages.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .metadata_text import guess_language
from .model import BrokenFile, ExtractedDocument, Metadata, NoTextLayer, PageInfo, Passage, Table
from .settings import ExtractSettings
from .textutil import normalize

VERSION = "1"
# Inline promotions news sites put between an article's paragraphs.
_PROMO = re.compile(
    r"^\W*(?:baca\s+(?:juga|pula|selengkapnya)|simak\s+(?:juga|video)|lihat\s+juga|"
    r"artikel\s+terkait|berita\s+terkait|tonton\s+juga|dengarkan|advertisement|"
    r"scroll\s+to\s+continue|iklan)\b",
    re.I,
)
# Official sites: a release on a .go.id domain is an institution's report, not news.
_GOVERNMENT = re.compile(r"(?:^|\.)go\.id$|(?:^|\.)(?:bawaslu|kasn|bkn|kpu)\.", re.I)


def extract_html(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    return extract_html_bytes(
        path.read_bytes(), settings, source_path=str(path), sha256=sha256, url=None
    )


def extract_html_bytes(
    data: bytes,
    settings: ExtractSettings,
    *,
    source_path: str,
    sha256: str,
    url: str | None,
) -> ExtractedDocument:
    """The article in ``data`` as passages; ``url`` is where it was fetched from, if it was."""
    import trafilatura  # imported here: only web sources need it

    if b"<" not in data:
        raise BrokenFile("not an HTML page", "save the page again as 'Web page, HTML only'")
    xml = trafilatura.extract(
        data,  # bytes: trafilatura finds the page's encoding itself
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_links=False,
        with_metadata=True,
    )
    if not xml:
        raise NoTextLayer(
            "no main text found on the page (navigation, a login wall or a page built by script)",
            "open it in a browser, save it as 'Web page, complete', and ingest that file",
        )
    root = etree.fromstring(xml.encode("utf-8"))
    passages, tables = _passages(root.find("main"))
    if not any(p.kind == "body" for p in passages):
        raise NoTextLayer(
            "no article paragraphs found on the page",
            "check that the address is the article itself, not a list of articles",
        )
    meta = _metadata(root, url, passages)
    return ExtractedDocument(
        source_path=source_path,
        sha256=sha256,
        file_size=len(data),
        page_count=1,
        metadata=meta,
        passages=passages,
        pages=[PageInfo(page=1)],
        tables=tables if settings.tables else [],
        extractor="telaah.html",
        extractor_version=f"{VERSION}+trafilatura-{trafilatura.__version__}",
        settings=settings.to_record(),
    )


def _passages(main: etree._Element | None) -> tuple[list[Passage], list[Table]]:
    passages: list[Passage] = []
    tables: list[Table] = []
    if main is None:
        return passages, tables
    section: str | None = None
    paragraph_no = 0
    for el in main:
        if el.tag == "table":
            rows = [
                [normalize(" ".join("".join(c.itertext()).split())) or None for c in row]
                for row in el.iter("row")
            ]
            if any(any(r) for r in rows):
                tables.append(Table(page=1, rows=rows))
            continue
        items = list(el.iter("item")) if el.tag == "list" else [el]
        for item in items:
            text = normalize(" ".join("".join(item.itertext()).split()))
            if not text or _PROMO.match(text):
                continue
            if el.tag == "head":
                section = text
                passages.append(Passage(text, 1, None, section, "heading"))
                continue
            paragraph_no += 1
            kind = "caption" if el.tag == "graphic" else "body"
            passages.append(Passage(text, 1, None, section, kind, locator=f"para. {paragraph_no}"))
    return passages, tables


def _metadata(root: etree._Element, url: str | None, passages: list[Passage]) -> Metadata:
    meta = Metadata()
    get = root.get
    if title := get("title"):
        meta.title = title.strip()
        meta.sources["title"] = "html"
    # The first heading is the article's title: keep it out of the body's sections.
    if passages and passages[0].kind == "heading" and passages[0].text == meta.title:
        passages[0].section = None
    if author := get("author"):
        names = re.split(r";|,|\s+dan\s+|\s+and\s+", author)
        meta.authors = [a.strip() for a in names if a.strip()]
        meta.sources["authors"] = "html"
    if site := get("sitename"):
        meta.venue = site.strip()
        meta.sources["venue"] = "html"
    if date := get("date"):
        meta.published = date
        meta.year = int(date[:4])
        meta.sources["published"] = meta.sources["year"] = "html"
    meta.url = get("url") or url
    if meta.url:
        meta.sources["url"] = "html" if get("url") else "fetch"
    host = urlsplit(meta.url or "").hostname or get("hostname") or ""
    meta.kind = "report" if _GOVERNMENT.search(host) else "news" if meta.published else "web"
    meta.sources["kind"] = "html"
    meta.language = guess_language(" ".join(p.text for p in passages[:20]))
    return meta
