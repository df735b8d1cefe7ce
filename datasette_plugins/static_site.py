"""``telaah publish --static``: the site as plain files, for any static host and for
examiners reading offline.

Every page is requested from an in-process Datasette (``ds.client.get``), the same
templates and escaping as the live site, then its site-absolute links are rewritten:
to a relative file when that page was rendered too, to the live site under the base URL
when there is one, and otherwise the link is dropped (the text stays). Which pages are
rendered is data: :data:`PAGES` for fixed paths and :data:`PAGE_QUERIES` for one page per
row of a query. A new page joins the snapshot by adding its path there.
"""

from __future__ import annotations

import asyncio
import html
import posixpath
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

# Fixed pages of every snapshot.
PAGES: list[str] = ["/", "/-/matrix", "/-/matrix.csv", "/-/synthesis", "/-/chart", "/-/findings"]

_CELLS = """
    select distinct anc.ancestor_id, c.document_id from codings c
    join code_ancestors anc on anc.code_id = c.code_id where c.status = 'placed' order by 1, 2"""
_COLUMNS = """
    select distinct anc.ancestor_id from codings c
    join code_ancestors anc on anc.code_id = c.code_id where c.status = 'placed' order by 1"""
_CODED = "select distinct passage_id from codings where status = 'placed' order by 1"
_FINDINGS = "select id from findings order by id"

# One page per row: a path template filled with the row's values (URL-quoted).
PAGE_QUERIES: list[tuple[str, str]] = [
    ("/-/cite/{}", _CODED),
    ("/-/cite/{}.bib", _CODED),
    ("/-/cite/{}.ris", _CODED),
    ("/-/cite/{}.json", _CODED),
    ("/-/findings/{}", _FINDINGS),
    ("/-/findings/{}.bib", _FINDINGS),
    ("/-/findings/{}.ris", _FINDINGS),
    ("/-/findings/{}.json", _FINDINGS),
    ("/-/findings/{}.csv", _FINDINGS),
    ("/-/coded/{}", _COLUMNS),
    ("/-/coded/{}/{}", _CELLS),
]

CLIENT_ORIGIN = "http://localhost"  # the host Datasette's in-process client requests
_LINK = re.compile(r'\b(?P<attr>href|src|action)="(?P<url>[^"]*)"')
_ASSET = re.compile(r"^/-/(static|static-plugins)/")


@dataclass
class StaticResult:
    files: dict[str, str] = field(default_factory=dict)  # site path -> file, relative to out
    failed: list[str] = field(default_factory=list)  # "path: status"


def site_paths(conn: Any) -> list[str]:
    """Every path the snapshot renders, fixed pages first."""
    paths = list(PAGES)
    for template, sql in PAGE_QUERIES:
        for row in conn.execute(sql):
            paths.append(template.format(*(quote(str(v), safe="") for v in row)))
    return paths


def file_for(path: str, content_type: str) -> str:
    """``/`` -> ``index.html``, ``/-/cite/ID`` -> ``cite/ID.html``, ``/-/cite/ID.bib`` ->
    ``cite/ID.bib``, ``/-/static/app.css`` -> ``static/app.css``."""
    name = path.removeprefix("/-/").lstrip("/") or "index"
    if content_type.startswith("text/html") and not name.endswith(".html"):
        name += ".html"
    return name


def relink(page: str, files: dict[str, str], base_url: str | None, page_path: str) -> str:
    """Rewrite the site-absolute links of the HTML ``page`` rendered from ``page_path``
    (see the module docstring); ``?query`` links are the same page with other filters."""
    here = posixpath.dirname(files[page_path])

    def replace(m: re.Match) -> str:
        url = html.unescape(m.group("url"))
        if url.startswith(CLIENT_ORIGIN + "/"):  # absolute_url() of an in-process request
            url = url[len(CLIENT_ORIGIN) :]
        elif url.startswith("?"):
            url = page_path + url
        if not url.startswith("/") or url.startswith("//"):
            return m.group(0)
        parts = urlsplit(url)
        query_empty = all(not v for _, v in parse_qsl(parts.query, keep_blank_values=True))
        target = files.get(parts.path)
        if target and (query_empty or _ASSET.match(parts.path)):
            rel = posixpath.relpath(target, here or ".")
            frag = f"#{parts.fragment}" if parts.fragment else ""
            return f'{m.group("attr")}="{html.escape(rel + frag)}"'
        if base_url:
            return f'{m.group("attr")}="{html.escape(base_url + url)}"'
        return f'data-live-{m.group("attr")}="{m.group("url")}"'

    return _LINK.sub(replace, page)


async def _render(
    ds: Any, paths: list[str], progress: Callable[[int, int], None]
) -> tuple[dict[str, tuple[str, bytes]], list[str]]:
    bodies: dict[str, tuple[str, bytes]] = {}
    failed: list[str] = []
    queue = list(dict.fromkeys(paths))
    done = 0
    while queue:
        path = queue.pop(0)
        if path in bodies:
            continue
        response = await ds.client.get(path)
        done += 1
        progress(done, done + len(queue))
        if response.status_code != 200:
            failed.append(f"{path}: HTTP {response.status_code}")
            continue
        content_type = response.headers.get("content-type", "")
        bodies[path] = (content_type, response.content)
        if content_type.startswith("text/html"):
            for m in _LINK.finditer(response.text):
                asset = urlsplit(html.unescape(m.group("url"))).path
                if _ASSET.match(asset) and asset not in bodies and asset not in queue:
                    queue.append(asset)
    return bodies, failed


def write_static_site(
    ds: Any,
    conn: Any,
    out: Path,
    *,
    base_url: str | None,
    extra_files: dict[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> StaticResult:
    """Render every page of :func:`site_paths` from ``ds`` into ``out``.

    ``extra_files`` maps site paths to files already in ``out`` (the corpus download),
    so links to them become relative too."""
    paths = site_paths(conn)

    async def run() -> tuple[dict[str, tuple[str, bytes]], list[str]]:
        await ds.invoke_startup()
        return await _render(ds, paths, progress)

    # A loop of its own in a thread of its own: callable from a notebook (Jupyter runs
    # an event loop) or under Playwright's sync API, where asyncio.run() would refuse.
    with ThreadPoolExecutor(1) as pool:
        bodies, failed = pool.submit(asyncio.run, run()).result()
    result = StaticResult(failed=failed)
    files = {path: file_for(path, ctype) for path, (ctype, _) in bodies.items()}
    files.update(extra_files or {})
    for path, (content_type, body) in bodies.items():
        target = out / files[path]
        target.parent.mkdir(parents=True, exist_ok=True)
        if content_type.startswith("text/html"):
            page = relink(body.decode("utf-8"), files, base_url, path)
            target.write_text(page, encoding="utf-8")
        else:
            target.write_bytes(body)
        result.files[path] = files[path]
    return result
