"""Citation formats as pure functions: APA 7, the Indonesian style, BibTeX, RIS, CSL-JSON.

BibTeX and RIS are read back with bibtexparser and rispy (the parsers Telaah's own
bibliography import uses), so an entry a reference manager cannot read fails here.
"""

from __future__ import annotations

import bibtexparser
import pytest
import rispy

from datasette_plugins import citation

ARTICLE = {
    "title": "Tekanan Atasan dan Mobilisasi Pegawai Menjelang Pemilu Serentak",
    "authors": ["Bima Putra", "Sari Rahmadani", "Hendra Wibowo"],
    "year": 2023,
    "kind": "journal_article",
    "venue": "Jurnal Ilmu Administrasi Publik",
    "volume": "9",
    "issue": "2",
    "pages": "115-130",
    "doi": "10.12345/jiap.v9i2.777",
}
THESIS = {
    "title": "Faktor Kekerabatan dalam Pelanggaran Netralitas ASN",
    "authors": ["Dewi Ayu Lestari"],
    "year": 2024,
    "kind": "thesis",
    "institution": "Universitas Sriwijaya",
}
PASSAGE = {
    "id": "8f1696c263c9-921a1f1f1a",
    "document_id": "8f1696c263c9",
    "page": 2,
    "page_label": "117",
    "text": "Pegawai khawatir dimutasi.",
}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Dewi Ayu Lestari", {"family": "Lestari", "given": "Dewi Ayu"}),
        ("Lestari, Dewi Ayu", {"family": "Lestari", "given": "Dewi Ayu"}),
        ("Suharto", {"family": "Suharto"}),
        ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
        ("  Sari   Rahmadani ", {"family": "Rahmadani", "given": "Sari"}),
    ],
)
def test_person(name, expected):
    assert citation.person(name) == expected


def test_apa_and_indonesian_references_of_an_article():
    assert citation.reference(ARTICLE) == (
        "Putra, B., Rahmadani, S., & Wibowo, H. (2023). Tekanan Atasan dan Mobilisasi Pegawai "
        "Menjelang Pemilu Serentak. *Jurnal Ilmu Administrasi Publik*, *9*(2), 115–130. "
        "https://doi.org/10.12345/jiap.v9i2.777"
    )
    assert citation.reference(ARTICLE, lang="id").startswith(
        "Putra, B., Rahmadani, S., dan Wibowo, H. (2023)."
    )
    assert citation.in_text(ARTICLE, page_label="117") == "(Putra et al., 2023, p. 117)"
    assert citation.in_text(ARTICLE, page_label="117", lang="id") == "(Putra dkk., 2023, hlm. 117)"


def test_thesis_reference_names_the_kind_of_thesis():
    assert citation.reference(THESIS, thesis="skripsi") == (
        "Lestari, D. A. (2024). *Faktor Kekerabatan dalam Pelanggaran Netralitas ASN* "
        "[Undergraduate thesis, Universitas Sriwijaya]."
    )
    assert "[Skripsi, Universitas Sriwijaya]" in citation.reference(
        THESIS, lang="id", thesis="skripsi"
    )
    assert "[Tesis, Universitas Sriwijaya]" in citation.reference(THESIS, lang="id", thesis="tesis")
    assert "[Thesis, Universitas Sriwijaya]" in citation.reference(THESIS)
    assert citation.thesis_kind(["JUDUL", "SKRIPSI", "Diajukan untuk"]) == "skripsi"
    assert citation.thesis_kind(["Sebuah tesis magister"]) == "tesis"
    assert citation.thesis_kind(["Artikel"]) is None


def test_two_authors_no_year_no_page_label_no_author():
    two = {**ARTICLE, "authors": ["Bima Putra", "Sari Rahmadani"], "year": None}
    assert citation.in_text(two, page_label="5") == "(Putra & Rahmadani, n.d., p. 5)"
    assert citation.in_text(two, page=3, lang="id") == "(Putra dan Rahmadani, t.t., hlm. PDF 3)"
    anonymous = {"title": "Catatan Lapangan tentang Netralitas", "kind": "other", "year": 2022}
    assert citation.reference(anonymous) == "*Catatan Lapangan tentang Netralitas.* (2022)."
    assert citation.in_text(anonymous, page_label="7") == (
        "(*Catatan Lapangan tentang Netralitas*, 2022, p. 7)"
    )


def test_more_than_twenty_authors_are_cut_the_apa_way():
    many = {**ARTICLE, "authors": [f"Penulis Nomor{i}" for i in range(1, 24)]}
    ref = citation.reference(many)
    assert "Nomor19, P., . . . Nomor23, P. (2023)" in ref and "Nomor20" not in ref


def test_italic_html_escapes_first():
    assert citation.italic_html("<b>*Judul* & A</b>") == "&lt;b&gt;<i>Judul</i> &amp; A&lt;/b&gt;"


def passage_item(doc=ARTICLE):
    return citation.passage_item(
        doc,
        PASSAGE,
        url="https://korpus.example/-/cite/8f1696c263c9-921a1f1f1a",
        version="abc123def456",
        accessed="2025-03-04",
        dataset_title="Telaah corpus",
    )


def test_csl_json_item():
    item = passage_item()
    assert item["type"] == "dataset" and item["page"] == "117"
    assert item["author"][0] == {"family": "Putra", "given": "Bima"}
    assert item["issued"] == {"date-parts": [[2023]]}
    assert item["accessed"] == {"date-parts": [[2025, 3, 4]]}
    assert item["citation-key"] == "putra2023-921a1f1f1a"
    assert item["DOI"] == "10.12345/jiap.v9i2.777" and item["version"] == "abc123def456"


def test_bibtex_reads_back():
    item = passage_item()
    text = citation.to_bibtex(item)
    assert text.startswith("@misc{putra2023-921a1f1f1a,")
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    (entry,) = lib.entries
    fields = {k: v.value for k, v in entry.fields_dict.items()}
    assert fields["author"] == "Putra, Bima and Rahmadani, Sari and Wibowo, Hendra"
    assert fields["pages"] == "117" and fields["year"] == "2023"
    assert fields["doi"] == "10.12345/jiap.v9i2.777"
    assert fields["url"] == "https://korpus.example/-/cite/8f1696c263c9-921a1f1f1a"


def test_bibtex_escapes_specials_in_untrusted_fields():
    doc = {**ARTICLE, "title": "50% & {kurung} #1 di_bawah \\ akhir", "venue": "J} @misc{x,"}
    text = citation.to_bibtex(passage_item(doc))
    assert r"50\% \& \{kurung\} \#1 di\_bawah \textbackslash{} akhir" in text
    lib = bibtexparser.parse_string(text)
    assert len(lib.entries) == 1 and not lib.failed_blocks
    assert lib.entries[0]["journal"] == r"J\} @misc\{x,"


def test_ris_reads_back():
    text = citation.to_ris(passage_item())
    assert text.startswith("TY  - DATA\n") and text.endswith("ER  -\n")
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "DATA"
    assert entry["authors"] == ["Putra, Bima", "Rahmadani, Sari", "Wibowo, Hendra"]
    assert entry["start_page"] == "117"
    assert entry["doi"] == "10.12345/jiap.v9i2.777"
    assert entry["urls"] == ["https://korpus.example/-/cite/8f1696c263c9-921a1f1f1a"]


def test_ris_keeps_multiline_text_on_one_line():
    doc = {**ARTICLE, "title": "Baris satu\nER  - baris dua"}
    text = citation.to_ris(passage_item(doc))
    assert "TI  - Baris satu ER - baris dua\n" in text
    assert len(rispy.loads(text)) == 1


def test_meta_tags():
    tags = citation.meta_tags(passage_item())
    assert ("citation_title", ARTICLE["title"]) in tags
    assert [v for k, v in tags if k == "citation_author"] == [
        "Putra, Bima",
        "Rahmadani, Sari",
        "Wibowo, Hendra",
    ]
    assert ("citation_firstpage", "117") in tags
    assert ("citation_journal_title", "Jurnal Ilmu Administrasi Publik") in tags


def test_finding_item():
    finding = {
        "id": "kekerabatan",
        "name": "Kekerabatan",
        "statement": "Tujuh dari dua belas.",
        "corpus_version": "abc123def456",
        "result_hash": "f" * 64,
        "row_count": 1,
        "created_by": None,
        "created_at": "2025-01-02T03:04:05+00:00",
    }
    item = citation.finding_item(
        finding,
        url="https://korpus.example/-/findings/kekerabatan",
        accessed="2025-03-04",
        dataset_title="Telaah",
        author="Tim Telaah",
    )
    assert item["author"] == [{"literal": "Tim Telaah"}]
    assert item["issued"] == {"date-parts": [[2025, 1, 2]]}
    assert item["citation-key"] == "tim2025-kekerabatan"
    assert "1 row;" in item["note"] and "f" * 64 in item["note"]
    (entry,) = bibtexparser.parse_string(citation.to_bibtex(item)).entries
    assert entry["author"] == "{Tim Telaah}" and entry["version"] == "abc123def456"
    assert rispy.loads(citation.to_ris(item))[0]["authors"] == ["Tim Telaah"]
