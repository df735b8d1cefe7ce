"""Codings for the demo corpus, made the way a person makes them: two coders, each span
chosen by hand, so that `make demo` opens on a study-by-code matrix with something in it,
an agreement table with one disagreement to discuss, and a saved finding to cite.

These are decisions written down in advance, not suggestions accepted in bulk: the
suggestion engine stays what it is, a proposal waiting in `telaah review`.

    python -m tools.demo demo.db
"""

from __future__ import annotations

import argparse
import sys

from coding.codings import add_coding
from coding.findings import save_finding
from corpus.db import open_corpus
from corpus.queries import search

# (words to find the passage, the exact phrase to code, code, coders who coded it)
DEMO_CODINGS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("adik ipar calon bupati", "adik ipar calon bupati", "kinship", ("ayu", "budi")),
    ("diancam dimutasi", "diancam akan dimutasi", "pressure", ("ayu", "budi")),
    ("memperoleh jabatan promosi", "harapan memperoleh jabatan", "conflict-of-interest", ("ayu",)),
    ("kurangnya pemahaman", "kurangnya", "lack-of-understanding", ("ayu", "budi")),
    ("dukungan media sosial", "media sosial", "social-media-support", ("budi",)),
    ("fasilitas negara", "fasilitas negara", "state-facilities", ("ayu", "budi")),
]

FINDING_SQL = """
select d.title, d.year, count(distinct c.passage_id) as passages
from codings c
join passages p on p.id = c.passage_id
join documents d on d.id = p.document_id
where c.code_id = :code
group by d.id
order by d.year, d.title
""".strip()


def code_demo_corpus(db) -> list[dict]:
    """Apply DEMO_CODINGS where their phrase occurs; return the codings made."""
    made = []
    for words, phrase, code_id, coders in DEMO_CODINGS:
        for hit in search(db, words, limit=50):
            passage_id = hit["id"]
            text = db.execute("select text from passages where id = ?", [passage_id]).fetchone()
            start = text[0].lower().find(phrase.lower()) if text else -1
            if start < 0:
                continue
            for coder in coders:
                made.append(
                    add_coding(
                        db,
                        passage_id,
                        code_id,
                        coder,
                        start=start,
                        end=start + len(phrase),
                        memo="demo coding",
                    )
                )
    save_finding(
        db,
        "Kekerabatan per studi",
        FINDING_SQL,
        "In the sample corpus, kinship with a candidate is named as a cause in every study.",
        params={"code": "kinship"},
        created_by="ayu",
        replace=True,
    )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__)
    parser.add_argument("db", help="corpus made by telaah ingest of the sample corpus")
    args = parser.parse_args(argv)
    db = open_corpus(args.db, create=False)
    made = code_demo_corpus(db)
    passages = len({c["passage_id"] for c in made})
    sys.stdout.write(
        f"demo: {len(made)} codings by ayu and budi on {passages} passages; "
        "finding 'kekerabatan-per-studi' saved\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
