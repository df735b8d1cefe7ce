"""Codebook patterns -> scored spans, with Indonesian negation and clause context.

The pipeline is ``spacy.blank("id")`` with the lookup lemmatizer (``spacy-lookups-data``,
offline) and a small fallback that strips affixes the lookup table misses ("dipahami",
"dimutasi", "suaminya"). Patterns are spaCy's: a string is a phrase matched on lower-case
text, a list is a token pattern (``LOWER``, ``LEMMA``, ``REGEX``, ``IN``, ``OP``), the
same ``{"label", "pattern", "id"}`` objects a ``SpanRuler`` reads. Telaah adds optional
keys, stripped before spaCy sees them:

- ``score`` (default 0.8): how sure a hit of this pattern alone makes the suggestion;
- ``unless_before`` / ``unless_after``: words that cancel the hit when they stand within
  two tokens before / after it ("ancaman" but not "ancaman terhadap demokrasi");
- ``negatable`` (default true): whether a negator before the hit cancels it (two
  negators cancel out), and a norm marker too ("diharapkan", "seharusnya");
- ``negation_window`` (default ``lang_id.NEGATION_WINDOW``): how far back a negator
  counts; short for passive verbs ("tidak diancam" but not "yang tidak loyal diancam");
- ``checks``: names of context checks in ``context.py`` that may cancel the hit (the
  civil servant as the one who intimidates, legal text naming a sanction, a fact rather
  than a rule not known, a family word with no candidate in its sentence).

Every hit is dropped when it names a concept rather than reports a reason ("teori
konflik kepentingan", a sentence that defines it).

Factor phrases are matched on surface forms first; lemma patterns are a second signal
with lower scores, because the lookup table maps "kepentingan" to "penting".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadCodebook
from . import context, lang_id

DEFAULT_SCORE = 0.8
MIN_SCORE = 0.5
EXTENSION_KEYS = (
    "score",
    "unless_before",
    "unless_after",
    "negatable",
    "negation_window",
    "checks",
)


@dataclass
class Hit:
    code_id: str
    pattern_id: str
    char_start: int
    char_end: int
    score: float
    negated_by: str | None = None


@dataclass
class RuleSuggestion:
    """One code for one passage: the best span, a combined score, and the evidence."""

    code_id: str
    char_start: int
    char_end: int
    score: float
    patterns: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def indonesian_nlp() -> Any:
    """The shared tokenizer + lookup lemmatizer (spaCy is imported here, lazily)."""
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=1)
def _lemma_table() -> tuple[Any, frozenset[str]]:
    table = indonesian_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return table, frozenset(table.values())


def prepare(doc: Any) -> Any:
    """A tokenized passage made ready for the patterns: reduplications joined, lemmas filled."""
    return fill_lemmas(join_reduplications(doc))


def join_reduplications(doc: Any) -> Any:
    """Join a reduplicated word the tokenizer split at its hyphen into one token.

    spaCy's Indonesian exceptions know "iming-iming" and "menakut-nakuti" but split
    "menarik-narik", "dibagi-bagikan" and "mendorong-dorong" into three tokens, so a pattern
    naming the word never saw it. Only halves that share a stem but differ are joined:
    "non-job" stays apart, as its patterns expect, and so does a plural ("tekanan-tekanan"),
    whose halves each match.
    """
    spans = []
    i = 0
    while i + 2 < len(doc):
        left, dash, right = doc[i], doc[i + 1], doc[i + 2]
        if (
            dash.text == "-"
            and not left.whitespace_
            and not dash.whitespace_
            and left.lower_ != right.lower_
            and _same_stem(left.lower_, right.lower_)
        ):
            spans.append(doc[i : i + 3])
            i += 3
            continue
        i += 1
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span, attrs={"LEMMA": span.text.lower()})
    return doc


def _same_stem(left: str, right: str) -> bool:
    """ "menarik"/"narik", "dibagi"/"bagikan", "mendorong"/"dorong": one stem repeated."""
    if len(left) < 3 or len(right) < 3 or not left.isalpha() or not right.isalpha():
        return False
    return right[:3] in left or left[-3:] in right


def fill_lemmas(doc: Any) -> Any:
    """Give tokens the lookup table missed a lemma by stripping Indonesian affixes.

    The table knows "memahami" but not "dipahami", "dimutasi" or "suaminya". A stripped
    stem counts only if the table has it (as a word or a lemma), so nothing is invented;
    a capitalised word is looked up in lower case.
    """
    table, stems = _lemma_table()
    for token in doc:
        if token.lemma_ and token.lemma_ != token.text:
            continue
        token.lemma_ = guess_lemma(token.text.lower(), table, stems)
    return doc


def guess_lemma(word: str, table: Any, stems: frozenset[str]) -> str:
    """The lemma of ``word`` from the table, else of the shortest-stripped known stem."""
    if word in table:
        return table[word]
    candidates = []
    for prefix in ("", *lang_id.PREFIXES):
        if prefix and not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        for suffix in ("", *lang_id.SUFFIXES, *lang_id.SUFFIXES_STACKED):
            if suffix and not rest.endswith(suffix):
                continue
            stem = rest[: len(rest) - len(suffix)]
            if len(stem) >= 3 and (prefix or suffix):
                candidates.append(stem)
    for cand in candidates:
        if cand in table:
            return table[cand]
        if cand in stems:
            return cand
    return word


class RuleSet:
    """Every pattern of a codebook compiled into one spaCy Matcher and PhraseMatcher."""

    def __init__(self, codes: Iterable[dict]):
        from spacy.matcher import Matcher, PhraseMatcher

        self._matcher_class = Matcher
        self.nlp = indonesian_nlp()
        # Token patterns whose every match needs one word of a known set (the "anchor")
        # get a Matcher of their own, run only on a passage holding an anchor word; the
        # rest share one Matcher run on every passage. spaCy's Matcher costs about the
        # same per pattern per token whether or not it can match, so a passage pays only
        # for the patterns it could satisfy: more than twice the speed with 200 patterns.
        self.unanchored = Matcher(self.nlp.vocab, validate=True)
        self.anchored: list[tuple[Any, list[frozenset[str]]]] = []
        self.by_anchor: dict[str, list[int]] = {}
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.meta: dict[str, dict] = {}
        for code in codes:
            for n, raw in enumerate(code.get("patterns") or []):
                self._add(code["id"], n, raw)

    def _add(self, code_id: str, n: int, raw: dict | str | list) -> None:
        if not isinstance(raw, dict):
            raw = {"pattern": raw}
        pattern = raw["pattern"]
        key = f"{code_id}\t{n}"
        self.meta[key] = {
            "code_id": code_id,
            "id": raw.get("id") or f"{code_id}-{n}",
            "score": float(raw.get("score", DEFAULT_SCORE)),
            "unless_before": frozenset(raw.get("unless_before") or ()),
            "unless_after": frozenset(raw.get("unless_after") or ()),
            "negatable": bool(raw.get("negatable", True)),
            "window": int(raw.get("negation_window", lang_id.NEGATION_WINDOW)),
            "checks": tuple(_check(code_id, name) for name in raw.get("checks") or ()),
        }
        if isinstance(pattern, str):
            self.phrases.add(key, [self.nlp.make_doc(pattern)])
            return
        pattern = [_as_sets(token) for token in pattern]
        words = anchor(pattern)
        if words is None:
            self.unanchored.add(key, [pattern])
            return
        matcher = self._matcher_class(self.nlp.vocab, validate=True)
        matcher.add(key, [pattern])
        self.anchored.append((matcher, required_words(pattern)))
        for w in words:
            self.by_anchor.setdefault(w, []).append(len(self.anchored) - 1)

    def __len__(self) -> int:
        return len(self.meta)

    def doc(self, text: str) -> Any:
        return prepare(self.nlp(text))

    def hits(self, doc: Any) -> list[Hit]:
        """Every pattern hit, negated ones included (``negated_by`` says why)."""
        strings = self.nlp.vocab.strings
        best: dict[tuple[str, int], tuple[int, int]] = {}
        present = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
        wanted = sorted({i for w in present & self.by_anchor.keys() for i in self.by_anchor[w]})
        matches = list(self.phrases(doc))
        if len(self.unanchored):
            matches.extend(self.unanchored(doc))
        for i in wanted:
            matcher, required = self.anchored[i]
            # Every required token's words must be in the passage, not just the anchor's.
            if all(not words.isdisjoint(present) for words in required):
                matches.extend(matcher(doc))
        for match_id, start, end in matches:
            key = strings[match_id]
            # Wildcards make several matches from one start: keep the shortest.
            if (key, start) not in best or end < best[(key, start)][1]:
                best[(key, start)] = (start, end)
        out = []
        for (key, _), (start, end) in sorted(best.items(), key=lambda kv: kv[1]):
            meta = self.meta[key]
            if _near(doc, start, end, meta["unless_before"], meta["unless_after"]):
                continue
            if term_context(doc, start):
                continue
            if meta["negatable"] and norm_before(doc, start):
                continue
            if any(check(doc, start, end) for check in meta["checks"]):
                continue
            span = doc[start:end]
            out.append(
                Hit(
                    code_id=meta["code_id"],
                    pattern_id=meta["id"],
                    char_start=span.start_char,
                    char_end=span.end_char,
                    score=meta["score"],
                    negated_by=(
                        negator_before(doc, start, window=meta["window"])
                        if meta["negatable"]
                        else None
                    ),
                )
            )
        return out

    def docs(self, texts: list[str]) -> list[Any]:
        """Many texts tokenized and lemmatized at once (``nlp.pipe`` batches)."""
        return [prepare(d) for d in self.nlp.pipe(texts, batch_size=256)]

    def suggest(
        self,
        text: str,
        *,
        section: str | None = None,
        kind: str | None = None,
        doc: Any = None,
    ) -> list[RuleSuggestion]:
        """One suggestion per code whose combined score reaches ``MIN_SCORE``."""
        if kind in lang_id.SKIP_KINDS or not text.strip() or lang_id.KEYWORD_LINE.match(text):
            return []
        doc = doc if doc is not None else self.doc(text)
        return combine(self.hits(doc), factor=section_factor(section))


def _check(code_id: str, name: str) -> context.Check:
    try:
        return context.CHECKS[name]
    except KeyError:
        raise BadCodebook(
            f'a pattern of "{code_id}" names the unknown context check "{name}"; '
            f"known checks: {', '.join(sorted(context.CHECKS))}"
        ) from None


_REQUIRED = re.compile(r"^\{([1-9]\d*),?\d*\}$")


def anchor(pattern: list[dict]) -> frozenset[str] | None:
    """The smallest word set one of the pattern's required tokens must come from.

    None when no required token names its words (the pattern is run on every passage).
    """
    return min(required_words(pattern), key=len, default=None)


def required_words(pattern: list[dict]) -> list[frozenset[str]]:
    """For each required token that names its words, the words (lower case).

    A token is required unless its ``OP`` lets it be absent ("?", "*", "{0,n}") or
    negates it ("!"); its words are its ``LOWER``/``LEMMA`` value or ``IN`` list.
    """
    out = []
    for token in pattern:
        op = token.get("OP")
        if op is not None and op != "+" and not _REQUIRED.match(op):
            continue
        for attr in ("LOWER", "LEMMA"):
            value = token.get(attr)
            if isinstance(value, str):
                out.append(frozenset({value.lower()}))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                out.append(frozenset(w.lower() for w in value["IN"]))
    return out


def _as_sets(token: dict) -> dict:
    """A token whose ``REGEX`` names a finite list of words, with an ``IN`` list instead.

    The data keeps the compact regex (``^(adik|kakak|suami)(nya)?$``); spaCy compares a
    set far faster than it runs a regex, and only a set can anchor a pattern.
    """
    out = dict(token)
    for attr in ("LOWER", "LEMMA"):
        value = token.get(attr)
        if isinstance(value, dict) and set(value) == {"REGEX"}:
            words = finite_words(value["REGEX"])
            if words is not None:
                out[attr] = {"IN": sorted(words)}
    return out


def finite_words(regex: str) -> frozenset[str] | None:
    """Every string an anchored regex of literals, groups, ``|`` and ``?`` matches.

    ``^(istri|suami)(nya)?$`` -> {istri, suami, istrinya, suaminya}; None for anything
    else (classes, ``*``, ``+``, escapes), which then stays a regex.
    """
    if not (regex.startswith("^") and regex.endswith("$")):
        return None
    try:
        words, rest = _alternatives(regex[1:-1], 0)
    except ValueError:
        return None
    if rest != len(regex) - 2 or len(words) > 2000:
        return None
    return frozenset(words)


def _alternatives(rx: str, i: int) -> tuple[set[str], int]:
    out: set[str] = set()
    while True:
        seq, i = _sequence(rx, i)
        out |= seq
        if i < len(rx) and rx[i] == "|":
            i += 1
            continue
        return out, i


def _sequence(rx: str, i: int) -> tuple[set[str], int]:
    words = {""}
    while i < len(rx) and rx[i] not in "|)":
        if rx[i] == "(":
            part, i = _alternatives(rx, i + 1)
            if i >= len(rx) or rx[i] != ")":
                raise ValueError(rx)
            i += 1
        elif rx[i].isalnum() or rx[i] in "-_ ":
            part, i = {rx[i]}, i + 1
        else:
            raise ValueError(rx)
        if i < len(rx) and rx[i] == "?":
            part, i = part | {""}, i + 1
        elif i < len(rx) and rx[i] in "*+{":
            raise ValueError(rx)
        words = {w + p for w in words for p in part}
    return words, i


def section_factor(section: str | None) -> float:
    """How much a passage's section lets it count: a method section counts half."""
    if section and lang_id.METHOD_SECTION.search(section):
        return lang_id.METHOD_SECTION_FACTOR
    return 1.0


def combine(hits: list[Hit], *, factor: float = 1.0) -> list[RuleSuggestion]:
    """Per code: noisy-or of distinct patterns' scores; the span of the strongest hit."""
    by_code: dict[str, list[Hit]] = {}
    for h in hits:
        if h.negated_by is None:
            by_code.setdefault(h.code_id, []).append(h)
    out = []
    for code_id, code_hits in by_code.items():
        per_pattern: dict[str, float] = {}
        for h in code_hits:
            per_pattern[h.pattern_id] = max(per_pattern.get(h.pattern_id, 0.0), h.score)
        miss = 1.0
        for s in per_pattern.values():
            miss *= 1.0 - s
        score = round((1.0 - miss) * factor, 4)
        if score < MIN_SCORE:
            continue
        top = max(code_hits, key=lambda h: (h.score, -h.char_start))
        out.append(
            RuleSuggestion(
                code_id=code_id,
                char_start=top.char_start,
                char_end=top.char_end,
                score=score,
                patterns=sorted(per_pattern),
            )
        )
    return sorted(out, key=lambda s: (-s.score, s.code_id))


def negator_before(doc: Any, start: int, *, window: int = lang_id.NEGATION_WINDOW) -> str | None:
    """The negator governing the token at ``start``, if any, within its clause.

    A double negation asserts the hit ("tidak terlepas dari konflik kepentingan").
    """
    found = _scope_words(
        doc, start, lang_id.NEGATORS, window=window, after_comma=lang_id.NEGATION_AFTER_COMMA
    )
    if not found:
        return None
    if len(found) > 1 and found[0] in lang_id.NEGATORS_INNER and found[1] in lang_id.NEGATORS_OUTER:
        return None
    return found[0]


def norm_before(doc: Any, start: int) -> str | None:
    """A norm marker ("diharapkan", "seharusnya") governing the token at ``start``."""
    found = _scope_words(
        doc,
        start,
        lang_id.NORM_MARKERS,
        window=lang_id.NORM_WINDOW,
        after_comma=lang_id.NORM_AFTER_COMMA,
    )
    return found[0] if found else None


def term_context(doc: Any, start: int) -> str | None:
    """A word naming the hit as a concept ("teori ...") or a definition in its sentence."""
    for t in doc[max(0, start - lang_id.TERM_WINDOW) : start]:
        if t.lower_ in lang_id.TERM_WORDS:
            return t.lower_
    lo, hi = context.sentence_bounds(doc, start)
    words = [t.lower_ for t in doc[lo:hi]]
    for i, word in enumerate(words):
        if word in lang_id.DEFINING_WORDS:
            return word
        # "Spoil system adalah sistem di mana ...", "... adalah ketika seseorang ...".
        if word in lang_id.COPULAS and set(words[i + 1 : i + 6]) & lang_id.DEFINING_LINKS:
            return f"{word} {' '.join(words[i + 1 : i + 3])}"
    return None


def _scope_words(
    doc: Any, start: int, words: frozenset, *, window: int, after_comma: int
) -> list[str]:
    """Words of ``words`` before ``start`` in its clause, nearest first.

    Past a comma, a clause opener ("meskipun", "karena") shows the comma closed a
    subordinate clause: words found beyond the comma belong to it and are dropped
    ("Meskipun diharapkan netral, banyak ASN tertekan").
    """
    found: list[str] = []
    before_comma = 0
    i = start - 1
    steps = 0
    since_comma: int | None = None
    while i >= 0 and steps < window:
        word = doc[i].lower_
        i -= 1
        if word in lang_id.CLAUSE_PUNCT:
            break
        if word == ",":
            if since_comma is None:
                before_comma = len(found)
            since_comma = 0
            continue
        if doc[i + 1].is_punct:
            continue
        steps += 1
        if since_comma is not None:
            since_comma += 1
            if since_comma > after_comma:
                if _opens_clause(doc, i + 1):
                    return found[:before_comma]
                break
        if word in lang_id.CLAUSE_BOUNDARIES:
            if since_comma is not None:
                return found[:before_comma]
            prev = doc[i].lower_ if i >= 0 else ""
            if prev in words:
                found.append(prev)
            break
        if word in words:
            nxt = doc[i + 2].lower_ if i + 2 < len(doc) else ""
            if nxt not in lang_id.NOT_NEGATING_NEXT:
                found.append(word)
    if since_comma is not None and _opens_clause(doc, i):
        return found[:before_comma]  # the window ended inside a conditional clause
    return found


def _opens_clause(doc: Any, i: int) -> bool:
    """Whether the comma-free stretch ending at token ``i`` begins with a clause opener.

    "Kalau tidak ikut mendukung, jabatan kami bisa hilang": the negator sits in the
    conditional clause, so it does not negate what follows its comma.
    """
    while i >= 0 and doc[i].lower_ != "," and doc[i].lower_ not in lang_id.CLAUSE_PUNCT:
        if doc[i].lower_ in lang_id.CLAUSE_OPENERS:
            return True
        i -= 1
    return False


def _near(doc: Any, start: int, end: int, before: frozenset, after: frozenset) -> bool:
    if before and any(t.lower_ in before for t in doc[max(0, start - 2) : start]):
        return True
    return bool(after and any(t.lower_ in after for t in doc[end : end + 2]))


def spacy_patterns(codes: Iterable[dict]) -> list[dict]:
    """The codebook's patterns as plain spaCy ``{"label", "pattern", "id"}`` rows."""
    rows = []
    for code in codes:
        for n, raw in enumerate(code.get("patterns") or []):
            raw = raw if isinstance(raw, dict) else {"pattern": raw}
            rows.append(
                {
                    "label": code["id"],
                    "pattern": raw["pattern"],
                    "id": raw.get("id") or f"{code['id']}-{n}",
                }
            )
    return rows
