"""Our pages in a real Datasette (in process): matrix, cite, findings, chart, cell rendering.

Expected numbers come from SQL written here against the corpus, not from the plugin's
own functions, so a wrong join or a missed descendant code shows up as a mismatch.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
from urllib.parse import parse_qs, urlparse

import bibtexparser
import pytest
import rispy

from coding.codings import add_coding
from coding.findings import save_finding
from corpus.db import open_corpus
from datasette_plugins.publish import make_datasette

CELL = re.compile(
    r'<a href="(?P<href>[^"]+)" data-code="(?P<code>[^"]+)" data-document="(?P<doc>[^"]+)">'
    r"(?P<n>\d+)</a>"
)


def expected_counts(path) -> dict[tuple[str, str], int]:
    """(document, code) -> distinct passages coded with the code or a code below it."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        """
        with recursive under(top, id) as (
            select id, id from codes
            union select under.top, c.id from codes c join under on c.parent_id = under.id
        )
        select g.document_id, under.top, count(distinct g.passage_id)
        from codings g join under on under.id = g.code_id
        where g.status = 'placed' group by 1, 2
        """
    ).fetchall()
    conn.close()
    return {(doc, code): n for doc, code, n in rows}


def matrix_cells(text: str) -> dict[tuple[str, str], int]:
    return {(m["doc"], m["code"]): int(m["n"]) for m in CELL.finditer(text)}


def test_matrix_cells_are_coded_passage_counts(site, corpus, ids):
    r = site.get("/-/matrix")
    assert r.status_code == 200
    cells = matrix_cells(r.text)
    assert cells == expected_counts(corpus[0])
    assert cells[(ids["thesis"], "kinship")] >= 2
    assert cells[(ids["thesis"], "factors")] > cells[(ids["thesis"], "kinship")]
    # documents listed with title, year, kind; the uncoded guide has a row of empty cells
    assert "Faktor Kekerabatan dalam Pelanggaran" in r.text and "journal_article" in r.text
    assert "PANDUAN SINGKAT PENGAWASAN NETRALITAS" in r.text
    assert "Documents with the code (of 5)" in r.text


def test_matrix_cell_leads_to_its_passages(site, corpus, ids):
    cells = {(m["doc"], m["code"]): m["href"] for m in CELL.finditer(site.get("/-/matrix").text)}
    href = html.unescape(cells[(ids["thesis"], "kinship")])
    assert urlparse(href).path == "/telaah/passages_coded"
    assert parse_qs(urlparse(href).query) == {"code": ["kinship"], "document_id": [ids["thesis"]]}
    page = site.get(href)
    assert page.status_code == 200
    assert '<mark class="telaah-span" data-codes="kinship"' in page.text
    assert f'href="/-/cite/{ids["kin_passage"]}"' in page.text
    rows = site.get(href.replace("passages_coded?", "passages_coded.json?_shape=array&")).json()
    conn = sqlite3.connect(corpus[0])
    want = {
        r[0]
        for r in conn.execute(
            "select passage_id from codings where code_id = 'kinship' and status = 'placed' "
            "and document_id = ?",
            [ids["thesis"]],
        )
    }
    assert {r["passage_id"] for r in rows} == want and len(want) >= 2


def test_matrix_filters(site, ids):
    article = matrix_cells(site.get("/-/matrix?kind=journal_article").text)
    assert {doc for doc, _ in article} == {ids["article"]}
    y2024 = site.get("/-/matrix?year=2024").text
    assert {doc for doc, _ in matrix_cells(y2024)} == {ids["thesis"]}
    assert "1 document matches the filters" in y2024
    factors = site.get("/-/matrix?parent=factors").text
    heads = re.findall(r'<th class="telaah-code-head depth-\d" data-code="([^"]+)"', factors)
    assert heads[0] == "factors" and {"kinship", "pressure", "hostile"} <= set(heads)
    assert not {"violations", "recommendations"} & set(heads)
    all_docs = site.get("/-/matrix").text.count("<tr data-document=")
    coded_only = site.get("/-/matrix?coded=1").text
    assert coded_only.count("<tr data-document=") == all_docs - 1
    assert "PANDUAN SINGKAT" not in coded_only


def test_matrix_collapse_keeps_the_parent_total(site, ids):
    full = matrix_cells(site.get("/-/matrix").text)
    page = site.get("/-/matrix?collapse=factors")
    collapsed = matrix_cells(page.text)
    assert not any(code == "kinship" for _, code in collapsed)
    assert collapsed[(ids["thesis"], "factors")] == full[(ids["thesis"], "factors")]
    assert 'title="Show the codes under it">[+]</a>' in page.text
    assert "Collapse the codes under it" in site.get("/-/matrix").text


def test_matrix_csv(site, corpus):
    r = site.get("/-/matrix.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 5
    expected = expected_counts(corpus[0])
    for row in rows:
        for code, value in row.items():
            if code not in ("document_id", "title", "year", "kind"):
                assert int(value) == expected.get((row["document_id"], code), 0)
    only = list(csv.DictReader(io.StringIO(site.get("/-/matrix.csv?kind=thesis").text)))
    assert [r["kind"] for r in only] == ["thesis"]


def test_matrix_pages(site):
    first = site.get("/-/matrix?size=2")
    assert first.text.count("<tr data-document=") == 2 and "Page 1 of 3" in first.text
    third = site.get("/-/matrix?size=2&page=3")
    assert third.text.count("<tr data-document=") == 1 and "previous</a>" in third.text


def test_cite_page(site, ids):
    r = site.get(f"/-/cite/{ids['kin_passage']}")
    assert r.status_code == 200
    t = r.text
    assert '<strong class="telaah-page">hlm. 41</strong>' in t
    assert (
        '<mark class="telaah-span" data-codes="kinship"' in t and ">paman dari istrinya</mark>" in t
    )
    assert "Kekerabatan dan kedekatan dengan calon</sup>" in t
    assert (
        "Lestari, D. A. (2024). <i>Faktor Kekerabatan dalam Pelanggaran Netralitas ASN pada "
        "Pilkada Kabupaten Muara Enim</i> [Undergraduate thesis, Universitas Sriwijaya]." in t
    )
    assert "[Skripsi, Universitas Sriwijaya]" in t
    assert "(Lestari, 2024, p. 41)" in t and "(Lestari, 2024, hlm. 41)" in t
    permalink = f"http://localhost/-/cite/{ids['kin_passage']}"
    assert f'<a id="permalink" href="{permalink}">' in t
    assert '<meta name="citation_author" content="Lestari, Dewi Ayu">' in t
    assert '<meta name="citation_dissertation_institution" content="Universitas Sriwijaya">' in t
    assert '<section class="telaah-cite-corpus" id="cite-corpus">' in t
    assert "url = {http://localhost/}" in t  # the corpus entry; no --base-url given
    assert '<button type="button" id="copy-bibtex" data-copy-target="bibtex">' in t


def bib_entries(text: str) -> list:
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    return lib.entries


def test_cite_downloads(site, ids):
    base = f"/-/cite/{ids['kin_passage']}"
    bib = site.get(base + ".bib")
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    thesis, corpus = bib_entries(bib.text)
    assert thesis.entry_type == "mastersthesis" and thesis.key == f"lestari2024-{ids['thesis']}"
    assert thesis["school"] == "Universitas Sriwijaya" and thesis["type"] == "Skripsi"
    assert "Quoted: hlm. 41" in thesis["note"] and "url" not in thesis.fields_dict
    assert corpus.entry_type == "misc" and corpus["url"] == "http://localhost/"
    assert corpus["version"] and corpus["howpublished"] == "Dataset"
    ris = rispy.loads(site.get(base + ".ris").text)
    assert [r["type_of_reference"] for r in ris] == ["THES", "DATA"]
    assert ris[0]["publisher"] == "Universitas Sriwijaya" and ris[0]["type_of_work"] == "Skripsi"
    csl = site.get(base + ".json")
    assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    item, corpus_item = csl.json()
    assert item["id"] == ids["kin_passage"] and item["type"] == "thesis"
    assert item["author"] == [{"family": "Lestari", "given": "Dewi Ayu"}]
    assert corpus_item["type"] == "dataset"
    # a journal passage is the article, with journal, volume, issue and page range
    article_passage = re.search(
        r'href="/-/cite/([^"]+)"',
        site.get("/telaah/passages_coded?code=pressure&document_id=" + ids["article"]).text,
    ).group(1)
    art, _ = site.get(f"/-/cite/{article_passage}.json").json()
    assert art["type"] == "article-journal" and art["page"] == "115-130"
    assert art["container-title"] == "Jurnal Ilmu Administrasi Publik"
    assert art["DOI"] == "10.12345/jiap.v9i2.777" and len(art["author"]) == 3
    assert "Quoted: hlm. 117" in art["note"]
    article, _ = bib_entries(site.get(f"/-/cite/{article_passage}.bib").text)
    assert article.entry_type == "article" and article["pages"] == "115--130"
    assert (article["volume"], article["number"]) == ("9", "2")
    jour, _ = rispy.loads(site.get(f"/-/cite/{article_passage}.ris").text)
    assert jour["type_of_reference"] == "JOUR" and jour["journal_name"]
    assert (jour["start_page"], jour["end_page"]) == ("115", "130")


def test_base_url_makes_every_permanent_link(corpus, ids, client_for):
    """``telaah serve --base-url``: links name the public address, not the request's host."""
    site = client_for(make_datasette(corpus[0], base_url="https://example.org/netralitas/"))
    page = site.get(f"/-/cite/{ids['kin_passage']}").text
    link = f"https://example.org/netralitas/-/cite/{ids['kin_passage']}"
    assert f'<a id="permalink" href="{link}">' in page and "http://localhost" not in page
    _, corpus_entry = bib_entries(site.get(f"/-/cite/{ids['kin_passage']}.bib").text)
    assert corpus_entry["url"] == "https://example.org/netralitas/"
    finding = site.get(f"/-/findings/{ids['finding']}").text
    assert f'href="https://example.org/netralitas/-/findings/{ids["finding"]}"' in finding
    assert "http://localhost" not in finding


def test_a_doi_in_the_corpus_reaches_every_corpus_citation(corpus_copy, client_for):
    from corpus.publication import set_publication

    path, ids = corpus_copy
    db = open_corpus(path)
    set_publication(db, doi="https://doi.org/10.5281/zenodo.1234567")
    db.close()
    site = client_for(make_datasette(path))
    _, corpus_entry = bib_entries(site.get(f"/-/cite/{ids['kin_passage']}.bib").text)
    assert corpus_entry["doi"] == "10.5281/zenodo.1234567"
    _, data = rispy.loads(site.get(f"/-/findings/{ids['finding']}.ris").text)
    assert data["doi"] == "10.5281/zenodo.1234567"
    assert (
        'href="https://doi.org/10.5281/zenodo.1234567"'
        in site.get(f"/-/findings/{ids['finding']}").text
    )


def test_coded_page_lists_a_cells_passages_with_cite_links(site, ids):
    """``/-/coded/CODE/DOC``: what a matrix cell leads to in a static snapshot."""
    r = site.get(f"/-/coded/kinship/{ids['thesis']}")
    assert r.status_code == 200
    cells = re.findall(r'class="telaah-cite-link" href="/-/cite/([^"]+)"', r.text)
    assert ids["kin_passage"] in cells
    assert len(cells) == matrix_cells(site.get("/-/matrix").text)[(ids["thesis"], "kinship")]
    everywhere = re.findall(r'class="telaah-cite-link"', site.get("/-/coded/factors").text)
    assert len(everywhere) >= len(cells)
    assert site.get("/-/coded/tidak-ada").status_code == 404


def test_retired_and_unknown_passages(site, ids):
    moved = site.get(f"/-/cite/{ids['retired_old']}")
    assert moved.status_code == 301 and moved.headers["location"] == f"/-/cite/{ids['retired_new']}"
    moved_bib = site.get(f"/-/cite/{ids['retired_old']}.bib")
    assert moved_bib.headers["location"] == f"/-/cite/{ids['retired_new']}.bib"
    assert site.get(moved.headers["location"]).status_code == 200
    gone = site.get(f"/-/cite/{ids['retired_gone']}")
    assert gone.status_code == 410 and "no longer in the corpus" in gone.text
    missing = site.get("/-/cite/tidak-ada-1234")
    assert missing.status_code == 404 and "no passage with this id" in missing.text


def test_finding_page(site, ids):
    listing = site.get("/-/findings")
    assert listing.status_code == 200
    assert f'href="/-/findings/{ids["finding"]}">Kekerabatan per dokumen</a>' in listing.text
    r = site.get(f"/-/findings/{ids['finding']}")
    assert r.status_code == 200
    t = r.text
    assert '<div class="telaah-status same" id="finding-status">' in t
    assert "Kinship is coded in one study, the skripsi from Muara Enim." in t
    assert "<td>Faktor Kekerabatan dalam Pelanggaran Netralitas ASN pada Pilkada" in t
    assert f'href="http://localhost/-/findings/{ids["finding"]}"' in t
    assert "[Saved query, corpus version" in t and "[Kueri tersimpan, versi korpus" in t
    assert '<meta name="citation_author" content="ayu">' in t
    entry, corpus_entry = bib_entries(site.get(f"/-/findings/{ids['finding']}.bib").text)
    assert entry["title"] == "{Kekerabatan per dokumen}"
    assert corpus_entry["url"] == "http://localhost/" and corpus_entry["version"]
    assert '<section class="telaah-cite-corpus" id="cite-corpus">' in t
    records = rispy.loads(site.get(f"/-/findings/{ids['finding']}.ris").text)
    assert [r["type_of_reference"] for r in records] == ["DATA", "DATA"]
    rows = list(csv.reader(io.StringIO(site.get(f"/-/findings/{ids['finding']}.csv").text)))
    assert rows[0] == ["title", "passages"] and len(rows) == 2
    redirect = site.get(f"/-/cite/finding/{ids['finding']}")
    assert redirect.status_code == 301
    assert redirect.headers["location"] == f"/-/findings/{ids['finding']}"
    assert site.get("/-/findings/tidak-ada").status_code == 404


def test_finding_page_says_when_the_result_changed(corpus_copy, client_for):
    path, ids = corpus_copy
    db = open_corpus(path)
    passage = next(db.query("select id from passages where text like '%khawatir dimutasi%'"))
    add_coding(db, passage["id"], "kinship", "budi")
    db.execute("create table scratch (a)")
    save_finding(db, "Rusak nanti", "select count(*) from scratch", "x")
    db.execute("drop table scratch")
    db.close()
    site = client_for(make_datasette(path))
    t = site.get(f"/-/findings/{ids['finding']}").text
    assert '<div class="telaah-status changed" id="finding-status">' in t
    assert "The result has changed since this finding was saved." in t
    assert "Saved: 1 row on corpus version" in t and "Now: 2 rows on corpus version" in t
    broken = site.get("/-/findings/rusak-nanti").text
    assert (
        "The query no longer runs on this corpus" in broken and "no such table: scratch" in broken
    )


def chart_json(text: str) -> dict:
    raw = re.search(
        r'<script type="application/json" id="telaah-chart-data">(.*?)</script>', text, re.S
    )
    return json.loads(raw.group(1))


def test_chart(site, corpus):
    r = site.get("/-/chart")
    assert r.status_code == 200
    assert '<script src="/-/static-plugins/telaah/chart.umd.min.js"></script>' in r.text
    data = chart_json(r.text)
    assert data["group"] == "kind" and data["parent"] == "factors"
    assert {"kinship", "pressure", "hostile"} <= {s["code"] for s in data["series"]}
    conn = sqlite3.connect(corpus[0])
    by_kind = dict(
        conn.execute(
            "select d.kind, count(distinct c.passage_id) from codings c join documents d "
            "on d.id = c.document_id where c.code_id = 'kinship' and c.status = 'placed' group by 1"
        ).fetchall()
    )
    kinship = next(s for s in data["series"] if s["code"] == "kinship")
    assert dict(zip(data["labels"], kinship["values"])) == {
        k: by_kind.get(k, 0) for k in data["labels"]
    }
    assert sum(data["documents"]) == 5
    years = chart_json(site.get("/-/chart?group=year&measure=documents").text)
    assert set(years["labels"]) == {"2023", "2024", "n.d."}
    kin_years = next(s for s in years["series"] if s["code"] == "kinship")
    assert dict(zip(years["labels"], kin_years["values"]))["2024"] == 1
    top = chart_json(site.get("/-/chart?parent=-").text)
    assert "factors" in {s["code"] for s in top["series"]}
    assert "kinship" not in {s["code"] for s in top["series"]}


def test_static_assets(site):
    js = site.get("/-/static-plugins/telaah/chart.umd.min.js")
    assert js.status_code == 200 and "Chart.js v4.6.1" in js.text[:200]
    assert "Released under the MIT License" in js.text[:300]
    assert site.get("/-/static-plugins/telaah/telaah.css").status_code == 200
    assert "data-copy-target" in site.get("/-/static-plugins/telaah/telaah.js").text


def test_passages_table_highlights_and_json_stays_raw(site, ids):
    page = site.get(f"/telaah/passages?id={ids['kin_passage']}")
    assert '<mark class="telaah-span" data-codes="kinship"' in page.text
    (row,) = site.get(f"/telaah/passages.json?id={ids['kin_passage']}&_shape=array").json()
    assert "<mark" not in row["text"] and "paman dari istrinya" in row["text"]
    codings = site.get("/telaah/codings").text
    assert f'<a class="telaah-cite-link" href="/-/cite/{ids["kin_passage"]}"' in codings


def test_other_databases_are_left_alone(corpus, tmp_path, client_for):
    other = tmp_path / "lain.db"
    conn = sqlite3.connect(other)
    conn.execute("create table passages (id text primary key, text text, passage_id text)")
    conn.execute("insert into passages values ('p1', 'Teks <b>biasa</b>', 'p1')")
    conn.commit()
    conn.close()
    from datasette.app import Datasette

    site = client_for(Datasette([str(corpus[0]), str(other)]))
    t = site.get("/lain/passages").text
    assert "telaah-passage" not in t and "telaah-cite-link" not in t
    assert "Teks &lt;b&gt;biasa&lt;/b&gt;" in t


# page -> (shows the hostile passage text, shows the crafted code label)
HOSTILE_PAGES = {
    "/telaah/passages": (True, True),
    "/telaah/passages/{hostile_passage}": (True, True),
    "/telaah/passages?_search=selebaran": (True, True),
    "/telaah/codes": (False, True),
    "/telaah/codes/hostile": (False, True),
    "/telaah/coded_passages": (False, True),
    "/telaah/passages_coded?code=hostile&document_id=": (True, True),
    "/telaah/search_ranked?q=selebaran": (True, False),
    "/telaah/codings_per_coder?coder=": (False, True),
    "/telaah/study_code_matrix?kind=": (False, False),
    "/telaah/co_occurring_codes?code=": (False, False),
    "/-/matrix": (False, True),
    "/-/matrix?parent=factors": (False, True),
    "/-/chart": (False, False),
    "/-/coded/hostile": (True, True),
    "/-/cite/{hostile_passage}": (True, True),
    "/-/findings": (True, False),
    "/-/findings/naskah-berbahaya": (True, True),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, corpus, client_for):
    """A copy of the corpus with a finding whose name, statement and result hold markup."""
    import shutil

    path = tmp_path_factory.mktemp("hostile") / "telaah.db"
    shutil.copy(corpus[0], path)
    db = open_corpus(path)
    save_finding(
        db,
        "Naskah berbahaya",
        "select p.text, k.label_id from codings c join passages p on p.id = c.passage_id "
        "join codes k on k.id = c.code_id where c.code_id = 'hostile'",
        'Pernyataan dengan <script>alert("s")</script> di dalamnya',
        finding_id="naskah-berbahaya",
    )
    db.close()
    return client_for(make_datasette(path))


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_untrusted_text_renders_as_text(hostile_site, ids, hostile_label, path):
    r = hostile_site.get(path.format(**ids))
    assert r.status_code == 200, r.text[:500]
    body = r.text
    assert "<script>alert(" not in body
    assert "<img src=x" not in body and "<b>tebal</b>" not in body
    assert hostile_label not in body
    shows_text, shows_label = HOSTILE_PAGES[path]
    if shows_text:
        assert "&lt;script&gt;alert(" in body
    if shows_label:
        assert "&lt;img src=x onerror=" in body


def test_chart_carries_labels_as_inert_json(hostile_site):
    body = hostile_site.get("/-/chart").text
    assert "\\u003cimg src=x onerror=" in body and "\\u003c/script\\u003e" in body
    labels = {s["label"] for s in chart_json(body)["series"]}
    assert '<img src=x onerror="alert(1)">Kode "jahat" & <script>alert(2)</script>' in labels


def test_downloads_are_not_html(hostile_site, ids):
    for fmt, kind in (("bib", "application/x-bibtex"), ("ris", "application/x-research-info")):
        r = hostile_site.get(f"/-/cite/{ids['hostile_passage']}.{fmt}")
        assert r.headers["content-type"].startswith(kind)
    ris = hostile_site.get("/-/findings/naskah-berbahaya.ris").text
    assert '<script>alert("s")</script>' in ris  # a text file keeps the text as it is


def test_immutable_copy_serves_the_same_pages(corpus, ids, client_for):
    """``telaah serve --immutable``: the published-copy mode answers like the live one."""
    site = client_for(make_datasette(corpus[0], immutable=True))
    assert site.ds.get_database("telaah").is_mutable is False
    assert matrix_cells(site.get("/-/matrix").text) == expected_counts(corpus[0])
    cite = site.get(f"/-/cite/{ids['kin_passage']}").text
    assert '<strong class="telaah-page">hlm. 41</strong>' in cite
    assert site.get("/telaah/search_ranked.json?q=kerabat&_shape=array").json()


def test_an_accepted_suggestion_of_a_child_rolls_up_into_its_factor(corpus_copy, client_for):
    """A career-stake suggestion, once accepted, counts in conflict-of-interest's column."""
    from coding.review import decide
    from coding.suggest.engine import suggest
    from corpus.ingest import ingest

    path, _ = corpus_copy
    text = path.with_name("karier.txt")
    text.write_text(
        "Catatan lapangan\n\n"
        "Kepala seksi itu ikut berkampanye demi mengamankan jabatannya setelah pemilihan.\n",
        encoding="utf-8",
    )
    db = open_corpus(path)
    ingest(db, [text], workers=1)
    doc = db.execute("select document_id from passages where text like '%jabatannya%'").fetchone()
    rows = suggest(db, document_id=doc[0])
    career = [r for r in rows if r["code_id"] == "career-stake"]
    assert career and career[0]["ancestors"][:2] == ["conflict-of-interest", "factors"]
    decide(db, career[0]["id"], "ayu", "accepted")
    db.conn.close()
    cells = matrix_cells(client_for(make_datasette(path)).get("/-/matrix").text)
    assert cells[(doc[0], "career-stake")] == 1
    assert cells[(doc[0], "conflict-of-interest")] == 1
    assert cells[(doc[0], "factors")] == 1
