"""Acceptance: a span coded on the second page of a passage that crosses a page break is
cited with the second page's printed label everywhere (``telaah show``, ``telaah
codings``, the cite page, CSV, XLSX, QDPX), and a span across the break with both.

The PDF is made here with reportlab: justified paragraphs flowing over pages whose printed
numbers start at 117, so labels and PDF page numbers differ."""

from __future__ import annotations

import csv
import html
import json
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from cli.main import main
from coding.codebook import upsert_code
from coding.codings import add_coding, list_codings
from coding.refi.export import export_project
from coding.tabular import export_csv, export_xlsx
from corpus.db import open_corpus
from corpus.ingest import ingest
from datasette_plugins.publish import make_datasette

FIRST_LABEL = 117
SENTENCES = [
    "Aparatur sipil negara wajib menjaga jarak dari kegiatan kampanye calon kepala daerah.",
    "Pengawas pemilu di kabupaten mencatat setiap laporan yang masuk dari masyarakat.",
    "Sebagian pegawai mengaku mendapat tekanan dari atasan menjelang hari pemungutan suara.",
    "Rapat koordinasi membahas sanksi bagi pegawai yang terbukti melanggar ketentuan.",
    "Peneliti mewawancarai dua belas informan dari tiga dinas yang berbeda di daerah itu.",
]


def page_break_pdf(path) -> None:
    """A heading and ten justified paragraphs of about eleven lines on A4 (so the fifth
    runs over the first page's foot), page numbers printed from 117 at the foot."""
    style = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=15,
                           alignment=4, firstLineIndent=24, spaceAfter=0)  # fmt: skip
    heading = ParagraphStyle("h", fontName="Times-Bold", fontSize=14, leading=20, spaceAfter=8)
    story = [Paragraph("Temuan Lapangan", heading)]
    for i in range(10):
        words = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(11))
        story.append(Paragraph(f"{words} Paragraf {i + 1} selesai di sini.", style))

    def number(canvas, doc) -> None:
        canvas.setFont("Times-Roman", 11)
        canvas.drawCentredString(A4[0] / 2, 40, str(doc.page + FIRST_LABEL - 1))

    doc = SimpleDocTemplate(str(path), pagesize=A4, invariant=1)
    doc.build(story, onFirstPage=number, onLaterPages=number)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    work = tmp_path_factory.mktemp("span-pages")
    page_break_pdf(work / "halaman.pdf")
    db_path = work / "corpus.db"
    db = open_corpus(db_path)
    report = ingest(db, [work / "halaman.pdf"], workers=1)
    assert report.ok, report.outcomes
    crossing = [
        r for r in db.query("select * from passages where page_breaks != '[]' order by seq")
    ]
    assert crossing, "no passage runs over a page break"
    passage = crossing[0]
    offset, page, label = json.loads(passage["page_breaks"])[0]
    upsert_code(db, "tekanan", "Tekanan atasan")
    text = passage["text"]
    after = text.index(" ", offset + 2) + 1
    end = min(after + 25, len(text))
    second = add_coding(db, passage["id"], "tekanan", "ani", start=after, end=end)
    across = add_coding(db, passage["id"], "tekanan", "budi", start=offset - 20, end=offset + 5)
    first = add_coding(db, passage["id"], "tekanan", "citra", start=0, end=20)
    return {
        "db": db,
        "path": db_path,
        "work": work,
        "passage": passage,
        "break": (offset, page, label),
        "second": second,
        "across": across,
        "first": first,
    }


def test_the_break_is_stored_with_the_next_page_and_its_printed_label(corpus):
    passage = corpus["passage"]
    offset, page, label = corpus["break"]
    assert page == passage["page"] + 1
    assert passage["page_label"] == str(passage["page"] + FIRST_LABEL - 1)
    assert label == str(page + FIRST_LABEL - 1)
    assert 0 < offset < len(passage["text"])


def labels(corpus) -> dict[str, str]:
    first = corpus["passage"]["page_label"]
    second = corpus["break"][2]
    return {
        corpus["second"]["id"]: second,
        corpus["across"]["id"]: f"{first}-{second}",
        corpus["first"]["id"]: first,
    }


def test_codings_list_the_page_of_their_own_span(corpus):
    rows = {r["id"]: r for r in list_codings(corpus["db"], passage_id=corpus["passage"]["id"])}
    for coding_id, label in labels(corpus).items():
        assert rows[coding_id]["span_page_label"] == label


def test_telaah_show_and_codings_print_the_span_page(corpus):
    runner = CliRunner()
    shown = runner.invoke(main, ["show", corpus["passage"]["id"], "--db", str(corpus["path"])])
    assert shown.exit_code == 0, shown.output
    listed = runner.invoke(main, ["codings", "--db", str(corpus["path"])])
    assert listed.exit_code == 0, listed.output
    for coding_id, label in labels(corpus).items():
        line = next(ln for ln in shown.output.splitlines() if coding_id in ln)
        assert f"hlm. {label} " in line + " "
        row = next(ln for ln in listed.output.splitlines() if coding_id in ln)
        assert f"hlm. {label} " in row + " "


def test_csv_and_xlsx_carry_the_span_page(corpus):
    out = corpus["work"] / "csv"
    export_csv(corpus["db"], out)
    with open(out / "codings.csv", encoding="utf-8-sig") as f:
        rows = {r["coding_id"]: r for r in csv.DictReader(f)}
    xlsx = corpus["work"] / "codings.xlsx"
    export_xlsx(corpus["db"], xlsx)
    sheet = load_workbook(xlsx, read_only=True)["codings"]
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    by_id = {r[header.index("coding_id")]: r for r in table[1:]}
    for coding_id, label in labels(corpus).items():
        assert rows[coding_id]["page_label"] == label
        assert by_id[coding_id][header.index("page_label")] == label
    second = rows[corpus["second"]["id"]]
    assert second["page"] == str(corpus["break"][1])


def test_qdpx_names_each_selection_by_its_span_page(corpus):
    out = corpus["work"] / "proyek.qdpx"
    export_project(corpus["db"], out)
    with zipfile.ZipFile(out) as z:
        project = z.read("project.qde").decode("utf-8")
    for label in labels(corpus).values():
        assert f'name="hlm. {label}"' in project


def test_cite_page_cites_a_quote_by_its_own_page(corpus, client_for):
    site = client_for(make_datasette(corpus["path"]))
    pid = corpus["passage"]["id"]
    second = corpus["second"]
    first_label = corpus["passage"]["page_label"]
    second_label = corpus["break"][2]
    whole = site.get(f"/-/cite/{pid}")
    assert whole.status_code == 200
    page = html.unescape(whole.text)
    # The whole passage runs over two pages; each coded span lists its own page.
    assert f"hlm. {first_label}-{second_label}" in page
    assert f"hlm. {second_label}</span> · Tekanan atasan" in page
    quote = site.get(f"/-/cite/{pid}?start={second['char_start']}&end={second['char_end']}")
    assert quote.status_code == 200
    cited = html.unescape(quote.text)
    assert f'<strong class="telaah-page">hlm. {second_label}</strong>' in cited
    assert f"hlm. {second_label})" in cited  # the Indonesian in-text citation
    item = site.get(
        f"/-/cite/{pid}.json?start={second['char_start']}&end={second['char_end']}"
    ).json()[0]
    # The source entry keeps the article's own range in ``page``; the quote's page is the note.
    assert f"Quoted: hlm. {second_label}" in item["note"]
    bib = site.get(f"/-/cite/{pid}.bib?start={second['char_start']}&end={second['char_end']}")
    assert f"hlm. {second_label}" in bib.text
