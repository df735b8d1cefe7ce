"""Codebook: the shipped default, YAML round trips, import rules, rename and merge keep codings."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from coding import codebook, codetree, recode
from coding.codebook_io import import_codebook_file
from coding.codings import add_coding, coding_history, list_codings
from coding.errors import BadCodebook, CodeExists, NoSuchCode

FACTORS = {"conflict-of-interest", "kinship", "pressure", "lack-of-understanding"}


def test_default_codebook_has_the_four_factors_under_factors():
    codes = codebook.load_codebook_file(codebook.default_codebook_path())
    by_id = {c["id"]: c for c in codes}
    assert {c["id"] for c in codes if c["parent"] == "factors"} >= FACTORS
    for parent in ("violations", "enforcement", "recommendations"):
        assert any(c["parent"] == parent for c in codes), parent
    assert by_id["limited-authority"]["parent"] == "enforcement-obstacles"
    assert {"bawaslu", "kasn", "bkn", "ppk"} <= set(by_id)
    for c in codes:
        assert c["label_id"] and c["label_en"] and c["description"], c["id"]
        assert re.fullmatch(r"#[0-9a-f]{6}", c["colour"]), c["id"]
    for factor in FACTORS:
        assert len(by_id[factor]["patterns"]) >= 10, factor


def test_default_patterns_are_valid_spacy_patterns():
    """Every pattern compiles with spaCy's validating Matcher, and labels name real codes."""
    from coding.suggest.rules import RuleSet, spacy_patterns

    codes = codebook.load_codebook_file(codebook.default_codebook_path())
    rules = RuleSet(codes)
    rows = spacy_patterns(codes)
    assert len(rules) == len(rows) > 100
    assert {r["label"] for r in rows} <= {c["id"] for c in codes}
    assert all(set(r) == {"label", "pattern", "id"} for r in rows)


def test_import_reports_added_then_unchanged(db):
    first = codebook.import_codebook(db, codebook.default_codebook_path())
    assert "kinship" in first["added"] and not first["updated"]
    again = codebook.import_codebook(db, codebook.default_codebook_path())
    assert again["added"] == [] and again["updated"] == []
    assert len(again["unchanged"]) == len(first["added"])


def test_list_codes_paths_depth_and_counts(coded_db, put):
    (pid,) = put(coded_db, "doc", ["Kepala dinas adalah adik ipar calon bupati."])
    add_coding(coded_db, pid, "kinship", "ayu")
    add_coding(coded_db, pid, "kinship", "budi")
    rows = {r["id"]: r for r in codebook.list_codes(coded_db)}
    assert rows["kinship"]["path"] == "factors/kinship"
    assert rows["kinship"]["depth"] == 1
    path = rows["limited-authority"]["path"]
    assert path == "enforcement/enforcement-obstacles/limited-authority"
    assert rows["kinship"]["codings"] == 2 and rows["kinship"]["coders"] == 2
    assert rows["factors"]["codings"] == 0 and rows["factors"]["codings_total"] == 2


def test_export_then_import_round_trips(coded_db, db_path, tmp_path):
    from corpus.db import open_corpus

    codebook.upsert_code(
        coded_db, "vote-buying", "Politik uang", parent_id="violations", colour="#AA0000"
    )
    out = codebook.export_codebook(coded_db, tmp_path / "cb.yml")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [c["id"] for c in data["codes"]][:2] == ["factors", "violations"]
    other = open_corpus(tmp_path / "other.db")
    report = codebook.import_codebook(other, out)
    assert "vote-buying" in report["added"]
    mine = {c["id"]: c for c in codebook.list_codes(coded_db)}
    theirs = {c["id"]: c for c in codebook.list_codes(other)}
    assert set(mine) == set(theirs)
    for cid in mine:
        for key in ("parent_id", "label_id", "label_en", "description", "colour", "patterns"):
            assert mine[cid][key] == theirs[cid][key], (cid, key)
    assert theirs["vote-buying"]["colour"] == "#aa0000"


def test_json_codebook_and_nested_children(db, tmp_path):
    path = tmp_path / "cb.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "a",
                    "label": "A",
                    "children": [{"id": "b", "label_id": "B", "patterns": ["kata kunci"]}],
                }
            ]
        )
    )
    codes = codebook.load_codebook_file(path)
    assert [(c["id"], c["parent"]) for c in codes] == [("a", None), ("b", "a")]
    assert codes[1]["patterns"] == [{"pattern": "kata kunci"}]


@pytest.mark.parametrize(
    "content, message",
    [
        ("codes: [{label: x}]", "every code needs an `id`"),
        ("codes: [{id: 'bad id'}]", 'code id "bad id" must be letters'),
        ("codes: [{id: a, colour: red}]", 'colour "red" must look like #c0392b'),
        ("codes: [{id: a}, {id: a}]", 'code id "a" appears twice'),
        ("codes: [{id: a, parent: b}, {id: b, parent: a}]", "codes form a cycle"),
        ("codes: {oops", "is not valid YAML/JSON"),
    ],
)
def test_bad_codebooks_say_what_is_wrong(db, tmp_path, content, message):
    path = tmp_path / "cb.yml"
    path.write_text(content)
    with pytest.raises(BadCodebook, match=re.escape(message)):
        codebook.import_codebook(db, path)


def test_patterns_file_with_unknown_label_is_refused(db, tmp_path):
    (tmp_path / "p.jsonl").write_text('{"label": "nope", "pattern": "x", "id": "p1"}\n')
    (tmp_path / "cb.yml").write_text("patterns: p.jsonl\ncodes: [{id: a}]\n")
    with pytest.raises(BadCodebook, match='label "nope", which is no code'):
        codebook.load_codebook_file(tmp_path / "cb.yml")


def test_get_code_error_message(db):
    with pytest.raises(NoSuchCode) as e:
        codebook.get_code(db, "tekanan")
    assert str(e.value) == 'code "tekanan" does not exist; list codes with: telaah codebook'


def test_upsert_keeps_fields_left_as_none(coded_db):
    before = codebook.get_code(coded_db, "pressure")
    after = codebook.upsert_code(coded_db, "pressure", "Tekanan, ancaman dan intimidasi")
    assert after["label_id"] == "Tekanan, ancaman dan intimidasi"
    assert after["patterns"] == before["patterns"] and after["colour"] == before["colour"]
    assert after["parent_id"] == "factors"


def test_replace_removes_unused_codes_but_keeps_used_ones(coded_db, put, tmp_path):
    (pid,) = put(coded_db, "doc", ["Pegawai mengaku diancam akan dimutasi."])
    add_coding(coded_db, pid, "pressure", "ayu")
    (tmp_path / "small.yml").write_text(
        "codes:\n  - id: factors\n    label_id: Faktor\n    children:\n"
        "      - id: kinship\n        label_id: Kekerabatan\n"
    )
    report = codebook.import_codebook(coded_db, tmp_path / "small.yml", replace=True)
    assert "pressure" in report["kept_in_use"]
    assert "bawaslu" in report["removed"]
    ids = {c["id"] for c in codebook.list_codes(coded_db)}
    assert "pressure" in ids and "bawaslu" not in ids and "kinship" in ids
    assert len(list_codings(coded_db)) == 1


def test_guid_matches_a_code_renamed_elsewhere(db):
    codebook.import_codebook(
        db, [{"id": "tekanan", "label_id": "Tekanan", "guid": "G-1", "patterns": ["diancam"]}]
    )
    report = codebook.import_codebook(
        db, [{"id": "pressure", "label_id": "Tekanan atasan", "guid": "G-1", "patterns": []}]
    )
    assert report["updated"] == ["tekanan"]
    code = codebook.get_code(db, "tekanan")
    assert code["label_id"] == "Tekanan atasan"
    assert code["patterns"] == [{"pattern": "diancam"}]  # a .qdc has no patterns: kept


def test_rename_keeps_codings_children_and_old_id(coded_db, put):
    (pid,) = put(coded_db, "doc", ["Lurah itu diancam akan dimutasi oleh camat."])
    coding = add_coding(coded_db, pid, "pressure", "ayu", start=10, end=17)
    codebook.upsert_code(coded_db, "threat-of-transfer", "Ancaman mutasi", parent_id="pressure")
    renamed = recode.rename_code(coded_db, "pressure", "pressure-and-threats", by="ayu")
    assert renamed["id"] == "pressure-and-threats" and renamed["parent_id"] == "factors"
    assert codebook.get_code(coded_db, "pressure")["id"] == "pressure-and-threats"
    assert codebook.get_code(coded_db, "threat-of-transfer")["parent_id"] == "pressure-and-threats"
    rows = list_codings(coded_db, code_id="pressure")
    assert [r["id"] for r in rows] == [coding["id"]]
    assert rows[0]["code_id"] == "pressure-and-threats"
    events = coding_history(coded_db, coding_id=coding["id"])
    assert [e["action"] for e in events] == ["add", "edit"]
    assert events[1]["detail"] == {
        "code_id": ["pressure", "pressure-and-threats"],
        "reason": "rename",
    }
    with pytest.raises(CodeExists):
        recode.rename_code(coded_db, "kinship", "pressure-and-threats")


def test_merge_moves_codings_and_drops_only_exact_duplicates(coded_db, put):
    (pid,) = put(coded_db, "doc", ["Pegawai diintimidasi dan diancam akan dicopot."])
    codebook.upsert_code(coded_db, "intimidation", "Intimidasi", parent_id="factors")
    dup = add_coding(coded_db, pid, "intimidation", "ayu")
    keep = add_coding(coded_db, pid, "intimidation", "budi", start=8, end=20)
    add_coding(coded_db, pid, "pressure", "ayu")
    result = recode.merge_codes(coded_db, "intimidation", "pressure", by="ayu")
    assert result == {"target": "pressure", "moved": 1, "duplicates_removed": 1}
    rows = list_codings(coded_db, passage_id=pid)
    assert {(r["coder"], r["code_id"], r["char_start"]) for r in rows} == {
        ("ayu", "pressure", 0),
        ("budi", "pressure", 8),
    }
    assert keep["id"] in {r["id"] for r in rows}
    removed = coding_history(coded_db, coding_id=dup["id"])
    assert removed[-1]["action"] == "remove"
    assert removed[-1]["detail"]["reason"] == "merged into pressure"
    assert codebook.get_code(coded_db, "intimidation")["id"] == "pressure"


def test_qdc_round_trip_keeps_ids_labels_and_patterns(coded_db, tmp_path):
    """A .qdc written for NVivo and read back changes nothing: codes match by GUID."""
    from coding.codebook_io import import_codebook_file
    from coding.refi.qdc import export_qdc

    export_qdc(coded_db, tmp_path / "codes.qdc")
    before = {c["id"]: c for c in codebook.list_codes(coded_db)}
    with pytest.raises(BadCodebook, match="is a REFI-QDA file"):
        codebook.import_codebook(coded_db, tmp_path / "codes.qdc")  # knows no REFI format
    report = import_codebook_file(coded_db, tmp_path / "codes.qdc")
    assert report["added"] == [] and report["updated"] == []
    after = {c["id"]: c for c in codebook.list_codes(coded_db)}
    assert after["pressure"]["patterns"] == before["pressure"]["patterns"]
    assert after["pressure"]["label_en"] == "Pressure or threats"


def test_import_codebook_from_a_real_nvivo_project(db, shared):
    from coding.codebook_io import import_codebook_file

    path = shared / "refi" / "nvivo-export.qdpx"
    first = import_codebook_file(db, path)
    assert len(first["added"]) > 50
    assert import_codebook_file(db, path)["unchanged"] == first["added"]
    rows = codebook.list_codes(db)
    assert max(r["depth"] for r in rows) >= 2
    assert all(r["guid"] for r in rows)


def test_default_import_renames_career_ambition_and_keeps_its_codings(db, put):
    """A corpus coded with the old `career-ambition` keeps its codings under career-stake."""

    codebook.upsert_code(db, "factors", "Faktor")
    codebook.upsert_code(db, "career-ambition", "Ambisi karier", parent_id="factors")
    [pid] = put(db, "lama", ["Pegawai itu berkampanye demi jabatannya."])
    add_coding(db, pid, "career-ambition", "ayu")
    with pytest.raises(codebook.BadCodebook, match="so its codings follow"):
        codebook.import_codebook(db, codebook.default_codebook_path())  # cannot move codings
    import_codebook_file(db, codebook.default_codebook_path())
    assert [c["code_id"] for c in list_codings(db)] == ["career-stake"]
    assert codebook.resolve_code_id(db, "career-ambition") == "career-stake"
    assert codetree.ancestors(db, "career-stake")[:3] == [
        "career-stake",
        "conflict-of-interest",
        "factors",
    ]
    # Importing again changes nothing, and a fresh corpus resolves the old id too.
    assert import_codebook_file(db, codebook.default_codebook_path())["added"] == []


def test_fresh_default_import_resolves_the_former_id(db):
    codebook.import_codebook(db, codebook.default_codebook_path())
    assert codebook.resolve_code_id(db, "career-ambition") == "career-stake"
