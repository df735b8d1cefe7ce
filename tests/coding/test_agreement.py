"""Agreement: two coders x 30 passages against scikit-learn and the krippendorff package."""

from __future__ import annotations

import json
import random

import krippendorff
import pytest
from click.testing import CliRunner
from sklearn.metrics import cohen_kappa_score

from cli.main import main
from coding import agreement, codings

CODES = ["conflict-of-interest", "kinship", "pressure", "lack-of-understanding", "bawaslu"]


@pytest.fixture
def two_coders(coded_db, put):
    """30 passages; ayu codes at random, budi agrees ~75% of the time, per code."""
    ids = put(coded_db, "doc", [f"Paragraf ke-{n} tentang netralitas pegawai." for n in range(30)])
    rng = random.Random(7)
    truth: dict[str, dict[str, list[int]]] = {c: {"ayu": [], "budi": []} for c in CODES}
    for _ in ids:
        for code in CODES:
            a = int(rng.random() < 0.35)
            b = a if rng.random() < 0.75 else 1 - a
            truth[code]["ayu"].append(a)
            truth[code]["budi"].append(b)
    # Every passage gets at least one code from each coder, so all 30 are units.
    for i, pid in enumerate(ids):
        for coder in ("ayu", "budi"):
            if not any(truth[c][coder][i] for c in CODES):
                truth["bawaslu"][coder][i] = 1
            for code in CODES:
                if truth[code][coder][i]:
                    codings.add_coding(coded_db, pid, code, coder)
    return coded_db, ids, truth


def test_matches_sklearn_and_krippendorff_per_code(two_coders, db_path):
    db, ids, truth = two_coders
    result = CliRunner().invoke(
        main, ["agreement", "--coders", "ayu,budi", "--json", "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_code = {r["code_id"]: r for r in data["codes"]}
    assert set(by_code) == set(CODES)
    for code in CODES:
        a, b = truth[code]["ayu"], truth[code]["budi"]
        row = by_code[code]
        assert row["n_units"] == 30
        assert row["kappa"] == pytest.approx(cohen_kappa_score(a, b), abs=0.005), code
        alpha = krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
        assert row["alpha"] == pytest.approx(alpha, abs=0.005), code
        agree = sum(x == y for x, y in zip(a, b)) / 30
        assert row["percent_agreement"] == pytest.approx(agree)
    pooled_a = [v for c in CODES for v in truth[c]["ayu"]]
    pooled_b = [v for c in CODES for v in truth[c]["budi"]]
    overall = data["overall"]
    assert overall["n_units"] == 30 and overall["n_decisions"] == 150
    assert overall["kappa"] == pytest.approx(cohen_kappa_score(pooled_a, pooled_b), abs=0.005)
    n_disagree = sum(x != y for c in CODES for x, y in zip(truth[c]["ayu"], truth[c]["budi"]))
    assert len(data["disagreements"]) == n_disagree > 0
    d = data["disagreements"][0]
    assert set(d) == {"passage_id", "document_id", "code_id", "present", "absent", "text"}
    assert sorted(d["present"] + d["absent"]) == ["ayu", "budi"]


def test_text_output_and_defaults(two_coders, db_path):
    result = CliRunner().invoke(main, ["agreement", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "Coders: ayu, budi; units: passages (any)" in result.output
    assert "(overall)" in result.output and "disagreements" in result.output


def test_units_both_and_document(coded_db, put):
    ids = put(coded_db, "doc", [f"Kalimat {n} tentang pegawai." for n in range(6)])
    codings.add_coding(coded_db, ids[0], "pressure", "ayu")
    codings.add_coding(coded_db, ids[0], "pressure", "budi")
    codings.add_coding(coded_db, ids[1], "pressure", "ayu")
    anyone = agreement.agreement(coded_db, coders=["ayu", "budi"])
    assert anyone["codes"][0]["n_units"] == 2
    assert anyone["codes"][0]["percent_agreement"] == 0.5
    both = agreement.agreement(coded_db, coders=["ayu", "budi"], units="both")
    assert both["codes"][0]["n_units"] == 1 and both["codes"][0]["kappa"] is None
    docs = agreement.agreement(coded_db, coders=["ayu", "budi"], units="document")
    assert docs["codes"][0]["n_units"] == 6
    assert docs["codes"][0]["percent_agreement"] == pytest.approx(5 / 6)


def test_undefined_statistics_are_none_not_perfect():
    assert agreement.cohen_kappa([1, 1, 1], [1, 1, 1]) is None
    assert agreement.krippendorff_alpha([[1, 1], [1, 1]]) is None
    assert agreement.statistics([[0, 0], [1, 1]])["kappa"] == 1.0


def test_three_coders_alpha_matches_krippendorff():
    rng = random.Random(3)
    rows = [[rng.randint(0, 1) for _ in range(3)] for _ in range(40)]
    stats = agreement.statistics(rows)
    expected = krippendorff.alpha(
        reliability_data=[[r[i] for r in rows] for i in range(3)],
        level_of_measurement="nominal",
    )
    assert stats["alpha"] == pytest.approx(expected, abs=1e-6)
    pairs = [
        cohen_kappa_score([r[i] for r in rows], [r[j] for r in rows])
        for i, j in ((0, 1), (0, 2), (1, 2))
    ]
    assert stats["kappa"] == pytest.approx(sum(pairs) / 3, abs=1e-6)


def test_errors_say_what_to_do(coded_db, put, db_path):
    (pid,) = put(coded_db, "doc", ["Satu kalimat."])
    codings.add_coding(coded_db, pid, "pressure", "ayu")
    result = CliRunner().invoke(main, ["agreement", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "agreement needs two coders; code the same passages as a second coder" in result.output
    result = CliRunner().invoke(main, ["agreement", "--coders", "ayu,zed", "--db", str(db_path)])
    assert "coder zed has no codings; coders here: ayu" in result.output


def test_rollup_counts_a_sub_code_for_its_parent(coded_db, put):
    ids = put(coded_db, "doc", ["Pegawai itu mendukung calon demi jabatannya.", "Teks lain."])
    codings.add_coding(coded_db, ids[0], "career-stake", "ayu")
    codings.add_coding(coded_db, ids[0], "conflict-of-interest", "budi")
    codings.add_coding(coded_db, ids[1], "kinship", "ayu")
    codings.add_coding(coded_db, ids[1], "kinship", "budi")
    flat = agreement.agreement(coded_db, coders=["ayu", "budi"], codes=["conflict-of-interest"])
    assert flat["codes"][0]["percent_agreement"] == 0.5
    rolled = agreement.agreement(
        coded_db, coders=["ayu", "budi"], codes=["conflict-of-interest"], rollup=True
    )
    assert rolled["codes"][0]["percent_agreement"] == 1.0
    assert rolled["codes"][0]["present"] == {"ayu": 1, "budi": 1}
