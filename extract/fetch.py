"""Fetching a web source politely: one request, a timeout, our name, redirects named.

A researcher ingests single pages she chose (``telaah ingest https://...``) or a list of
them (``--urls FILE``), not a crawl, so robots.txt is not consulted; every page is asked
for once, with a user agent that says who asks, and what answered is kept with the
document so a quote can be checked after the page changes.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .model import ExtractionError

USER_AGENT = "Telaah/0.1 (qualitative research corpus; +https://pypi.org/project/telaah/)"
TIMEOUT = 20.0  # seconds without an answer before we give up on a page
MAX_BYTES = 20 * 1024 * 1024
URL = re.compile(r"^https?://\S+$", re.I)


class FetchFailed(ExtractionError):
    pass


@dataclass
class Fetched:
    url: str  # what was asked for
    final_url: str  # after redirects
    fetched_at: str
    content_type: str
    data: bytes
    redirects: list[str] = field(default_factory=list)


def is_url(text: str) -> bool:
    return bool(URL.match(text.strip()))


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self) -> None:
        self.hops: list[str] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        self.hops.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, timeout: float = TIMEOUT) -> Fetched:
    """GET ``url``; raise :class:`FetchFailed` with a one-line reason and what to do."""
    redirects = _Redirects()
    opener = urllib.request.build_opener(redirects)
    accept = "text/html,application/pdf;q=0.9,*/*;q=0.5"
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        hint = (
            "check the address; if the page moved or was taken down, ingest a saved copy (.html)"
            if e.code in (404, 410)
            else "try again later, or save the page in a browser and ingest the .html file"
        )
        raise FetchFailed(f"HTTP {e.code} {e.reason}", hint) from e
    except TimeoutError as e:
        raise FetchFailed(
            f"no answer within {timeout:g} s", "try again later, or ingest a saved copy (.html)"
        ) from e
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise FetchFailed(
                f"no answer within {timeout:g} s", "try again later, or ingest a saved copy (.html)"
            ) from e
        raise FetchFailed(
            f"cannot reach the site ({reason})", "check the address and your connection"
        ) from e
    if len(data) > MAX_BYTES:
        raise FetchFailed(
            f"page larger than {MAX_BYTES // (1024 * 1024)} MB",
            "save the article alone and ingest the file",
        )
    return Fetched(
        url=url,
        final_url=final_url,
        fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        content_type=content_type,
        data=data,
        redirects=redirects.hops,
    )
