"""Indonesian (and English) words that say what a study is about: data only.

Read by :mod:`coding.suggest.attributes`. Each list maps a phrase to the value it shows;
phrases are regular expressions matched case-insensitively on word boundaries, longest
alternatives first where one contains another.
"""

from __future__ import annotations

# Names of institutions and laws that contain an election word but say nothing about
# which election a study looks at ("Badan Pengawas Pemilu", "UU Pemilu").
NOT_AN_ELECTION = [
    r"(?:badan\s+)?pengawas\s+(?:pemilu|pemilihan\s+umum)",
    r"penyelenggara(?:an)?\s+(?:pemilu|pemilihan\s+umum)",
    r"komisi\s+pemilihan\s+umum",
    r"dewan\s+kehormatan\s+penyelenggara\s+pemilu",
    r"(?:undang-undang|uu|hukum|pidana|tindak\s+pidana)\s+pemilu(?:han)?",
    r"election\s+supervisory\s+agency",
    r"general\s+election\s+commission",
]

# Election type -> phrases naming it. "Pemilihan Umum Kepala Daerah" is a Pilkada, so
# that phrase sits under Pilkada and is matched before "pemilihan umum".
ELECTIONS = {
    "Pilkada": [
        r"pemilihan\s+umum\s+kepala\s+daerah",
        r"pemilihan\s+kepala\s+daerah",
        r"pemilukada",
        r"pilkada",
        r"pilgub",
        r"pemilihan\s+gubernur",
        r"pilbup",
        r"pemilihan\s+bupati",
        r"pilwalkot",
        r"pilwali",
        r"pemilihan\s+wali\s*kota",
        r"regional\s+(?:head\s+)?elections?",
    ],
    "Pilpres": [
        r"pilpres",
        r"pemilihan\s+presiden",
        r"presidential\s+elections?",
    ],
    "Pemilu": [
        r"pemilihan\s+umum",
        r"pemilu",
        r"pileg",
        r"pemilihan\s+legislatif",
        r"general\s+elections?",
        r"legislative\s+elections?",
    ],
}

# Words between an election and its year: "Pilkada Serentak 2024", "Pemilihan Umum tahun
# 2024", "Pilgub Jawa Tengah Tahun 2024" (a place's capitalised words are allowed too).
YEAR_BRIDGE_WORDS = r"serentak|tahun|di|th\.?|periode"

# Two election types joined like this are named as a category ("dalam Pemilu maupun
# Pilkada"), not as the election a study looks at.
JOINED = r"\s*(?:,|dan|maupun|ataupun|atau|serta|/|and|or)\s*"

# Study method -> phrases.
METHODS = {
    "campuran": [
        r"metode\s+campuran",
        r"pendekatan\s+campuran",
        r"mixed[\s-]+methods?",
        r"mix[\s-]+methods?",
        r"kombinasi\s+kualitatif\s+dan\s+kuantitatif",
    ],
    "kualitatif": [r"kualitatif", r"qualitative"],
    "kuantitatif": [r"kuantitatif", r"quantitative"],
}

# Data a study collected -> phrases.
DATA = {
    "wawancara": [r"wawancara", r"interviews?", r"diwawancarai"],
    "observasi": [r"observasi", r"pengamatan", r"observations?"],
    "survei": [r"survei", r"survey", r"kuesioner", r"angket", r"questionnaires?"],
    "dokumen": [
        r"dokumentasi",
        r"dokumen",
        r"studi\s+(?:pustaka|literatur|kepustakaan)",
        r"kajian\s+pustaka",
        r"bahan\s+hukum",
        r"documents?",
        r"literature\s+(?:study|review)",
    ],
}

# A passage that opens like this is a summary or keyword line about the study.
ABSTRACT_OPENING = r"^\W*(?:abstra[kc]t?|kata\s+kunci|keywords?)\b"

# People a study heard: "dua belas informan", "12 orang informan", "informan sebanyak 8".
INFORMANT_NOUNS = r"informan|narasumber|key\s+informants?|informants?"

ONES = {
    "satu": 1,
    "se": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
TENS_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
# English number words for English abstracts ("twelve informants").
ENGLISH_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
}
