"""Study attributes: definitions and their checks, values with their source, the CSV
import (matched by id, DOI or title; bad rows named and never written), proposals read
from the text (nothing set until accepted), and REFI-QDA cases that round-trip.

Documents are written through ``corpus.store`` (the ``put`` fixture); the texts are our
own Indonesian sentences. The seed test reads ``../shared/seeds`` and asserts what each
seed states, from our own reading of it, without copying its sentences here.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import load_workbook

from coding import attributes as attrs
from coding.attributes import (
    AttributeInUse,
    BadAttribute,
    BadCsv,
    BadValue,
    NoSuchAttribute,
    NoSuchDocument,
)
from coding.errors import MissingCoder
from coding.refi import ImportConflicts, export_project, import_project, validate
from coding.suggest.attributes import parse_number, read_attributes
from coding.tabular import export_csv, export_xlsx
from corpus.db import open_corpus
from corpus.store import write_document
from extract import extract_file
from extract.model import Passage

STUDY_A = [
    Passage("Netralitas ASN pada Pilkada Serentak 2024 di Kabupaten Sukoharjo", 1, kind="heading"),
    Passage(
        "Abstrak: Penelitian ini menjelaskan pelanggaran netralitas aparatur pada Pilkada "
        "Serentak 2024 di Kabupaten Sukoharjo, Provinsi Jawa Tengah.",
        1,
    ),
    Passage("Metode Penelitian", 2, section="Metode Penelitian", kind="heading"),
    Passage(
        "Penelitian ini menggunakan pendekatan kualitatif. Data dikumpulkan melalui wawancara "
        "mendalam dengan dua belas informan dan telaah dokumen pengawasan.",
        2,
        section="Metode Penelitian",
    ),
    Passage("Tinjauan Pustaka", 3, section="Tinjauan Pustaka", kind="heading"),
    Passage(
        "Studi lain tentang Pemilu 2019 di Kota Medan memakai survei terhadap 300 responden.",
        3,
        section="Tinjauan Pustaka",
    ),
]


@pytest.fixture
def corpus(db, put):
    """Three documents: one with a DOI, two sharing a title (for ambiguous matches)."""
    a = put(db, "studi-a", STUDY_A, title="Netralitas ASN pada Pilkada Serentak 2024")
    b = put(db, "studi-b", ["Pemilu legislatif di Kota Padang."], title="Pemilu di Kota Padang")
    c = put(db, "studi-c", ["Teks lain."], title="Judul Kembar")
    d = put(db, "studi-d", ["Teks lain lagi."], title="Judul kembar!")
    ids = [p[0].rsplit("-", 1)[0] for p in (a, b, c, d)]
    db.execute("update documents set doi = '10.1234/jip.2024.7' where id = ?", [ids[1]])
    attrs.define_attribute(db, "election", "category", values="Pilkada,Pemilu,Pilpres")
    attrs.define_attribute(db, "informants", "number")
    attrs.define_attribute(db, "data", "list", values=["wawancara", "survei", "dokumen"])
    attrs.define_attribute(db, "region", "text")
    return db, ids


# -- definitions and values --------------------------------------------------------------


def test_definitions_are_checked_with_messages_that_say_what_to_do(db):
    with pytest.raises(BadAttribute, match="lower-case letters, digits and _"):
        attrs.define_attribute(db, "Election Year", "number")
    with pytest.raises(BadAttribute, match='"year" is a field every document already has'):
        attrs.define_attribute(db, "year", "number")
    with pytest.raises(BadAttribute) as err:
        attrs.define_attribute(db, "election", "category")
    assert str(err.value) == (
        'a category needs its values: telaah attr define election --type category --values "A,B,C"'
    )
    with pytest.raises(BadAttribute, match="takes no --values"):
        attrs.define_attribute(db, "region", "text", values="a,b")
    row = attrs.define_attribute(db, "election", "category", values=" Pilkada, Pemilu ,pemilu")
    assert row["allowed_values"] == ["Pilkada", "Pemilu"]


def test_values_are_normalised_to_their_type(corpus):
    db, ids = corpus
    changes = attrs.set_values(
        db,
        ids[0],
        {"election": "pilkada", "informants": "12,0", "data": "wawancara; Dokumen; wawancara"},
        set_by="ayu",
    )
    assert [c["value"] for c in changes] == ["Pilkada", "12", '["wawancara", "dokumen"]']
    assert attrs.attribute_values(db)[ids[0]] == {
        "election": "Pilkada",
        "informants": 12,
        "data": ["wawancara", "dokumen"],
    }
    row = next(db.query("select * from document_attributes where name = 'election'"))
    assert (row["source"], row["set_by"]) == ("manual", "ayu")


def test_a_bad_value_writes_nothing_of_the_call(corpus):
    db, ids = corpus
    with pytest.raises(BadValue) as err:
        attrs.set_values(db, ids[0], {"informants": "12", "election": "Pilgub"}, set_by="ayu")
    assert str(err.value) == (
        'election: "Pilgub" is not one of Pilkada, Pemilu, Pilpres; use one of them, or add it '
        'with: telaah attr define election --type category --values "Pilkada,Pemilu,Pilpres,Pilgub"'
    )
    assert db["document_attributes"].count == 0
    with pytest.raises(BadValue, match='"dua belas" is not a number; write digits'):
        attrs.set_value(db, ids[0], "informants", "dua belas", set_by="ayu")
    with pytest.raises(NoSuchAttribute, match="telaah attr define wilayah"):
        attrs.set_value(db, ids[0], "wilayah", "x", set_by="ayu")
    with pytest.raises(NoSuchDocument, match="telaah documents"):
        attrs.set_value(db, "tidakada", "election", "Pemilu", set_by="ayu")
    with pytest.raises(MissingCoder):
        attrs.set_value(db, ids[0], "election", "Pemilu", set_by=" ")


def test_redefining_refuses_to_strand_values_and_unset_removes(corpus):
    db, ids = corpus
    attrs.set_value(db, ids[0], "election", "Pilpres", set_by="ayu")
    with pytest.raises(AttributeInUse, match=f"1 document\\(s\\) hold .*{ids[0]}"):
        attrs.define_attribute(db, "election", "category", values="Pilkada,Pemilu")
    attrs.define_attribute(db, "election", "category", values="Pilkada,Pemilu,Pilpres,Pileg")
    assert attrs.unset_value(db, ids[0], "election") == "Pilpres"
    assert attrs.unset_value(db, ids[0], "election") is None


# -- CSV import (acceptance 2) ---------------------------------------------------------------


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import_by_id_doi_and_title_names_bad_rows_and_writes_none_of_them(corpus, tmp_path):
    db, ids = corpus
    path = write(
        tmp_path,
        "atribut.csv",
        "document,election,informants,data\n"
        f"{ids[2]},Pilkada,12,wawancara;dokumen\n"  # row 2: by id
        "https://doi.org/10.1234/JIP.2024.7,Pemilu,,\n"  # row 3: by DOI
        "NETRALITAS ASN pada pilkada serentak 2024.,pilpres,,\n"  # row 4: by title
        "Judul Kembar,Pemilu,3,\n"  # row 5: two documents share this title
        "Studi yang Tidak Ada,Pemilu,4,\n"  # row 6: no such document
        f"{ids[3]},Pilgub,5,survei\n",  # row 7: a category value outside the list
    )
    result = attrs.import_csv(db, path)
    assert [(m["row"], m["how"]) for m in result.matched] == [(2, "id"), (3, "doi"), (4, "title")]
    assert result.unmatched == [{"row": 6, "document": "Studi yang Tidak Ada"}]
    assert result.ambiguous == [
        {"row": 5, "document": "Judul Kembar", "candidates": sorted([ids[2], ids[3]])}
    ]
    assert result.refused == [
        {
            "row": 7,
            "document_id": ids[3],
            "problems": [
                'election: "Pilgub" is not one of Pilkada, Pemilu, Pilpres; use one of them, or '
                "add it with: telaah attr define election --type category --values "
                '"Pilkada,Pemilu,Pilpres,Pilgub"'
            ],
        }
    ]
    assert (result.values_set, result.documents, result.bad_rows) == (5, 3, 3)
    assert attrs.attribute_values(db) == {
        ids[2]: {"election": "Pilkada", "informants": 12, "data": ["wawancara", "dokumen"]},
        ids[1]: {"election": "Pemilu"},
        ids[0]: {"election": "Pilpres"},
    }  # nothing of rows 5, 6, 7: not the good informants value of row 7 either
    sources = {(r["source"], r["set_by"]) for r in db.query("select * from document_attributes")}
    assert sources == {("csv", "atribut.csv")}
    again = attrs.import_csv(db, path)
    assert (again.values_set, again.values_changed, again.values_unchanged) == (0, 0, 5)


def test_csv_dry_run_semicolons_duplicates_and_unknown_columns(corpus, tmp_path):
    db, ids = corpus
    path = write(
        tmp_path, "excel.csv", f"Document;informants\n{ids[0]};7\n{ids[1]};8\n{ids[1]};9\n"
    )
    result = attrs.import_csv(db, path, dry_run=True)
    assert result.values_set == 1 and db["document_attributes"].count == 0
    assert [(r["row"], r["problems"]) for r in result.refused] == [
        (3, ["row 4 names the same document"]),
        (4, ["row 3 names the same document"]),
    ]
    bad = write(tmp_path, "lain.csv", f"document,wilayah\n{ids[0]},Jambi\n")
    with pytest.raises(BadCsv, match="'wilayah' are not attributes; define each first"):
        attrs.import_csv(db, bad)
    with pytest.raises(BadCsv, match='no "document" column'):
        attrs.import_csv(db, write(tmp_path, "x.csv", "id,election\n1,Pemilu\n"))


# -- proposals read from the text ------------------------------------------------------------


def test_parse_number_reads_indonesian_number_words():
    assert parse_number(["dua", "belas"]) == 12
    assert parse_number(["dua", "puluh", "lima"]) == 25
    assert parse_number(["sebelas"]) == 11
    assert parse_number(["seratus", "dua"]) == 102
    assert parse_number(["12"]) == 12
    assert parse_number(["banyak"]) is None


def test_read_attributes_weighs_where_a_mention_stands():
    passages = [
        {"id": f"p{i}", "seq": i, "text": p.text, "section": p.section, "kind": p.kind}
        for i, p in enumerate(STUDY_A)
    ]
    found = {(p.name, p.value): p for p in read_attributes(passages, title=STUDY_A[0].text)}
    best = {}
    for (name, _value), p in found.items():
        if name not in best or p.score > best[name].score:
            best[name] = p
    assert {n: p.value for n, p in best.items()} == {
        "election": "Pilkada",
        "election_year": "2024",
        "region": "Kabupaten Sukoharjo",
        "province": "Jawa Tengah",
        "method": "kualitatif",
        "data": "wawancara",
        "informants": "12",
    }
    assert best["election"].quote == "Pilkada Serentak 2024"
    assert best["election"].passage_id == "p0"  # the title
    assert best["informants"].quote == "dua belas informan"
    assert best["informants"].passage_id == "p3"  # the method section
    # The literature review's study (Pemilu 2019, Kota Medan, a survey of 300) is another's.
    assert ("election_year", "2019") not in found
    assert ("data", "survei") not in found


def test_suggestions_set_nothing_until_accepted(corpus):
    db, ids = corpus
    rows = attrs.suggest_attributes(db, document_id=ids[0])
    assert db["document_attributes"].count == 0
    assert {"election_year", "province", "method"} <= {a["name"] for a in attrs.list_attributes(db)}
    election = [r for r in rows if r["name"] == "election"]
    assert election[0]["value"] == "Pilkada" and election[0]["quote"] == "Pilkada Serentak 2024"
    region = next(r for r in rows if r["name"] == "region")
    assert region["value"] == "Kabupaten Sukoharjo"
    attrs.decide_suggestion(db, region["id"], "accepted", coder="ayu")
    stored = next(db.query("select * from document_attributes where name = 'region'"))
    assert (stored["value"], stored["source"], stored["set_by"], stored["passage_id"]) == (
        "Kabupaten Sukoharjo",
        "suggested",
        "ayu",
        region["passage_id"],
    )
    # Accepting one region settles the attribute; a rejected proposal is not made again.
    left = {r["name"] for r in attrs.pending_suggestions(db, document_id=ids[0])}
    assert "region" not in left
    informants = next(r for r in rows if r["name"] == "informants")
    attrs.decide_suggestion(db, informants["id"], "rejected", coder="ayu")
    again = attrs.suggest_attributes(db, document_id=ids[0])
    assert not [r for r in again if r["name"] in ("informants", "region")]
    accepted = attrs.accept_best(db, coder="budi", document_id=ids[0])
    values = attrs.attribute_values(db)[ids[0]]
    assert values["election"] == "Pilkada" and values["election_year"] == 2024
    assert "informants" not in values
    assert {a["decided_by"] for a in accepted} == {"budi"}


# -- the seeds (acceptance 5) ---------------------------------------------------------------

# What each seed states, from our own reading: the election it studies and where.
# (file prefix, election, election year, region, province)
SEEDS = [
    ("000_", "Pilkada", "2024", "Provinsi Jawa Tengah", "Jawa Tengah"),  # a governor election
    ("001_", "Pilkada", "2024", "Kota Bengkulu", "Bengkulu"),  # a case in one city office
    ("002_", "Pemilu", "2024", "Provinsi Jambi", "Jambi"),  # the general election
    ("003_", "Pemilu", "2024", "Provinsi Banten", "Banten"),  # Banten's Pemilu 2024 figures
    ("004_", "Pilkada", "2024", "Provinsi Sumatera Barat", "Sumatera Barat"),
]


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory, shared):
    seeds = shared / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"needs the shared seed texts at {seeds} (not part of a user's clone)")
    db = open_corpus(tmp_path_factory.mktemp("seeds") / "seeds.db")
    docs = {}
    for path in sorted(seeds.glob("*.txt")):
        result = write_document(db, extract_file(path))
        docs[path.name[:4]] = result.document_id
    attrs.suggest_attributes(db)
    return db, docs


@pytest.mark.shared
@pytest.mark.parametrize("prefix,election,year,region,province", SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_suggestions_name_its_election_and_region(
    seed_corpus, prefix, election, year, region, province
):
    db, docs = seed_corpus
    rows = list(attrs.pending_suggestions(db, document_id=docs[prefix]))
    best = {}
    for r in rows:  # best first within each attribute
        best.setdefault(r["name"], r)
    assert best["election"]["value"] == election
    assert best["election_year"]["value"] == year
    assert best["province"]["value"] == province
    regions = [r["value"] for r in rows if r["name"] == "region"]
    assert best["region"]["value"] == region, regions
    for name in ("election", "region", "province"):
        r = best[name]
        # The passage that shows it holds the quoted words at the stored offsets.
        assert r["passage_text"][r["char_start"] : r["char_end"]] == r["quote"]
    assert best["election"]["quote"].split()[-1] == year or year in best["election"]["quote"]


@pytest.mark.shared
def test_seed_of_a_city_in_a_province_proposes_both(seed_corpus):
    db, docs = seed_corpus
    regions = [
        r["value"]
        for r in attrs.pending_suggestions(db, document_id=docs["004_"])
        if r["name"] == "region"
    ]
    assert regions[:2] == ["Provinsi Sumatera Barat", "Kota Padang"]


# -- exports and REFI-QDA (acceptance 6) ----------------------------------------------------


def test_csv_and_xlsx_have_a_column_per_attribute(corpus, tmp_path):
    db, ids = corpus
    attrs.set_values(db, ids[0], {"election": "Pilkada", "data": "wawancara;survei"}, set_by="a")
    export_csv(db, tmp_path / "csv")
    header, *rows = (tmp_path / "csv" / "documents.csv").read_text("utf-8-sig").splitlines()
    assert header.endswith(",codings,election,informants,data,region")
    row = next(r for r in rows if r.startswith(ids[0]))
    assert row.endswith(",Pilkada,,wawancara; survei,")
    export_xlsx(db, tmp_path / "k.xlsx")
    sheet = load_workbook(tmp_path / "k.xlsx")["documents"]
    values = list(sheet.iter_rows(values_only=True))
    col = values[0].index("data")
    assert next(r for r in values if r[0] == ids[0])[col] == "wawancara; survei"


def test_qdpx_carries_attributes_as_case_variables_and_round_trips(corpus, tmp_path, shared):
    db, ids = corpus
    attrs.define_attribute(db, "published", "date", description="Tanggal terbit")
    attrs.set_values(
        db,
        ids[0],
        {"election": "Pilkada", "informants": "12", "data": "wawancara;dokumen"},
        set_by="ayu",
    )
    attrs.set_values(db, ids[1], {"region": "Kota <Padang> & sekitarnya"}, set_by="ayu")
    attrs.set_value(db, ids[1], "published", "2024-11-27", set_by="ayu")
    out = tmp_path / "proyek.qdpx"
    result = export_project(db, out, xsd=shared / "refi" / "Project.xsd")
    assert (result.attributes, result.attribute_values) == (5, 5)
    qde = zipfile.ZipFile(out).read("project.qde")
    validate(qde, shared / "refi" / "Project.xsd")
    assert qde.count(b"<Case ") == 4 and qde.count(b"<SourceRef ") == 4
    assert b'name="informants" typeOfVariable="Float"' in qde
    assert b'name="published" typeOfVariable="Date"' in qde
    assert b"<TextValue>wawancara; dokumen</TextValue>" in qde
    assert b"Kota &lt;Padang&gt; &amp; sekitarnya" in qde
    fresh = open_corpus(tmp_path / "baru.db")
    imported = import_project(fresh, out)
    assert (imported.attributes_created, imported.attribute_values) == (5, 5)

    def definitions(d):
        keep = ("name", "type", "allowed_values", "description", "sort")
        return [{k: a[k] for k in keep} for a in attrs.list_attributes(d)]

    assert definitions(fresh) == definitions(db)
    assert attrs.attribute_values(fresh) == attrs.attribute_values(db)
    assert {r["source"] for r in fresh.query("select source from document_attributes")} == {"qdpx"}
    # Into the corpus it came from: nothing new; a changed value is a conflict, kept.
    assert import_project(db, out).attribute_values == 0
    attrs.set_value(db, ids[0], "election", "Pemilu", set_by="ayu")
    with pytest.raises(ImportConflicts, match='attribute "election" is Pemilu here, Pilkada'):
        import_project(db, out)
    assert attrs.attribute_values(db)[ids[0]]["election"] == "Pemilu"


def test_foreign_case_variables_become_attributes(db, tmp_path, shared):
    """A project another tool wrote (no telaah.json): its case variables that are not
    document metadata become attributes typed from the REFI type."""
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="lain" origin="QualCoder 3.6">
  <Variables>
    <Variable guid="11111111-1111-4111-8111-111111111111" name="Jenis Pemilihan"
              typeOfVariable="Text"/>
    <Variable guid="22222222-2222-4222-8222-222222222222" name="Informan"
              typeOfVariable="Integer"/>
    <Variable guid="33333333-3333-4333-8333-333333333333" name="year" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="44444444-4444-4444-8444-444444444444" name="Studi A">
      <VariableValue><VariableRef targetGUID="11111111-1111-4111-8111-111111111111"/>
        <TextValue>Pilkada</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="22222222-2222-4222-8222-222222222222"/>
        <IntegerValue>9</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="33333333-3333-4333-8333-333333333333"/>
        <IntegerValue>2021</IntegerValue></VariableValue>
      <SourceRef targetGUID="55555555-5555-4555-8555-555555555555"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="55555555-5555-4555-8555-555555555555" name="Studi A">
      <PlainTextContent>Pegawai ditekan atasan menjelang Pilkada.</PlainTextContent>
    </TextSource>
  </Sources>
</Project>"""
    validate(qde.encode(), shared / "refi" / "Project.xsd")
    path = tmp_path / "lain.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
    result = import_project(db, path)
    assert result.attributes_created == 2 and result.attribute_values == 2
    doc = next(db.query("select id, year from documents"))
    assert doc["year"] == 2021  # metadata, not an attribute
    assert attrs.attribute_values(db) == {doc["id"]: {"jenis_pemilihan": "Pilkada", "informan": 9}}
    types = {a["name"]: a["type"] for a in attrs.list_attributes(db)}
    assert types == {"jenis_pemilihan": "text", "informan": "number"}
    row = next(db.query("select source, set_by from document_attributes limit 1"))
    assert (row["source"], row["set_by"]) == ("qdpx", "lain.qdpx")
    assert json.loads(json.dumps(attrs.attribute_values(db)))  # plain JSON for exports


def test_reserved_names_cover_every_column_exports_put_beside_attributes():
    """documents.csv and REFI cases hold the documents' fields next to the attributes: an
    attribute may never take one of their names."""
    from coding.refi.export import VARIABLES
    from coding.tabular import DOCUMENT_COLUMNS

    assert set(DOCUMENT_COLUMNS) <= attrs.RESERVED
    assert {name for name, _, _ in VARIABLES} <= attrs.RESERVED
    assert "document" in attrs.RESERVED  # the CSV import's key column
