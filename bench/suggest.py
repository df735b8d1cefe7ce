"""Suggestion benchmark: throughput, and cross-validated precision/recall per code.

Run ``.venv/bin/python bench/suggest.py`` (the hand-coded held-out set in
``tests/coding/data/heldout.jsonl``) or ``bench/suggest.py --db corpus.db`` (every passage
a coder has coded in that corpus; labels are the union of the coders' codes). In ONE run:

* throughput in passages/second of spaCy's tokenizer + lookup lemmatizer alone (the
  baseline every suggestion pays), of the rules, and of rules + a trained model, each as
  a ratio to the baseline measured just before;
* k-fold cross-validation: the model is trained on k-1 folds and scored on the held-out
  fold; the rules need no training and are scored on the same folds. Precision, recall
  and F1 per code (micro over folds) for rules alone, model alone and both combined the
  way ``telaah suggest`` combines them.

Codes with fewer positives than folds are left out of the table (their F1 is noise).

``--test FILE`` (repeatable; a DIR means its ``*.jsonl``; alone, ``../shared/realtext``
on its ``test`` split) scores passages nobody tuned on instead of cross-validating
within them: the model is trained on the whole of the default set, then rules, model and
both are scored on FILE (e.g. ``tests/coding/data/heldout_batch2.jsonl``), per factor and
micro over the four factors, the way the acceptance test counts, with a keyword baseline
beside them (NVivo/ATLAS.ti-style autocoding: a passage gets a code when it contains a
word of the code's label or of its sub-codes' labels). A suggestion of a sub-code counts
for its factor (``career-stake`` for ``conflict-of-interest``).

``--realtext`` scores ``../shared/realtext/neutrality-passages.jsonl`` (real passages
labelled independently; ``--split dev|test``, default test): the same table, with codes
in a passage's ``optional`` list scored as "either answer is acceptable" (neither a hit
nor a miss), then a learning curve: F1 on the test split after a researcher has coded
0, 10, 30 and 60 passages of the dev split (the trained model plus "more like these"
learn from them), showing what her coding adds to the rules; and a second curve within
the test split (code n of 60 of its passages, score the other 26, five shuffles), as a
researcher coding part of a new corpus would. Skipped when ``../shared`` is absent.
Throughput is measured in CPU time (the machine may be shared), as passages per
CPU-second.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coding.codebook import default_codebook_path, list_codes, load_codebook_file  # noqa: E402
from coding.codetree import rollup_map  # noqa: E402
from coding.suggest import classifier, engine, similar  # noqa: E402
from coding.suggest.rules import indonesian_nlp  # noqa: E402

HELDOUT = ROOT / "tests" / "coding" / "data" / "heldout.jsonl"
REALTEXT = ROOT.parent / "shared" / "realtext" / "neutrality-passages.jsonl"
METHODS = ("rules", "model", "both")
TEST_METHODS = ("keyword", *METHODS)
CURVE = (0, 10, 30, 60)
# Words of a label too common to search for on their own.
LABEL_STOP = frozenset({"dan", "dengan", "yang", "atau", "aturan", "calon", "netralitas"})
FACTORS = ("conflict-of-interest", "kinship", "pressure", "lack-of-understanding")


def load_examples(db_path: str | None) -> tuple[list[dict], list[dict]]:
    """(examples with text/section/codes, codebook codes)."""
    if not db_path:
        rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
        codes = load_codebook_file(default_codebook_path())
        return [{**r, "section": r.get("section")} for r in rows], codes
    from corpus.db import open_corpus

    db = open_corpus(db_path, create=False)
    labels: dict[str, set[str]] = {}
    for r in db.query("select passage_id, code_id from codings where status = 'placed'"):
        labels.setdefault(r["passage_id"], set()).add(r["code_id"])
    out = []
    for r in db.query("select id, text, section from passages"):
        if r["id"] in labels:
            out.append(
                {"text": r["text"], "section": r["section"], "codes": sorted(labels[r["id"]])}
            )
    return out, list_codes(db)


def throughput(examples: list[dict], codes: list[dict], n: int) -> None:
    texts = [examples[i % len(examples)]["text"] for i in range(n)]
    nlp = indonesian_nlp()
    model = _fit(examples, _labels(examples), epochs=6)
    rules_only = engine.Suggester(codes)
    with_model = engine.Suggester(codes, model=model)
    for warm in (lambda t: list(nlp.pipe(t)), rules_only.suggest_many, with_model.suggest_many):
        warm(texts[:50])
    rates = {}
    for name, run in (
        ("base", lambda: list(nlp.pipe(texts, batch_size=256))),
        ("rules", lambda: rules_only.suggest_many(texts)),
        ("both", lambda: with_model.suggest_many(texts)),
    ):
        start = time.process_time()
        run()
        rates[name] = n / (time.process_time() - start)
    base = rates["base"]
    print(
        f"throughput over {n} passages ({sum(len(t) for t in texts) // n} chars on average), "
        "per CPU-second of this process (a shared machine's wall clock would mislead)"
    )
    rows = [
        ("tokenizer + lemmatizer (baseline)", base),
        (f"rules ({len(rules_only.rules)} patterns)", rates["rules"]),
        ("rules + model", rates["both"]),
    ]
    for label, rate in rows:
        print(f"  {label:<36}{rate:9.0f} passages/CPU-s  {rate / base:5.2f}x")


def _labels(examples: list[dict], min_count: int = 3) -> list[str]:
    counts: dict[str, int] = {}
    for e in examples:
        for c in e["codes"]:
            counts[c] = counts.get(c, 0) + 1
    return sorted(c for c, n in counts.items() if n >= min_count)


def cross_validate(examples: list[dict], codes: list[dict], folds: int, seed: int) -> None:
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    labels = _labels(examples, min_count=folds)
    counts = {m: {c: [0, 0, 0] for c in labels} for m in METHODS}
    suggester = engine.Suggester(codes)
    for k in range(folds):
        test = [examples[i] for i in order[k::folds]]
        train = [examples[i] for j, i in enumerate(order) if j % folds != k]
        _score(suggester, train, test, counts, labels, up=rollup_map(codes, labels))
    print(f"\n{folds}-fold cross-validation over {len(examples)} coded passages (seed {seed})")
    _print_table(counts, labels, "(micro)")


def _fit(examples: list[dict], labels: list[str], **kwargs) -> Any:
    return classifier.fit(
        [e["text"] for e in examples],
        [{c: float(c in e["codes"]) for c in labels} for e in examples],
        labels,
        **kwargs,
    )


def _score(
    suggester: engine.Suggester,
    train: list[dict],
    test: list[dict],
    counts: dict,
    labels: list[str],
    *,
    up: dict[str, str] | None = None,
) -> None:
    """Fit the model on ``train``, then tally rules, model and both on ``test``."""
    train_labels = _labels(train)
    model = _fit(train, train_labels)
    texts = [e["text"] for e in test]
    sections = [e.get("section") for e in test]
    rules_only = suggester.suggest_many(texts, sections=sections)
    suggester.model = model
    suggester.model_alone = _model_alone(train, train_labels)
    both = suggester.suggest_many(texts, sections=sections)
    suggester.model = suggester.model_alone = None
    _tally(counts, labels, test, rules_only, both, classifier.predict(model, texts), up=up)


def _tally(
    counts: dict,
    labels: list[str],
    test: list[dict],
    rules_only,
    both,
    scores,
    *,
    up: dict[str, str] | None = None,
    keyword: list[set[str]] | None = None,
) -> None:
    """Add each passage's true and false positives and misses, per method and code.

    ``up`` maps a sub-code to the code it counts for; a code in a passage's ``optional``
    list is neither a hit nor a miss.
    """
    up = up or {}
    for n, (e, r, b, s) in enumerate(zip(test, rules_only, both, scores)):
        predicted = {
            "rules": {up.get(x.code_id, x.code_id) for x in r},
            "model": {up.get(c, c) for c, v in s.items() if v >= 0.5},
            "both": {up.get(x.code_id, x.code_id) for x in b},
        }
        if keyword is not None:
            predicted["keyword"] = keyword[n]
        gold = {up.get(c, c) for c in e["codes"]}
        optional = set(e.get("optional") or ())
        for m in predicted:
            if m not in counts:
                continue
            for c in labels:
                if c in optional:
                    continue
                is_gold, got = c in gold, c in predicted[m]
                counts[m][c][0] += is_gold and got
                counts[m][c][1] += got and not is_gold
                counts[m][c][2] += is_gold and not got


def _print_table(
    counts: dict, labels: list[str], total_label: str, methods: tuple[str, ...] = METHODS
) -> None:
    print(f"  {'code':<24}{'n':>4}" + "".join(f"   {m:>7} P    R    F1" for m in methods))
    totals = {m: [0, 0, 0] for m in methods}
    for c in labels:
        line = f"  {c:<24}{counts['rules'][c][0] + counts['rules'][c][2]:>4}"
        for m in methods:
            for i, v in enumerate(counts[m][c]):
                totals[m][i] += v
            line += "   " + _prf(*counts[m][c])
        print(line)
    print(f"  {total_label:<28}" + "".join("   " + _prf(*totals[m]) for m in methods))


def _model_alone(train: list[dict], labels: list[str]) -> set[str]:
    return {
        c
        for c in labels
        if classifier.MODEL_ALONE_MIN
        <= sum(c in e["codes"] for e in train)
        <= len(train) - classifier.MODEL_ALONE_MIN
    }


def score_file(
    train: list[dict], codes: list[dict], path: Path, *, split: str | None = None
) -> None:
    """Train on ``train``, score keyword / rules / model / both on the passages in ``path``."""
    test = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if not any("split" in e for e in test):
        split = None  # one set, all of it scored
    if split:
        test = [e for e in test if e.get("split") == split]
    up = rollup_map(codes, FACTORS)
    counts = {m: {c: [0, 0, 0] for c in FACTORS} for m in TEST_METHODS}
    suggester = engine.Suggester(codes)
    train_labels = _labels(train)
    model = _fit(train, train_labels)
    texts = [e["text"] for e in test]
    rules_only = suggester.suggest_many(texts)
    suggester.model, suggester.model_alone = model, _model_alone(train, train_labels)
    both = suggester.suggest_many(texts)
    scores = classifier.predict(model, texts)
    keyword = keyword_baseline(codes, texts, up)
    _tally(counts, FACTORS, test, rules_only, both, scores, up=up, keyword=keyword)
    where = f" ({split} split)" if split else ""
    print(f"\n{path.name}{where}: {len(test)} passages, model trained on {len(train)}")
    _print_table(counts, FACTORS, "(micro, four factors)", TEST_METHODS)


def keyword_baseline(codes: list[dict], texts: list[str], up: dict[str, str]) -> list[set[str]]:
    """NVivo-style autocoding: a factor for each passage holding a word of its label
    (or of a sub-code's label), lower-cased, whole words."""
    words: dict[str, set[str]] = {}
    for c in codes:
        if c["id"] in up:
            label = f"{c.get('label_id') or ''}".lower()
            for w in re.findall(r"\w+", label):
                if len(w) > 3 and w not in LABEL_STOP:
                    words.setdefault(up[c["id"]], set()).add(w)
    out = []
    for text in texts:
        found = set(re.findall(r"\w+", text.lower()))
        out.append({code for code, ws in words.items() if ws & found})
    return out


def learning_curve(codes: list[dict], path: Path, seed: int) -> None:
    """F1 after a researcher codes 0, 10, 30, 60 passages (the model and "more like these"
    learn from them), two ways: coding dev passages and scoring the test split (other
    sources), and coding test passages and scoring the rest of the test split (the same
    sources: a new corpus, coded in part), over five shuffles."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    dev = [e for e in rows if e["split"] == "dev"]
    test = [e for e in rows if e["split"] == "test"]
    random.Random(seed).shuffle(dev)
    print(f"\nlearning curve: {len(test)} test passages after coding n dev passages (seed {seed})")
    _curve(codes, [(dev, test)])
    pool = max(CURVE)
    shuffles = []
    for s in range(seed, seed + 5):
        order = test[:]
        random.Random(s).shuffle(order)
        shuffles.append((order[:pool], order[pool:]))
    print(
        f"\nlearning curve within the test split: code n of {pool} passages, score the other "
        f"{len(test) - pool}, five shuffles summed"
    )
    _curve(codes, shuffles)


def _curve(codes: list[dict], runs: list[tuple[list[dict], list[dict]]]) -> None:
    """One line per n: rules alone and rules + what was learned, summed over ``runs``."""
    up = rollup_map(codes, FACTORS)
    print(f"  {'n coded':<10}{'rules':>22}{'rules + learned':>26}   what learned")
    rules_only = [
        engine.Suggester(codes).suggest_many([e["text"] for e in held]) for _, held in runs
    ]
    for n in CURVE:
        totals = {m: [0, 0, 0] for m in ("rules", "both")}
        what: list[str] = []
        for (pool, held), baseline in zip(runs, rules_only):
            coded = pool[:n]
            learned = engine.Suggester(codes)
            what = []
            if coded:
                learned.similar = similar.SimilarIndex(
                    [e["text"] for e in coded], [set(e["codes"]) for e in coded]
                )
                what.append("similar")
                labels = [
                    c
                    for c in _labels(coded)
                    if len(coded) - sum(c in e["codes"] for e in coded) >= classifier.MIN_NEGATIVES
                ]
                if labels:
                    learned.model = _fit(coded, labels)
                    learned.model_alone = _model_alone(coded, labels)
                    what.append(f"model ({', '.join(labels)})")
            texts = [e["text"] for e in held]
            counts = {m: {c: [0, 0, 0] for c in FACTORS} for m in METHODS}
            both = learned.suggest_many(texts)
            _tally(counts, FACTORS, held, baseline, both, [{} for _ in texts], up=up)
            for m in totals:
                for i in range(3):
                    totals[m][i] += sum(v[i] for v in counts[m].values())
        line = f"  {n:<10}"
        for m in ("rules", "both"):
            p, r, f = _ratios(*totals[m])
            line += f"   P {p:.2f} R {r:.2f} F1 {f:.2f}"
        print(line + "   " + (" + ".join(what) or "nothing"))


def _prf(tp: int, fp: int, fn: int) -> str:
    p, r, f = _ratios(tp, fp, fn)
    return f"{p:7.2f} {r:4.2f} {f:4.2f}"


def _ratios(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _test_files(paths: list[Path]) -> list[Path]:
    """Files to score: each FILE, every ``*.jsonl`` in each DIR; absent ones said, skipped."""
    out = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(path.glob("*.jsonl")))
        elif path.is_file():
            out.append(path)
        else:
            print(f"skipped: {path} is absent (real passages live in ../shared beside the project)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="A corpus with codings (default: the held-out set).")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--passages", type=int, default=2000, help="For throughput.")
    parser.add_argument(
        "--test",
        action="append",
        nargs="?",
        const=REALTEXT,
        type=Path,
        default=[],
        metavar="FILE|DIR",
        help=(
            "Score keyword/rules/model/both on this JSONL of unseen passages, or on every "
            f".jsonl in DIR (repeatable; alone: {REALTEXT.parent}). A file with a split "
            "column is scored on --split, default test."
        ),
    )
    parser.add_argument(
        "--realtext",
        action="store_true",
        help=f"Score {REALTEXT.name} (the --split) and print the learning curve.",
    )
    parser.add_argument("--split", choices=("dev", "test"), help="Of a file with splits.")
    args = parser.parse_args()
    examples, codes = load_examples(args.db)
    if args.realtext:
        if not REALTEXT.is_file():
            print(f"skipped: {REALTEXT} is absent (it lives in ../shared beside the project)")
            return
        throughput(examples, codes, args.passages)
        for path in (
            HELDOUT.with_name("heldout_batch2.jsonl"),
            HELDOUT.with_name("heldout_batch3.jsonl"),
        ):
            score_file(examples, codes, path)
        score_file(examples, codes, REALTEXT, split=args.split or "test")
        learning_curve(codes, REALTEXT, args.seed)
        return
    if args.test:
        for path in _test_files(args.test):
            score_file(examples, codes, path, split=args.split or "test")
        return
    if len(examples) < args.folds * 2:
        print(f"skipped: only {len(examples)} coded passages; code more, then run again")
        return
    throughput(examples, codes, args.passages)
    cross_validate(examples, codes, args.folds, args.seed)


if __name__ == "__main__":
    main()
