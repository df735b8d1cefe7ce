"""Coded spans drawn over a passage as HTML, every character of it escaped.

Passage text comes from PDFs and code labels from whoever wrote the codebook: both are
untrusted, so this is the one place that turns them into markup, and it escapes all of it.
Pure functions of (text, spans), shared by the Datasette plugins and anything else that
shows a coded passage; reading spans from the corpus is :func:`load_spans`.

Spans may overlap (two codes on one phrase, two coders on one span): the text is cut at
every span boundary and each piece is marked with every code covering it, so nothing is
drawn twice and marks never nest.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#7f8c8d"
BACKGROUND_ALPHA = 0.28


@dataclass(frozen=True)
class Span:
    """One code on ``text[start:end]`` (Python string indices, end exclusive)."""

    start: int
    end: int
    code_id: str
    label: str
    colour: str = DEFAULT_COLOUR
    coders: tuple[str, ...] = ()


def safe_colour(colour: str | None) -> str:
    """A ``#rrggbb`` colour, or the default grey for anything else (never raw CSS)."""
    return colour.lower() if colour and COLOUR.match(colour) else DEFAULT_COLOUR


def tint(colour: str | None, alpha: float = BACKGROUND_ALPHA) -> str:
    """``rgba(...)`` of a code colour, light enough to read black text through."""
    c = safe_colour(colour)
    r, g, b = (int(c[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def merge_coders(spans: Iterable[Span]) -> list[Span]:
    """One span per (start, end, code), listing every coder who marked it."""
    merged: dict[tuple[int, int, str], Span] = {}
    for s in spans:
        key = (s.start, s.end, s.code_id)
        if key in merged:
            old = merged[key]
            coders = tuple(sorted(set(old.coders) | set(s.coders)))
            merged[key] = Span(s.start, s.end, s.code_id, old.label, old.colour, coders)
        else:
            merged[key] = Span(
                s.start, s.end, s.code_id, s.label, s.colour, tuple(sorted(s.coders))
            )
    return sorted(merged.values(), key=lambda s: (s.start, -s.end, s.code_id))


def _clip(text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans cut to the text; spans that fall outside it (stale offsets) are dropped."""
    n = len(text)
    out = []
    for s in spans:
        start, end = max(0, s.start), min(n, s.end)
        if start < end:
            out.append(Span(start, end, s.code_id, s.label, s.colour, s.coders))
    return out


def _by_code(spans: Iterable[Span]) -> list[Span]:
    """One entry per code (a span inside a longer span of the same code adds coders only)."""
    out: dict[str, Span] = {}
    for s in spans:
        if s.code_id in out:
            old = out[s.code_id]
            coders = tuple(sorted(set(old.coders) | set(s.coders)))
            out[s.code_id] = Span(old.start, old.end, s.code_id, old.label, old.colour, coders)
        else:
            out[s.code_id] = s
    return list(out.values())


def _mark_style(spans: list[Span]) -> str:
    if len(spans) == 1:
        return f"background-color: {tint(spans[0].colour)}"
    step = 100 / len(spans)
    bands = ", ".join(
        f"{tint(s.colour)} {i * step:.1f}% {(i + 1) * step:.1f}%" for i, s in enumerate(spans)
    )
    return f"background-image: linear-gradient(to bottom, {bands})"


def _title(span: Span) -> str:
    who = f" ({', '.join(span.coders)})" if span.coders else ""
    return f"{span.label} [{span.code_id}]{who}"


def _tag(span: Span) -> str:
    return (
        f'<sup class="telaah-tag" style="color: {safe_colour(span.colour)}" '
        f'data-code="{escape(span.code_id)}" title="{escape(_title(span))}">'
        f"{escape(span.label)}</sup>"
    )


def highlight_html(text: str, spans: Iterable[Span]) -> str:
    """The passage as escaped HTML with each coded span in ``<mark>`` and its label after it.

    Returns a string safe to insert into a page as markup: the only tags in it are the
    ``<span>``, ``<mark>`` and ``<sup>`` written here, with escaped attribute values and
    colours that passed :data:`COLOUR`.
    """
    spans = merge_coders(_clip(text, spans))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    parts = ['<span class="telaah-passage">']
    for a, b in zip(cuts, cuts[1:]):
        covering = _by_code(s for s in spans if s.start <= a and b <= s.end)
        piece = escape(text[a:b], quote=False)
        if covering:
            codes = " ".join(s.code_id for s in covering)
            title = "; ".join(_title(s) for s in covering)
            parts.append(
                f'<mark class="telaah-span" data-codes="{escape(codes)}" '
                f'title="{escape(title)}" style="{_mark_style(covering)}">{piece}</mark>'
            )
        else:
            parts.append(piece)
        parts.extend(_tag(s) for s in spans if s.end == b)
    parts.append("</span>")
    return "".join(parts)


SPANS_SQL = """
    select c.passage_id, c.char_start, c.char_end, c.code_id, c.coder,
           coalesce(k.label_id, c.code_id) as label, k.colour
    from codings c left join codes k on k.id = c.code_id
    where c.status = 'placed' and c.passage_id in ({marks})
    order by c.passage_id, c.char_start, c.char_end, c.code_id
"""


def load_spans(conn: sqlite3.Connection, passage_ids: Iterable[str]) -> dict[str, list[Span]]:
    """Placed codings of these passages as spans, by passage id (a read-only query)."""
    ids = list(dict.fromkeys(passage_ids))
    out: dict[str, list[Span]] = {pid: [] for pid in ids}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        sql = SPANS_SQL.format(marks=", ".join("?" * len(chunk)))
        for pid, start, end, code_id, coder, label, colour in conn.execute(sql, chunk):
            out[pid].append(Span(start, end, code_id, label, safe_colour(colour), (coder,)))
    return out
