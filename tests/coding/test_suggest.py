"""Suggestions: rules that read context, the held-out F1, storage that never codes, a model
that learns from the researcher's codings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from coding import codings
from coding.codebook import default_codebook_path, load_codebook_file, upsert_code
from coding.codetree import rollup_map
from coding.review import decide
from coding.suggest import classifier, engine
from coding.suggest.rules import RuleSet, fill_lemmas, indonesian_nlp
from extract.model import Passage

FACTORS = ["conflict-of-interest", "kinship", "pressure", "lack-of-understanding"]
HELDOUT = Path(__file__).parent / "data" / "heldout.jsonl"
# Batch 2 was written before the rules were revised for it; batch 3 after, and never tuned on.
BATCHES = {
    "heldout.jsonl": (150, 40),
    "heldout_batch2.jsonl": (80, 25),
    "heldout_batch3.jsonl": (40, 10),
}


CODES = load_codebook_file(default_codebook_path())
# A suggestion of a child (career-stake, private-gain) counts for its factor.
ROLLUP = rollup_map(CODES, FACTORS)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet(CODES)


def codes_for(rules: RuleSet, text: str, section: str | None = None) -> dict[str, str]:
    return {
        s.code_id: text[s.char_start : s.char_end] for s in rules.suggest(text, section=section)
    }


def test_public_interest_is_not_conflict_of_interest(rules):
    text = "Setiap ASN wajib mendahulukan kepentingan masyarakat dan kepentingan umum."
    assert "conflict-of-interest" not in codes_for(rules, text)
    found = codes_for(rules, "Pegawai itu terjebak konflik kepentingan karena usaha keluarganya.")
    assert found["conflict-of-interest"] == "konflik kepentingan"


def test_comprehensive_understanding_in_a_method_section_is_not_lack_of_it(rules):
    text = "Pendekatan ini dipilih agar peneliti memperoleh pemahaman yang komprehensif."
    assert "lack-of-understanding" not in codes_for(rules, text, section="METODE PENELITIAN")
    assert "lack-of-understanding" not in codes_for(rules, text)
    found = codes_for(rules, "Banyak pegawai belum memahami batasan kampanye di media sosial.")
    assert "lack-of-understanding" in found


def test_brother_in_law_of_a_candidate_is_kinship(rules):
    found = codes_for(rules, "Camat itu ternyata adik ipar calon bupati nomor urut dua.")
    assert found["kinship"].startswith("adik ipar calon")


def test_threatened_with_transfer_is_pressure(rules):
    found = codes_for(rules, "Ia mengaku diancam akan dimutasi bila tidak memenangkan petahana.")
    assert "pressure" in found
    assert "pressure" not in codes_for(rules, "Pelanggaran itu diancam pidana penjara satu tahun.")
    assert "pressure" not in codes_for(rules, "Kondisi ini mengancam kualitas demokrasi lokal.")


@pytest.mark.parametrize(
    "text, code",
    [
        ("Pegawai harus bekerja tanpa tekanan dari pihak mana pun.", "pressure"),
        ("ASN wajib bebas dari konflik kepentingan selama pilkada.", "conflict-of-interest"),
        ("Sistem merit menilai kinerja, bukan hubungan personal.", "kinship"),
        (
            "Netralitas berarti bebas dari intervensi, pengaruh, maupun konflik kepentingan.",
            "conflict-of-interest",
        ),
        ("Kata Kunci: netralitas; konflik kepentingan; Bawaslu", "conflict-of-interest"),
    ],
)
def test_negated_norms_are_not_findings(rules, text, code):
    assert code not in codes_for(rules, text)


def test_negation_across_because_belongs_to_the_other_clause(rules):
    found = codes_for(rules, "ASN tidak netral karena tekanan dari atasannya.")
    assert "pressure" in found
    found = codes_for(rules, "Pelanggaran terjadi bukan karena kurangnya pemahaman.")
    assert "lack-of-understanding" not in found
    found = codes_for(
        rules, "Karena tidak ada bukti tertulis, tekanan semacam ini sulit dilaporkan."
    )
    assert "pressure" in found  # the negator belongs to the clause before the comma


def test_lemma_fallback_reads_affixed_forms():
    nlp = indonesian_nlp()
    doc = fill_lemmas(nlp("Aturan itu belum dipahami dan suaminya dimutasi."))
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["dipahami"] == "paham"
    assert lemmas["suaminya"] == "suami"
    assert lemmas["dimutasi"] == "mutasi"


@pytest.mark.parametrize("name", sorted(BATCHES))
def test_heldout_f1_over_the_four_factors(rules, name):
    """Acceptance 1: F1 >= 0.75 (micro, over the four factors) on each hand-coded batch."""
    per = {c: [0, 0, 0] for c in FACTORS}
    path = HELDOUT.with_name(name)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    min_rows, min_negatives = BATCHES[name]
    assert len(rows) >= min_rows
    for row in rows:
        predicted = {ROLLUP.get(c) for c in codes_for(rules, row["text"], row.get("section"))}
        gold = {ROLLUP.get(c) for c in row["codes"]}
        for c in FACTORS:
            per[c][0] += c in predicted and c in gold
            per[c][1] += c in predicted and c not in gold
            per[c][2] += c in gold and c not in predicted
    tp, fp, fn = (sum(v[i] for v in per.values()) for i in range(3))
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.75, per
    for c, (t, p, n) in per.items():
        assert 2 * t / (2 * t + p + n) >= 0.7, (c, per[c])
    # Hard negatives: passages naming a factor word without asserting it, and none at all.
    assert sum(1 for r in rows if not set(r["codes"]) & set(FACTORS)) >= min_negatives


@pytest.mark.parametrize(
    "text, code",
    [
        ("Kajian ini memakai teori konflik kepentingan sebagai kerangka.", "conflict-of-interest"),
        ("Kekerabatan didefinisikan sebagai hubungan karena darah atau perkawinan.", "kinship"),
        (
            "ASN diharapkan menjaga jarak dari calon, termasuk yang punya hubungan keluarga.",
            "kinship",
        ),
        ("Pegawai itu menghadiri pesta pernikahan kerabatnya di desa.", "kinship"),
        ("Kerja dinas harus tanpa tekanan dan tanpa ancaman dari siapa pun.", "pressure"),
    ],
)
def test_concepts_norms_and_relatives_are_not_findings(rules, text, code):
    assert code not in codes_for(rules, text)


@pytest.mark.parametrize(
    "text, code",
    [
        (
            "Dukungan itu tidak terlepas dari konflik kepentingan sang kepala dinas.",
            "conflict-of-interest",
        ),
        ("Pegawai yang tidak hadir akan dipindahkan ke kecamatan terjauh.", "pressure"),
        ("Meskipun diharapkan netral, banyak camat tertekan oleh permintaan bupati.", "pressure"),
        ("Kurang dipahaminya larangan itu membuat guru ikut berkampanye.", "lack-of-understanding"),
        ("Calon yang maju itu adalah sepupu kepala bidang.", "kinship"),
    ],
)
def test_double_negation_relative_clauses_and_affixes_still_find(rules, text, code):
    assert code in codes_for(rules, text)


TEXTS = [
    "Sekretaris dinas adalah adik ipar calon bupati sehingga sering hadir di posko relawan.",
    "Seorang lurah mengaku diancam akan dimutasi bila petahana kalah di wilayahnya.",
    "Pelayanan publik harus mengutamakan kepentingan masyarakat luas.",
]


def test_suggest_stores_suggestions_and_never_codes(coded_db, put):
    put(coded_db, "doc", [Passage("Hasil Penelitian", 1, kind="heading"), *TEXTS])
    events = coded_db.execute("select count(*) from coding_events").fetchone()[0]
    rows = engine.suggest(coded_db)
    assert codings.list_codings(coded_db) == []
    assert coded_db.execute("select count(*) from coding_events").fetchone()[0] == events
    by_code = {r["code_id"]: r for r in rows}
    assert {"kinship", "pressure"} <= set(by_code)
    assert "conflict-of-interest" not in by_code
    k = by_code["kinship"]
    assert k["method"] == "rules" and k["status"] == "pending" and 0.5 <= k["score"] <= 1
    assert k["quote"].startswith("adik ipar calon") and k["detail"]["patterns"]
    text = next(coded_db.query("select text from passages where id = ?", [k["passage_id"]]))
    assert text["text"][k["char_start"] : k["char_end"]] == k["quote"]


def test_suggest_again_refreshes_without_duplicates_and_keeps_decisions(coded_db, put):
    put(coded_db, "doc", TEXTS)
    first = engine.suggest(coded_db)
    kin = next(r for r in first if r["code_id"] == "kinship")
    decide(coded_db, kin["id"], "ayu", "rejected")
    second = engine.suggest(coded_db)
    assert sorted(r["id"] for r in second) == sorted(r["id"] for r in first)
    assert next(r for r in second if r["id"] == kin["id"])["status"] == "rejected"
    # A code that stops matching loses its pending suggestions, not its decided ones.
    upsert_code(coded_db, "pressure", "Tekanan", patterns=[{"pattern": "tidak ada di teks"}])
    upsert_code(coded_db, "kinship", "Kekerabatan", patterns=[{"pattern": "tidak ada di teks"}])
    third = {r["code_id"]: r for r in engine.suggest(coded_db)}
    assert "pressure" not in third and third["kinship"]["status"] == "rejected"


def test_suggest_cli_json_shape(coded_db, put, db_path):
    put(coded_db, "doc", TEXTS)
    result = CliRunner().invoke(main, ["suggest", "--json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {"passage_id", "code_id", "score", "method", "char_start", "char_end"} <= set(
        rows[0]
    )
    text = CliRunner().invoke(main, ["suggest", "--db", str(db_path)])
    assert "review them with: telaah review --coder NAME" in text.stderr
    assert "adik ipar calon" in text.stdout


VOTE_BUYING = [
    "Pegawai kelurahan membagikan amplop berisi uang kepada warga sebelum hari pemungutan suara.",
    "Menjelang pencoblosan, paket sembako dibagikan oleh aparat desa atas nama calon.",
    "Praktik serangan fajar melibatkan staf kecamatan yang mengantar uang ke rumah pemilih.",
    "Warga menerima uang transport dari pegawai dinas setelah menghadiri pertemuan calon.",
    "Amplop berisi lembaran uang ditemukan di meja kerja seorang pegawai kelurahan.",
    "Bantuan sembako dari pegawai desa disertai ajakan memilih pasangan nomor satu.",
    "Kepala seksi menitipkan uang tunai kepada ketua RT untuk dibagikan kepada pemilih.",
    "Pemilih di dusun itu menerima amplop dari pegawai puskesmas pada malam sebelum pencoblosan.",
    "Aparat kelurahan mendata warga penerima uang dan sembako dari tim calon.",
    "Uang pengganti transport dibagikan oleh staf kecamatan kepada warga yang hadir.",
]
OTHER = [
    "Bawaslu kota menggelar rapat koordinasi dengan inspektorat membahas laporan masyarakat.",
    "KASN menerbitkan rekomendasi sanksi moderat terhadap dua pegawai yang terbukti melanggar.",
    "Pelatihan netralitas bagi pegawai baru diadakan di aula kantor bupati.",
    "Peneliti mewawancarai komisioner Bawaslu dan kepala bidang kepegawaian daerah.",
    "Penanganan laporan dihentikan karena bukti yang diajukan tidak mencukupi.",
    "Pejabat pembina kepegawaian menunda keputusan atas rekomendasi yang diterimanya.",
    "Bawaslu menyusun kajian awal atas dugaan pelanggaran yang ditemukan pengawas desa.",
    "Komisioner menjelaskan prosedur klarifikasi terhadap terlapor dan saksi.",
    "Laporan masyarakat diterima melalui posko pengaduan di kantor Bawaslu kabupaten.",
    "Bawaslu provinsi melakukan supervisi terhadap penanganan laporan di kabupaten.",
]


def test_train_learns_a_code_from_codings_and_suggests_it(coded_db, put, db_path):
    upsert_code(coded_db, "vote-buying", "Politik uang", parent_id="violations")
    ids = put(coded_db, "train", VOTE_BUYING + OTHER)
    for pid in ids[: len(VOTE_BUYING)]:
        codings.add_coding(coded_db, pid, "vote-buying", "ayu")
    for pid in ids[len(VOTE_BUYING) :]:
        codings.add_coding(coded_db, pid, "bawaslu", "ayu")
    meta = classifier.train(coded_db)
    assert meta["labels"] == ["bawaslu", "vote-buying"]
    assert meta["positives"] == {"bawaslu": 10, "vote-buying": 10} and meta["examples"] == 20
    assert classifier.alone_labels(meta) == {"bawaslu", "vote-buying"}
    assert Path(meta["path"]) == db_path.with_name(db_path.name + ".model")
    new = put(
        coded_db,
        "new",
        [
            "Seorang staf kelurahan tertangkap membagikan amplop uang kepada pemilih.",
            "Rapat koordinasi Bawaslu dengan inspektorat membahas tindak lanjut laporan.",
        ],
    )
    rows = engine.suggest(coded_db, document_id=new[0].split("-")[0])
    got = {(r["passage_id"], r["code_id"]): r for r in rows}
    vb = got[(new[0], "vote-buying")]
    assert vb["method"] == "model" and vb["score"] >= 0.5
    assert (vb["char_start"], vb["char_end"]) == (0, len(vb["quote"]))
    assert (new[1], "vote-buying") not in got
    assert got[(new[1], "bawaslu")]["method"] == "rules+model"
    rules_only = engine.suggest(coded_db, document_id=new[0].split("-")[0], use_model=False)
    assert all(r["method"] == "rules" for r in rules_only if r["status"] == "pending")


def test_a_model_from_a_few_codings_only_adjusts_rules(coded_db, put):
    upsert_code(coded_db, "vote-buying", "Politik uang", parent_id="violations")
    ids = put(coded_db, "train", VOTE_BUYING[:4] + OTHER[:4])
    for pid in ids[:4]:
        codings.add_coding(coded_db, pid, "vote-buying", "ayu")
    for pid in ids[4:]:
        codings.add_coding(coded_db, pid, "bawaslu", "ayu")
    meta = classifier.train(coded_db)
    assert meta["labels"] == ["bawaslu", "vote-buying"] and classifier.alone_labels(meta) == set()
    (new,) = put(coded_db, "new", ["Staf kelurahan membagikan amplop uang kepada pemilih."])
    rows = engine.suggest(coded_db, document_id=new.split("-")[0])
    assert all(r["method"] != "model" for r in rows)


def test_train_without_enough_codings_says_what_to_do(coded_db, put, db_path):
    (pid,) = put(coded_db, "doc", TEXTS[:1])
    codings.add_coding(coded_db, pid, "kinship", "ayu")
    result = CliRunner().invoke(main, ["train", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "no code has 3 coded passages and 3 coded without it yet; code more" in result.output


def test_model_vetoes_a_weak_rule_but_not_a_strong_one():
    """merge(): a confident 'no' sinks a weak pattern; a strong one survives a young model."""
    from coding.suggest.rules import RuleSuggestion

    weak = RuleSuggestion("kinship", 0, 5, 0.6, ["kin-kedekatan"])
    strong = RuleSuggestion("pressure", 0, 5, 0.9, ["pres-diancam"])
    assert engine.merge("teks.", [weak], {"kinship": 0.05}) == []
    kept = engine.merge("teks.", [strong], {"pressure": 0.05})
    assert kept[0].method == "rules+model" and kept[0].score == pytest.approx(0.675)
    lifted = engine.merge("teks.", [weak], {"kinship": 0.9})
    assert lifted[0].score == pytest.approx(0.8)
    assert engine.merge("teks.", [weak], None)[0].method == "rules"
    only = engine.merge("teks.", [], {"bawaslu": 0.7})
    assert (only[0].method, only[0].char_start, only[0].char_end) == ("model", 0, 5)


def rolled(rules: RuleSet, text: str) -> set[str]:
    """The factors suggested for ``text``, a child's suggestion counted for its factor."""
    return {ROLLUP[c] for c in codes_for(rules, text) if c in ROLLUP}


@pytest.mark.parametrize(
    "text, code",
    [
        # Pressure goes on the civil servant, not from him (acceptance 3).
        ("Seorang camat mengintimidasi warga agar memilih pasangan petahana.", "pressure"),
        ("Pegawai kecamatan itu melakukan intimidasi terhadap pemilih di dusunnya.", "pressure"),
        # A law naming a sanction for intimidation reports no pressure.
        (
            "Setiap orang yang melakukan intimidasi kepada pemilih dipidana penjara paling lama "
            "dua tahun.",
            "pressure",
        ),
        ("Ancaman terhadap pemilih diancam pidana kurungan dan denda.", "pressure"),
        # Not knowing a fact is not lack of understanding.
        (
            "Lurah itu mengaku tidak tahu bahwa tamu di rumahnya adalah calon bupati.",
            "lack-of-understanding",
        ),
        # Career words as sanctions are no stake.
        (
            "Pegawai yang terbukti melanggar dijatuhi sanksi penundaan kenaikan pangkat.",
            "conflict-of-interest",
        ),
        # Kin of the public's votes, with no civil servant in sight.
        ("Di desa itu warga memilih berdasarkan kekerabatan dengan calon.", "kinship"),
        ("Pemilih diimbau melapor jika ada ASN yang menekan mereka untuk memilih.", "pressure"),
        ("Warga mengeluhkan intimidasi oleh oknum tim sukses terhadap pemilih.", "pressure"),
        ("Pengawas tidak menemukan adanya tekanan terhadap ASN di kecamatan itu.", "pressure"),
        # A directive whose purpose is neutrality is the rule, not pressure to take sides.
        (
            "Bupati menginstruksikan seluruh ASN untuk tetap netral dan tidak berpolitik.",
            "pressure",
        ),
        ("Para camat diminta tidak ikut berkampanye untuk calon mana pun.", "pressure"),
        (
            "Laporan itu menyebut intimidasi yang dilakukan oleh oknum ASN terhadap warga.",
            "pressure",
        ),
        ("Bawaslu melibatkan ASN, TNI, dan Polri dalam sosialisasi pengawasan.", "pressure"),
        # A factor named as a consequence of taking sides is no reason for it.
        (
            "Ketidaknetralan ASN bisa berdampak pada pelayanan yang diskriminatif dan "
            "benturan kepentingan.",
            "conflict-of-interest",
        ),
        # The regional head as PPK counts only where the election is in the sentence.
        (
            "Kepala daerah berstatus sebagai pejabat pembina kepegawaian, tetapi "
            "kewenangannya dibatasi undang-undang.",
            "conflict-of-interest",
        ),
        ("Faktor kekerabatan menjadi kunci suburnya dinasti politik di provinsi itu.", "kinship"),
        (
            "Karier ASN juga ditentukan oleh kedekatan subyektif dengan kepala daerah.",
            "kinship",
        ),
        (
            "Karena tidak bisa maju lagi, ia mencalonkan anak, menantu atau istrinya.",
            "kinship",
        ),
        # Naming an act to call it forbidden, or denying the excuse, is a rule.
        (
            "Memaksa seseorang untuk mendukung calon tertentu tidak dibenarkan dan melanggar "
            "aturan.",
            "pressure",
        ),
        (
            "Sosialisasi sudah masif, sehingga tidak ada alasan ASN melanggar karena belum "
            "memahami aturan.",
            "lack-of-understanding",
        ),
        # Routine transfers, away from any election, are no threat.
        (
            "Para pejabat yang dimutasi biasanya menjalani evaluasi kinerja lebih dulu.",
            "pressure",
        ),
        # A post someone threatens to withhold is pressure, not a stake the ASN seeks.
        (
            "Pegawai yang tidak loyal kepada petahana diancam tidak akan mendapat promosi.",
            "conflict-of-interest",
        ),
        # Kin of the regional head or the president is a dynasty, not a civil servant's tie.
        (
            "Pegawai dikerahkan untuk mengampanyekan caleg yang merupakan kerabat kepala daerah.",
            "kinship",
        ),
        ("Wali kota itu juga menantu presiden yang sedang menjabat.", "kinship"),
        # A class of posts is no post at stake.
        (
            "Jabatan pimpinan tinggi paling setuju agar hak pilih ASN di pilkada dicabut.",
            "conflict-of-interest",
        ),
        # The influence of an office is abuse of authority, not a stake.
        (
            "Ada indikasi penggunaan fasilitas negara dan pengaruh jabatan untuk mendukung "
            "calon tertentu.",
            "conflict-of-interest",
        ),
        (
            "ASN juga sudah tidak bisa diberikan iming-iming insentif jelang pemilu.",
            "conflict-of-interest",
        ),
        # "salah satu daerah" is no shared origin; pushing ASN to stay neutral is the rule.
        (
            "Bawaslu juga menerima laporan pelanggaran oleh petahana di salah satu daerah.",
            "kinship",
        ),
        ("Ada desakan kepada ASN untuk tetap netral dalam setiap pemilu.", "pressure"),
        (
            "Sebanyak 83 persen calon mengaku bila terpilih akan merealisasikan janji kepada "
            "sponsor.",
            "conflict-of-interest",
        ),
        ("Sekda juga meminta para ASN untuk berhati-hati memposting foto.", "pressure"),
        (
            "ASN yang bersikap tidak netral tidak akan mendapat peluang promosi jabatan.",
            "conflict-of-interest",
        ),
        (
            "Kepala dinas mengaku tidak tahu ada calon yang hadir dalam acara itu.",
            "lack-of-understanding",
        ),
        (
            "Tidak ada upaya dari pemerintah kabupaten untuk mengarahkan PNS agar memilih "
            "calon tertentu.",
            "pressure",
        ),
        (
            "PNS sering mendapatkan intimidasi untuk mendukung calon petahana.",
            "conflict-of-interest",
        ),
        # A definition by its shape.
        (
            "Spoil system adalah sistem di mana jabatan diisi oleh pendukung penguasa.",
            "conflict-of-interest",
        ),
        ("Tekanan ekonomi membuat angka golput naik di kabupaten itu.", "pressure"),
        ("Faktor lainnya adalah tekanan sanksi yang tidak membuat jera pelaku.", "pressure"),
        (
            "Para pejabat yang dimutasi biasanya menjalani evaluasi kinerja lebih dulu.",
            "conflict-of-interest",
        ),
        (
            "ASN dan kepala desa sebagai pejabat publik tidak boleh terlibat kampanye pasangan "
            "calon.",
            "conflict-of-interest",
        ),
        ("Tapi aku tak kenal siapa yang jadi wakilnya di pilkada itu.", "lack-of-understanding"),
        # What a politician does not understand is not a civil servant's lack of it.
        (
            "Politisi itu mengaku tidak paham definisi kampanye di media sosial.",
            "lack-of-understanding",
        ),
        # A post that is the candidate's, abused, or left is no civil servant's stake.
        (
            "Bupati petahana kembali mencalonkan diri untuk jabatan periode kedua.",
            "conflict-of-interest",
        ),
        (
            "ASN yang maju sebagai calon wajib mengundurkan diri dari jabatannya.",
            "conflict-of-interest",
        ),
        (
            "Kepala dinas itu menyalahgunakan jabatannya dengan mendukung calon petahana.",
            "conflict-of-interest",
        ),
    ],
)
def test_direction_law_facts_and_sanctions_are_not_factors(rules, text, code):
    assert code not in rolled(rules, text)


@pytest.mark.parametrize(
    "text, code",
    [
        (
            "Kepala bidang yang enggan hadir di posko akhirnya dibuat non job oleh bupati.",
            "pressure",
        ),
        (
            "Kepala bidang yang enggan hadir di posko akhirnya dijadikan nonjob oleh bupati.",
            "pressure",
        ),
        ("Camat yang tak mau ikut berkampanye diparkir di staf ahli.", "pressure"),
        ("Para guru berstatus PNS digerakkan untuk menghadiri deklarasi calon.", "pressure"),
        ("Pejabat eselon itu diancam dimutasi jika tidak mendukung petahana.", "pressure"),
        (
            "Sejumlah pejabat mendukung petahana karena dijanjikan promosi jabatan.",
            "conflict-of-interest",
        ),
        (
            "Bagi banyak pegawai, kepentingan karir lebih menentukan daripada aturan.",
            "conflict-of-interest",
        ),
        (
            "Kepala seksi itu takut kehilangan jabatan bila calon lain menang.",
            "conflict-of-interest",
        ),
        (
            "Guru honorer menunggu SK dan ketergantungan pada bupati membuat mereka ikut.",
            "conflict-of-interest",
        ),
        (
            "Banyak guru tidak tahu kalau menyukai unggahan calon itu melanggar aturan.",
            "lack-of-understanding",
        ),
        (
            "Sekretaris dinas itu ternyata gagal paham soal batas kegiatan kampanye.",
            "lack-of-understanding",
        ),
        (
            "Suami kepala dinas tersebut tercatat sebagai calon anggota dewan dari partai besar.",
            "kinship",
        ),
        (
            "ASN yang berpihak biasanya mendapat reward berupa jabatan setelah pilkada.",
            "conflict-of-interest",
        ),
        ("Jabatan dijadikan alat tawar untuk meraih dukungan birokrasi.", "conflict-of-interest"),
        (
            "Ia menilai banyak ASN tergiur janji-janji politik dari kandidat.",
            "conflict-of-interest",
        ),
        ("Petahana memanfaatkan jajaran birokrasi untuk mengampanyekan programnya.", "pressure"),
        ("Mereka tidak punya pilihan selain menuruti kemauan atasan.", "pressure"),
        # A post or career in the sentence of taking sides is the civil servant's stake,
        # in wordings no pattern names.
        (
            "Birokrat yang haus jabatan cenderung mendekati calon yang berpeluang menang.",
            "conflict-of-interest",
        ),
        (
            "Banyak pegawai berharap mendapat posisi kepala dinas jika jagoannya menang.",
            "conflict-of-interest",
        ),
        ("Kepala sekolah itu diperintah oleh kabid untuk milih paslon nomor satu.", "pressure"),
        ("Menurut lurah itu, instruksi tersebut datang dari atasannya di kecamatan.", "pressure"),
        (
            "Responden menyebut tim sukses paling banyak memengaruhi ASN untuk melanggar "
            "netralitas.",
            "pressure",
        ),
        (
            "Sejumlah kepala dinas diduga melibatkan pegawai yang sebagian besar ASN untuk "
            "mendukung calon tertentu.",
            "pressure",
        ),
        ("Seorang guru PNS ikut membagikan unggahan pencalegan suaminya.", "kinship"),
        (
            "Menantu bupati yang menjabat kepala bagian ikut mengatur jadwal kampanye mertuanya.",
            "kinship",
        ),
        (
            "Video itu memperlihatkan dia mengajak kepala sekolah memilih calon nomor dua.",
            "pressure",
        ),
        (
            "Memasuki musim kampanye, ajakan politik kepada para tokoh dan guru bukan hal "
            "mustahil.",
            "pressure",
        ),
        (
            "Karena bertahan netral, ia mengaku dimutasi puluhan kilometer dari rumahnya.",
            "pressure",
        ),
        (
            "Yang membangkang akan dikenakan sanksi berupa dipindahtugaskan ke daerah yang jauh.",
            "pressure",
        ),
        # Split passives, spelling variants and reduplicated verbs as news writes them.
        ("Mereka di arahkan oleh pimpinan kecamatan untuk memilih pasangan calon.", "pressure"),
        (
            "Banyak ASN kuatir bakal di non jobkan dari jabatan yang sedang mereka duduki.",
            "pressure",
        ),
        ("Petahana kerap menarik-narik ASN untuk bersikap tidak netral.", "pressure"),
        ("Petahana bisa menggunakan mesin birokrasi untuk menggalang dukungan.", "pressure"),
        (
            "Seorang guru yang tidak mau disebut namanya mengaku mendapat instruksi untuk "
            "mendukung caleg itu.",
            "pressure",
        ),
        (
            "Para guru dituntut untuk memilih caleg dari partai itu.",
            "pressure",
        ),
        ("Petahana kerap melakukan intervensi kepada para ASN menjelang pilkada.", "pressure"),
        ("Saksi menyebut camat itu melakukan kampanye untuk istrinya.", "kinship"),
        (
            "Calon ini bilang, kalau tidak dukung saya, nanti kamu saya pindah; kalau dukung "
            "saya, nanti saya naikkan jabatannya.",
            "conflict-of-interest",
        ),
        ("Mereka khawatir dicopot kalau tak satu komando dengan presiden.", "conflict-of-interest"),
        (
            "Usai pilkada, banyak camat disingkirkan karena bukan simpatisan bupati terpilih.",
            "conflict-of-interest",
        ),
        (
            "Sikap netral terkadang menghadirkan balas dendam bila pemilihan usai.",
            "conflict-of-interest",
        ),
        (
            "Ia juga meminta ke semua guru yang hadir di apel itu agar memilih calon legislatif "
            "dari putra daerah.",
            "pressure",
        ),
        ("Hanya Siti yang mengajukan cuti selama mengikuti suami kampanye.", "kinship"),
        (
            "Jika ASN menolak untuk terlibat, akan dilakukan mutasi jabatan sebagai balas dendam.",
            "pressure",
        ),
        (
            "Pejabat yang mengisi posisi itu adalah ASN yang aktif memberi dukungan kepadanya "
            "saat pilkada.",
            "conflict-of-interest",
        ),
        (
            "Tak boleh lagi ada ASN yang membagikan konten capres dengan alasan tidak tahu.",
            "lack-of-understanding",
        ),
        (
            "Berdasarkan keterangan saksi, terbukti Antonius melakukan kampanye untuk istrinya.",
            "kinship",
        ),
        (
            "Hubungan antara ASN dan calon kepala daerah di tingkat daerah jauh lebih dekat.",
            "kinship",
        ),
        (
            "Ada pertimbangan politik terkait hubungan patron-klien dalam pemilukada, yakni "
            "balas jasa bagi pendukung.",
            "conflict-of-interest",
        ),
        (
            "Kata informan, yang tidak ikut akan dipindah ke kecamatan terjauh.",
            "pressure",
        ),
        (
            "Tekanan itu membuat ASN tidak netral lantaran takut kariernya terganggu.",
            "conflict-of-interest",
        ),
        ("Kalau jagoannya menang, mereka merasa aman dan diuntungkan.", "conflict-of-interest"),
        # A cause named in a passage about causes, with no civil servant named again.
        ("Ikatan persaudaraan menjadi faktor tertinggi di wilayah timur.", "kinship"),
        (
            "Banyak calon memberikan janji jika terpilih, dan janji itu disambut sebagian ASN.",
            "conflict-of-interest",
        ),
        ("Pemilu digunakan sebagai cara untuk meminta promosi jabatan.", "conflict-of-interest"),
        # A negator inside a conditional clause does not negate what follows its comma.
        (
            "Kalau tidak ikut mendukung, jabatan kami bisa hilang, jadi ya terpaksa ikut.",
            "conflict-of-interest",
        ),
    ],
)
def test_career_mobilisation_consequences_and_kin_at_a_distance_are_found(rules, text, code):
    assert code in rolled(rules, text)


SIMILAR_CODED = [
    "Pegawai puskesmas itu menyalin daftar nama pasien ke buku catatan relawan.",
    "Petugas puskesmas menyerahkan salinan daftar pasien kepada relawan di kampung.",
]
SIMILAR_NEW = [
    "Seorang pegawai puskesmas menyalin daftar nama pasien untuk buku relawan kemarin.",
    "Bawaslu kabupaten menggelar rapat koordinasi dengan inspektorat daerah.",
]


def test_more_like_these_suggests_a_code_from_similar_coded_passages(coded_db, put):
    """A passage like ones coded `abuse-of-authority` gets it as method "similar", below 0.6;
    once rejected there, a look-alike of the rejected one gets nothing."""
    coded = put(coded_db, "coded", SIMILAR_CODED)
    for pid in coded:
        codings.add_coding(coded_db, pid, "abuse-of-authority", "ayu")
    new = put(coded_db, "baru", SIMILAR_NEW)
    rows = [r for r in engine.suggest(coded_db) if r["passage_id"] in new]
    alike = [r for r in rows if r["method"] == "similar"]
    assert [(r["passage_id"], r["code_id"]) for r in alike] == [(new[0], "abuse-of-authority")]
    assert 0.5 <= alike[0]["score"] < 0.6 and alike[0]["detail"]["similar_to"] in coded
    # The coder rejects it: the rejected passage is now the nearest neighbour of a copy.
    decide(coded_db, alike[0]["id"], "ayu", "rejected")
    [copy] = put(coded_db, "salinan", [SIMILAR_NEW[0] + " Foto terlampir."])
    again = [r for r in engine.suggest(coded_db) if r["passage_id"] == copy]
    assert "abuse-of-authority" not in {r["code_id"] for r in again}
    # Rules only: no pending "similar" suggestion (the decided one is kept).
    rules_only = engine.suggest(coded_db, use_model=False)
    assert all(r["method"] != "similar" for r in rules_only if r["status"] == "pending")


@pytest.fixture(scope="module")
def realtext(shared) -> list[dict]:
    path = shared / "realtext" / "neutrality-passages.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent (real passages are kept beside the project)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("split, floor", [("dev", 0.9), ("test", 0.7)])
def test_realtext_micro_f1_over_the_four_factors(rules, realtext, split, floor):
    """Real passages labelled by someone who never read the rules (issue 9): rules revised on
    dev, test only scored. Optional codes count as either answer."""
    tp = fp = fn = 0
    for row in (r for r in realtext if r["split"] == split):
        predicted = rolled(rules, row["text"])
        for c in FACTORS:
            if c in row["optional"]:
                continue
            tp += c in predicted and c in row["codes"]
            fp += c in predicted and c not in row["codes"]
            fn += c in row["codes"] and c not in predicted
    assert 2 * tp / (2 * tp + fp + fn) >= floor, (tp, fp, fn)
