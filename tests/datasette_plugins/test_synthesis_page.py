"""``/-/synthesis`` and the role and attribute filters of ``/-/matrix`` and ``/-/chart``:
counts that link to their evidence, quotes that link to their cite page, and text from
PDFs and attribute values shown as text (issue 8, acceptance 4)."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from coding.codings import add_coding
from corpus.db import now, open_corpus
from datasette_plugins.publish import make_datasette

EVIL_VALUE = "<script>alert(3)</script>"


@pytest.fixture(scope="module")
def synth_corpus(tmp_path_factory, corpus):
    """The session corpus plus an election attribute (one value is markup) and a coding
    whose quote holds the hostile passage's <script>."""
    path = tmp_path_factory.mktemp("synthesis") / "telaah.db"
    shutil.copy(corpus[0], path)
    ids = dict(corpus[1])
    db = open_corpus(path)
    db["attributes"].insert(
        {"name": "election", "type": "list", "allowed_values": "[]", "created_at": now()}
    )
    values = {ids["thesis"]: '["Pilkada"]', ids["article"]: json.dumps(["Pemilu", EVIL_VALUE])}
    for doc, value in values.items():
        db["document_attributes"].insert(
            {"document_id": doc, "name": "election", "value": value, "set_at": now()}
        )
    text = db["passages"].get(ids["hostile_passage"])["text"]
    start = text.index("<script>")
    add_coding(db, ids["hostile_passage"], "pressure", "ayu", start=start, end=start + 35)
    ids["mentioning"] = ids["retired_new"]  # pressure coded in a passage of role "other"
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, ids


@pytest.fixture(scope="module")
def synth_site(synth_corpus, client_for):
    return client_for(make_datasette(synth_corpus[0]))


def _links(body: str, cls: str) -> list[tuple[str, str]]:
    return [
        (html.unescape(href), text)
        for href, text in re.findall(rf'<a class="{cls}"[^>]*href="([^"]+)">([^<]*)</a>', body)
    ]


def test_synthesis_page_counts_link_to_their_evidence(synth_site, synth_corpus):
    path, ids = synth_corpus
    r = synth_site.get("/-/synthesis?by=election")
    assert r.status_code == 200, r.text[:300]
    body = r.text
    assert '<tr data-code="pressure">' in body
    row = body[body.index('<tr data-code="pressure">') :]
    row = row[: row.index("</tr>")]
    counts = _links(row, "telaah-count")
    reports, mentions = counts[0], counts[1]
    assert reports[1] == "2" and mentions[1] == "1"  # the article and the field notes; revisi
    evidence = synth_site.get(
        reports[0].replace("/code_evidence?", "/code_evidence.json?") + "&_shape=objects"
    )
    rows = evidence.json()["rows"]
    assert {r["stance"] for r in rows} == {"reports"}
    assert {r["passage_id"] for r in rows} >= {ids["hostile_passage"]}
    mentioned = synth_site.get(
        mentions[0].replace("/code_evidence?", "/code_evidence.json?") + "&_shape=objects"
    )
    assert [r["passage_id"] for r in mentioned.json()["rows"]] == [ids["mentioning"]]
    # The group count for Pilkada links to that group's evidence (the thesis has no pressure).
    group = [c for c in counts if "value=Pilkada" in c[0]]
    assert group and group[0][1] == "0"


def test_synthesis_page_quotes_link_to_cite_and_text_is_escaped(synth_site, synth_corpus):
    _, ids = synth_corpus
    body = synth_site.get("/-/synthesis?by=election").text
    quotes = _links(body, "telaah-quote")
    hrefs = {h for h, _ in quotes}
    assert f"/-/cite/{ids['hostile_passage']}" in hrefs and f"/-/cite/{ids['kin_passage']}" in hrefs
    assert "<script>alert(3)" not in body and '<script>alert("telaah")' not in body
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in body
    assert "&lt;script&gt;alert(&#34;telaah&#34;)&lt;/script&gt;" in body
    # The chart's labels travel as JSON with < escaped.
    data = re.search(r'id="telaah-synthesis-data">(.*?)</script>', body, re.S).group(1)
    assert "\\u003cscript\\u003ealert(3)" in data
    assert EVIL_VALUE in json.loads(data)["labels"]


def test_synthesis_page_filters(synth_site):
    only_reported = synth_site.get("/-/synthesis?reported=1").text
    assert 'data-stance="mentions"' not in only_reported
    assert "1 coded stud" not in only_reported
    budi = synth_site.get("/-/synthesis?coder=budi").text
    assert re.search(r"(\d+) coded stud", budi).group(1) == "1"
    bad = synth_site.get("/-/synthesis?by=wilayah")
    assert bad.status_code == 400 and "attribute &#34;wilayah&#34; is not defined" in bad.text


def test_matrix_filters_by_role_and_attribute(synth_site, synth_corpus):
    _, ids = synth_corpus
    all_docs = synth_site.get("/-/matrix").text
    pilkada = synth_site.get("/-/matrix?attr=election&value=Pilkada").text
    assert "5 documents match" in all_docs and "1 document matches" in pilkada
    other = synth_site.get("/-/matrix?role=other&coded=1").text
    cell = re.search(
        rf'<a[^>]*data-code="pressure"[^>]*data-document="{ids["mentioning"][:12]}"[^>]*>(\d+)</a>',
        other,
    ) or re.search(
        rf'data-document="{ids["mentioning"][:12]}"[^>]*data-code="pressure"[^>]*>(\d+)<', other
    )  # noqa: E501
    assert cell and cell.group(1) == "1"
    assert "code_evidence?" in other and "role=other" in other
    findings = synth_site.get("/-/matrix?role=findings").text
    assert not re.search(rf'data-document="{ids["mentioning"][:12]}"[^>]*>\d+<', findings)


def test_chart_groups_by_attribute_and_filters_role(synth_site):
    body = synth_site.get("/-/chart?group=attr:election&measure=documents").text
    data = json.loads(re.search(r'id="telaah-chart-data">(.*?)</script>', body, re.S).group(1))
    assert data["labels"] == sorted(["Pemilu", "Pilkada", EVIL_VALUE]) + ["(none)"]
    pressure = dict(
        zip(data["labels"], next(s for s in data["series"] if s["code"] == "pressure")["values"])
    )  # noqa: E501
    assert pressure["Pemilu"] == 1 and pressure["Pilkada"] == 0 and pressure["(none)"] == 2
    assert "&lt;script&gt;alert(3)" in body and "<script>alert(3)" not in body
    found = json.loads(
        re.search(
            r'id="telaah-chart-data">(.*?)</script>',
            synth_site.get("/-/chart?group=attr:election&measure=documents&role=findings").text,
            re.S,
        ).group(1)
    )
    pressure = dict(
        zip(found["labels"], next(s for s in found["series"] if s["code"] == "pressure")["values"])
    )  # noqa: E501
    assert pressure["(none)"] == 1  # the revisi notes' "other" passage no longer counts


def test_factors_reported_by_election_query(synth_site):
    rows = synth_site.get(
        "/telaah/factors_reported_by_election.json?parent=&attr=&_shape=objects"
    ).json()["rows"]
    got = {(r["code_id"], r["election"]): (r["studies_reporting"], r["studies"]) for r in rows}
    assert got[("pressure", "Pemilu")] == (1, 1)
    assert got[("kinship", "Pilkada")] == (1, 1)
    assert got[("kinship", "Pemilu")] == (0, 1)
