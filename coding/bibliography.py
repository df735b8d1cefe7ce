"""Reference-manager metadata (BibTeX, RIS from Zotero, Mendeley, EndNote) as the truth
about documents.

Extraction guesses a title, authors and year from a PDF's first page; a researcher's
reference manager knows them. ``import_bibliography`` matches each entry to a document
(by DOI, then by normalised title), takes every field the entry has, and records
``"bib:FILE"`` for it in ``documents.field_sources``. Fields the entry lacks keep what
extraction found. A document matched by two entries, or an entry matching two documents,
is reported and left alone rather than guessed.

BibTeX is read with bibtexparser 2 (LaTeX accents such as ``{\\'e}`` decoded, ``and``-
separated names split, "Last, First" turned into "First Last"); RIS with rispy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from corpus.db import write_lock
from corpus.store import CURATED, update_metadata

from .errors import CodingError

BIB_KINDS = {
    "article": "journal_article",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "legislation": "regulation",
    "law": "regulation",
    "book": "book",
    "inproceedings": "conference_paper",
    "conference": "conference_paper",
}
RIS_KINDS = {
    "JOUR": "journal_article",
    "EJOUR": "journal_article",
    "JFULL": "journal_article",
    "THES": "thesis",
    "STAT": "regulation",
    "BILL": "regulation",
    "GOVDOC": "regulation",
    "BOOK": "book",
    "CPAPER": "conference_paper",
    "CONF": "conference_paper",
}
_DOI = re.compile(r"10\.\d{4,9}/\S+", re.I)
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_YEAR = re.compile(r"(1[89]|20)\d\d")


class BibliographyError(CodingError):
    pass


@dataclass
class BibEntry:
    key: str
    fields: dict  # documents field -> value, only what the entry actually has
    document_id: str | None = None  # a ``telaah = {ID}`` field names the document outright


@dataclass
class BibResult:
    file: str
    entries: int = 0
    matched: list[dict] = field(default_factory=list)  # {key, document_id, how, fields}
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False


def normalise_doi(value: str | None) -> str | None:
    """``https://doi.org/10.1234/ABC`` -> ``10.1234/abc`` (DOIs are case-insensitive)."""
    m = _DOI.search(value or "")
    return m.group(0).rstrip(".,;").lower() if m else None


def normalise_title(value: str | None) -> str:
    """Case, accents, punctuation and spacing removed: what two spellings of a title share."""
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def _person(name: str) -> str:
    """``Suryani, Ayu`` -> ``Ayu Suryani``; a name without a comma stays as it is."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}"
    return " ".join(name.replace("{", "").replace("}", "").split())


def _year(value: object) -> int | None:
    m = _YEAR.search(str(value or ""))
    return int(m.group(0)) if m else None


def _pages(value: str | None) -> str | None:
    if not value:
        return None
    return re.sub(r"\s*[-\u2013\u2014]+\s*", "-", value.strip())


def _keywords(value: object) -> list[str]:
    items = value if isinstance(value, list) else re.split(r"[;,]", str(value or ""))
    return [k.strip() for k in items if k and k.strip()]


def _clean(fields: dict) -> dict:
    out = {}
    for k, v in fields.items():
        if isinstance(v, str):
            v = " ".join(v.replace("{", "").replace("}", "").split()) or None
        if v not in (None, [], ""):
            out[k] = v
    return out


def _bibtex_entries(path: Path) -> tuple[list[BibEntry], list[str]]:
    import bibtexparser
    from bibtexparser.middlewares import (
        LatexDecodingMiddleware,
        MergeNameParts,
        SeparateCoAuthors,
        SplitNameParts,
    )

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise BibliographyError(f"{path.name} is not UTF-8; export it again as UTF-8") from e
    lib = bibtexparser.parse_string(
        text,
        append_middleware=[
            LatexDecodingMiddleware(),
            SeparateCoAuthors(),
            SplitNameParts(),
            MergeNameParts("first"),
        ],
    )
    problems = [
        f"{path.name} line {b.start_line + 1}: cannot parse this entry, skipped"
        for b in lib.failed_blocks
    ]
    entries = []
    for e in lib.entries:
        f = {k.lower(): v.value for k, v in e.fields_dict.items()}
        authors = f.get("author") or []
        fields = {
            "title": f.get("title"),
            "authors": [_person(a) for a in (authors if isinstance(authors, list) else [authors])],
            "year": _year(f.get("year") or f.get("date")),
            "kind": BIB_KINDS.get(e.entry_type.lower()),
            "venue": f.get("journal") or f.get("journaltitle") or f.get("booktitle"),
            "volume": f.get("volume"),
            "issue": f.get("number") or f.get("issue"),
            "pages": _pages(f.get("pages")),
            "doi": normalise_doi(f.get("doi")),
            "issn": f.get("issn") if _ISSN.match(f.get("issn") or "") else None,
            "institution": f.get("school") or f.get("institution"),
            "language": f.get("language") or f.get("langid"),
            "abstract": f.get("abstract"),
            "keywords": _keywords(f.get("keywords")),
        }
        explicit = str(f.get("telaah") or "").strip() or None
        entries.append(BibEntry(key=e.key, fields=_clean(fields), document_id=explicit))
    return entries, problems


def _ris_entries(path: Path) -> tuple[list[BibEntry], list[str]]:
    import rispy

    try:
        text = path.read_text(encoding="utf-8-sig")
        records = rispy.loads(text)
    except UnicodeDecodeError as e:
        raise BibliographyError(f"{path.name} is not UTF-8; export it again as UTF-8") from e
    except Exception as e:  # rispy raises bare IOError/ValueError/KeyError on bad input
        raise BibliographyError(
            f"{path.name} is not a RIS file ({e}); export it again from the reference manager"
        ) from e
    entries = []
    for n, r in enumerate(records, start=1):
        start, end = r.get("start_page"), r.get("end_page")
        pages = f"{start}-{end}" if start and end else start
        issn = r.get("issn") or ""
        kind = RIS_KINDS.get(r.get("type_of_reference", ""))
        fields = {
            "title": r.get("title") or r.get("primary_title"),
            "authors": [_person(a) for a in (r.get("authors") or r.get("first_authors") or [])],
            "year": _year(r.get("year") or r.get("publication_year") or r.get("date")),
            "kind": kind,
            "venue": r.get("journal_name") or r.get("alternate_title3") or r.get("secondary_title"),
            "volume": r.get("volume"),
            "issue": r.get("number"),
            "pages": _pages(pages),
            "doi": normalise_doi(r.get("doi") or " ".join(r.get("urls") or [])),
            "issn": issn if _ISSN.match(issn) else None,
            "institution": r.get("publisher") if kind == "thesis" else None,
            "language": r.get("language"),
            "abstract": r.get("abstract") or r.get("notes_abstract"),
            "keywords": _keywords(r.get("keywords")),
        }
        entries.append(BibEntry(key=r.get("id") or f"#{n}", fields=_clean(fields)))
    started = len(re.findall(r"^TY  - ", text, re.M))
    problems = []
    if started > len(records):
        problems.append(
            f"{path.name}: {started - len(records)} record(s) not closed by 'ER  - ', skipped"
        )
    return entries, problems


def read_bibliography(path: str | Path) -> tuple[list[BibEntry], list[str]]:
    """Entries of a ``.bib`` or ``.ris`` file, and one line per entry that could not be read."""
    path = Path(path)
    if not path.is_file():
        raise BibliographyError(f"{path} does not exist; check the path")
    suffix = path.suffix.lower()
    if suffix == ".bib":
        entries, problems = _bibtex_entries(path)
        kind = "BibTeX entries (@article{...})"
    elif suffix == ".ris":
        entries, problems = _ris_entries(path)
        kind = "RIS records (TY  - JOUR ... ER  - )"
    else:
        raise BibliographyError(
            f"{path.name}: Telaah reads BibTeX (.bib) and RIS (.ris); export the library in "
            "one of those from Zotero or Mendeley"
        )
    if not entries and not problems:
        raise BibliographyError(
            f"{path.name} holds no {kind}; export the library again from the reference manager"
        )
    return entries, problems


def _match(
    db: Database, entries: list[BibEntry], result: BibResult, explicit: dict[str, str]
) -> dict[str, list]:
    docs = list(db.query("select id, doi, title from documents"))
    known = {d["id"] for d in docs}
    by_doi: dict[str, list[str]] = {}
    by_title: dict[str, list[str]] = {}
    for d in docs:
        if normalise_doi(d["doi"]):
            by_doi.setdefault(normalise_doi(d["doi"]), []).append(d["id"])
        if normalise_title(d["title"]):
            by_title.setdefault(normalise_title(d["title"]), []).append(d["id"])
    chosen: dict[str, list] = {}
    for e in entries:
        named = explicit.get(e.key) or e.document_id
        if named:
            if named in known:
                chosen.setdefault(named, []).append((e, "id"))
            else:
                result.unmatched.append(f"{e.key} (no document {named})")
            continue
        hits, how = by_doi.get(e.fields.get("doi") or "", []), "doi"
        if not hits:
            hits, how = by_title.get(normalise_title(e.fields.get("title")), []), "title"
        if not hits:
            result.unmatched.append(e.key)
        elif len(hits) > 1:
            result.ambiguous.append(f"{e.key}: matches documents {', '.join(hits)} by {how}")
        else:
            chosen.setdefault(hits[0], []).append((e, how))
    for doc_id, found in list(chosen.items()):
        if len(found) > 1:
            keys = ", ".join(e.key for e, _ in found)
            result.ambiguous.append(f"document {doc_id}: matched by several entries ({keys})")
            del chosen[doc_id]
    return chosen


def import_bibliography(
    db: Database,
    path: str | Path,
    *,
    dry_run: bool = False,
    match: dict[str, str] | None = None,
) -> BibResult:
    """Match a ``.bib``/``.ris`` file's entries to documents and take their metadata.

    An entry names its document outright with ``match`` (entry key -> document id, the
    CLI's ``--match KEY=ID``) or a ``telaah = {ID}`` field; otherwise it is matched by
    DOI, then title. Matched documents are updated in one transaction through
    :func:`corpus.store.update_metadata`: metadata only, so passages, codings and their
    ids are untouched, and fields a person set with ``telaah document set`` are kept.
    """
    path = Path(path)
    entries, problems = read_bibliography(path)
    result = BibResult(file=path.name, entries=len(entries), problems=problems, dry_run=dry_run)
    source = f"{CURATED}{path.name}"
    with write_lock(db):
        chosen = _match(db, entries, result, match or {})
        for doc_id, [(entry, how)] in sorted(chosen.items()):
            done = (
                {"set": sorted(entry.fields), "kept": []}
                if dry_run
                else update_metadata(db, doc_id, entry.fields, source)
            )
            result.matched.append(
                {
                    "key": entry.key,
                    "document_id": doc_id,
                    "how": how,
                    "fields": sorted(done["set"]),
                    "kept": sorted(done["kept"]),
                }
            )
    return result
