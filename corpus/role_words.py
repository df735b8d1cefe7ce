"""Words that name a part of a study, per role: data only, like ``spacy/lang/id``.

A heading names the part it opens ("Tinjauan Pustaka", "HASIL DAN PEMBAHASAN", "BAB IV
PENUTUP"). Each role lists the words (lower case, matched as whole words at the heading's
start after its number is stripped, or anywhere for the phrases in ``ANYWHERE``) in the
order they are tried: "Hasil Penelitian Terdahulu" is a literature review, so
``literature`` is tried before ``findings``.
"""

from __future__ import annotations

ROLES = (
    "front",
    "abstract",
    "background",
    "literature",
    "method",
    "findings",
    "conclusion",
    "references",
    "other",
)

# A coding in a passage with one of these roles says what the study found.
REPORTING_ROLES = ("abstract", "findings", "conclusion")

# role -> heading words, tried in this order (first match wins).
HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "references",
        (
            "daftar pustaka",
            "daftar referensi",
            "referensi",
            "rujukan",
            "bibliografi",
            "references",
            "bibliography",
            "works cited",
        ),
    ),
    ("abstract", ("abstrak", "abstract", "intisari", "ringkasan", "kata kunci", "keywords")),
    (
        "literature",
        (
            "tinjauan pustaka",
            "kajian pustaka",
            "kajian teori",
            "kajian teoritis",
            "kajian teoretis",
            "landasan teori",
            "landasan teoritis",
            "kerangka teori",
            "kerangka teoritis",
            "kerangka konseptual",
            "kerangka pemikiran",
            "kerangka berpikir",
            "penelitian terdahulu",
            "penelitian sebelumnya",
            "studi terdahulu",
            "tinjauan literatur",
            "kajian literatur",
            "literature review",
            "related work",
            "theoretical framework",
        ),
    ),
    (
        "method",
        (
            "metode penelitian",
            "metodologi penelitian",
            "metode",
            "metodologi",
            "metode dan",
            "bahan dan metode",
            "research method",
            "methods",
            "method",
            "methodology",
        ),
    ),
    (
        "conclusion",
        (
            "kesimpulan",
            "simpulan",
            "penutup",
            "saran",
            "rekomendasi",
            "conclusion",
            "conclusions",
            "concluding",
        ),
    ),
    (
        "findings",
        (
            "hasil",
            "pembahasan",
            "temuan",
            "analisis dan pembahasan",
            "results",
            "result",
            "discussion",
            "findings",
        ),
    ),
    ("background", ("pendahuluan", "latar belakang", "introduction", "background")),
    (
        "front",
        (
            "kata pengantar",
            "daftar isi",
            "daftar tabel",
            "daftar gambar",
            "daftar lampiran",
            "daftar singkatan",
            "halaman judul",
            "halaman pengesahan",
            "lembar pengesahan",
            "halaman persetujuan",
            "lembar persetujuan",
            "pernyataan keaslian",
            "surat pernyataan",
            "persembahan",
            "motto",
            "ucapan terima kasih",
            "acknowledgement",
            "acknowledgements",
            "informasi artikel",
            "riwayat naskah",
            "article info",
        ),
    ),
    ("other", ("lampiran", "appendix", "appendices", "riwayat hidup", "biodata penulis")),
)

# The usual chapters of a skripsi or tesis, for a "BAB N" heading that names nothing else.
CHAPTERS = {1: "background", 2: "literature", 3: "method", 4: "findings", 5: "conclusion"}
