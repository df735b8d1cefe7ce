"""Indonesian full-text search: stems, the query language readers type, and snippets.

Indonesian builds words by affixes (``me-``, ``ber-``, ``di-``, ``ke-...-an``, ``pe-...-an``,
``-nya``, ``-lah``) and by reduplication (``faktor-faktor``), so a search for ``kerabat``
must find ``kekerabatan`` and ``kerabatnya``; SQLite's only stemmer (porter) is English.
Every passage therefore has a stemmed copy in ``passages_stem_fts`` (same rowid as the
passage, written by :mod:`corpus.store`), and every query term is stemmed the same way.
Stems come from Sastrawi (PySastrawi, MIT), the maintained Indonesian stemmer on PyPI; it
is aggressive (``kepentingan`` -> ``penting``, ``pengadaan`` -> ``ada``), which widens a
search but never hides a passage that holds the typed word itself.

The query language: words are all required; ``"adik ipar"`` is a phrase; ``kerabat*`` a
prefix; ``A OR B`` either (OR binds tighter than the implicit AND, so ``kerabat OR
keluarga calon`` needs ``calon`` and one of the others). Anything else that FTS5 would
treat as syntax is taken as text, so only an unclosed quote or a dangling OR is an error.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .errors import CorpusError

# A word as the stemmer sees it: letters and digits, with hyphens inside so a
# reduplication (``faktor-faktor``, ``buku-bukunya``) reaches the stemmer whole.
WORD = re.compile(r"\w+(?:-\w+)*")
_STEMMABLE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_QUERY_TOKEN = re.compile(r'"[^"]*"|\S+')


class BadQuery(CorpusError):
    """A search query that cannot be read; the message says how to write it."""


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def fold(word: str) -> str:
    """Lower case without accents (``Tékanan`` -> ``tekanan``), as FTS5's tokenizer sees it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one word, lower case; words with digits or non-ASCII letters as they are.

    A hyphenated word is one stem when it is a reduplication (``faktor-faktor`` ->
    ``faktor``), else its parts' stems separated by a space (as FTS5 would split them).

    Cached: a corpus repeats its words, so ingest pays for each distinct word once.
    """
    lower = fold(word)
    if not _STEMMABLE.match(lower):
        return lower
    stem = _stemmer().stem(lower) or lower
    if "-" in stem:  # not a reduplication (``khawatir-dimutasi``): stem each part
        return " ".join(stem_word(part) for part in stem.split("-"))
    return stem


def stem_text(text: str | None) -> str:
    """``text`` as space-separated stems, one per word, in order (phrases keep working)."""
    if not text:
        return ""
    return " ".join(stem_word(w) for w in WORD.findall(text))


@dataclass(frozen=True)
class Term:
    """One query term: the stems of a word or phrase, and whether it is a prefix."""

    stems: tuple[str, ...]
    prefix: str | None = None  # the typed prefix, lower case, for ``word*``

    def fts(self) -> str:
        if self.prefix is not None:
            options = dict.fromkeys([self.stems[0], self.prefix])  # stemmed and as typed
            parts = [f'"{o}" *' for o in options]
            return parts[0] if len(parts) == 1 else f"({' OR '.join(parts)})"
        return '"' + " ".join(self.stems) + '"'

    def matches(self, word: str) -> bool:
        """Whether ``word`` of a passage is one this term found (for snippets)."""
        if self.prefix is not None:
            return stem_word(word).startswith(self.stems[0]) or fold(word).startswith(self.prefix)
        return stem_word(word) in self.stems


@dataclass(frozen=True)
class Query:
    """A parsed query: groups of alternatives (OR inside a group), all groups required."""

    groups: tuple[tuple[Term, ...], ...]

    def fts(self) -> str:
        """The FTS5 expression to run against ``passages_stem_fts``."""
        out = []
        for group in self.groups:
            alternatives = [t.fts() for t in group]
            out.append(alternatives[0] if len(group) == 1 else f"({' OR '.join(alternatives)})")
        return " AND ".join(out)

    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]


def parse_query(text: str) -> Query:
    """Read what a researcher typed; raise :class:`BadQuery` naming what is wrong."""
    if text.count('"') % 2:
        raise BadQuery(
            f"unclosed quote in {text!r}; a phrase is written between two double quotes, "
            "e.g. telaah search '\"adik ipar\"'"
        )
    groups: list[list[Term]] = []
    pending_or = False
    for token in _QUERY_TOKEN.findall(text):
        if token == "OR":
            if not groups or pending_or:
                raise BadQuery(
                    f"OR needs a word on each side in {text!r}, e.g. telaah search kerabat OR "
                    "keluarga"
                )
            pending_or = True
            continue
        term = _term(token)
        if term is None:
            continue
        if pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise BadQuery(
            f"OR needs a word on each side in {text!r}, e.g. telaah search kerabat OR keluarga"
        )
    return Query(tuple(tuple(g) for g in groups))


def _term(token: str) -> Term | None:
    if token.startswith('"'):
        stems = tuple(stem_word(w) for w in WORD.findall(token))
        return Term(stems) if stems else None
    words = WORD.findall(token)
    if not words:
        return None
    if token.endswith("*") and len(words) == 1:
        return Term((stem_word(words[0]),), prefix=fold(words[0]))
    # ``khawatir-dimutasi``, ``atasan:``: the words in order, as a phrase.
    stems = tuple(s for w in words for s in stem_text(w).split())
    return Term(stems)


def fts_stem_query(text: str | None) -> str:
    """``text`` as an FTS5 query for ``passages_stem_fts``; a malformed query falls back to
    its words, all required (for SQL callers, where an exception would be a server error)."""
    try:
        return parse_query(text or "").fts()
    except BadQuery:
        return " ".join(f'"{stem_word(w)}"' for w in WORD.findall(text or ""))


def snippet(text: str, query: Query | str, *, words: int = 16) -> str:
    """About ``words`` words of ``text`` around its first hit, hits in ``[brackets]``."""
    if isinstance(query, str):
        try:
            query = parse_query(query)
        except BadQuery:
            query = Query(())
    terms = query.terms()
    spans = [m for m in WORD.finditer(text)]
    hits = [i for i, m in enumerate(spans) if any(t.matches(m.group()) for t in terms)]
    if not spans:
        return text
    first = hits[0] if hits else 0
    lo = max(0, first - words // 4)
    hi = min(len(spans), lo + words)
    lo = max(0, hi - words)
    hit_set = set(hits)
    out, pos = [], spans[lo].start()
    for i in range(lo, hi):
        m = spans[i]
        out.append(text[pos : m.start()])
        out.append(f"[{m.group()}]" if i in hit_set else m.group())
        pos = m.end()
    body = "".join(out)
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(spans) else "")


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """``telaah_search(q)`` (an FTS5 query for ``passages_stem_fts``) and
    ``telaah_snippet(text, q)``, so Datasette's canned queries stem like the CLI."""
    conn.create_function("telaah_search", 1, fts_stem_query, deterministic=True)
    conn.create_function(
        "telaah_snippet", 2, lambda text, q: snippet(text or "", q or ""), deterministic=True
    )
