"""Citations of real PDFs (../shared): a journal article downloads as ``@article`` /
``JOUR`` with its journal, volume, issue and printed page range, a skripsi as a thesis
with its school, and no field of either holds an e-mail address (issue #11, acceptance 4;
the issue's report was an e-mail line as the abstract and an affiliation as publisher)."""

from __future__ import annotations

import re

import bibtexparser
import pytest
import rispy

from corpus.db import open_corpus
from corpus.ingest import ingest
from datasette_plugins.publish import make_datasette

pytestmark = pytest.mark.shared

JOURNAL = "fnsaja-skripsi/jep-2023-medsos-pengetahuan-politik.pdf"
SKRIPSI = "fnsaja-skripsi/skripsi-sentimen-capres-2024.pdf"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(scope="module")
def real_site(shared, tmp_path_factory, client_for):
    path = tmp_path_factory.mktemp("real") / "telaah.db"
    db = open_corpus(path)
    report = ingest(db, [shared / "pdfs" / JOURNAL, shared / "pdfs" / SKRIPSI], workers=2)
    assert report.ok, report.summary()
    ids = {
        kind: next(
            db.query(
                "select p.id from passages p join documents d on d.id = p.document_id "
                "where d.kind = ? and p.kind = 'body' order by p.seq limit 1 offset 10",
                [kind],
            )
        )["id"]
        for kind in ("journal_article", "thesis")
    }
    db.close()
    return client_for(make_datasette(path)), ids


def test_a_real_journal_passage_is_the_article(real_site):
    site, ids = real_site
    bib = site.get(f"/-/cite/{ids['journal_article']}.bib").text
    article, corpus = bibtexparser.parse_string(bib).entries
    assert article.entry_type == "article"
    assert article["journal"].startswith("Ekspresi dan Persepsi")
    assert (article["volume"], article["number"], article["pages"]) == ("6", "1", "116--123")
    assert "publisher" not in article.fields_dict and "abstract" not in article.fields_dict
    assert corpus.entry_type == "misc" and corpus["url"] == "http://localhost/"
    jour, data = rispy.loads(site.get(f"/-/cite/{ids['journal_article']}.ris").text)
    assert jour["type_of_reference"] == "JOUR" and data["type_of_reference"] == "DATA"
    assert (jour["start_page"], jour["end_page"]) == ("116", "123")
    assert not EMAIL.search(bib)
    assert not EMAIL.search(site.get(f"/-/cite/{ids['journal_article']}.ris").text)


def test_a_real_skripsi_is_a_thesis_with_its_school(real_site):
    site, ids = real_site
    bib = site.get(f"/-/cite/{ids['thesis']}.bib").text
    thesis, _ = bibtexparser.parse_string(bib).entries
    assert thesis.entry_type == "mastersthesis" and thesis["type"] == "Skripsi"
    assert thesis["school"] == "Universitas Bunda Mulia"
    (thes, _) = rispy.loads(site.get(f"/-/cite/{ids['thesis']}.ris").text)
    assert thes["type_of_reference"] == "THES" and thes["publisher"] == "Universitas Bunda Mulia"
    assert not EMAIL.search(bib)
