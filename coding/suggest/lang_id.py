"""Indonesian context data for suggestion rules: negation, clause boundaries, sections.

Data only, like ``spacy/lang/id/*``: the rule engine in ``rules.py`` reads these sets and
knows nothing of Indonesian itself. Every entry is lower case.
"""

from __future__ import annotations

import re

# A rule hit is dropped when one of these comes shortly before it in the same clause:
# "bebas dari konflik kepentingan", "tanpa tekanan", "bukan kepentingan pribadi",
# "tidak terpengaruh oleh tekanan politik" (a norm stated, not a reason found).
NEGATORS = frozenset(
    {
        "tidak",
        "tak",
        "bukan",
        "bukanlah",
        "belum",
        "tanpa",
        "bebas",
        "terbebas",
        "kebebasan",
        "independensi",
        "perlindungan",
        "terhindar",
        "menghindari",
        "menghindarkan",
        "mencegah",
        "mencegahnya",
        "jauh",
        "lepas",
        "terlepas",
        "never",
        "not",
        "without",
        "free",
    }
)

# "tidak hanya tekanan, tetapi juga ..." negates nothing.
NOT_NEGATING_NEXT = frozenset({"hanya", "sekadar", "sekedar", "cuma", "saja", "lain", "jarang"})

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
        "because",
        "but",
        "due",
    }
)
CLAUSE_PUNCT = frozenset({".", ";", ":", "!", "?", "(", ")", "—", "–"})

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
