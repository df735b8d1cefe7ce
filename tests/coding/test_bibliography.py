"""BibTeX/RIS import: entries match documents by DOI then title, their fields become the
truth with "bib:FILE" recorded, what they lack keeps extraction's value, and passages and
codings are untouched."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import main
from coding.bibliography import (
    BibliographyError,
    import_bibliography,
    normalise_doi,
    normalise_title,
    read_bibliography,
)
from coding.codebook import import_codebook
from coding.codings import add_coding
from corpus.store import write_document
from extract import extract_file

TEXTS = {
    "artikel.txt": (
        "Netralitas Aparatur Sipil Negara dalam Pilkada Serentak\n\n"
        "Ayu Lestari, Budi Santoso\n\n"
        "DOI: 10.31234/jpp.v5i1.77\n\n"
        "Abstrak\n\n"
        "Penelitian ini menelaah alasan pegawai negeri ikut berkampanye bagi petahana.\n\n"
        "Pendahuluan\n\n"
        "Pegawai negeri di kabupaten itu mengaku mendapat tekanan dari atasan.\n"
    ),
    "skripsi.txt": (
        "PELANGGARAN NETRALITAS PEGAWAI NEGERI SIPIL PADA PEMILU 2019\n\n"
        "SKRIPSI\n\n"
        "Siti Rahmawati\n\n"
        "BAB I PENDAHULUAN\n\n"
        "Lurah membagikan sembako atas nama calon legislatif di balai desa.\n"
    ),
    "kerabat.txt": (
        "Politik Kekerabatan dan Birokrasi Lokal di Sulawesi\n\n"
        "Dewi Anggraini\n\n"
        "Ikatan keluarga dengan kandidat membuat pegawai merasa wajib ikut berkampanye.\n"
    ),
}


@pytest.fixture
def corpus(db, tmp_path):
    ids = {}
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        ids[name] = write_document(db, extract_file(tmp_path / name)).document_id
    import_codebook(db, [{"id": "tekanan", "label_id": "Tekanan atasan"}])
    p = next(db.query("select id, text from passages where text like '%tekanan dari atasan%'"))
    start = p["text"].index("tekanan")
    add_coding(db, p["id"], "tekanan", "ayu", start=start, end=start + 19)
    return ids


def doc(db, doc_id: str) -> dict:
    row = next(db.query("select * from documents where id = ?", [doc_id]))
    return {
        **row,
        "authors": json.loads(row["authors"]),
        "keywords": json.loads(row["keywords"]),
        "field_sources": json.loads(row["field_sources"]),
    }


def untouched(db) -> list:
    """Passages and codings: a metadata import must not move a single one."""
    return [
        list(db.query("select id, document_id, seq, text, page_label from passages order by id")),
        list(db.query("select * from codings order by id")),
        db.execute("select count(*) from coding_events").fetchone()[0],
    ]


def screaming(title: str) -> str:
    """Another spelling of a title: case swapped, punctuation added."""
    return title.swapcase().replace(" ", " -- ", 1) + "."


def test_normalisers():
    assert normalise_doi("https://doi.org/10.31234/JPP.V5I1.77.") == "10.31234/jpp.v5i1.77"
    assert normalise_doi("doi:10.1000/xyz") == "10.1000/xyz"
    assert normalise_doi("tanpa doi") is None
    assert normalise_title("Netralitas {ASN}: Studi Kasus — Pilkada!") == (
        "netralitas asn studi kasus pilkada"
    )
    assert normalise_title("Pemilihan Umum Daérah") == normalise_title("pemilihan umum daerah")


def test_bibtex_becomes_the_truth_and_extraction_the_fallback(db, corpus, tmp_path):
    skripsi = doc(db, corpus["skripsi.txt"])
    before = untouched(db)
    bib = tmp_path / "pustaka.bib"
    bib.write_text(
        r"""
@article{lestari2022,
  author = {Lestari, Ayu and Santoso, Budi},
  title = {Netralitas {ASN} dalam Pilkada Serentak: Kasus Kabupaten Sukamaju},
  journal = {Jurnal Politik Pemerintahan},
  year = {2022}, volume = {5}, number = {1}, pages = {116--123},
  doi = {https://doi.org/10.31234/JPP.V5I1.77},
  keywords = {netralitas; pilkada, birokrasi},
  note = {Caf\'{e} ini bukan bagian dari metadata}
}
@mastersthesis{rahmawati2019,
  author = {Rahmawati, Siti},
  title = {TITLE_B},
  school = {Universitas Hasanuddin}
}
@article{tidakada2020, title = {Judul yang tidak ada di korpus}, year = 2020}
@article{rusak, title = {kurung kurawal tidak ditutup
""".replace("TITLE_B", screaming(skripsi["title"])),
        encoding="utf-8",
    )
    result = import_bibliography(db, bib)
    assert result.entries == 3
    matched = {m["key"]: m for m in result.matched}
    assert matched["lestari2022"]["how"] == "doi"
    assert matched["rahmawati2019"]["how"] == "title"
    assert result.unmatched == ["tidakada2020"]
    assert len(result.problems) == 1 and "cannot parse this entry" in result.problems[0]

    artikel = doc(db, corpus["artikel.txt"])
    assert artikel["title"] == "Netralitas ASN dalam Pilkada Serentak: Kasus Kabupaten Sukamaju"
    assert artikel["authors"] == ["Ayu Lestari", "Budi Santoso"]
    assert (artikel["year"], artikel["volume"], artikel["issue"]) == (2022, "5", "1")
    assert artikel["pages"] == "116-123"
    assert artikel["doi"] == "10.31234/jpp.v5i1.77"
    assert artikel["venue"] == "Jurnal Politik Pemerintahan"
    assert artikel["keywords"] == ["netralitas", "pilkada", "birokrasi"]
    assert artikel["kind"] == "journal_article"
    for field in ("title", "authors", "year", "pages", "doi", "venue", "keywords"):
        assert artikel["field_sources"][field] == "bib:pustaka.bib"

    after = doc(db, corpus["skripsi.txt"])
    assert after["kind"] == "thesis" and after["institution"] == "Universitas Hasanuddin"
    assert after["authors"] == ["Siti Rahmawati"]
    assert after["field_sources"]["institution"] == "bib:pustaka.bib"
    # The entry has no year: extraction's year stays, and still says where it came from.
    assert after["year"] == skripsi["year"] == 2019
    assert after["field_sources"]["year"] == skripsi["field_sources"]["year"] != "bib:pustaka.bib"
    assert untouched(db) == before


def test_ris_then_bibtex_by_the_doi_it_brought(db, corpus, tmp_path):
    kerabat = doc(db, corpus["kerabat.txt"])
    ris = tmp_path / "mendeley.ris"
    ris.write_text(
        "TY  - JOUR\n"
        f"TI  - {screaming(kerabat['title'])}\n"
        "AU  - Anggraini, Dewi\n"
        "PY  - 2021///\n"
        "JO  - Jurnal Studi Pemerintahan\n"
        "SP  - 45\nEP  - 67\n"
        "DO  - 10.18196/jgp.2021.0099\n"
        "KW  - kekerabatan\nKW  - birokrasi\n"
        "ER  - \n",
        encoding="utf-8",
    )
    result = import_bibliography(db, ris)
    assert [(m["document_id"], m["how"]) for m in result.matched] == [
        (corpus["kerabat.txt"], "title")
    ]
    after = doc(db, corpus["kerabat.txt"])
    assert after["doi"] == "10.18196/jgp.2021.0099" and after["pages"] == "45-67"
    assert after["authors"] == ["Dewi Anggraini"] and after["year"] == 2021
    assert after["field_sources"]["doi"] == "bib:mendeley.ris"
    # A BibTeX entry with a different title still finds it by the DOI the RIS brought.
    bib = tmp_path / "zotero.bib"
    bib.write_text(
        "@article{a, title={Judul Lain Sama Sekali}, doi={10.18196/JGP.2021.0099}, "
        "language={id}}\n",
        encoding="utf-8",
    )
    result = import_bibliography(db, bib)
    assert [(m["document_id"], m["how"]) for m in result.matched] == [
        (corpus["kerabat.txt"], "doi")
    ]
    again = doc(db, corpus["kerabat.txt"])
    assert again["title"] == "Judul Lain Sama Sekali"
    assert again["field_sources"]["title"] == "bib:zotero.bib"
    assert again["field_sources"]["pages"] == "bib:mendeley.ris"  # kept from the RIS


def test_two_entries_for_one_document_are_left_alone(db, corpus, tmp_path):
    before = doc(db, corpus["artikel.txt"])
    bib = tmp_path / "ganda.bib"
    bib.write_text(
        "@article{x, title={Satu}, doi={10.31234/jpp.v5i1.77}}\n"
        "@article{y, title={Dua}, doi={10.31234/jpp.v5i1.77}}\n",
        encoding="utf-8",
    )
    result = import_bibliography(db, bib)
    assert result.matched == []
    assert result.ambiguous == [
        f"document {corpus['artikel.txt']}: matched by several entries (x, y)"
    ]
    assert doc(db, corpus["artikel.txt"]) == before


def test_bad_files_say_what_to_do(tmp_path):
    ris = tmp_path / "kosong.ris"
    ris.write_text("ini bukan RIS sama sekali\n", encoding="utf-8")
    with pytest.raises(BibliographyError, match=r"kosong\.ris holds no RIS records .* export"):
        read_bibliography(ris)
    other = tmp_path / "pustaka.csv"
    other.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(BibliographyError, match=r"reads BibTeX \(\.bib\) and RIS \(\.ris\)"):
        read_bibliography(other)
    latin = tmp_path / "lama.bib"
    latin.write_bytes("@article{a, title={Daérah}}".encode("latin-1"))
    with pytest.raises(BibliographyError, match="is not UTF-8; export it again as UTF-8"):
        read_bibliography(latin)
    unclosed = tmp_path / "putus.ris"
    unclosed.write_text("TY  - JOUR\nTI  - Judul\nER  - \nTY  - JOUR\nTI  - Lain\n")
    entries, problems = read_bibliography(unclosed)
    assert len(entries) == 1 and problems == [
        "putus.ris: 1 record(s) not closed by 'ER  - ', skipped"
    ]


def test_cli_dry_run_then_import(db, corpus, db_path, tmp_path):
    bib = tmp_path / "pustaka.bib"
    bib.write_text("@article{k, title={Baru}, doi={10.31234/jpp.v5i1.77}}\n", encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["import", "bib", str(bib), "--db", str(db_path), "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "pustaka.bib: 1 entries, 1 documents would update" in r.stdout
    assert doc(db, corpus["artikel.txt"])["title"] != "Baru"
    r = runner.invoke(main, ["import", "bib", str(bib), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    assert f"k -> {corpus['artikel.txt']} (by doi): doi, kind, title" in r.stdout
    assert doc(db, corpus["artikel.txt"])["title"] == "Baru"
    r = runner.invoke(main, ["import", "bib", str(tmp_path / "tiada.bib"), "--db", str(db_path)])
    assert r.exit_code == 1 and "tiada.bib does not exist; check the path" in r.output


def test_a_forced_reingest_keeps_what_the_library_gave(db, corpus, tmp_path):
    bib = tmp_path / "pustaka.bib"
    bib.write_text(
        "@article{lestari2022, author = {Lestari, Ayu}, title = {Judul dari Zotero},"
        " doi = {10.31234/jpp.v5i1.77}, year = {2022}}\n",
        encoding="utf-8",
    )
    import_bibliography(db, bib)
    guessed_abstract = doc(db, corpus["artikel.txt"])["abstract"]
    write_document(db, extract_file(tmp_path / "artikel.txt"))  # what ingest --force does
    again = doc(db, corpus["artikel.txt"])
    assert (again["title"], again["authors"], again["year"]) == (
        "Judul dari Zotero",
        ["Ayu Lestari"],
        2022,
    )
    assert again["field_sources"]["title"] == "bib:pustaka.bib"
    # What the library did not give is extraction's again, and says so.
    assert again["abstract"] == guessed_abstract
    assert again["field_sources"]["abstract"] != "bib:pustaka.bib"


def rowids(db) -> list:
    """Rows as SQLite stores them: a metadata change must not delete and re-insert any."""
    return [
        list(db.execute("select rowid, id from passages order by rowid").fetchall()),
        list(db.execute("select rowid, document_id, page from pages order by rowid").fetchall()),
    ]


def test_an_entry_names_its_document_by_id(db, corpus, db_path, tmp_path):
    target = corpus["kerabat.txt"]
    before = rowids(db)
    bib = tmp_path / "pustaka.bib"
    bib.write_text(
        "@book{a, title = {Judul Buku Lain Sama Sekali}, telaah = {TARGET}, year = {2021}}\n"
        "@misc{b, title = {Catatan}, year = {2020}}\n".replace("TARGET", target),
        encoding="utf-8",
    )
    result = import_bibliography(db, bib)
    assert [(m["key"], m["document_id"], m["how"]) for m in result.matched] == [("a", target, "id")]
    assert doc(db, target)["title"] == "Judul Buku Lain Sama Sekali"
    assert doc(db, target)["kind"] == "book"
    assert rowids(db) == before  # metadata only: no page or passage rewritten
    ris = tmp_path / "satu.ris"
    ris.write_text("TY  - JOUR\nTI  - Dari RIS\nPY  - 2019\nER  - \n", encoding="utf-8")
    r = CliRunner().invoke(
        main,
        ["import", "bib", str(ris), "--db", str(db_path), "--match", f"#1={corpus['skripsi.txt']}"],
    )
    assert r.exit_code == 0, r.output
    assert f"#1 -> {corpus['skripsi.txt']} (by id): kind, title, year" in r.stdout
    r = CliRunner().invoke(
        main, ["import", "bib", str(ris), "--db", str(db_path), "--match", "#1=tidakada"]
    )
    assert "no document for: #1 (no document tidakada)" in r.stdout


def test_a_library_does_not_undo_a_hand_correction(db, corpus, db_path, tmp_path):
    target = corpus["artikel.txt"]
    r = CliRunner().invoke(
        main, ["document", "set", target, "title=Judul yang Dibetulkan", "--db", str(db_path)]
    )
    assert r.exit_code == 0, r.output
    bib = tmp_path / "pustaka.bib"
    bib.write_text(
        "@article{k, title = {Judul Zotero}, year = {2022}, telaah = {TARGET}}\n".replace(
            "TARGET", target
        ),
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["import", "bib", str(bib), "--db", str(db_path)])
    assert f"k -> {target} (by id): kind, year; kept as set by hand: title" in r.stdout
    d = doc(db, target)
    assert d["title"] == "Judul yang Dibetulkan" and d["year"] == 2022
    assert d["field_sources"]["title"] == "manual"
    assert d["field_sources"]["year"] == "bib:pustaka.bib"
