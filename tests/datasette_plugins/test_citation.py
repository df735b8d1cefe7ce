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


ARTICLE_ID = {**ARTICLE, "id": "8f1696c263c9", "issn": "2460-1234"}
PERMALINK = "https://korpus.example/netralitas/-/cite/8f1696c263c9-921a1f1f1a"


def source_item(doc=ARTICLE_ID, **kw):
    return citation.source_item(
        doc, PASSAGE, permalink=PERMALINK, corpus_title="Korpus Netralitas", **kw
    )


def corpus_item(**kw):
    return citation.corpus_item(
        title="Korpus Netralitas ASN",
        version="abc123def456",
        author="Tim Telaah",
        accessed="2025-03-04",
        url="https://korpus.example/netralitas/",
        **kw,
    )


def fields_of(bibtex: str) -> list[tuple[str, dict]]:
    lib = bibtexparser.parse_string(bibtex)
    assert not lib.failed_blocks
    return [(e.entry_type, {k: v.value for k, v in e.fields_dict.items()}) for e in lib.entries]


def test_csl_json_item_of_an_article_is_the_article():
    item = source_item()
    assert item["type"] == "article-journal"
    assert item["container-title"] == "Jurnal Ilmu Administrasi Publik"
    assert item["page"] == "115-130" and item["volume"] == "9" and item["issue"] == "2"
    assert item["author"][0] == {"family": "Putra", "given": "Bima"}
    assert item["issued"] == {"date-parts": [[2023]]}
    assert item["citation-key"] == "putra2023-8f1696c263c9"
    assert item["note"] == (
        "Quoted: hlm. 117 (PDF page 2); passage 8f1696c263c9-921a1f1f1a in Korpus "
        f"Netralitas, {PERMALINK}"
    )
    assert "URL" not in item and "publisher" not in item and "abstract" not in item


def test_bibtex_of_an_article_reads_back_as_an_article():
    [(kind, fields)] = fields_of(citation.to_bibtex(source_item()))
    assert kind == "article"
    assert fields["author"] == "Putra, Bima and Rahmadani, Sari and Wibowo, Hendra"
    assert fields["journal"] == "Jurnal Ilmu Administrasi Publik"
    assert (fields["volume"], fields["number"], fields["pages"]) == ("9", "2", "115--130")
    assert fields["doi"] == "10.12345/jiap.v9i2.777" and fields["year"] == "2023"
    assert "hlm. 117" in fields["note"] and "url" not in fields and "publisher" not in fields


def test_ris_of_an_article_is_jour():
    (entry,) = rispy.loads(citation.to_ris(source_item()))
    assert entry["type_of_reference"] == "JOUR"
    assert entry["journal_name"] == "Jurnal Ilmu Administrasi Publik"
    assert (entry["volume"], entry["number"]) == ("9", "2")
    assert (entry["start_page"], entry["end_page"]) == ("115", "130")
    assert entry["authors"] == ["Putra, Bima", "Rahmadani, Sari", "Wibowo, Hendra"]
    assert "urls" not in entry and "hlm. 117" in entry["notes"][0]


@pytest.mark.parametrize(
    "level, bib_type, genre",
    [
        ("skripsi", "mastersthesis", "Skripsi"),
        ("tesis", "mastersthesis", "Tesis"),
        ("disertasi", "phdthesis", "Disertasi"),
    ],
)
def test_a_thesis_is_a_thesis_with_its_school(level, bib_type, genre):
    item = source_item({**THESIS, "id": "aa11bb22cc33"}, thesis=level)
    [(kind, fields)] = fields_of(citation.to_bibtex(item))
    assert kind == bib_type
    assert fields["school"] == "Universitas Sriwijaya" and fields["type"] == genre
    (entry,) = rispy.loads(citation.to_ris(item))
    assert entry["type_of_reference"] == "THES"
    assert entry["publisher"] == "Universitas Sriwijaya" and entry["type_of_work"] == genre


def test_a_regulation_carries_its_number():
    doc = {
        "id": "cc33dd44ee55",
        "kind": "regulation",
        "title": "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil",
        "year": 2021,
    }
    [(kind, fields)] = fields_of(citation.to_bibtex(source_item(doc)))
    assert kind == "techreport"
    assert fields["type"] == "Peraturan Pemerintah" and fields["number"] == "94 Tahun 2021"
    assert rispy.loads(citation.to_ris(source_item(doc)))[0]["type_of_reference"] == "STAT"


def test_page_range_from_page_labels():
    labels = [(1, None), (2, "117"), (3, "118"), (8, "123")]
    assert citation.page_range(labels, 8) == "116-123"
    assert citation.page_range([(1, "28"), (2, "29")], 9) == "28-36"
    assert citation.page_range([(1, "5"), (2, "9")], 2) is None  # labels disagree
    assert citation.page_range([(1, "iv"), (2, None)], 2) is None
    assert citation.page_range([], 3) is None


def test_book_and_conference_paper():
    book = {"id": "b1", "kind": "book", "title": "Birokrasi", "institution": "Penerbit X"}
    [(kind, fields)] = fields_of(citation.to_bibtex(source_item(book)))
    assert kind == "book" and fields["publisher"] == "Penerbit X"
    paper = {"id": "c1", "kind": "conference_paper", "title": "Makalah", "venue": "Seminar Y"}
    [(kind, fields)] = fields_of(citation.to_bibtex(source_item(paper)))
    assert kind == "inproceedings" and fields["booktitle"] == "Seminar Y"


def test_no_field_holds_an_e_mail():
    doc = {
        **ARTICLE_ID,
        "abstract": "Email : rahmadani2718@gmail.com* Abstrak penelitian ini",
        "institution": "Universitas Negeri Padang",
        "venue": "Jurnal X rahmadani@example.ac.id",
    }
    item = source_item(doc)
    bib, ris = citation.to_bibtex(item), citation.to_ris(item)
    assert "@" not in bib.split("{", 1)[1] and "@" not in ris
    assert "Universitas Negeri Padang" not in bib  # an affiliation is not a publisher
    assert citation.no_email("Email : a.b@c.id* Bandung") == "Bandung"


def test_corpus_entry_is_a_dataset_with_version_doi_and_url():
    item = corpus_item(doi="10.5281/zenodo.1234567", published="2026-12-01")
    [(kind, fields)] = fields_of(citation.to_bibtex(item))
    assert kind == "misc"
    assert fields["url"] == "https://korpus.example/netralitas/"
    assert fields["version"] == "abc123def456" and fields["doi"] == "10.5281/zenodo.1234567"
    assert fields["year"] == "2026" and fields["author"] == "{Tim Telaah}"
    (entry,) = rispy.loads(citation.to_ris(item))
    assert entry["type_of_reference"] == "DATA" and entry["edition"] == "abc123def456"
    assert entry["urls"] == ["https://korpus.example/netralitas/"]


def test_bibtex_escapes_specials_in_untrusted_fields():
    doc = {**ARTICLE_ID, "title": "50% & {kurung} #1 di_bawah \\ akhir", "venue": "J} @misc{x,"}
    text = citation.to_bibtex(source_item(doc))
    assert r"50\% \& \{kurung\} \#1 di\_bawah \textbackslash{} akhir" in text
    lib = bibtexparser.parse_string(text)
    assert len(lib.entries) == 1 and not lib.failed_blocks


def test_ris_keeps_multiline_text_on_one_line():
    doc = {**ARTICLE_ID, "title": "Baris satu\nER  - baris dua"}
    text = citation.to_ris(source_item(doc))
    assert "TI  - Baris satu ER - baris dua\n" in text
    assert len(rispy.loads(text)) == 1


def test_meta_tags():
    tags = citation.meta_tags(source_item())
    assert ("citation_title", ARTICLE["title"]) in tags
    assert [v for k, v in tags if k == "citation_author"] == [
        "Putra, Bima",
        "Rahmadani, Sari",
        "Wibowo, Hendra",
    ]
    assert ("citation_firstpage", "115") in tags and ("citation_lastpage", "130") in tags
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
