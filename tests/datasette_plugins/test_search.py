"""Indonesian search on the site: the passages table's search box and the ranked canned
query stem like ``telaah search`` (acceptance 4 of issue 12)."""

from __future__ import annotations

import pytest

from corpus.db import open_corpus
from corpus.ingest import ingest
from datasette_plugins.publish import make_datasette

NOTES = """# Catatan Kecamatan

## Temuan

Hubungan kekerabatan memperkuat dorongan, kata seorang adik ipar calon bupati.

Seorang guru menyebut saudaranya ikut berkampanye di media sosial.

Tekanan atasan menjelang pemungutan suara terasa berat bagi pegawai honorer.

Faktor-faktor lain jarang disebut oleh informan.
"""


@pytest.fixture(scope="module")
def stem_site(tmp_path_factory, client_for):
    work = tmp_path_factory.mktemp("stem")
    (work / "catatan.md").write_text(NOTES, encoding="utf-8")
    path = work / "telaah.db"
    db = open_corpus(path)
    assert ingest(db, [work / "catatan.md"], workers=1).ok
    db.close()
    return client_for(make_datasette(path))


def texts(site, path: str) -> list[str]:
    rows = site.get(path).json()
    return [r.get("text") or r.get("snippet") for r in rows]


def test_search_box_finds_kekerabatan_for_kerabat(stem_site):
    found = texts(stem_site, "/telaah/passages.json?_search=kerabat&_shape=array")
    assert found and all("kekerabatan" in t for t in found)
    assert "kerabat " not in " ".join(found)  # the passage holds only the affixed form
    page = stem_site.get("/telaah/passages?_search=kerabat")
    assert page.status_code == 200 and "adik ipar calon bupati" in page.text


@pytest.mark.parametrize(
    ("query", "n"),
    [("kerabat*", 1), ('"adik ipar"', 1), ('"ipar adik"', 0), ("kerabat OR tekan", 2)],
)
def test_search_box_reads_phrases_prefixes_and_or(stem_site, query, n):
    r = stem_site.get("/telaah/passages.json", params={"_search": query, "_shape": "array"})
    assert r.status_code == 200 and len(r.json()) == n


def test_search_box_survives_a_malformed_query(stem_site):
    r = stem_site.get("/telaah/passages.json", params={"_search": '"adik ipar', "_shape": "array"})
    assert r.status_code == 200 and len(r.json()) == 1  # read as its words


def test_ranked_query_stems_and_brackets_the_surface_word(stem_site):
    rows = stem_site.get(
        "/telaah/search_ranked.json", params={"q": "kerabat", "_shape": "array"}
    ).json()
    assert [r["snippet"].count("[kekerabatan]") for r in rows] == [1]
