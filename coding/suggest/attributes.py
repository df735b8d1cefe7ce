"""Reading a study's attributes from its text: election, year, region, method, data,
informants, each with the passage and words that show it.

Pure functions over passages (no database): :func:`read_attributes` takes a document's
passages in reading order and returns :class:`Proposal` objects; ``coding.attributes``
stores them for a person to accept or reject.

Every mention is weighed by where it stands. An election or a place named in the title
or the abstract is the study's own; one named in a literature review is often another
study's. Method words count in the method section and the abstract, and hardly at all
elsewhere (an introduction that summarises earlier studies names their methods). Text in
quotation marks is skipped: it is usually another study's title. Names of institutions
and laws ("Badan Pengawas Pemilu", "UU Pemilu") are not elections, and two election types
named together ("Pemilu maupun Pilkada") name a category, not the study's election.

A value's score is its share of the weighted mentions of that attribute, damped when
there are few mentions; values under ``MIN_SCORE`` are not proposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus.roles import assign_roles

from . import attribute_words as words
from . import regions

MIN_SCORE = 0.15
MAX_PER_ATTRIBUTE = 3
SKIP_KINDS = frozenset({"footnote", "reference"})

# Where a passage stands -> weight, for the two families of attributes.
CONTEXT_WEIGHT = {
    # election, election_year, region, province
    "setting": {
        "title": 3.0,
        "abstract": 2.0,
        "conclusion": 1.5,
        "method": 1.0,
        "other": 1.0,
        "literature": 0.3,
    },
    # method, data, informants
    "design": {
        "method": 3.0,
        "abstract": 2.0,
        "title": 1.0,
        "conclusion": 0.3,
        "other": 0.3,
        "literature": 0.2,
    },
}
ROLE_CONTEXT = {  # passages.role (corpus.roles) -> how much a mention there weighs
    "abstract": "abstract",
    "background": "other",
    "literature": "literature",
    "method": "method",
    "findings": "other",
    "conclusion": "conclusion",
    "references": "other",
    "other": "other",
}


@dataclass
class Proposal:
    name: str
    value: str
    passage_id: str | None  # None: only the document's title shows it
    char_start: int
    char_end: int
    quote: str
    score: float
    detail: dict = field(default_factory=dict)


@dataclass
class _Mention:
    name: str
    value: str
    passage_id: str | None
    start: int
    end: int
    quote: str
    weight: float
    seq: int
    of: str | None = None  # a year: the election it is the year of


def _flags(patterns: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


_QUOTED = re.compile(r"[“\"«][^”\"»\n]{3,300}[”\"»]")
_NOT_ELECTION = _flags(words.NOT_AN_ELECTION)
_ELECTION = {v: _flags(p) for v, p in words.ELECTIONS.items()}
_METHODS = {v: _flags(p) for v, p in words.METHODS.items()}
_DATA = {v: _flags(p) for v, p in words.DATA.items()}
_JOINED = re.compile(rf"^{words.JOINED}$", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    rf"^(?:\s+(?:(?:{words.YEAR_BRIDGE_WORDS})(?![\w])|[A-Z][\w-]*)){{0,4}}\s*[,(]?\s*"
    r"((?:19|20)\d\d)(?!\d)",
)
_YEAR_BEFORE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s+$")
_ABSTRACT_OPENING = re.compile(words.ABSTRACT_OPENING, re.IGNORECASE)
_INFORMANT = re.compile(rf"(?<![\w-])(?:{words.INFORMANT_NOUNS})(?![\w-])", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_NUMBER_WORDS = {*words.ONES, *words.TENS_WORDS, "belas", "puluh", "ratus"}


def _blank(text: str, pattern: re.Pattern) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _mentions(text: str, groups: dict[str, re.Pattern]) -> list[tuple[int, int, str]]:
    """Matches of each value's phrases in order; a phrase matched by an earlier value is
    blanked, so "pemilihan umum kepala daerah" is a Pilkada and not also a Pemilu."""
    found = []
    for value, pattern in groups.items():
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), value))
        text = _blank(text, pattern)
    return sorted(found)


def parse_number(tokens: list[str]) -> int | None:
    """``["dua", "belas"]`` -> 12, ``["dua", "puluh", "lima"]`` -> 25, ``["12"]`` -> 12."""
    if len(tokens) == 1 and tokens[0].isdigit():
        return int(tokens[0])
    if len(tokens) == 1 and tokens[0].lower() in words.ENGLISH_NUMBERS:
        return words.ENGLISH_NUMBERS[tokens[0].lower()]
    total, current = 0, 0
    for t in (t.lower() for t in tokens):
        if t in words.ONES:
            current += words.ONES[t]
        elif t in words.TENS_WORDS:
            total += words.TENS_WORDS[t]
        elif t == "belas":
            total, current = total + current + 10, 0
        elif t == "puluh":
            total, current = total + current * 10, 0
        elif t == "ratus":
            total, current = total + current * 100, 0
        else:
            return None
    total += current
    return total or None


def _context(p: dict, title_key: str, has_headings: bool) -> str:
    """Where a mention stands: the title, else the passage's role (the one classifier of
    the parts of a study, :mod:`corpus.roles`); in the front matter, an abstract or
    keyword line, or the unsectioned paragraphs before the first heading."""
    if p["kind"] == "title" or (title_key and _key(p["text"]) == title_key):
        return "title"
    if p["role"] != "front":
        return ROLE_CONTEXT[p["role"]]
    if _ABSTRACT_OPENING.search(p["text"]):
        return "abstract"
    if not p.get("section") and has_headings and p["kind"] == "body":
        return "abstract"  # front matter before the first heading: abstract, keywords
    return "other"


def _key(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


def _elections(p: dict, text: str, weight: float) -> Iterable[_Mention]:
    text = _blank(text, _NOT_ELECTION)
    found = _mentions(text, _ELECTION)
    joined = set()
    for (a0, a1, av), (b0, _b1, bv) in zip(found, found[1:]):
        if av != bv and _JOINED.match(text[a1:b0]):
            joined.update({a0, b0})
    for start, end, value in found:
        w = weight * (1.0 if text[start].isupper() else 0.5)
        if start in joined:
            w *= 0.2
        quote_end = end
        year = None
        after = _YEAR_AFTER.match(text[end : end + 60])
        if after:
            year, quote_end = after.group(1), end + after.end(1)
        else:
            before = _YEAR_BEFORE.search(text[max(0, start - 8) : start])
            if before:
                year = before.group(1)
        if year:
            w *= 1.5
        quote = p["text"][start:quote_end]
        yield _Mention("election", value, p["id"], start, quote_end, quote, w, p["seq"])
        if year and start not in joined:
            mention = _Mention("election_year", year, p["id"], start, quote_end, quote, w, p["seq"])
            mention.of = value
            yield mention


def _places(p: dict, text: str, weight: float) -> Iterable[_Mention]:
    for start, end, kind, region in regions.find(text):
        w = weight * (1.0 if kind == "prefixed" else 0.8)
        quote = p["text"][start:end]
        specific = 1.5 if region.level != "province" else 1.0  # a kota says more
        yield _Mention("region", region.name, p["id"], start, end, quote, w * specific, p["seq"])
        yield _Mention("province", region.province, p["id"], start, end, quote, w, p["seq"])


def _design(p: dict, text: str, weight: float) -> Iterable[_Mention]:
    for name, groups in (("method", _METHODS), ("data", _DATA)):
        for start, end, value in _mentions(text, groups):
            yield _Mention(name, value, p["id"], start, end, p["text"][start:end], weight, p["seq"])
    tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    for m in _INFORMANT.finditer(text):
        i = next((k for k, t in enumerate(tokens) if t[0] >= m.start()), len(tokens))
        number, first = _number_before(tokens, i)
        if number is None:
            number, last = _number_after(tokens, i, m.end())
            if number is not None:
                yield _Mention(
                    "informants",
                    str(number),
                    p["id"],
                    m.start(),
                    last,
                    p["text"][m.start() : last],
                    weight,
                    p["seq"],
                )
            continue
        yield _Mention(
            "informants",
            str(number),
            p["id"],
            first,
            m.end(),
            p["text"][first : m.end()],
            weight,
            p["seq"],
        )


def _is_number(word: str) -> bool:
    w = word.lower()
    return w.isdigit() or w in _NUMBER_WORDS or w in words.ENGLISH_NUMBERS


def _number_before(tokens: list, i: int) -> tuple[int | None, int]:
    """ "dua belas (orang) informan": the number words just before token ``i``."""
    j = i - 1
    if j >= 0 and tokens[j][2].lower() in ("orang", "key", "para"):
        j -= 1
    end = j
    while j >= 0 and _is_number(tokens[j][2]) and end - j < 4:
        j -= 1
    if j == end:
        return None, 0
    return parse_number([t[2] for t in tokens[j + 1 : end + 1]]), tokens[j + 1][0]


def _number_after(tokens: list, i: int, noun_end: int) -> tuple[int | None, int]:
    """ "informan sebanyak 12 orang", "informan berjumlah dua belas"."""
    k = next((n for n, t in enumerate(tokens) if t[0] >= noun_end), len(tokens))
    window = [t[2].lower() for t in tokens[k : k + 4]]
    leads = {"sebanyak", "berjumlah", "yaitu", "adalah"}
    skip = next((n + 1 for n, w in enumerate(window) if w in leads), None)
    if skip is None:
        return None, 0
    start = k + skip
    end = start
    while end < len(tokens) and _is_number(tokens[end][2]) and end - start < 4:
        end += 1
    if end == start:
        return None, 0
    return parse_number([t[2] for t in tokens[start:end]]), tokens[end - 1][1]


FAMILY = {
    "election": "setting",
    "election_year": "setting",
    "region": "setting",
    "province": "setting",
    "method": "design",
    "data": "design",
    "informants": "design",
}


def read_attributes(passages: list[dict], *, title: str | None = None) -> list[Proposal]:
    """Proposals for one document from its passages (dicts with ``id``, ``seq``, ``text``,
    ``section``, ``kind`` and ``role``; the role is worked out when missing), best first
    per attribute.
    """
    title_key = _key(title)
    has_headings = any(p["kind"] == "heading" for p in passages)
    if any("role" not in p for p in passages):  # plain dicts, not rows of a corpus
        passages = [{**p, "role": r} for p, r in zip(passages, assign_roles(passages))]
    mentions: list[_Mention] = []
    if title_key and not any(_key(p["text"]) == title_key for p in passages):
        # A chapter file has no title passage: its title still counts, as evidence of
        # last resort (a proposal shown only by the title has no passage).
        title_passage = {"id": None, "seq": -1, "text": title, "section": None, "kind": "title"}
        passages = [title_passage, *passages]
    for p in passages:
        if p["kind"] in SKIP_KINDS or not p["text"]:
            continue
        context = _context(p, title_key, has_headings)
        text = _blank(p["text"], _QUOTED)
        setting = CONTEXT_WEIGHT["setting"][context]
        design = CONTEXT_WEIGHT["design"][context]
        mentions.extend(_elections(p, text, setting))
        mentions.extend(_places(p, text, setting))
        mentions.extend(_design(p, text, design))
    return _score(mentions)


def _score(mentions: list[_Mention]) -> list[Proposal]:
    """Shares of weighted mentions. A year counts double when it is the year of the
    election that leads ("Pemilu 2024" in a study of Pemilu outweighs "Pilkada 2020")."""
    elections: dict[str, float] = {}
    for m in mentions:
        if m.name == "election":
            elections[m.value] = elections.get(m.value, 0.0) + m.weight
    lead = max(elections, key=elections.__getitem__) if elections else None
    for m in mentions:
        if m.name == "election_year" and m.of == lead:
            m.weight *= 2
    by_name: dict[str, dict[str, list[_Mention]]] = {}
    for m in mentions:
        by_name.setdefault(m.name, {}).setdefault(m.value, []).append(m)
    out = []
    for name, values in by_name.items():
        totals = {v: sum(m.weight for m in ms) for v, ms in values.items()}
        total = sum(totals.values())
        damp = min(1.0, total / 2.0)
        ranked = sorted(values, key=lambda v: (-totals[v], min(m.seq for m in values[v])))
        for value in ranked[:MAX_PER_ATTRIBUTE]:
            score = round(totals[value] / total * damp, 2)
            if score < MIN_SCORE:
                continue
            best = max(
                values[value],
                key=lambda m: (m.passage_id is not None, m.weight, -m.seq, -m.start),
            )
            out.append(
                Proposal(
                    name=name,
                    value=value,
                    passage_id=best.passage_id,
                    char_start=best.start,
                    char_end=best.end,
                    quote=best.quote,
                    score=score,
                    detail={
                        "mentions": len(values[value]),
                        "weight": round(totals[value], 2),
                        "passages": len({m.passage_id for m in values[value]}),
                    },
                )
            )
    return out
