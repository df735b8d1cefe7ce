"""Running suggestions over a corpus and storing them: rules, the trained model, or both.

``suggest`` writes only the ``suggestions`` table, never ``codings``: a suggestion becomes
a coding only when a coder accepts it in ``telaah review``. A suggestion's id is derived
from its passage and code, so running ``telaah suggest`` again refreshes scores without
duplicating rows or forgetting anyone's decisions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from corpus.db import now, write_lock

from .. import suggestions
from ..codebook import list_codes
from ..errors import BadCodebook
from . import classifier, similar
from .rules import MIN_SCORE, RuleSet, lang_id, section_factor

BATCH = 256


@dataclass
class Suggestion:
    code_id: str
    char_start: int
    char_end: int
    score: float
    method: str
    detail: dict = field(default_factory=dict)


def suggestion_id(passage_id: str, code_id: str) -> str:
    return hashlib.sha1(f"{passage_id}\x00{code_id}".encode()).hexdigest()[:16]


def merge(
    text: str,
    rule_hits: Iterable[Any],
    model_scores: dict[str, float] | None,
    *,
    min_score: float = MIN_SCORE,
    model_alone: set[str] | None = None,
) -> list[Suggestion]:
    """Combine rule suggestions and model scores for one passage.

    On a code the model knows, its score moves a rule hit by at most a quarter either
    way (``rule + (model - 0.5) / 2``): a model sure of "no" sinks a weak pattern a coder
    keeps rejecting, a model sure of "yes" lifts one, and a strong pattern survives a
    model still learning from a few dozen codings. A code only the model sees is
    suggested for the whole passage when its score reaches ``min_score`` and the code is
    in ``model_alone`` (None: every code the model knows).
    """
    rules = {r.code_id: r for r in rule_hits}
    model_scores = model_scores or {}
    out = []
    for code_id in sorted(set(rules) | set(model_scores)):
        r = rules.get(code_id)
        m = model_scores.get(code_id)
        if r is not None and m is not None:
            score, method = min(1.0, max(0.0, r.score + (m - 0.5) / 2)), "rules+model"
        elif r is not None:
            score, method = r.score, "rules"
        elif model_alone is None or code_id in model_alone:
            score, method = float(m or 0.0), "model"
        else:
            continue
        if score < min_score:
            continue
        start, end = (r.char_start, r.char_end) if r is not None else (0, len(text))
        detail: dict[str, Any] = {}
        if r is not None:
            detail.update(patterns=r.patterns, rule_score=r.score)
        if m is not None:
            detail["model_score"] = round(m, 4)
        out.append(Suggestion(code_id, start, end, round(score, 4), method, detail))
    return sorted(out, key=lambda s: (-s.score, s.code_id))


class Suggester:
    """Rules from a codebook, optionally with a trained model: text in, suggestions out."""

    def __init__(
        self,
        codes: list[dict],
        *,
        model: Any = None,
        model_alone: set[str] | None = None,
        use_rules: bool = True,
        similar_index: similar.SimilarIndex | None = None,
    ):
        self.rules = RuleSet(codes) if use_rules else None
        self.similar = similar_index
        self.model = model
        self.model_alone = model_alone
        self.known = {c["id"] for c in codes}
        self.aliases: dict[str, str] = {}  # model label -> live id, after a rename or merge

    def suggest_many(
        self,
        texts: list[str],
        *,
        sections: list[str | None] | None = None,
        kinds: list[str | None] | None = None,
        min_score: float = MIN_SCORE,
    ) -> list[list[Suggestion]]:
        sections = sections or [None] * len(texts)
        kinds = kinds or [None] * len(texts)
        docs = self.rules.docs(texts) if self.rules is not None else None
        scores = (
            classifier.predict(self.model, texts, docs=docs) if self.model is not None else None
        )
        near = self.similar.neighbours(texts) if self.similar is not None else None
        out = []
        for i, text in enumerate(texts):
            if kinds[i] in lang_id.SKIP_KINDS or lang_id.KEYWORD_LINE.match(text):
                out.append([])
                continue
            hits = (
                self.rules.suggest(text, section=sections[i], kind=kinds[i], doc=docs[i])
                if self.rules is not None and docs is not None
                else []
            )
            m = None
            if scores is not None:
                factor = section_factor(sections[i])
                m = {
                    self.aliases.get(k, k): v * factor
                    for k, v in scores[i].items()
                    if self.aliases.get(k, k) in self.known
                }
            alone = (
                {self.aliases.get(k, k) for k in self.model_alone}
                if self.model_alone is not None
                else None
            )
            found = merge(text, hits, m, min_score=min_score, model_alone=alone)
            if near is not None:
                found = self._add_similar(text, found, near[i], min_score)
            out.append(found)
        return out

    def _add_similar(
        self, text: str, found: list[Suggestion], near: list[similar.Neighbour], min_score: float
    ) -> list[Suggestion]:
        """ "More like these" for codes nothing else suggested, scored below the rules."""
        have = {s.code_id for s in found}
        for n in near:
            code_id = self.aliases.get(n.code_id, n.code_id)
            score = similar.similar_score(n.similarity)
            if code_id in have or code_id not in self.known or score < min_score:
                continue
            detail = {"similar_to": self.similar.ids[n.passage], "similarity": n.similarity}
            found.append(Suggestion(code_id, 0, len(text), score, "similar", detail))
        return sorted(found, key=lambda s: (-s.score, s.code_id))


def load_suggester(
    db: Database, *, use_model: bool = True, model_dir: str | Path | None = None
) -> tuple[Suggester, dict | None]:
    """The corpus's codebook rules, its trained model when there is one, and "more like
    these" over its coded passages when there are some (``use_model=False``: rules only)."""
    codes = list_codes(db)
    model, meta = None, None
    if use_model:
        path = Path(model_dir) if model_dir else classifier.default_model_dir(db)
        if (path / classifier.META_FILE).is_file():
            model, meta = classifier.load(path)
    suggester = Suggester(
        codes,
        model=model,
        model_alone=classifier.alone_labels(meta) if meta else None,
        similar_index=similar.from_corpus(db) if use_model else None,
    )
    if meta:
        for label in meta["labels"]:
            row = db.execute("select code_id from code_aliases where old_id = ?", [label])
            found = row.fetchone()
            if found:
                suggester.aliases[label] = found[0]
    return suggester, meta


def suggest(
    db: Database,
    *,
    document_id: str | None = None,
    use_model: bool = True,
    model_dir: str | Path | None = None,
    min_score: float = MIN_SCORE,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[dict]:
    """Suggest codes for the corpus's passages (or one document's) and store them.

    Returns the stored suggestions, best first per passage. Pending suggestions that no
    longer fire (the codebook or the text changed) are dropped; decided ones are kept.
    ``on_progress(done, total)`` is called after each batch of passages (a 2,000-thesis
    corpus takes minutes: the CLI shows a bar).
    """
    if not list_codes(db):
        raise BadCodebook(
            "the corpus has no codes yet; import the default codebook with: "
            "telaah codebook import --default"
        )
    suggester, meta = load_suggester(db, use_model=use_model, model_dir=model_dir)
    params: list = []
    where = ""
    if document_id:
        where = "where document_id = ?"
        params.append(document_id)
    passages = list(
        db.query(
            f"select id, document_id, section, kind, text from passages {where} "
            "order by document_id, seq",
            params,
        )
    )
    stamp = now()
    rows: list[dict] = []
    for start in range(0, len(passages), BATCH):
        chunk = passages[start : start + BATCH]
        results = suggester.suggest_many(
            [p["text"] for p in chunk],
            sections=[p["section"] for p in chunk],
            kinds=[p["kind"] for p in chunk],
            min_score=min_score,
        )
        for p, sugs in zip(chunk, results):
            for s in sugs:
                rows.append(
                    {
                        "id": suggestion_id(p["id"], s.code_id),
                        "passage_id": p["id"],
                        "document_id": p["document_id"],
                        "code_id": s.code_id,
                        "char_start": s.char_start,
                        "char_end": s.char_end,
                        "quote": p["text"][s.char_start : s.char_end],
                        "score": s.score,
                        "method": s.method,
                        "detail": json.dumps(s.detail, ensure_ascii=False),
                    }
                )
        if on_progress:
            on_progress(start + len(chunk), len(passages))
    with write_lock(db):
        suggestions.store(db, rows, stamp, document_id=document_id)
    return list_suggestions(db, document_id=document_id)


def list_suggestions(
    db: Database,
    *,
    document_id: str | None = None,
    code_id: str | None = None,
    status: str | None = None,
    passage_id: str | None = None,
) -> list[dict]:
    """Stored suggestions with their code label, in reading order, best first per passage.

    Each row names its code's ``ancestors`` (nearest first), so a suggestion of a child
    counts for its parent wherever suggestions are scored or counted at the parents'
    level (``career-stake`` for ``conflict-of-interest``), as the matrix counts codings.
    """
    clauses, params = [], []
    for column, value in (
        ("s.document_id", document_id),
        ("s.code_id", code_id),
        ("s.status", status),
        ("s.passage_id", passage_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"where {' and '.join(clauses)}" if clauses else ""
    rows = db.query(
        f"""
        select s.id, s.passage_id, s.document_id, s.code_id, k.label_id as code_label,
               s.score, s.method, s.char_start, s.char_end, s.quote, s.status,
               s.decided_by, s.decided_at, s.detail, s.created_at
        from suggestions s
        left join codes k on k.id = s.code_id
        left join passages p on p.id = s.passage_id
        {where}
        order by s.document_id, p.seq, s.score desc, s.code_id
        """,
        params,
    )
    up: dict[str, list[str]] = {}
    for code_id, ancestor_id in db.execute(
        "select code_id, ancestor_id from code_ancestors where distance > 0 "
        "order by code_id, distance"
    ).fetchall():
        up.setdefault(code_id, []).append(ancestor_id)
    return [
        {**r, "detail": json.loads(r["detail"] or "{}"), "ancestors": up.get(r["code_id"], [])}
        for r in rows
    ]
