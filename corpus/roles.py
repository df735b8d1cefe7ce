"""Where a passage stands in its study: its role (``front``, ``abstract``, ``background``,
``literature``, ``method``, ``findings``, ``conclusion``, ``references``, ``other``).

A study's literature review names the factors other studies found; its findings chapter
reports its own. Counting both alike makes every review look like evidence, so each
passage gets a role from the headings above it, in reading order: a heading that names a
part ("Tinjauan Pustaka", "HASIL DAN PEMBAHASAN", "BAB IV PENUTUP") sets the role until
the next one that does; a sub-heading that names nothing keeps it. A person can override
a section's or a passage's role (``role_overrides``); overrides are re-applied after every
re-ingest, so they survive it. The word lists are data, in :mod:`corpus.role_words`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from .errors import CorpusError
from .role_words import CHAPTERS, HEADINGS, REPORTING_ROLES, ROLES

__all__ = [
    "REPORTING_ROLES",
    "ROLES",
    "NoSuchTarget",
    "UnknownRole",
    "assign_roles",
    "heading_role",
    "check_role",
    "document_roles",
    "list_roles",
]


class UnknownRole(CorpusError):
    pass


class NoSuchTarget(CorpusError):
    pass


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}
_BAB = re.compile(r"^\s*bab\s+([ivx]+|\d+)\b[\s.:-]*", re.I)
_NUMBER = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[A-H][.)]|[IVX]{1,4}[.)]|\d{1,2}(?=\s))\s*"
)
_ANYWHERE = ("literature",)  # roles whose words count anywhere in a heading


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _split_heading(heading: str) -> tuple[str, int | None, int]:
    """(words, chapter number, level): "BAB IV PENUTUP" is ("penutup", 4, 1), "4.1.
    Kesimpulan" is ("kesimpulan", None, 2), "A. Saran" is ("saran", None, 2); an
    unnumbered heading and "2. METODE" are level 1."""
    text = heading.strip()
    m = _BAB.match(text)
    if m:
        number = m.group(1).lower()
        chapter = int(number) if number.isdigit() else _ROMAN.get(number)
        return _normalise(text[m.end() :]), chapter, 1
    level = 1
    m = _NUMBER.match(text)
    if m:
        mark = m.group(0).strip().rstrip(".)")
        level = 2 if "." in mark or mark in "ABCDEFGH" else 1
        text = text[m.end() :]
    return _normalise(text), None, level


def _named_role(words: str) -> str | None:
    if not words or len(words) > 200:
        return None
    for role, phrases in HEADINGS:
        for phrase in phrases:
            if words == phrase or words.startswith(phrase + " "):
                return role
            if role in _ANYWHERE and f" {phrase} " in f" {words} ":
                return role
    return None


def heading_role(heading: str | None) -> str | None:
    """The role a heading opens, or None when it names no part of a study."""
    if not heading:
        return None
    words, chapter, _ = _split_heading(heading)
    role = _named_role(words)
    if role is None and chapter is not None:
        return CHAPTERS.get(chapter, "other")
    return role


_LEADERS = re.compile(r"\.{4,}|…{2,}")


def _inline_abstract(text: str) -> bool:
    """A body passage that opens with "Abstrak", "Abstract", "Kata kunci" or "Keywords"
    (not a table-of-contents line with dot leaders)."""
    head = _normalise(text[:40])
    return head.startswith(("abstrak", "abstract", "kata kunci", "keywords", "key words")) and (
        not _LEADERS.search(text)
    )


def assign_roles(passages: Sequence[dict[str, Any]]) -> list[str]:
    """A role per passage (dicts with ``section``, ``kind`` and ``text``, in reading order).

    A chapter heading ("BAB II TINJAUAN PUSTAKA", "2. METODE", an unnumbered "HASIL DAN
    PEMBAHASAN") that names a part sets the role; a numbered sub-section ("3.1 Kerangka
    Pemikiran", "A. Saran") stands in its chapter and only sets the role when its chapter
    named none (a single chapter file, a bare "BAB IV"). Before the first heading that
    names a part, passages are ``front`` (title, authors, journal furniture), except an
    abstract printed without a heading; a document in which no heading names a part has
    no structure to go by, and its passages are ``other``.
    """
    roles: list[str] = []
    current = "front"
    chapter_named = False  # the current chapter's heading named its part
    matched = False
    previous_section: object = object()
    for p in passages:
        heading = None
        if p.get("kind") == "heading":
            heading = p.get("text")
        elif p.get("section") != previous_section:
            heading = p.get("section")
        previous_section = p.get("section")
        found = None
        if heading:
            words, chapter, level = _split_heading(heading)
            named = _named_role(words)
            if level == 1 and (named or chapter is not None):
                found = named or CHAPTERS.get(chapter or 0, "other")
                chapter_named = named is not None
            elif level > 1 and named and not chapter_named:
                found = named
        if found:
            current, matched = found, True
        elif current in ("front", "abstract") and _inline_abstract(p.get("text") or ""):
            current = "abstract"
        roles.append("references" if p.get("kind") == "reference" else current)
    if not matched:
        roles = [r if r in ("abstract", "references") else "other" for r in roles]
    return roles


def check_role(role: str) -> None:
    if role not in ROLES:
        raise UnknownRole(f'unknown role "{role}"; use one of: {", ".join(ROLES)}')


def document_roles(db: Database, doc_id: str) -> dict[str, str]:
    """Each passage's role in one document: from its headings, then the overrides a person
    set (a section's first, a passage's last). Reads only; :func:`corpus.store.refresh_roles`
    writes them."""
    rows = list(
        db.query(
            "select id, section, kind, text from passages where document_id = ? order by seq",
            [doc_id],
        )
    )
    roles = dict(zip((r["id"] for r in rows), assign_roles(rows)))
    by_section = {r["id"]: r["section"] for r in rows}
    overrides = list(
        db.query(
            "select passage_id, section, role from role_overrides where document_id = ? "
            "order by passage_id is not null, set_at",
            [doc_id],
        )
    )
    for o in overrides:
        if o["passage_id"] is None:
            for pid, section in by_section.items():
                if section == o["section"]:
                    roles[pid] = o["role"]
        elif o["passage_id"] in roles:
            roles[o["passage_id"]] = o["role"]
    return roles


def list_roles(db: Database, document_id: str) -> list[dict[str, Any]]:
    """The document's sections in reading order, each with its role(s), passage count
    and whether a person overrode it."""
    if db.execute("select 1 from documents where id = ?", [document_id]).fetchone() is None:
        raise NoSuchTarget(f'no document "{document_id}"; list them with: telaah documents')
    overridden = {
        (r[0], r[1])
        for r in db.execute(
            "select passage_id, section from role_overrides where document_id = ?",
            [document_id],
        )
    }
    out: list[dict[str, Any]] = []
    for p in db.query(
        "select id, seq, section, kind, role from passages where document_id = ? order by seq",
        [document_id],
    ):
        if out and out[-1]["section"] == p["section"] and out[-1]["role"] == p["role"]:
            out[-1]["passages"] += 1
            out[-1]["last_seq"] = p["seq"]
            continue
        out.append(
            {
                "section": p["section"],
                "role": p["role"],
                "first_seq": p["seq"],
                "last_seq": p["seq"],
                "first_passage": p["id"],
                "passages": 1,
                "overridden": (None, p["section"]) in overridden
                or any(o[0] == p["id"] for o in overridden),
            }
        )
    return out
