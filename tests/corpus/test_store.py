"""Re-ingesting keeps codings: same text keeps its place, moved text is re-anchored by its
quote, vanished text is marked unplaced and listed, never dropped."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from coding.codebook import upsert_code
from coding.codings import add_coding, list_codings
from corpus.db import open_corpus

PARA_1 = (
    "Sebagian pegawai belum memahami larangan memberi tanda suka pada unggahan calon, "
    "sehingga pelanggaran terjadi tanpa niat."
)
PARA_2 = (
    "Seorang guru honorer bercerita bahwa ia diancam akan dimutasi ke pulau terpencil "
    "jika tidak hadir di rapat tim pemenangan."
)
PARA_3 = "Bawaslu meneruskan temuan itu kepada KASN dengan rekomendasi sanksi sedang."
PARA_2_EDITED = (
    "Wawancara kedua dilakukan di rumahnya. Seorang guru honorer bercerita bahwa ia diancam "
    "akan dimutasi ke pulau terpencil jika tidak hadir di rapat tim pemenangan."
)
PARA_1_EDITED = "Sebagian pegawai mengaku tidak pernah mendapat sosialisasi tentang aturan itu."


def write_note(path: Path, *paragraphs: str) -> Path:
    """Field notes as a researcher types them: wrapped lines, a blank line per paragraph."""
    wrapped = [textwrap.fill(p, width=60) for p in paragraphs]
    path.write_text("\n\n".join(wrapped) + "\n", encoding="utf-8")
    return path


def ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", *args])


def passage_with(db, text: str) -> dict:
    rows = [r for r in db.query("select * from passages") if text in r["text"]]
    assert len(rows) == 1, text
    return rows[0]


def test_codings_are_re_anchored_or_unplaced_never_dropped(tmp_path, db_path):
    note = write_note(tmp_path / "wawancara.txt", PARA_1, PARA_2, PARA_3)
    assert ingest(str(note), "--db", str(db_path)).exit_code == 0
    db = open_corpus(db_path)
    for code in ("pressure", "lack-of-understanding", "enforcement"):
        upsert_code(db, code, code)
    p1, p2, p3 = (passage_with(db, t[:40]) for t in (PARA_1, PARA_2, PARA_3))
    quote = "diancam akan dimutasi"
    start = p2["text"].index(quote)
    moved = add_coding(db, p2["id"], "pressure", "ayu", start=start, end=start + len(quote))
    kept = add_coding(db, p3["id"], "enforcement", "ayu")
    lost_start = p1["text"].index("belum memahami")
    lost = add_coding(
        db, p1["id"], "lack-of-understanding", "budi", start=lost_start, end=lost_start + 31
    )
    db.close()

    write_note(note, PARA_1_EDITED, PARA_2_EDITED, PARA_3)
    result = ingest(str(note), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "; 1 coding(s) lost their text (marked unplaced)" in result.output

    db = open_corpus(db_path)
    codings = {c["id"]: c for c in list_codings(db)}
    assert set(codings) == {moved["id"], kept["id"], lost["id"]}  # none dropped

    new_p2 = passage_with(db, "Wawancara kedua")
    c = codings[moved["id"]]
    assert c["status"] == "placed"
    assert c["passage_id"] == new_p2["id"] != p2["id"]
    assert new_p2["text"][c["char_start"] : c["char_end"]] == quote

    c = codings[kept["id"]]
    assert (c["status"], c["passage_id"], c["quote"]) == ("placed", p3["id"], PARA_3)

    assert [u["id"] for u in list_codings(db, status="unplaced")] == [lost["id"]]
    assert codings[lost["id"]]["quote"] == "belum memahami larangan memberi"

    events = {
        (r["coding_id"], r["action"])
        for r in db.query(
            "select coding_id, action from coding_events where coder = 'telaah-ingest'"
        )
    }
    assert events == {(moved["id"], "move"), (lost["id"], "unplace")}
    retired = {r["old_id"]: r["new_id"] for r in db.query("select * from retired_passages")}
    assert retired[p2["id"]] == new_p2["id"]
    assert retired[p1["id"]] is None  # its text is gone; the id stays known
    db.close()

    # The text comes back: the unplaced coding finds its quote again.
    write_note(note, PARA_1, PARA_2_EDITED, PARA_3)
    assert ingest(str(note), "--db", str(db_path)).exit_code == 0
    db = open_corpus(db_path)
    back = {c["id"]: c for c in list_codings(db)}[lost["id"]]
    assert back["status"] == "placed" and back["passage_id"] == p1["id"]
    assert list_codings(db, status="unplaced") == []
    db.close()


def test_force_on_an_unchanged_pdf_keeps_every_coding_in_place(tmp_path, db_path, write_pdf):
    pdf = write_pdf(tmp_path / "artikel.pdf", pages=2, seed=5)
    assert ingest(str(pdf), "--db", str(db_path)).exit_code == 0
    db = open_corpus(db_path)
    upsert_code(db, "pressure", "Tekanan")
    body = list(db.query("select * from passages where kind = 'body' order by seq"))
    assert len(body) >= 2
    coded = [add_coding(db, p["id"], "pressure", "ayu", start=0, end=20) for p in body]
    before = {c["id"]: (c["passage_id"], c["char_start"], c["char_end"]) for c in coded}
    db.close()

    result = ingest(str(pdf), "--db", str(db_path), "--force")
    assert result.exit_code == 0
    assert result.output.startswith(f"updated {pdf}: ")
    assert "lost their text" not in result.output
    db = open_corpus(db_path)
    after = {c["id"]: (c["passage_id"], c["char_start"], c["char_end"]) for c in list_codings(db)}
    moves = db["coding_events"].count_where("coder = 'telaah-ingest'")
    db.close()
    assert after == before
    assert moves == 0
