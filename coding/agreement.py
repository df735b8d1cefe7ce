"""Intercoder agreement at the passage level: is the code on this passage, yes or no?

For each code, every unit (passage) gets one 0/1 value per coder. Reported per code and
overall (all unit x code decisions pooled): percent agreement, Cohen's kappa (two coders;
with more, the mean over pairs, Light's kappa) and Krippendorff's alpha for nominal data.
Units are, by default, the passages at least one of the coders coded ("any"); "both"
keeps passages both coded; "document" takes every passage of the documents either coded,
so uncoded passages count as agreement on absence. Undefined statistics (no variation at
all) are None, never a made-up 1.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from sqlite_utils import Database

from .codebook import resolve_code_id
from .errors import CodingError, NotEnoughCoders

UNITS = ("any", "both", "document")


def percent_agreement(ratings: Sequence[Sequence[int]]) -> float | None:
    """Share of units on which every coder gave the same value."""
    if not ratings:
        return None
    return sum(1 for unit in ratings if len(set(unit)) == 1) / len(ratings)


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa for two coders' nominal values over the same units."""
    n = len(a)
    if n == 0:
        return None
    observed = sum(1 for x, y in zip(a, b) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[v] * cb[v] for v in set(ca) | set(cb)) / (n * n)
    if expected == 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(ratings: Sequence[Sequence[int]]) -> float | None:
    """Krippendorff's alpha (nominal) for units rated by all coders (no missing values)."""
    coincidence: Counter[tuple[int, int]] = Counter()
    for unit in ratings:
        m = len(unit)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            coincidence[(unit[i], unit[j])] += 1.0 / (m - 1)
    n_c: Counter[int] = Counter()
    for (c, _), w in coincidence.items():
        n_c[c] += w
    n = sum(n_c.values())
    if n <= 1:
        return None
    disagree_observed = sum(w for (c, k), w in coincidence.items() if c != k)
    disagree_expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1)
    if disagree_expected == 0:
        return None
    return 1.0 - disagree_observed / disagree_expected


def statistics(ratings: list[list[int]]) -> dict:
    """percent_agreement, kappa, alpha and n_units for units x coders ratings."""
    coders = len(ratings[0]) if ratings else 0
    pairs = [
        cohen_kappa([u[i] for u in ratings], [u[j] for u in ratings])
        for i, j in combinations(range(coders), 2)
    ]
    defined = [k for k in pairs if k is not None]
    kappa = defined[0] if len(pairs) == 1 and defined else None
    if len(pairs) > 1 and len(defined) == len(pairs):
        kappa = sum(defined) / len(defined)
    return {
        "kappa": _round(kappa),
        "alpha": _round(krippendorff_alpha(ratings)),
        "percent_agreement": _round(percent_agreement(ratings)),
        "n_units": len(ratings),
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def coders_in(db: Database) -> list[str]:
    """Coders by number of placed codings, most first."""
    return [
        r["coder"]
        for r in db.query(
            "select coder, count(*) as n from codings where status = 'placed' "
            "group by coder order by n desc, coder"
        )
    ]


def agreement(
    db: Database,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    document_id: str | None = None,
    units: str = "any",
    rollup: bool = False,
) -> dict:
    """Agreement between coders, per code and overall, with the passages they disagree on.

    With ``rollup``, a coding counts for its code and every code above it, so a coder
    who chose ``career-stake`` and one who chose ``conflict-of-interest`` agree on
    ``conflict-of-interest`` (and still differ on ``career-stake``).

    Returns ``{"coders", "units", "codes": [{"code_id", "label", "kappa", "alpha",
    "percent_agreement", "n_units", "present": {coder: n}}...], "overall": {...},
    "disagreements": [{"passage_id", "document_id", "code_id", "present", "absent",
    "text"}...]}``.
    """
    if units not in UNITS:
        raise CodingError(f'--units must be one of {", ".join(UNITS)}, not "{units}"')
    everyone = coders_in(db)
    chosen = list(coders) if coders else sorted(everyone[:2])
    missing = [c for c in chosen if c not in everyone]
    if missing:
        raise NotEnoughCoders(
            f"coder {', '.join(missing)} has no codings; coders here: "
            f"{', '.join(everyone) or 'none yet'} (see: telaah codings)"
        )
    if len(chosen) < 2:
        raise NotEnoughCoders(
            "agreement needs two coders; code the same passages as a second coder with: "
            "telaah code PASSAGE_ID CODE_ID --coder NAME"
        )
    marks = ", ".join("?" * len(chosen))
    params: list = list(chosen)
    doc_clause = ""
    if document_id:
        doc_clause = " and document_id = ?"
        params.append(document_id)
    rows = list(
        db.query(
            f"select passage_id, document_id, code_id, coder from codings "
            f"where status = 'placed' and coder in ({marks}){doc_clause}",
            params,
        )
    )
    up: dict[str, list[str]] = {}
    if rollup:
        for code_id, ancestor_id in db.execute(
            "select code_id, ancestor_id from code_ancestors"
        ).fetchall():
            up.setdefault(code_id, []).append(ancestor_id)
    present: dict[tuple[str, str], set[str]] = {}
    coded_by: dict[str, set[str]] = {}
    doc_of: dict[str, str] = {}
    for r in rows:
        for code_id in up.get(r["code_id"], [r["code_id"]]):
            present.setdefault((r["passage_id"], code_id), set()).add(r["coder"])
        coded_by.setdefault(r["passage_id"], set()).add(r["coder"])
        doc_of[r["passage_id"]] = r["document_id"]
    unit_ids = _units(db, units, coded_by, doc_of, len(chosen))
    code_ids = (
        [resolve_code_id(db, c) for c in codes]
        if codes
        else sorted({code for (pid, code) in present if pid in unit_ids})
    )
    labels = {r["id"]: r["label_id"] for r in db.query("select id, label_id from codes")}
    ordered = sorted(unit_ids)
    per_code, pooled, disagreements = [], [], []
    for code in code_ids:
        ratings = [[int(c in present.get((pid, code), ())) for c in chosen] for pid in ordered]
        pooled.extend(ratings)
        stats = statistics(ratings)
        stats.update(
            code_id=code,
            label=labels.get(code),
            present={c: sum(u[i] for u in ratings) for i, c in enumerate(chosen)},
        )
        per_code.append(stats)
        for pid, unit in zip(ordered, ratings):
            if len(set(unit)) > 1:
                disagreements.append(
                    {
                        "passage_id": pid,
                        "document_id": unit_ids[pid],
                        "code_id": code,
                        "present": [c for c, v in zip(chosen, unit) if v],
                        "absent": [c for c, v in zip(chosen, unit) if not v],
                    }
                )
    _attach_text(db, disagreements)
    overall = statistics(pooled)
    overall.update(n_units=len(ordered), n_decisions=len(pooled), n_codes=len(code_ids))
    return {
        "coders": chosen,
        "units": units,
        "codes": per_code,
        "overall": overall,
        "disagreements": disagreements,
    }


def _units(
    db: Database, units: str, coded_by: dict[str, set[str]], doc_of: dict[str, str], n: int
) -> dict[str, str]:
    """passage id -> document id for the passages that count as units."""
    if units == "any":
        return dict(doc_of)
    if units == "both":
        return {pid: doc_of[pid] for pid, who in coded_by.items() if len(who) == n}
    docs = sorted(set(doc_of.values()))
    if not docs:
        return {}
    found = db.query(
        f"select id, document_id from passages where document_id in ({', '.join('?' * len(docs))})",
        docs,
    )
    out = {r["id"]: r["document_id"] for r in found}
    out.update(doc_of)  # a coding on a passage since re-ingested still counts
    return out


def _attach_text(db: Database, disagreements: list[dict], width: int = 160) -> None:
    ids = sorted({d["passage_id"] for d in disagreements})
    texts: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for r in db.query(
            f"select id, text from passages where id in ({', '.join('?' * len(chunk))})", chunk
        ):
            texts[r["id"]] = r["text"]
    for d in disagreements:
        text = " ".join(texts.get(d["passage_id"], "").split())
        d["text"] = text if len(text) <= width else text[: width - 1] + "…"
