"""CSV and XLSX exports: one row per coding, readable by people and by LibreOffice."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli.main import main
from coding.codebook import import_codebook
from coding.codings import add_coding
from coding.tabular import CODING_COLUMNS, export_csv, export_xlsx, reference
from corpus.store import write_document
from extract import extract_file

TEXT = (
    "Mobilisasi Birokrasi dalam Pemilihan Kepala Daerah\n\n"
    "Rina Wulandari\n\n"
    "Kepala dinas meminta para pegawai mengumpulkan fotokopi KTP warga untuk tim "
    "pemenangan petahana.\n\n"
    "Seorang staf berkata: “Kami takut dimutasi ke pelosok kalau menolak.” 🙁\n"
)
MEMO_FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.fixture
def corpus(db, tmp_path):
    (tmp_path / "mobilisasi.txt").write_text(TEXT, encoding="utf-8")
    write_document(db, extract_file(tmp_path / "mobilisasi.txt"))
    import_codebook(
        db,
        [
            {"id": "faktor", "label_id": "Faktor"},
            {"id": "tekanan", "parent": "faktor", "label_id": "Tekanan atasan"},
            {"id": "karier", "parent": "tekanan", "label_id": "Ancaman mutasi"},
        ],
    )
    passages = list(db.query("select id, text from passages"))
    for phrase, code, coder, memo in [
        ("mengumpulkan fotokopi KTP", "tekanan", "ayu", MEMO_FORMULA),
        ("takut dimutasi ke pelosok", "karier", "ayu", "- dikutip utuh"),
        ("takut dimutasi ke pelosok", "karier", "budi", None),
    ]:
        p = next(p for p in passages if phrase in p["text"])
        start = p["text"].index(phrase)
        add_coding(db, p["id"], code, coder, start=start, end=start + len(phrase), memo=memo)
    return db


def test_reference_is_short_author_year():
    assert reference(["Rina Wulandari"], 2021, "x") == "Wulandari (2021)"
    assert reference(["A Satu", "B Dua"], 2020, None) == "Satu & Dua (2020)"
    assert reference(["A Satu", "B Dua", "C Tiga"], None, None) == "Satu et al. (t.t.)"
    assert reference([], 2019, "Netralitas ASN dalam Pilkada Serentak di Jawa") == (
        "Netralitas ASN dalam Pilkada Serentak di (2019)"
    )


def test_csv_has_one_row_per_coding_with_path_reference_and_page(corpus, tmp_path):
    written = export_csv(corpus, tmp_path / "hasil")
    assert written == {"codings.csv": 3, "codes.csv": 3, "documents.csv": 1}
    raw = (tmp_path / "hasil" / "codings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    with open(tmp_path / "hasil" / "codings.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == CODING_COLUMNS
    by_coder = {(r["coder"], r["code_id"]): r for r in rows}
    mutasi = by_coder[("budi", "karier")]
    assert mutasi["code_path"] == "Faktor > Tekanan atasan > Ancaman mutasi"
    assert mutasi["quote"] == "takut dimutasi ke pelosok"
    assert "🙁" in mutasi["passage_text"] and "“Kami" in mutasi["passage_text"]
    assert mutasi["page"] == "1"
    assert "page_label" in mutasi
    assert mutasi["document_ref"].endswith(")")
    # Cells a spreadsheet would run as formulas stay text.
    assert by_coder[("ayu", "tekanan")]["memo"] == "'" + MEMO_FORMULA
    assert by_coder[("ayu", "karier")]["memo"] == "'- dikutip utuh"
    with open(tmp_path / "hasil" / "codes.csv", encoding="utf-8-sig", newline="") as f:
        codes = {r["id"]: r for r in csv.DictReader(f)}
    assert codes["karier"]["codings"] == "2" and codes["faktor"]["codings"] == "0"


def test_xlsx_sheets_and_formula_text_stays_text(corpus, tmp_path):
    out = tmp_path / "koding.xlsx"
    assert export_xlsx(corpus, out) == {"codings": 3, "codes": 3, "documents": 1}
    wb = load_workbook(out)
    assert wb.sheetnames == ["codings", "codes", "documents"]
    ws = wb["codings"]
    header = [c.value for c in ws[1]]
    assert header == CODING_COLUMNS
    memos = [row[header.index("memo")] for row in ws.iter_rows(min_row=2)]
    memo = next(c for c in memos if c.value and c.value.startswith("="))
    assert memo.value == MEMO_FORMULA and memo.data_type == "s"
    assert ws.max_row == 4


def test_libreoffice_opens_the_xlsx_and_the_csv(corpus, tmp_path, soffice_convert):
    export_xlsx(corpus, tmp_path / "koding.xlsx")
    export_csv(corpus, tmp_path / "hasil")
    converted = tmp_path / "lo"
    # XLSX -> CSV: LibreOffice reads our workbook (first sheet: codings).
    as_csv = soffice_convert(
        tmp_path / "koding.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", converted
    )
    with open(as_csv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    assert {r["quote"] for r in rows} == {"mengumpulkan fotokopi KTP", "takut dimutasi ke pelosok"}
    assert MEMO_FORMULA in {r["memo"] for r in rows}  # text, not a computed link
    # CSV (UTF-8) -> XLSX: LibreOffice reads our CSV, accents and emoji intact.
    as_xlsx = soffice_convert(
        tmp_path / "hasil" / "codings.csv", "xlsx", converted, "--infilter=CSV:44,34,76,1"
    )
    ws = load_workbook(as_xlsx).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == CODING_COLUMNS
    assert len(values) == 4
    text = " ".join(str(v) for row in values for v in row if v is not None)
    assert "🙁" in text and "“Kami takut dimutasi" in text
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_cli_export_csv_and_xlsx(corpus, db_path, tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["export", "csv", str(tmp_path / "hasil"), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    assert f"Wrote {tmp_path / 'hasil' / 'codings.csv'}: 3 rows" in r.stdout
    out = tmp_path / "koding.xlsx"
    r = runner.invoke(main, ["export", "xlsx", str(out), "--db", str(db_path), "--json"])
    assert r.exit_code == 0, r.output
    assert '"codings": 3' in r.stdout and out.exists()
