"""A text classifier that learns the researcher's own coding: spaCy ``textcat_multilabel``.

``telaah train`` fits it on passages a coder has looked at: a passage coded with a code is a
positive example of it; a passage coded with other codes, or whose suggestion for the code
was rejected, is a negative one. Passages nobody has coded are left out (unseen is not
"absent"). The model reads each passage twice, as lower-case words and as lemmas (from
the same lookup lemmatizer as the rules), with word pairs: lemmas let "memahami",
"pemahaman" and "dipahami" share a feature, and surface pairs keep "konflik kepentingan"
apart from "kepentingan masyarakat" although both lemmatise to "penting". On the
held-out set this doubled the model's recall over lemmas alone (bench/suggest.py). It is
saved beside the corpus as ``NAME.db.model/`` and loaded offline.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from corpus.db import now

from ..errors import NoModel, NotEnoughCodings
from .rules import indonesian_nlp, prepare

PIPE = "textcat_multilabel"
META_FILE = "telaah-model.json"
MIN_POSITIVES = 3
# A code is learned from 3 passages with it and 3 coded without it, enough to adjust the
# rules' scores; the model suggests a code on its own only after 10 of each, because a
# model fitted on a handful of passages says "yes" to nearly everything.
MIN_NEGATIVES = 3
MODEL_ALONE_MIN = 10
MODEL_CONFIG = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 262144,
}


@dataclass
class TrainingSet:
    passage_ids: list[str]
    texts: list[str]
    cats: list[dict[str, float]]
    labels: list[str]


def corpus_file(db: Database) -> Path | None:
    """The file behind ``db`` (None for an in-memory database)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def default_model_dir(db: Database) -> Path:
    path = corpus_file(db)
    if path is None:
        raise NoModel("an in-memory corpus has no place for a model; pass a model directory")
    return path.with_name(path.name + ".model")


def decided_examples(
    db: Database, *, coder: str | None = None
) -> tuple[list[str], list[str], list[set[str]], list[set[str]]]:
    """Passages a coder (or any coder) has decided on: ids, texts, codes placed, codes rejected.

    The researcher's decisions are the labels: a coding (typed, or an accepted
    suggestion) says yes, a rejected suggestion says no. What the model and the "more
    like these" index learn from.
    """
    where, params = "status = 'placed'", []
    if coder:
        where += " and coder = ?"
        params.append(coder)
    coded: dict[str, set[str]] = {}
    for r in db.query(f"select passage_id, code_id from codings where {where}", params):
        coded.setdefault(r["passage_id"], set()).add(r["code_id"])
    rejected: dict[str, set[str]] = {}
    sql = (
        "select s.passage_id, s.code_id from suggestion_decisions d "
        "join suggestions s on s.id = d.suggestion_id where d.decision = 'rejected'"
    )
    rparams: list = []
    if coder:
        sql += " and d.coder = ?"
        rparams.append(coder)
    for r in db.query(sql, rparams):
        rejected.setdefault(r["passage_id"], set()).add(r["code_id"])
    ids = sorted(set(coded) | set(rejected))
    if not ids:
        return [], [], [], []
    texts = {
        r["id"]: r["text"]
        for r in db.query(
            f"select id, text from passages where id in ({', '.join('?' * len(ids))})", ids
        )
    }
    ids = [pid for pid in ids if pid in texts]
    return (
        ids,
        [texts[pid] for pid in ids],
        [coded.get(pid, set()) for pid in ids],
        [rejected.get(pid, set()) - coded.get(pid, set()) for pid in ids],
    )


def training_set(
    db: Database, *, coder: str | None = None, min_positives: int = MIN_POSITIVES
) -> TrainingSet:
    """Passages a coder (or any coder) has decided on, with 0/1 per code."""
    ids, texts, coded, _ = decided_examples(db, coder=coder)
    counts: dict[str, int] = {}
    for codes in coded:
        for c in codes:
            counts[c] = counts.get(c, 0) + 1
    labels = sorted(
        c for c, n in counts.items() if n >= min_positives and len(ids) - n >= MIN_NEGATIVES
    )
    cats = [{label: float(label in codes) for label in labels} for codes in coded]
    return TrainingSet(ids, texts, cats, labels)


def features(texts: Iterable[str], vocab: Any, *, docs: list[Any] | None = None) -> list[Any]:
    """Docs of the lower-case words followed by their lemmas: what the classifier reads.

    ``docs``: the texts already tokenized and lemmatized (the rules' docs), so a passage
    is read once when rules and model both suggest.
    """
    from spacy.tokens import Doc

    if docs is None:
        docs = [prepare(d) for d in indonesian_nlp().pipe(texts, batch_size=64)]
    out = []
    for doc in docs:
        tokens = [t for t in doc if not t.is_space]
        words = [t.lower_ for t in tokens] + [t.lemma_.lower() for t in tokens] or [""]
        out.append(Doc(vocab, words=words))
    return out


def fit(
    texts: list[str],
    cats: list[dict[str, float]],
    labels: list[str],
    *,
    epochs: int = 20,
    seed: int = 0,
) -> Any:
    """A new spaCy pipeline with one trained ``textcat_multilabel``."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    if not labels:
        raise NotEnoughCodings(
            f"no code has {MIN_POSITIVES} coded passages and {MIN_NEGATIVES} coded without it "
            "yet; code more with: telaah code or telaah review, then run telaah train again"
        )
    fix_random_seed(seed)
    # The classifier reads Docs built by ``features``, never raw text, so it needs no
    # Indonesian tokenizer (whose 60,000 exceptions take seconds to build and load).
    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe(PIPE, config={"model": MODEL_CONFIG})
    for label in labels:
        textcat.add_label(label)
    docs = features(texts, nlp.vocab)
    examples = [Example.from_dict(d, {"cats": c}) for d, c in zip(docs, cats)]
    nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    optimizer = nlp.resume_training()
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def predict(
    model: Any, texts: list[str], *, docs: list[Any] | None = None
) -> list[dict[str, float]]:
    """Per text, a score in [0, 1] for each label the model knows."""
    textcat = model.get_pipe(PIPE)
    docs = features(texts, model.vocab, docs=docs)
    return [dict(doc.cats) for doc in textcat.pipe(docs, batch_size=64)]


def train(
    db: Database,
    *,
    model_dir: str | Path | None = None,
    coder: str | None = None,
    epochs: int = 20,
    seed: int = 0,
) -> dict:
    """Fit on the corpus's codings and save the model; return what was learned from what."""
    data = training_set(db, coder=coder)
    nlp = fit(data.texts, data.cats, data.labels, epochs=epochs, seed=seed)
    target = Path(model_dir) if model_dir else default_model_dir(db)
    nlp.to_disk(target)
    meta = {
        "labels": data.labels,
        "examples": len(data.texts),
        "positives": {label: int(sum(c[label] for c in data.cats)) for label in data.labels},
        "negatives": {label: int(sum(1 - c[label] for c in data.cats)) for label in data.labels},
        "coder": coder,
        "epochs": epochs,
        "trained_at": now(),
        "path": str(target),
    }
    (target / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return meta


def alone_labels(meta: dict) -> set[str]:
    """Labels with enough examples both ways for the model to suggest them by itself."""
    return {
        label
        for label in meta["labels"]
        if meta["positives"].get(label, 0) >= MODEL_ALONE_MIN
        and meta.get("negatives", {}).get(label, 0) >= MODEL_ALONE_MIN
    }


def load(model_dir: str | Path) -> tuple[Any, dict]:
    """A saved model and its metadata; raises NoModel when there is none."""
    import spacy

    path = Path(model_dir)
    if not (path / META_FILE).is_file():
        raise NoModel(f"no trained model at {path}; fit one with: telaah train")
    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    return spacy.load(path), meta
