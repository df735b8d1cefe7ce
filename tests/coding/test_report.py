"""The codebook report: what a thesis appendix shows, in Markdown, HTML and DOCX."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coding import report
from coding.codings import add_coding
from extract.model import Passage

TELAAH = str(Path(sys.executable).with_name("telaah"))


@pytest.fixture
def coded(coded_db, put):
    a = put(
        coded_db,
        "wulandari",
        [
            Passage(text="Kepala dinas adalah adik ipar calon bupati.", page=3, page_label="116"),
            Passage(
                text="Lurah itu sepupu <b>petahana</b> & ikut kampanye.", page=4, page_label="117"
            ),
        ],
    )
    b = put(coded_db, "pratama", ["Camat diancam mutasi oleh atasannya."])
    add_coding(coded_db, a[0], "kinship", "ayu", quote="adik ipar calon bupati")
    add_coding(coded_db, a[0], "kinship", "budi", quote="adik ipar calon bupati")
    add_coding(coded_db, a[1], "kinship", "budi")
    add_coding(coded_db, b[0], "pressure", "ayu", quote="diancam mutasi")
    return coded_db


def test_report_data(coded):
    codes = {c["id"]: c for c in report.codebook_report(coded)["codes"]}
    kinship = codes["kinship"]
    assert kinship["per_coder"] == {"ayu": 1, "budi": 2}
    assert kinship["rules"].startswith("Code when a family tie")
    assert [e["quote"] for e in kinship["examples"]] == [
        "adik ipar calon bupati",
        "Lurah itu sepupu <b>petahana</b> & ikut kampanye.",
    ]  # the same quote by two coders is shown once
    assert kinship["examples"][0]["reference"] == "wulandari (2024), hlm. 116"
    assert codes["lack-of-understanding"]["examples"] == []


def test_markdown_and_html(coded):
    md = report.render_markdown(report.codebook_report(coded))
    assert (
        "### Kekerabatan dan kedekatan dengan calon (Kinship or closeness to a candidate) `kinship`"
        in md
    )
    assert '- "adik ipar calon bupati" (wulandari (2024), hlm. 116)' in md
    assert "**Codings per coder.** ayu 1, budi 2" in md
    page = report.render_html(report.codebook_report(coded))
    assert "&lt;b&gt;petahana&lt;/b&gt; &amp; ikut" in page and "<b>petahana" not in page


def test_docx_opens_in_libreoffice(coded, db_path, tmp_path, soffice_convert):
    out = tmp_path / "kodebuku.docx"
    run = subprocess.run(
        [TELAAH, "codebook", "report", "--format", "docx", "--out", str(out), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    text = soffice_convert(out, "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
    assert (
        "Kekerabatan dan kedekatan dengan calon (Kinship or closeness to a candidate) [kinship]"
        in text
    )
    assert "Decision rules. Code when a family tie" in text
    assert "“adik ipar calon bupati” (wulandari (2024), hlm. 116)" in text
    assert "Codings per coder. ayu 1, budi 2" in text


def test_docx_needs_a_file(coded, db_path):
    run = subprocess.run(
        [TELAAH, "codebook", "report", "--format", "docx", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "needs --out FILE.docx" in run.stderr


def test_rules_set_from_the_cli_reach_the_report(coded, db_path):
    run = subprocess.run(
        [TELAAH, "codebook", "add", "pressure", "Tekanan dan ancaman", "--rules",
         "Ancaman mutasi selalu dikode.", "--db", str(db_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    md = report.render_markdown(report.codebook_report(coded))
    assert "**Decision rules.** Ancaman mutasi selalu dikode." in md
