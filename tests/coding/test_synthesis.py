"""Synthesis: findings versus mentions, shares with Wilson intervals, the split by an
attribute, roll-up of sub-codes, and the Word, Markdown, CSV and LaTeX outputs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import main
from coding.codebook import import_codebook
from coding.codings import add_coding
from coding.literature import literature_table, write_literature_table
from coding.review import decide
from coding.synthesis import NoSuchAttribute, synthesis, wilson
from corpus.db import now
from datasette_plugins.matrix import Filters as MatrixFilters
from datasette_plugins.matrix import build_matrix
from extract.model import Passage

STUDY = """Netralitas ASN dalam Pilkada Serentak

Dewi Lestari

PENDAHULUAN

Penelitian ini membahas netralitas pegawai dalam pemilihan kepala daerah.

TINJAUAN PUSTAKA

Penelitian terdahulu menemukan bahwa hubungan kekerabatan dengan calon mendorong pegawai berpihak.

HASIL DAN PEMBAHASAN

Informan menyatakan bahwa ancaman mutasi dari atasan membuat pegawai ikut berkampanye.

KESIMPULAN

Tekanan atasan adalah faktor utama pelanggaran netralitas.
"""


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_acceptance_1_literature_mentions_findings_report(tmp_path):
    """A factor coded only in "Tinjauan Pustaka" is mentioned; one coded only in "Hasil
    dan Pembahasan" is reported; the passages' roles are literature and findings."""
    db_path = str(tmp_path / "c.db")
    (tmp_path / "studi.txt").write_text(STUDY, encoding="utf-8")
    _run("ingest", str(tmp_path / "studi.txt"), "--db", db_path)
    _run("codebook", "import", "--default", "--db", db_path)
    from corpus.db import open_corpus

    db = open_corpus(db_path)
    lit = db.execute("select id, role from passages where text like 'Penelitian terdahulu%'")
    lit_id, lit_role = lit.fetchone()
    res = db.execute("select id, role from passages where text like 'Informan menyatakan%'")
    res_id, res_role = res.fetchone()
    assert (lit_role, res_role) == ("literature", "findings")
    doc = db.execute("select id from documents").fetchone()[0]
    db.close()
    _run("code", lit_id, "kinship", "--coder", "ayu", "--db", db_path)
    _run("code", res_id, "pressure", "--coder", "ayu", "--db", db_path)
    out = json.loads(_run("synthesis", "--json", "--db", db_path))
    codes = {c["code_id"]: c for c in out["codes"]}
    assert out["studies"] == 1 and out["by"] is None
    assert codes["kinship"]["mentioning"] == [doc] and codes["kinship"]["reporting"] == []
    assert codes["pressure"]["reporting"] == [doc] and codes["pressure"]["mentioning"] == []
    assert codes["pressure"]["share"] == 1.0 and codes["kinship"]["share"] == 0.0
    ev = codes["pressure"]["evidence"][0]
    assert ev["passage_id"] == res_id and ev["role"] == "findings"
    assert ev["cite"].startswith("(") and ev["cite"].endswith(", hlm. PDF 1)")
    assert ev["quote"].startswith("Informan menyatakan")


def test_wilson_interval_known_values():
    low, high = wilson(3, 10)
    assert round(low, 4) == 0.1078 and round(high, 4) == 0.6032
    assert wilson(0, 0) == (0.0, 0.0)
    low, high = wilson(5, 5)
    assert high == 1.0 and round(low, 4) == 0.5655


def _attribute(db, name, typ, values: dict[str, str]):
    db["attributes"].insert(
        {"name": name, "type": typ, "allowed_values": "[]", "created_at": now()}
    )
    for doc, value in values.items():
        db["document_attributes"].insert(
            {"document_id": doc, "name": name, "value": value, "source": "manual", "set_at": now()}
        )


def _study(db, put, name, heading, body, *, authors=None, page_label="12"):
    ids = put(
        db,
        name,
        [
            Passage(text=heading, page=3, page_label=page_label, section=heading, kind="heading"),
            Passage(text=body, page=3, page_label=page_label, section=heading),
        ],
    )
    doc = ids[0].rsplit("-", 1)[0]
    if authors:
        db["documents"].update(doc, {"authors": json.dumps(authors)})
    return doc, ids[1]


@pytest.fixture
def three_studies(coded_db, put):
    """Three studies: two report pressure (Pilkada, Pemilu), one only mentions it."""
    db = coded_db
    a, pa = _study(
        db, put, "a", "HASIL DAN PEMBAHASAN", "Atasan menekan pegawai.", authors=["Dewi Lestari"]
    )
    b, pb = _study(
        db,
        put,
        "b",
        "Kesimpulan",
        "Ancaman mutasi membuat pegawai berpihak.",
        authors=["Budi Santoso", "Ani Wijaya"],
        page_label="45",
    )
    c, pc = _study(
        db,
        put,
        "c",
        "Kajian Teori",
        "Menurut studi lain, tekanan atasan berperan.",
        authors=["Rudi Hartono", "Sri Mulyani", "Agus Salim"],
    )
    for pid in (pa, pb, pc):
        add_coding(db, pid, "pressure", "ayu")
    _attribute(db, "election", "list", {a: '["Pilkada"]', b: '["Pemilu", "Pilkada"]'})
    _attribute(db, "region", "text", {a: "Jawa Tengah", b: "<script>alert(1)</script>"})
    _attribute(db, "method", "category", {a: "kualitatif", b: "campuran"})
    return db, (a, b, c)


def test_by_attribute_splits_shares_list_values_count_in_each_group(three_studies):
    db, (a, b, c) = three_studies
    s = synthesis(db, by="election")
    pressure = next(x for x in s["codes"] if x["code_id"] == "pressure")
    assert pressure["reporting"] == sorted([a, b]) and pressure["mentioning"] == [c]
    assert round(pressure["share"], 4) == round(2 / 3, 4)
    assert pressure["groups"]["Pilkada"] == {
        **pressure["groups"]["Pilkada"],
        "studies": 2,
        "reporting": 2,
        "share": 1.0,
    }
    assert (
        pressure["groups"]["Pemilu"]["studies"] == 1
        and pressure["groups"]["Pemilu"]["reporting"] == 1
    )
    assert (
        pressure["groups"]["(none)"]["studies"] == 1
        and pressure["groups"]["(none)"]["reporting"] == 0
    )
    ev = {e["document_id"]: e for e in pressure["evidence"]}
    assert ev[b]["cite"] == "(Santoso dan Wijaya, 2024, hlm. 45)"
    assert ev[c]["role"] == "literature" and not ev[c]["reports"]


def test_cli_by_election_json(three_studies, db_path):
    db, _ = three_studies
    out = json.loads(_run("synthesis", "--by", "election", "--json", "--db", str(db_path)))
    assert out["by"] == "election" and set(out["groups"]) == {"Pilkada", "Pemilu", "(none)"}


def test_unknown_attribute_is_named(three_studies, db_path):
    db, _ = three_studies
    with pytest.raises(NoSuchAttribute, match='attribute "wilayah" is not defined'):
        synthesis(db, by="wilayah")
    result = CliRunner().invoke(main, ["synthesis", "--by", "wilayah", "--db", str(db_path)])
    assert result.exit_code == 1
    assert (
        'Error: attribute "wilayah" is not defined; list attributes with: telaah attr list'
        in result.output
    )


def test_rollup_child_of_conflict_of_interest_counts_for_parent(coded_db, put):
    """An accepted suggestion of a sub-code shows under its parent with --rollup only, in
    the synthesis and in the matrix (issue 9, acceptance 3)."""
    db = coded_db
    import_codebook(
        db,
        [
            {
                "id": "career-stake",
                "parent": "conflict-of-interest",
                "label_id": "Kepentingan karier",
            }
        ],
    )
    doc, pid = _study(db, put, "d", "Hasil", "Pegawai berharap naik jabatan bila calon menang.")
    db["suggestions"].insert(
        {
            "id": "s-career", "passage_id": pid, "document_id": doc, "code_id": "career-stake",
            "char_start": 0, "char_end": 7, "quote": "Pegawai", "score": 0.9, "method": "rules",
            "created_at": now(),
        }
    )  # fmt: skip
    decide(db, "s-career", "ayu", "accepted", start=8, end=31)
    matrix = build_matrix(db.conn, MatrixFilters(parent="conflict-of-interest"))
    row = next(r for r in matrix.rows if r["id"] == doc)
    assert row["counts"]["conflict-of-interest"] == 1 and row["counts"]["career-stake"] == 1
    up = {c["code_id"]: c for c in synthesis(db)["codes"]}
    assert up["conflict-of-interest"]["reporting"] == [doc]
    assert up["conflict-of-interest"]["evidence"][0]["quote"] == "berharap naik jabatan b"
    assert up["career-stake"]["reporting"] == [doc] and up["career-stake"]["depth"] == 1
    flat = {c["code_id"]: c for c in synthesis(db, rollup=False)["codes"]}
    assert flat["conflict-of-interest"]["reporting"] == []
    assert flat["career-stake"]["reporting"] == [doc]
    out = json.loads(
        _run(
            "synthesis",
            "--no-rollup",
            "--parent",
            "conflict-of-interest",
            "--json",
            "--db",
            db.conn.execute("pragma database_list").fetchone()[2],
        )
    )
    by_code = {c["code_id"]: c for c in out["codes"]}
    assert by_code["career-stake"]["reporting"] == [doc]
    assert all(c["reporting"] == [] for k, c in by_code.items() if k != "career-stake")


def test_docx_outputs_open_in_libreoffice(three_studies, db_path, tmp_path, soffice_convert):
    """Acceptance 3: the synthesis and the literature table as Word files, converted to text
    by LibreOffice, hold every study's author-year and its "hlm." labels."""
    db, (a, b, c) = three_studies
    _run(
        "synthesis",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "sintesis.docx"),
        "--by",
        "election",
        "--db",
        str(db_path),
    )
    _run("literature-table", str(tmp_path / "tabel.docx"), "--db", str(db_path))
    syn = soffice_convert(tmp_path / "sintesis.docx", "txt:Text", tmp_path).read_text("utf-8-sig")
    tab = soffice_convert(tmp_path / "tabel.docx", "txt:Text", tmp_path).read_text("utf-8-sig")
    for cite in (
        "(Lestari, 2024, hlm. 12)",
        "(Santoso dan Wijaya, 2024, hlm. 45)",
        "(Hartono dkk., 2024, hlm. 12)",
    ):
        assert cite in syn
    for who in ("Lestari (2024)", "Santoso dan Wijaya (2024)", "Hartono dkk. (2024)"):
        assert who in tab
    assert "Tekanan dan ancaman (hlm. 12)" in tab and "Tekanan dan ancaman (hlm. 45)" in tab
    assert "Daftar Pustaka" in tab and "Lestari, D. (2024)." in tab
    # A study that only mentions pressure gets no finding for it.
    assert tab.count("Tekanan dan ancaman (hlm.") == 2
    assert "kualitatif" in tab and "Jawa Tengah" in tab and "<script>alert(1)</script>" in tab


def test_literature_table_md_csv_tex(three_studies, tmp_path):
    db, (a, b, c) = three_studies
    t = literature_table(db, by="election", style="apa")
    assert [r["author_year"] for r in t["rows"]] == [
        "Santoso & Wijaya (2024)",
        "Lestari (2024)",
        "Hartono et al. (2024)",
    ]
    assert [r["group"] for r in t["rows"]] == ["Pemilu, Pilkada", "Pilkada", "(none)"]
    md = write_literature_table(t, "md", tmp_path / "t.md").read_text()
    assert "| No | Author (Year) |" in md and "p. 45" in md
    tex = write_literature_table(t, "tex", tmp_path / "t.tex").read_text()
    assert r"\begin{longtable}" in tex and r"\emph{" in tex
    assert r"Santoso \& Wijaya (2024)" in tex
    csv_text = write_literature_table(t, "csv", tmp_path / "t.csv").read_text()
    assert csv_text.splitlines()[0].startswith(
        "No,Author (Year),Title,Method,Context,Findings,election"
    )


def test_markdown_and_csv_outputs(three_studies, db_path, tmp_path):
    db, (a, b, c) = three_studies
    md = _run("synthesis", "--format", "md", "--by", "election", "--db", str(db_path))
    assert "| Tekanan dan ancaman | 2 | 1 | 2/3 (67%; 95% CI 21%-94%) |" in md
    assert "- (Santoso dan Wijaya, 2024, hlm. 45) [melaporkan, conclusion]:" in md
    assert "[menyebut, literature]" in md and "## Daftar Pustaka" in md
    _run("synthesis", "--format", "csv", "--out", str(tmp_path / "s.csv"), "--db", str(db_path))
    import csv

    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    pressure = next(r for r in rows if r["code_id"] == "pressure" and r["group"] == "")
    assert (pressure["reporting"], pressure["mentioning"], pressure["studies"]) == ("2", "1", "3")
    assert set(pressure["reporting_documents"].split()) == {a, b}


def test_reported_only_and_coder_filter(three_studies):
    db, (a, b, c) = three_studies
    s = synthesis(db, reported_only=True)
    pressure = next(x for x in s["codes"] if x["code_id"] == "pressure")
    assert pressure["mentioning"] == [] and {e["document_id"] for e in pressure["evidence"]} == {
        a,
        b,
    }
    assert synthesis(db, coder="nobody")["studies"] == 0


def test_evidence_is_cited_by_its_own_page(db):
    """Issue 10, acceptance 5 in the synthesis: a quote printed past the page break of its
    passage carries the second page's label."""
    from coding.codebook import upsert_code
    from coding.codings import add_coding
    from coding.synthesis import synthesis

    db["documents"].insert(
        {"id": "d1", "title": "Studi", "authors": '["Sari Lestari"]', "year": 2024,
         "sha256": "x" * 64, "ingested_at": "2026-01-01"}
    )  # fmt: skip
    text = "Bagian awal di halaman 117. Pegawai diancam dimutasi oleh atasannya."
    db["passages"].insert(
        {"id": "d1-p", "document_id": "d1", "seq": 1, "page": 3, "page_label": "117",
         "text": text, "role": "findings", "page_breaks": json.dumps([[28, 4, "118"]])}
    )  # fmt: skip
    upsert_code(db, "factors", "Faktor")
    upsert_code(db, "pressure", "Tekanan", parent_id="factors")
    start = text.index("diancam")
    add_coding(db, "d1-p", "pressure", "ayu", start=start, end=start + 16)
    [code] = synthesis(db, parent="factors")["codes"]
    [evidence] = code["evidence"]
    assert (evidence["page"], evidence["page_label"]) == (4, "118")
    assert "118" in evidence["cite"]
