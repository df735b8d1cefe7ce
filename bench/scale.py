"""Publishing at scale: 5,000 documents, 500,000 passages, the pages researchers open most.

Run ``.venv/bin/python bench/scale.py`` (about two minutes to build, reused afterwards).
It generates a corpus with the real schema (``corpus.db.open_corpus``, so the same
indexes, full-text triggers and view) and bulk-inserts synthetic Indonesian passages (with
their stemmed search copy) and codings directly: the one-writer modules would take an hour
of per-document transactions for data that is thrown away. Then it times, through an
in-process Datasette with our plugins (``Datasette.client``, the same stack ``telaah serve``
runs), each page cold (first request) and warm (median of ``--repeat`` more), and prints
each against a trivial page measured in the same run (``/-/versions.json``), so the ratios
survive a slower machine. Target (issue #4): the matrix page and a full-text query under
1 s; (issue 8) the synthesis page under 1 s. Every document has study attributes (election,
election_year, region, method) and every passage a role (its chapter: background,
literature, method, findings, conclusion), so the synthesis splits reports from mentions.

``--documents`` and ``--passages-per-document`` shrink it for a quick look; ``--rebuild``
starts the corpus again; ``--immutable`` serves it as ``telaah serve --immutable`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coding.codebook import default_codebook_path, import_codebook, list_codes  # noqa: E402
from corpus.db import now, open_corpus  # noqa: E402
from corpus.search import stem_text  # noqa: E402
from datasette_plugins.publish import make_datasette  # noqa: E402

OUT = ROOT / "bench" / "out"
TARGET_SECONDS = 1.0
KINDS = ["thesis", "journal_article", "journal_article", "other"]
CODERS = ["ayu", "budi", "citra"]
SUBJECTS = [
    "Pegawai",
    "Camat",
    "Lurah",
    "Guru honorer",
    "Kepala dinas",
    "Sekretaris daerah",
    "Staf kelurahan",
    "Aparatur desa",
    "Pejabat eselon",
    "Tenaga kesehatan",
]
VERBS = [
    "menghadiri",
    "mendukung",
    "mengarahkan warga ke",
    "membagikan atribut",
    "memasang baliho",
    "mengunggah foto bersama",
    "menolak ajakan",
    "melaporkan",
    "menyaksikan",
    "mengikuti rapat",
]
OBJECTS = [
    "kampanye calon bupati",
    "tim pemenangan petahana",
    "pasangan calon gubernur",
    "deklarasi relawan",
    "acara syukuran calon",
    "grup percakapan partai",
    "pertemuan tertutup di rumah kerabat",
    "apel dukungan di kantor kecamatan",
]
REASONS = [
    "karena takut dimutasi",
    "karena calon adalah paman istrinya",
    "demi promosi jabatan",
    "karena kurang memahami aturan netralitas",
    "karena pengawasan Bawaslu lemah",
    "atas perintah atasan langsung",
    "karena hubungan kekerabatan",
    "tanpa sanksi tegas",
]
ELECTIONS = ["Pilkada", "Pemilu", "Pilpres"]
REGIONS = ["Sumatera Selatan", "DI Yogyakarta", "Sulawesi Selatan", "Jawa Barat", "Banten"]
METHODS = ["kualitatif", "kuantitatif", "campuran"]
# (section, role, share of a document's passages): a skripsi's chapters in order.
CHAPTERS = [
    ("BAB I PENDAHULUAN", "background", 0.1),
    ("BAB II TINJAUAN PUSTAKA", "literature", 0.2),
    ("BAB III METODE PENELITIAN", "method", 0.1),
    ("BAB IV HASIL DAN PEMBAHASAN", "findings", 0.45),
    ("BAB V PENUTUP", "conclusion", 0.15),
]
PLACES = [
    "di Kabupaten Muara Enim",
    "di Kota Palembang",
    "di Kabupaten Bantul",
    "di Kota Makassar",
    "di Kabupaten Garut",
    "menjelang Pilkada 2024",
    "pada Pemilu 2019",
]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(REASONS)} {rng.choice(PLACES)}."
    )


def build(path: Path, documents: int, per_document: int, seed: int = 4) -> dict:
    """Generate the corpus at ``path``; return counts and the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)
    db = open_corpus(path)
    import_codebook(db, default_codebook_path())
    leaves = [c["id"] for c in list_codes(db) if c["depth"] > 0]
    stamp = now()
    conn = db.conn
    n_passages = n_codings = 0
    conn.execute("BEGIN")
    for sort, (name, typ) in enumerate(
        [("election", "list"), ("election_year", "number"), ("region", "category"),
         ("method", "category")]
    ):  # fmt: skip
        conn.execute(
            "insert into attributes (name, type, sort, created_at) values (?,?,?,?)",
            [name, typ, sort, stamp],
        )
    chapter_of = []
    for section, role, share in CHAPTERS:
        chapter_of += [(section, role)] * round(share * per_document)
    chapter_of = (chapter_of + [chapter_of[-1]] * per_document)[:per_document]
    for d in range(documents):
        doc_id = hashlib.sha256(f"doc{d}".encode()).hexdigest()[:12]
        kind = rng.choice(KINDS)
        conn.execute(
            "insert into documents (id, title, authors, year, kind, venue, institution, "
            "page_count, sha256, source_path, ingested_at) values (?,?,?,?,?,?,?,?,?,?,?)",
            [
                doc_id,
                f"Netralitas ASN {rng.choice(PLACES)}: studi {d}",
                json.dumps([f"Peneliti {d} Satu", f"Peneliti {d} Dua"]),
                rng.randint(2015, 2024),
                kind,
                "Jurnal Ilmu Pemerintahan" if kind == "journal_article" else None,
                "Universitas Sriwijaya" if kind == "thesis" else None,
                per_document // 4 + 1,
                hashlib.sha256(f"file{d}".encode()).hexdigest(),
                f"generated/{d}.pdf",
                stamp,
            ],
        )
        elections = rng.sample(ELECTIONS, rng.choice([1, 1, 2]))
        conn.executemany(
            "insert into document_attributes (document_id, name, value, source, set_at) "
            "values (?,?,?,?,?)",
            [
                (doc_id, "election", json.dumps(elections), "csv", stamp),
                (doc_id, "election_year", str(rng.choice([2019, 2020, 2024])), "csv", stamp),
                (doc_id, "region", rng.choice(REGIONS), "csv", stamp),
                (doc_id, "method", rng.choice(METHODS), "csv", stamp),
            ],
        )
        passages, codings = [], []
        for s in range(per_document):
            text = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
            pid = f"{doc_id}-{hashlib.sha1(f'{d}/{s}'.encode()).hexdigest()[:10]}"
            page = s // 4 + 1
            section, role = chapter_of[s]
            passages.append((pid, doc_id, s + 1, page, page, str(page + 10), section, role, text))
            if rng.random() < 0.2:  # one passage in five is coded, by one or two coders
                for code in rng.sample(leaves, rng.randint(1, 2)):
                    end = rng.randint(min(20, len(text)), len(text))
                    codings.append(
                        (
                            hashlib.sha1(f"{pid}/{code}".encode()).hexdigest(),
                            pid,
                            doc_id,
                            code,
                            rng.choice(CODERS),
                            0,
                            end,
                            text[:end],
                            stamp,
                            stamp,
                        )
                    )
        conn.executemany(
            "insert into passages (id, document_id, seq, page, page_end, page_label, section, "
            "role, text) values (?,?,?,?,?,?,?,?,?)",
            passages,
        )
        conn.executemany(  # the stemmed copy corpus.store keeps beside each passage
            "insert into passages_stem_fts (rowid, text, section) "
            "select rowid, ?, ? from passages where id = ?",
            [(stem_text(p[7]), stem_text(p[6]), p[0]) for p in passages],
        )
        conn.executemany(
            "insert into codings (id, passage_id, document_id, code_id, coder, char_start, "
            "char_end, quote, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?)",
            codings,
        )
        n_passages += len(passages)
        n_codings += len(codings)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        "documents": documents,
        "passages": n_passages,
        "codings": n_codings,
        "seconds": time.perf_counter() - started,
    }


def pick(path: Path) -> dict:
    """Ids for the pages to time: a coded passage and its document."""
    db = open_corpus(path)
    row = next(db.query("select passage_id, document_id from codings order by id limit 1"))
    db.close()
    return row


async def time_pages(ds, pages: list[tuple[str, str]], repeat: int) -> list[dict]:
    await ds.invoke_startup()
    results = []
    for name, url in pages:
        times = []
        for _ in range(repeat + 1):
            t = time.perf_counter()
            r = await ds.client.get(url)
            times.append(time.perf_counter() - t)
            if r.status_code != 200:
                raise SystemExit(f"{url} answered {r.status_code}: {r.text[:300]}")
        results.append(
            {
                "page": name,
                "url": url,
                "cold": times[0],
                "warm": statistics.median(times[1:]),
                "bytes": len(r.content),
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--passages-per-document", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--immutable", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"scale-{args.documents}x{args.passages_per_document}.db"
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        built = build(path, args.documents, args.passages_per_document)
        print(
            f"built {path.name}: {built['documents']:,} documents, {built['passages']:,} "
            f"passages, {built['codings']:,} codings in {built['seconds']:.1f} s "
            f"({path.stat().st_size / 2**20:.0f} MiB)"
        )
    else:
        print(f"reusing {path.name} (--rebuild to generate it again)")
    ids = pick(path)
    db_name = path.stem
    pages = [
        ("baseline /-/versions.json", "/-/versions.json"),
        ("matrix (first 100 documents, all codes)", "/-/matrix"),
        ("matrix kind=thesis, codes under factors", "/-/matrix?kind=thesis&parent=factors"),
        ("matrix, last page", f"/-/matrix?page={max(1, args.documents // 100)}"),
        ("matrix CSV (all documents)", "/-/matrix.csv"),
        ("full-text ranked (canned query)", f"/{db_name}/search_ranked?q=paman+istrinya+Garut"),
        ("full-text table search", f"/{db_name}/passages?_search=mutasi+Bantul"),
        (
            "passages coded with a code, one document",
            f"/{db_name}/passages_coded?code=factors&document_id={ids['document_id']}",
        ),
        ("passages table (first page, highlighted)", f"/{db_name}/passages"),
        ("coded_passages view with its facets", f"/{db_name}/coded_passages"),
        ("cite page", f"/-/cite/{ids['passage_id']}"),
        ("chart by year", "/-/chart?group=year"),
        ("co-occurring codes", f"/{db_name}/co_occurring_codes?code=kinship"),
        ("synthesis (factors, all studies)", "/-/synthesis"),
        ("synthesis by election", "/-/synthesis?by=election"),
        ("synthesis by region, one coder", "/-/synthesis?by=region&coder=ayu"),
        ("matrix, findings only, Pilkada", "/-/matrix?role=findings&attr=election&value=Pilkada"),
        ("chart by election", "/-/chart?group=attr:election"),
        (
            "factors reported by election (canned)",
            f"/{db_name}/factors_reported_by_election?parent=&attr=",
        ),
    ]
    ds = make_datasette(path, immutable=args.immutable)
    results = asyncio.run(time_pages(ds, pages, args.repeat))
    base = results[0]["warm"]
    print(f"\n{'page':45} {'cold s':>8} {'warm s':>8} {'x baseline':>11} {'KiB':>7}")
    for r in results:
        print(
            f"{r['page']:45} {r['cold']:8.3f} {r['warm']:8.3f} {r['warm'] / base:11.0f} "
            f"{r['bytes'] / 1024:7.0f}"
        )
    key = [
        r
        for r in results
        if r["page"].startswith(("matrix (first", "full-text ranked", "synthesis"))
    ]
    worst = max(max(r["cold"], r["warm"]) for r in key)
    verdict = "met" if worst < TARGET_SECONDS else "MISSED"
    print(
        f"\ntarget: matrix, full-text and synthesis pages under {TARGET_SECONDS:.0f} s: {verdict} "
        f"(slowest {worst:.3f} s)"
    )


if __name__ == "__main__":
    main()
