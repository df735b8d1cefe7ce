"""How a study is named in a thesis: its reference-list entry and its in-text citation,
APA 7 (``en``) or the Indonesian style (``id``).

Pure functions over a ``documents`` row (``authors`` decoded to a list). They live in
``coding/`` so the synthesis and the "Penelitian Terdahulu" table (``coding/synthesis.py``)
and the Datasette citation pages (``datasette_plugins/citation.py``) write the same
citation for the same study.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

THESIS_KINDS = {
    # word on the cover -> (APA 7 description, Indonesian description)
    "skripsi": ("Undergraduate thesis", "Skripsi"),
    "tesis": ("Master's thesis", "Tesis"),
    "disertasi": ("Doctoral dissertation", "Disertasi"),
}
_THESIS_WORD = re.compile(r"\b(skripsi|tesis|disertasi)\b", re.I)
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "bin", "binti"}


def thesis_kind(opening_texts: Sequence[str]) -> str | None:
    """skripsi, tesis or disertasi, from the first words a thesis prints on its cover."""
    for text in opening_texts:
        m = _THESIS_WORD.search(text or "")
        if m:
            return m.group(1).lower()
    return None


def person(name: str) -> dict[str, str]:
    """CSL name parts. ``"Lestari, Dewi"`` and ``"Dewi Lestari"`` give family Lestari;
    a single name (common in Indonesia: ``"Suharto"``) is a family name alone."""
    name = " ".join((name or "").split())
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        return {"family": family, "given": given} if given else {"family": family}
    parts = name.split(" ")
    if len(parts) == 1:
        return {"family": parts[0]}
    cut = len(parts) - 1
    while cut > 1 and parts[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return {"family": " ".join(parts[cut:]), "given": " ".join(parts[:cut])}


def _initials(given: str) -> str:
    out = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        out.append("-".join(f"{p[0].upper()}." for p in pieces))
    return " ".join(out)


def _apa_name(p: dict[str, str]) -> str:
    return f"{p['family']}, {_initials(p['given'])}" if p.get("given") else p["family"]


def _join(names: list[str], conj: str) -> str:
    """APA 7 author list: up to 20 names, the last after ``conj``; beyond 20, the first
    19, an ellipsis and the last."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, {conj} {names[1]}"
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + f", {conj} {names[-1]}"


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    return text if text[-1:] in ".?!" else f"{text}."


def page_ref(page_label: str | None, page: int | None, lang: str) -> str:
    if page_label:
        return f"hlm. {page_label}" if lang == "id" else f"p. {page_label}"
    if page:
        return f"hlm. PDF {page}" if lang == "id" else f"PDF p. {page}"
    return ""


def reference(doc: dict, *, lang: str = "en", thesis: str | None = None) -> str:
    """The document's entry in a reference list, APA 7 (``en``) or Indonesian (``id``).

    Plain text with the italic parts between ``*`` (render with :func:`italic_html`).
    """
    people = [person(a) for a in doc.get("authors") or [] if a and a.strip()]
    names = [_apa_name(p) for p in people]
    conj = "&" if lang == "en" else "dan"
    year = doc.get("year") or ("n.d." if lang == "en" else "t.t.")
    title = " ".join((doc.get("title") or "").split()) or "(untitled)"
    kind = doc.get("kind")
    if kind in WEB_KINDS:
        year = _web_date(doc, lang) or year
    head = f"{_join(names, conj)} ({year})." if names else None
    if kind in WEB_KINDS:
        site = f" *{doc['venue']}*." if doc.get("venue") else ""
        body = f"{_sentence(title)}{site}" if site else f"*{_sentence(title)}*"
    elif kind == "journal_article" and doc.get("venue"):
        source = f"*{doc['venue']}*"
        if doc.get("volume"):
            source += f", *{doc['volume']}*"
            if doc.get("issue"):
                source += f"({doc['issue']})"
        if doc.get("pages"):
            source += f", {str(doc['pages']).replace('-', '–')}"
        body = f"{_sentence(title)} {source}."
    elif kind == "thesis":
        en, ind = THESIS_KINDS.get(thesis or "", ("Thesis", "Skripsi/tesis"))
        what = en if lang == "en" else ind
        where = f", {doc['institution']}" if doc.get("institution") else ""
        body = f"*{title}* [{what}{where}]."
    else:
        body = f"*{_sentence(title)}*"
        if doc.get("institution"):
            body += f" {_sentence(doc['institution'])}"
    # APA 7 without an author: the title moves to the author's place, the year follows.
    parts = [head, body] if head else [body, f"({year})."]
    if doc.get("doi"):
        parts.append(f"https://doi.org/{doc['doi']}")
    elif kind in WEB_KINDS and doc.get("url"):
        accessed = _long_date(doc.get("accessed_at"), lang)
        if lang == "id" and accessed:
            parts.append(f"Diakses {accessed}, dari {doc['url']}")
        else:
            parts.append(doc["url"])
    return " ".join(parts)


# Sources cited by date and address rather than by volume and page (APA 7, 10.2 and 10.16).
WEB_KINDS = ("news", "web", "report")
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
}


def _long_date(stamp: str | None, lang: str) -> str | None:
    """``2024-10-03`` as "3 October 2024" / "3 Oktober 2024"."""
    parts = date_parts(stamp)
    if not parts or len(parts["date-parts"][0]) < 3:
        return None
    y, m, d = parts["date-parts"][0][:3]
    return f"{d} {_MONTHS[lang].split()[m - 1]} {y}"


def _web_date(doc: dict, lang: str) -> str | None:
    """APA's "(2024, October 3)" for a dated news item; Indonesian "(2024, 3 Oktober)"."""
    parts = date_parts(doc.get("published"))
    if not parts or len(parts["date-parts"][0]) < 3:
        return None
    y, m, d = parts["date-parts"][0][:3]
    month = _MONTHS[lang].split()[m - 1]
    return f"{y}, {month} {d}" if lang == "en" else f"{y}, {d} {month}"


def in_text(
    doc: dict, *, page_label: str | None = None, page: int | None = None, lang: str = "en"
) -> str:
    """``(Lestari & Putra, 2024, p. 305)`` or ``(Lestari dkk., 2024, hlm. 305)``."""
    people = [person(a) for a in doc.get("authors") or [] if a and a.strip()]
    if not people:
        who = f"*{' '.join((doc.get('title') or '').split()[:4])}*"
    elif len(people) == 1:
        who = people[0]["family"]
    elif len(people) == 2:
        conj = "&" if lang == "en" else "dan"
        who = f"{people[0]['family']} {conj} {people[1]['family']}"
    else:
        who = f"{people[0]['family']} {'et al.' if lang == 'en' else 'dkk.'}"
    year = doc.get("year") or ("n.d." if lang == "en" else "t.t.")
    # A web page or Word file has no pages: its quotes are located by paragraph instead.
    where = "" if doc.get("kind") in WEB_KINDS else page_ref(page_label, page, lang)
    return f"({who}, {year}{', ' + where if where else ''})"


def narrative(doc: dict, *, lang: str = "en") -> str:
    """The author-year a sentence or a table's first column names: ``Lestari dan Putra
    (2024)``, ``Lestari dkk. (2024)``; the title's first words when there is no author."""
    inner = in_text(doc, lang=lang)[1:-1]
    who, _, year = inner.rpartition(", ")
    return f"{who} ({year})"


def date_parts(stamp: str | None) -> dict | None:
    """CSL date parts (``{"date-parts": [[2024, 10, 3]]}``) from an ISO date or timestamp."""
    if not stamp:
        return None
    nums = [int(x) for x in re.findall(r"\d+", stamp[:10])]
    return {"date-parts": [nums[:3]]} if nums else None
