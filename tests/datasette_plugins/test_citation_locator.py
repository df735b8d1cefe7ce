"""What a passage's citation adds from this corpus: the page of the quoted span and a
regulation's locator (pure functions of datasette_plugins.citation)."""

from __future__ import annotations

import json

from datasette_plugins import citation

REGULATION = {
    "id": "c58a68f9e40d",
    "kind": "regulation",
    "title": "PERATURAN PEMERINTAH REPUBLIK INDONESIA NOMOR 11 TAHUN 2017 TENTANG MANAJEMEN "
    "PEGAWAI NEGERI SIPIL",
    "year": 2017,
    "authors": [],
}
PASSAGE = {
    "id": "c58a68f9e40d-3198cd48fc",
    "document_id": "c58a68f9e40d",
    "text": "x" * 40,
    "page": 6,
    "page_label": "6",
    "page_breaks": json.dumps([[20, 7, "7"]]),
    "locator": "Pasal 3 ayat (3)",
}


def test_a_regulation_is_cited_by_short_name_and_article():
    assert (
        citation.regulation_in_text(REGULATION, "Pasal 3 ayat (3)")
        == "(PP 11/2017, Pasal 3 ayat (3))"
    )
    assert citation.regulation_in_text(REGULATION, None) is None
    assert citation.regulation_in_text({**REGULATION, "kind": "thesis"}, "Pasal 3") is None


def test_the_cited_span_carries_its_own_page():
    assert citation.cited_span(PASSAGE, 25, 30)["page_label"] == "7"
    assert citation.cited_span(PASSAGE, 25, 30)["page"] == 7
    assert citation.cited_span(PASSAGE, 10, 30)["page_label"] == "6-7"
    assert citation.cited_span(PASSAGE)["page_label"] == "6-7"


def test_the_csl_item_names_the_article():
    item = citation.source_item(REGULATION, citation.cited_span(PASSAGE, 25, 30))
    assert item["type"] == "legislation"
    assert item["section"] == "Pasal 3 ayat (3)"
    assert "Quoted: Pasal 3 ayat (3), hlm. 7" in item["note"]
