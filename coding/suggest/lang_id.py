"""Indonesian context data for suggestion rules: negation, clause boundaries, sections.

Data only, like ``spacy/lang/id/*``: the rule engine in ``rules.py`` reads these sets and
knows nothing of Indonesian itself. Every entry is lower case.
"""

from __future__ import annotations

import re

# Double negation: an absence word nearest the hit, under an outer "tidak"/"bukan", asserts
# the factor: "tidak terlepas dari konflik kepentingan", "tidak dapat dipisahkan dari
# tekanan atasan", "bukan tanpa tekanan" ("tanpa tekanan dan tanpa ancaman" stays negated).
NEGATORS_OUTER = frozenset({"tidak", "tak", "bukan", "bukanlah", "belum"})
NEGATORS_INNER = frozenset(
    {
        "tanpa",
        "bebas",
        "terbebas",
        "terhindar",
        "jauh",
        "lepas",
        "terlepas",
        "dilepaskan",
        "dipisahkan",
        "luput",
    }
)

# A rule hit is dropped when one of these comes shortly before it in the same clause:
# "bebas dari konflik kepentingan", "tanpa tekanan", "bukan kepentingan pribadi",
# "tidak terpengaruh oleh tekanan politik" (a norm stated, not a reason found).
NEGATORS = (
    NEGATORS_OUTER
    | NEGATORS_INNER
    | frozenset(
        {
            "kebebasan",
            "independensi",
            "perlindungan",
            "menghindari",
            "menghindarkan",
            "mencegah",
            "mencegahnya",
            "never",
            "not",
            "without",
            "free",
        }
    )
)

# "tidak hanya tekanan, tetapi juga ..." and "tidak netral demi jabatan" negate nothing.
NOT_NEGATING_NEXT = frozenset(
    {
        "hanya",
        "sekadar",
        "sekedar",
        "cuma",
        "saja",
        "lain",
        "jarang",
        # "ASN tidak netral karena ..." names the violation, not a denial of the cause.
        "netral",
        "netralnya",
        # "tanpa terkecuali, tekanan ... masih ada": without exception, not without it.
        "terkecuali",
        "kecuali",
    }
)

# How many tokens before a hit a negator may stand.
NEGATION_WINDOW = 6
# Past a comma, a negator still counts within this many tokens: it negates a list
# ("bebas dari korupsi, kolusi, dan nepotisme"), not a clause before it ("karena tidak
# ada bukti tertulis, tekanan semacam ini ...").
NEGATION_AFTER_COMMA = 3

# Words that open a new clause: a negator beyond them belongs to another statement
# ("ASN tidak netral karena tekanan atasan"), unless the negator sits right before the
# boundary word ("bukan karena kurangnya pemahaman").
CLAUSE_BOUNDARIES = frozenset(
    {
        "karena",
        "sebab",
        "akibat",
        "sehingga",
        "tetapi",
        "namun",
        "melainkan",
        "sedangkan",
        "padahal",
        "meskipun",
        "walaupun",
        "justru",
        "apalagi",
        "selain",
        "kecuali",
        # A new predicate after a relative clause: "yang tidak ikut akan dipindah",
        # "yang menolak lalu ditegur" (the negator stays in the relative clause).
        "akan",
        "bakal",
        "lalu",
        "kemudian",
        "lantas",
        "maka",
        # A reporting verb starts the main clause: "yang tidak mau disebut namanya mengaku
        # mendapat instruksi" (the negator stays with the relative clause).
        "mengaku",
        "mengakui",
        "mengatakan",
        "menyebut",
        "menyebutkan",
        "menuturkan",
        "mengungkapkan",
        "menjelaskan",
        "menegaskan",
        "menyampaikan",
        "because",
        "but",
        "due",
    }
)
# A factor named as what non-neutrality leads to, not why it happens: "ketidaknetralan
# berdampak pada ... konflik kepentingan".
CONSEQUENCE_WORDS = frozenset(
    {
        "berdampak",
        "dampak",
        "dampaknya",
        "mengakibatkan",
        "berakibat",
        "akibatnya",
        "menimbulkan",
        "memunculkan",
        "berujung",
        "melahirkan",
    }
)
# Naming why civil servants take sides: a factor listed in such a passage is one, even
# when the passage does not name the civil servants again ("ikatan persaudaraan menjadi
# faktor tertinggi").
CAUSE_WORDS = frozenset(
    {"faktor", "penyebab", "alasan", "motif", "pemicu", "survei", "responden", "ketidaknetralan"}
)
# ... unless the passage is about a ruling family ("faktor kekerabatan ... dinasti politik").
DYNASTY_WORDS = frozenset({"dinasti", "dinastik", "oligarki", "trah"})
# A conditional clause before a comma keeps its negator to itself: "Kalau tidak
# mendukung, jabatan kami bisa hilang".
CONDITIONAL_OPENERS = frozenset(
    {"kalau", "jika", "jikalau", "bila", "apabila", "seandainya", "andaikan", "manakala"}
)
CLAUSE_PUNCT = frozenset({".", ";", ":", "!", "?", "(", ")", "—", "–"})

# A norm, hope or duty stated before a hit in its clause cancels it like a negator: "ASN
# diharapkan menjaga jarak dari calon yang memiliki hubungan keluarga dengannya",
# "pejabat semestinya mendahulukan kepentingan umum" (what should be, not a reason found).
# Not "diwajibkan" or "harus": "pegawai diwajibkan hadir" is the pressure itself.
NORM_MARKERS = frozenset(
    {
        "diharapkan",
        "hendaknya",
        "hendaklah",
        "seyogianya",
        "seyogyanya",
        "sepatutnya",
        "semestinya",
        "seharusnya",
        "selayaknya",
        "idealnya",
        "wajib",
        "berkewajiban",
        "dituntut",
        "dilarang",
    }
)
NORM_WINDOW = 12
NORM_AFTER_COMMA = 8

# A factor named as a concept, not found as a reason: "teori konflik kepentingan",
# "konsep kekerabatan", "Konflik kepentingan didefinisikan sebagai ...". A term word
# within TERM_WINDOW tokens before a hit, or a defining verb anywhere in its sentence,
# cancels the hit.
TERM_WORDS = frozenset(
    {"teori", "konsep", "definisi", "pengertian", "istilah", "terminologi", "dimensi"}
)
TERM_WINDOW = 3
DEFINING_WORDS = frozenset(
    {"didefinisikan", "mendefinisikan", "definisinya", "dikonseptualisasikan", "defined"}
)
# A definition by its shape: "X adalah sistem di mana ...", "X adalah ketika ...".
COPULAS = frozenset({"adalah", "ialah", "merupakan"})
DEFINING_LINKS = frozenset({"dimana", "mana", "ketika", "manakala", "apabila"})  # "di mana"

# Passages in these sections describe the study, not the field: rules there need a
# stronger signal ("pemahaman yang komprehensif" in a method section is no finding).
METHOD_SECTION = re.compile(
    r"\b(metode|metodologi|method|methods|methodology|teknik pengumpulan|sumber data|"
    r"jenis penelitian|pendekatan penelitian|daftar pustaka|references|bibliography|"
    r"referensi)\b",
    re.IGNORECASE,
)
METHOD_SECTION_FACTOR = 0.5

# Passage kinds that are never coded, and keyword lines ("Kata Kunci: konflik
# kepentingan; Bawaslu") that name topics rather than report them.
SKIP_KINDS = frozenset({"heading", "reference", "caption"})
KEYWORD_LINE = re.compile(r"^\W*(kata[\s-]*kunci|keywords?)\b", re.IGNORECASE)

# Affixes stripped to find a lemma when spaCy's lookup table has no entry for the word
# ("dipahami", "dimutasi", "suaminya"); the stem must itself be in the table or be a
# known lemma, so nothing is invented. Fewer stripped letters win.
PREFIXES = ("di", "ter", "ke", "se")
SUFFIXES = ("nya", "lah", "kah", "pun", "kan", "i", "an")
# A particle after a derivational suffix: "dipahaminya", "diberikannya", "ketahuannya".
SUFFIXES_STACKED = tuple(d + p for d in ("kan", "i", "an") for p in ("nya", "lah", "kah", "pun"))

# -- word classes the context checks (``context.py``) read ------------------------------
SENTENCE_ENDS = frozenset({".", "!", "?", ";"})

# Who is a civil servant (or the bureaucracy) in these texts.
CIVIL_SERVANT_WORDS = frozenset(
    {
        "asn",
        "pns",
        "pppk",
        "p3k",
        "cpns",
        "pegawai",
        "pegawainya",
        "aparatur",
        "birokrasi",
        "birokrat",
        "bawahan",
        "bawahannya",
        "camat",
        "lurah",
        "guru",
        "guru-guru",
        "pejabat",
        "penjabat",
        "pj",
        "sekda",
        "kadis",
        "staf",
        "stafnya",
        "abdi",
        "honorer",
        "dinas",
        # offices whose holders are civil servants ("kepala bidang", "sekretaris camat")
        "bidang",
        "seksi",
        "sekretaris",
        "kabid",
        "kabag",
        "kasi",
        "kasubag",
        "kepsek",
        "kecamatan",
        "kelurahan",
    }
)
# Kin of the regional head or the president: "anak Bupati", "menantu Presiden",
# "caleg yang merupakan kerabat kepala daerah" are dynasties, not a civil servant's tie.
FAMILY_WORDS = frozenset(
    w + suffix
    for w in (
        "adik",
        "kakak",
        "abang",
        "istri",
        "isteri",
        "suami",
        "anak",
        "ayah",
        "menantu",
        "mertua",
        "ipar",
        "sepupu",
        "keponakan",
        "paman",
        "kerabat",
        "keluarga",
        "saudara",
        "putra",
        "putri",
    )
    for suffix in ("", "nya")
)
# (Not "petahana": the incumbent is running, so his relative's tie is to a candidate.)
HEAD_TITLES = frozenset({"bupati", "walikota", "wali", "gubernur", "presiden", "wapres"})
NOMINATING_WORDS = frozenset({"mencalonkan", "memajukan", "mengusung", "menyiapkan"})
# "kepala" is a civil servant before an office ("kepala puskesmas", "kepala bagian"),
# not before "daerah" or "desa".
OFFICES_AFTER_KEPALA = frozenset(
    {
        "puskesmas",
        "bagian",
        "sekolah",
        "dinas",
        "bidang",
        "seksi",
        "badan",
        "kantor",
        "upt",
        "uptd",
        "opd",
        "skpd",
        "bkd",
        "bappeda",
        "subbagian",
        "rsud",
        "satpol",
    }
)
# People a pressure word may be aimed at who are not civil servants.
CITIZEN_WORDS = frozenset(
    {
        "warga",
        "masyarakat",
        "pemilih",
        "penduduk",
        "rakyat",
        "publik",
        "konstituen",
        "warganya",
        "masyarakatnya",
        "pemilihnya",
        "rakyatnya",
        "penduduknya",
        "wartawan",
        "jurnalis",
        "pelapor",
        "saksi",
    }
)
# People in these texts who are not civil servants: what they do not understand, or the
# post they run for, is not a civil servant's.
OTHER_ACTOR_WORDS = CITIZEN_WORDS | frozenset(
    {
        "politisi",
        "politikus",
        "caleg",
        "kandidat",
        "paslon",
        "partai",
        "parpol",
        "kades",
        "perangkat",
        "timses",
        "relawan",
        "penyelenggara",
        "petahana",
        "bupati",
        "walikota",
        "gubernur",
    }
)
OBJECT_WINDOW = 8
AGENT_EXTRA = 6  # words read on past an agent ("oleh oknum ASN ... terhadap warga")
# A purpose clause says what the pressure asks for, not whom it is aimed at.
PURPOSE_WORDS = frozenset({"untuk", "agar", "supaya", "demi", "guna"})

# What a directive may ask for that is the rule itself: "menginstruksikan ASN untuk tetap
# netral" is no pressure to take sides.
PURPOSE_WINDOW = 6  # how far after a directive its purpose is read
# ... and a purpose of breaking the rule is no neutrality: "memengaruhi ASN untuk melanggar
# netralitas".
VIOLATION_WORDS = frozenset({"melanggar", "pelanggaran", "ketidaknetralan", "menabrak"})
FORBIDDEN_WORDS = frozenset({"dibenarkan", "dilarang", "terlarang", "diperbolehkan"})
EXCUSE_WORDS = frozenset({"alasan", "dalih", "pembenaran"})
NEUTRALITY_WORDS = frozenset(
    {
        "netral",
        "netralitas",
        "kenetralan",
        "profesional",
        "profesionalitas",
        "imparsial",
        # asked to take care or keep the rules: "meminta ASN berhati-hati posting"
        "berhati-hati",
        "hati-hati",
        "bijak",
        "mematuhi",
        "menaati",
        "mentaati",
    }
)
# Legal text that names a penalty.
LEGAL_SANCTION_WORDS = frozenset(
    {
        "dipidana",
        "pidana",
        "penjara",
        "kurungan",
        "denda",
        "pasal",
        "ayat",
        "barangsiapa",
    }
)
SANCTION_HEADS = frozenset(
    {
        "penundaan",
        "ditunda",
        "menunda",
        "pembatalan",
        "dibatalkan",
        "pencabutan",
        "penurunan",
        "diturunkan",
        "pemberhentian",
        "diberhentikan",
        "sanksi",
        "hukuman",
    }
)
# A sentence naming sanctions: career words in it are penalties, not stakes.
SANCTION_WORDS = frozenset(
    {"sanksi", "sanksinya", "disiplin", "hukuman", "hukumannya", "dikenakan", "dijatuhi"}
)
# Words that open a list of forms or prohibited acts.
RULE_LIST_WORDS = frozenset(
    {"berupa", "meliputi", "dimaksud", "dilarang", "larangan", "kategori", "contoh"}
)
# "... tidak terjadi", "... tidak ada", "... tidak terbukti".
DENIED_PREDICATES = frozenset({"terjadi", "ada", "ditemukan", "terbukti", "benar", "pernah"})
# "Tidak ada upaya/indikasi/bukti ... untuk mengarahkan PNS".
DENIED_NOUNS = frozenset(
    {"upaya", "indikasi", "bukti", "temuan", "laporan", "arahan", "instruksi", "perintah"}
)
# Verbs of knowing whose object may be a fact ("tidak tahu kalau acara itu kampanye").
KNOWING_VERBS = frozenset({"tahu", "tau", "mengetahui", "diketahui", "menyadari", "sadar"})
# What neutrality rules are about: "tidak tahu kalau like melanggar".
RULE_WORDS = frozenset(
    {
        "aturan",
        "peraturan",
        "regulasi",
        "larangan",
        "dilarang",
        "melanggar",
        "pelanggaran",
        "boleh",
        "diperbolehkan",
        "dibolehkan",
        "netral",
        "netralitas",
        "ketentuan",
        "sanksi",
        "batasan",
        "hukum",
        "kode",
        "etik",
        "like",
        "share",
        "konsekuensi",
        "rule",
        "rules",
        "regulation",
        "regulations",
        "neutrality",
        "law",
    }
)
# A career stake tied to taking sides ("mendukung petahana agar jabatannya aman"): the
# side-taking words, and the motive words that tie a post to an election when no side is
# named ("ASN berpolitik demi mengamankan jabatan").
SIDE_WORDS = frozenset(
    {
        "mendukung",
        "dukung",
        "dukungan",
        "mendukungnya",
        "didukung",
        "pendukung",
        "berpihak",
        "memihak",
        "keberpihakan",
        "pemenangan",
        "memenangkan",
        "menang",
        "kemenangan",
        "calon",
        "kandidat",
        "paslon",
        "petahana",
        "incumbent",
        "timses",
        "terpilih",
        "loyal",
        "loyalitas",
        "loyalis",
        "berjasa",
        "balas",
        "ketidaknetralan",
        "menyodorkan",
        "mendekati",
    }
)
MOTIVE_WORDS = frozenset(
    {
        "ingin",
        "keinginan",
        "berharap",
        "harapan",
        "mengharapkan",
        "demi",
        "agar",
        "supaya",
        "takut",
        "khawatir",
        "mempertahankan",
        "dipertahankan",
        "bertahan",
        "mengamankan",
        "aman",
        "mendapatkan",
        "memperoleh",
        "meraih",
        "mengejar",
        "mengincar",
        "memuluskan",
        "naik",
        "kehilangan",
        "ketergantungan",
        "bergantung",
        "tergantung",
        "motif",
        "ambisi",
        "haus",
        "iming-iming",
        "janji",
        "dijanjikan",
        "imbalan",
        "taruhan",
        "dipertaruhkan",
        "meminta",
        "mencari",
        "mendapat",
        "berpeluang",
        "naikkan",
        "dinaikkan",
        "kebagian",
        "diganjar",
        "dihadiahi",
        "manfaat",
        "menguntungkan",
        "diuntungkan",
        "keuntungan",
    }
)
# "diminta tidak ikut berkampanye", "diimbau jangan memihak": asked to stay out.
PROHIBITIVES = frozenset({"tidak", "tak", "jangan", "dilarang"})
CAMPAIGN_ACTS = SIDE_WORDS | frozenset(
    {"berkampanye", "kampanye", "berpolitik", "terlibat", "memihak", "berpihak"}
)
# Punishment after the election for how one voted: "ASN disingkirkan karena tidak menjadi
# simpatisan kepala daerah terpilih" is the reward-and-punishment system behind a stake.
AFTER_ELECTION_WORDS = frozenset(
    {"usai", "setelah", "pasca", "sesudah", "terpilih", "menang", "dilantik", "kalah"}
)
DISLOYALTY_WORDS = frozenset(
    {
        "berseberangan",
        "pembelot",
        "membelot",
        "simpatisan",
        "dukungannya",
        "mendukungnya",
        "pendukung",
        "lawan",
        "berbeda",
    }
)
# A post given to someone: "pejabat yang mengisi posisi itu ... aktif memberi dukungan".
PLACEMENT_WORDS = frozenset(
    {"mengisi", "menduduki", "menempati", "diisi", "ditempati", "diduduki", "diberi"}
)
POLITICS_WORDS = frozenset(
    {
        "politik",
        "berpolitik",
        "pilkada",
        "pemilukada",
        "pemilu",
        "pemilihan",
        "pilpres",
        "pileg",
        "pilgub",
        "pilbup",
        "pilwalkot",
        "pilwali",
    }
)
# Before a post: the post is used, left, lost as a penalty or held by the regional head,
# not staked ("menyalahgunakan jabatan", "mundur dari jabatannya", "dicopot dari jabatan").
NOT_STAKE_BEFORE = frozenset(
    {
        "menyalahgunakan",
        "penyalahgunaan",
        "pengaruh",
        "kewenangan",
        "wewenang",
        "memanfaatkan",
        "pemanfaatan",
        "menggunakan",
        "mundur",
        "mengundurkan",
        "pengunduran",
        "melepas",
        "melepaskan",
        "meninggalkan",
        "pensiun",
        "cuti",
        "masa",
        "dicopot",
        "pencopotan",
        "diberhentikan",
        "dinonjobkan",
        "digeser",
        "dimutasi",
        "jenjang",
        "lowongan",
        # a classification of posts: "kelompok jabatan", "kelas jabatan"
        "kelompok",
        "jenis",
        "kelas",
        "tingkat",
        "formasi",
        "peta",
    }
)
# After a post: whose post it is ("jabatan bupati", "jabatan kepala daerah").
NOT_STAKE_AFTER = frozenset(
    {
        "kepala",
        "bupati",
        "walikota",
        "wali",
        "gubernur",
        "presiden",
        "wakil",
        "anggota",
        "politik",
        "publik",
        "fungsional",
        "kekuasaan",
        "kekuasaannya",
        # a class of posts, not a post at stake: "Jabatan Pimpinan Tinggi Pratama"
        "pimpinan",
        "administrator",
        "pengawas",
        "struktural",
    }
)
# The candidate's own run for office: "petahana kembali mencalonkan diri untuk jabatan".
CANDIDACY_WORDS = frozenset(
    {"mencalonkan", "dicalonkan", "pencalonan", "periode", "mendaftar", "mendaftarkan"}
)
THREAT_WORDS = frozenset({"diancam", "ancaman", "terancam", "mengancam", "ancam"})
# "tidak akan mendapat promosi": a post withheld as a sanction, not a stake sought.
RECEIVE_WORDS = frozenset({"mendapat", "mendapatkan", "diberi", "diberikan", "memperoleh"})
# Refusing to go along: a transfer in such a passage is a threat.
REFUSALS = frozenset({"menolak", "enggan", "membangkang", "ogah", "melawan", "berseberangan"})
COMPLIANCE = frozenset(
    {"ikut", "mau", "patuh", "taat", "loyal", "hadir", "mendukung", "mengikuti", "menuruti"}
)
FEAR_WORDS = frozenset(
    {"takut", "khawatir", "kuatir", "kawatir", "cemas", "ketakutan", "kekhawatiran", "was-was"}
)
# Candidates and elections: a family word beside one of these is about a candidate.
CANDIDATE_WORDS = frozenset(
    {
        "calon",
        "kandidat",
        "paslon",
        "caleg",
        "capres",
        "cawapres",
        "cabup",
        "cawabup",
        "cagub",
        "cawagub",
        "cawalkot",
        "kontestan",
        "mencalonkan",
        "dicalonkan",
        "pencalonan",
        "berkontestasi",
        "kampanye",
        "berkampanye",
        "mengampanyekan",
        "mengkampanyekan",
        "pilkada",
        "pemilu",
        "pileg",
        "pilpres",
        "pilgub",
        "pilbup",
        "pilwalkot",
        "pilwali",
        "pemilukada",
        "pencalegan",
        "nyaleg",
        "pemilihan",
        "petahana",
        "timses",
        "bertarung",
        "maju",
    }
)

# Unions the checks read on every hit, built once.
CLAUSE_OPENERS = CLAUSE_BOUNDARIES | CONDITIONAL_OPENERS
ELECTION_CONTEXT = (
    SIDE_WORDS | CANDIDATE_WORDS | POLITICS_WORDS | REFUSALS | NEUTRALITY_WORDS | FEAR_WORDS
)
MOTIVE_OR_PLACEMENT = MOTIVE_WORDS | PLACEMENT_WORDS
CALLED_FORBIDDEN = VIOLATION_WORDS | FORBIDDEN_WORDS
RULERS = HEAD_TITLES | {"penguasa"}
SIDES_TAKEN = DISLOYALTY_WORDS | SIDE_WORDS
