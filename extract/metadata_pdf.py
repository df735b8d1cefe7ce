"""What only page-one layout tells: the title (the largest type near the top), the authors
(the lines just under it, split at commas and at superscript markers), the journal's name
(from the masthead or running header), and the PDF's own Info dictionary as a fallback
that is distrusted when a word processor filled it ("Microsoft Word - bab4.docx", "USER").
"""

from __future__ import annotations

import re

from .furniture import MASTHEAD
from .lines import Line, Word
from .textutil import BAB_HEADING, KNOWN_HEADINGS, normalize

AFFILIATION = re.compile(
    r"(Universitas|University|Universiti|Institut|Institute|Program Studi|Prodi|Fakultas|"
    r"\bST(?:KIP|IE|IA|ISIP|IKES|MIK|IH|IPER|T)\b|\bU?IN\b|\bIAIN\b|Akademi|"
    r"Faculty|Jurusan|Department|Departemen|Sekolah Tinggi|Politeknik|Polytechnic|College|"
    r"Email|E-mail|\bJl\.|\bJalan\b|Kampus|Corresponding|Korespondensi|Received|Diterima|"
    r"Naskah|Accepted|Disetujui|Submitted|Revised|Direvisi|Kota\b|Indonesia\s*$|\d{5})",
    re.I,
)
NOT_TITLE = re.compile(
    r"^(skripsi|tesis|thesis|disertasi|dissertation|makalah|laporan|tugas akhir|proposal|"
    r"jurnal|journal|artikel|article|research article|original article|abstra[ck]t?|"
    r"kata pengantar|daftar isi|lembar|halaman|oleh|disusun)\b",
    re.I,
)
# "Oleh:" / "Disusun oleh" alone or before the name ("oleh warga ..." is a sentence).
REGULATION_START = re.compile(
    r"^\s*(PERATURAN|UNDANG-UNDANG|KEPUTUSAN|SURAT EDARAN|INSTRUKSI|PERATURAN DAERAH)\b"
)
BYLINE_INTRO = re.compile(
    r"^(disusun\s+oleh|diajukan\s+oleh|oleh|by|penulis)\s*(?::\s*|$)(.*)$", re.I
)
STUDENT_ID = re.compile(r"\b(NIM|NPM|NRP|NIRM|Nomor Pokok|No\.\s*Mhs|Student ID)\b|\d{7,}", re.I)
DEGREE = re.compile(
    r"^(?:(?:Dr|Drs|Dra|Prof|Ir|Hj|H|Lc|Ns|dr|drg)\.?|"
    r"[A-Z][A-Za-z]{0,3}\.(?:[A-Za-z]{1,5}\.?)+|"
    r"(?:MA|MSc|MPA|MPP|PhD|SE|SH|MH|MM|MT|ST|SPd|MPd|MSi|SIP|SSos|SKom|MKom|MAP|SAP))$"
)
EMAIL = re.compile(r"\S+@\S+")
_NAME_AND_NUMBER = re.compile(r"\s*[-–]\s*\d{7,}\s*$")
_PARTICLES = {"bin", "binti", "van", "von", "de", "der", "den", "da", "al", "el", "la", "le"}
# Words that are labels, months or function words, never part of a person's name.
_NOT_NAME_WORDS = """
    kata kunci keywords keyword abstrak abstract artikel article informasi info data
    afiliasi affiliation affiliations jurnal journal nomor volume vol no issn doi published
    publisher submission submitted date received accepted revised section this the of in on
    for to a an with by is are yang di ke dari untuk dengan pada dalam ini itu oleh email
    e-mail http https www program studi fakultas universitas university institut institute
    department jurusan penulis author authors corresponding korespondensi halaman page
    online elektronik print january february march april may june july august september
    october november december januari februari maret mei juni juli agustus oktober desember
    skripsi tesis makalah
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_JUNK_INFO = re.compile(
    r"^(microsoft word|untitled|template|document|dokumen|slide|presentation|\W*$)", re.I
)
_JUNK_AUTHOR = {
    "user",
    "admin",
    "administrator",
    "lenovo",
    "dell",
    "hp",
    "asus",
    "acer",
    "pc",
    "ieee",
}
VENUE = re.compile(
    r"^(.*?\b(?:Jurnal|Journal|JURNAL|JOURNAL|Prosiding|Proceedings?)\b.*?)"
    r"(?=\s*(?:,|;|\||\bVol\b|\bVolume\b|\b[eEpP]-?ISSN\b|\bISSN\b|\bNo\.|\bDOI\b|$))"
)


def _is_title_candidate(line: Line, height: float) -> bool:
    text = line.text.strip()
    if line.role != "body" or line.top > 0.65 * height:
        return False
    if NOT_TITLE.match(text) and len(text.split()) <= 4:
        return False
    if BAB_HEADING.match(text) or text.lower().strip(" :") in KNOWN_HEADINGS:
        return False
    return not (EMAIL.search(text) or "http" in text.lower())


def find_title(lines: list[Line], height: float, body_size: float) -> list[Line]:
    """The title's lines: the largest type in the upper page, contiguous, above body size
    (or bold and centred on a cover page set in body size)."""
    candidates = [ln for ln in lines if _is_title_candidate(ln, height)]
    if not candidates:
        return []
    sizes = sorted({ln.size for ln in candidates}, reverse=True)
    for size in sizes:
        if size < body_size + 0.5:
            break
        group = _first_run(lines, lambda ln, s=size: abs(ln.size - s) <= 0.5, candidates)
        if sum(len(ln.text.split()) for ln in group) >= 2 and not _in_masthead(lines, group):
            return group
    # A cover page in body-size type: the first bold, centred run of at least three words.
    group = _first_run(
        lines,
        lambda ln: ln.bold and abs((ln.x0 + ln.x1) / 2 - (ln.left + ln.right) / 2) < 30,
        candidates,
    )
    return group if sum(len(ln.text.split()) for ln in group) >= 3 else []


def _in_masthead(lines: list[Line], group: list[Line]) -> bool:
    """The journal's own name set large above its volume and ISSN lines is no title."""
    if sum(len(ln.text.split()) for ln in group) > 4:
        return False
    end = lines.index(group[-1])
    return any(
        MASTHEAD.search(ln.text) or NOT_TITLE.match(ln.text) for ln in lines[end + 1 : end + 3]
    )


def _first_run(lines: list[Line], match, candidates: list[Line]) -> list[Line]:
    allowed = {id(ln) for ln in candidates}
    group: list[Line] = []
    for ln in lines:
        if id(ln) in allowed and match(ln) and not ln.text.startswith("["):
            if group and ln.base - group[-1].base > 2.6 * ln.size:
                break
            group.append(ln)
        elif group:
            break
    return group


def find_regulation_title(lines: list[Line]) -> list[Line]:
    """A regulation's title: "PERATURAN PEMERINTAH ... NOMOR 11 TAHUN 2017 TENTANG ..."
    down to the subject line(s) after TENTANG."""
    start = next((i for i, ln in enumerate(lines) if REGULATION_START.match(ln.text)), None)
    if start is None:
        return []
    found: list[Line] = []
    after_tentang = False
    for ln in lines[start : start + 8]:
        text = ln.text.strip()
        if after_tentang and (not _is_upper(text) or text.startswith("DENGAN RAHMAT")):
            break
        found.append(ln)
        if text.upper() == "TENTANG" or text.upper().endswith(" TENTANG"):
            after_tentang = True
    return found if after_tentang else []


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def find_byline(lines: list[Line], title: list[Line]) -> list[Line]:
    """Author lines: after "Oleh:" on a cover page, else the lines right under the title
    that hold names, up to the first affiliation, e-mail or abstract line."""
    for i, ln in enumerate(lines):
        m = BYLINE_INTRO.match(ln.text.strip())
        if m and len(ln.text.split()) <= 8:
            found = [ln] if m.group(2) and not STUDENT_ID.search(m.group(2)) else []
            for nxt in lines[i + 1 : i + 9]:
                if STUDENT_ID.search(nxt.text) or AFFILIATION.search(nxt.text):
                    break
                if len(nxt.text.split()) > 8 or not split_authors([nxt]):
                    break
                found.append(nxt)
            if found:
                return found
    if not title:
        return []
    start = lines.index(title[-1]) + 1
    found: list[Line] = []
    for ln in lines[start : start + 6]:
        text = ln.text.strip()
        bare = EMAIL.sub("", _NAME_AND_NUMBER.sub("", text))  # "Nama - 13521048" (a student)
        if AFFILIATION.search(bare) or re.match(r"^(abstra|kata kunci|keywords)", text, re.I):
            break
        if len(text.split()) > 30:
            break
        names = split_authors([ln]) if not text.startswith("[") else []
        if not names:  # a translated title, a stray marker line: skip until names start
            if found:
                break
            continue
        found.append(ln)
        if len(found) == 3:
            break
    return found


def split_authors(lines: list[Line]) -> list[str]:
    """Names, one each: split at superscript markers, commas, semicolons, "dan"/"and"/"&";
    degrees ("S.Kom., M.T.I"), e-mails, digits and marker symbols dropped."""
    pieces: list[str] = []
    current: list[str] = []
    for ln in lines:
        text_words: list[Word] = list(ln.words)
        m = BYLINE_INTRO.match(ln.text.strip())
        if m:
            intro_len = len(ln.text.strip()) - len(m.group(2))
            consumed = 0
            while text_words and consumed < intro_len:
                consumed += len(text_words[0].text) + 1
                text_words.pop(0)
        for w in text_words:
            if w.sup:
                if current:
                    pieces.append(" ".join(current))
                    current = []
                continue
            current.append(w.text)
        if current:
            pieces.append(" ".join(current))
            current = []
    names: list[str] = []
    for piece in pieces:
        for part in re.split(r",|;|&|(?:^|\s+)(?:dan|and)\s+", piece):
            name = clean_name(part)
            if name and name not in names:
                names.append(name)
    return names


def clean_name(part: str) -> str | None:
    """One author's name out of a byline piece, or None when the piece is no name."""
    part = EMAIL.sub(" ", part)
    part = re.sub(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§#()\[\]{}]+", " ", part)
    words = [w for w in part.split() if not DEGREE.match(w.strip(","))]
    words = [w.strip(" .,:") if len(w.strip(" .,:")) > 1 else w for w in words]
    words = [w for w in words if re.search(r"\w", w)]  # "Nama - 13521048": the dash goes
    if not words or len(words) > 6:
        return None
    name = normalize(" ".join(words))
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not name[0].isupper():
        return None
    if AFFILIATION.search(name) or STUDENT_ID.search(name):
        return None
    return name if _plausible_name(name) else None


def _plausible_name(name: str) -> bool:
    """Up to five capitalised words, none of them a label, a month or a function word
    ("Kata Kunci", "June", "This section of ..." are not people)."""
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    for word in words:
        bare = word.strip(".,'’-")
        if len(bare) == 1 and bare.isupper():
            continue  # an initial
        if not bare or bare.lower() in _NOT_NAMES:
            return False
        if bare.lower() in _PARTICLES:
            continue
        if not bare[0].isupper() or any(ch.isdigit() for ch in bare):
            return False
    return True


def info_title(info: dict) -> str | None:
    """The Info dictionary's title, unless a word processor or template put it there."""
    title = _info_text(info.get("Title"))
    if not title or _JUNK_INFO.match(title) or len(title.split()) < 2:
        return None
    title = re.sub(r"\.(docx?|odt|pdf|tex)$", "", title, flags=re.I)
    if re.fullmatch(r"[\w\-]+", title):  # a file name, not a title
        return None
    return title


def info_authors(info: dict) -> list[str]:
    raw = _info_text(info.get("Author"))
    if not raw:
        return []
    names = []
    for part in re.split(r";|,|\s+(?:and|dan)\s+|&", raw):
        part = part.strip()
        words = part.split()
        if not words or part.lower() in _JUNK_AUTHOR or not 2 <= len(words) <= 6:
            continue
        if all(w[:1].isupper() and w.replace(".", "").replace("'", "").isalpha() for w in words):
            names.append(part)
    return names


def _info_text(value) -> str | None:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if not isinstance(value, str):
        return None
    value = normalize(value.replace("\x00", ""))
    return value or None


_VENUE_WORD = re.compile(r"\b(?:Jurnal|Journal|JURNAL|JOURNAL|Prosiding|Proceedings?)\b")
# Where a masthead line goes on past the name: "· November 2017", "(2022) 7(1):31-49",
# a page number (a four-digit year may be the name's: "Prosiding ... 2024").
_VENUE_TAIL = re.compile(r"\s*(?:·|•|\(\d{4}\)|\d+\s*\(\d+\)|\s\d{1,3}\s*$).*$")


def clean_venue(text: str) -> str:
    """The journal's name alone, out of a masthead line that also holds volume, pages or
    a database's "Article in": a citation prints the name exactly as it stands here."""
    text = re.sub(r"^(?:article in|published in)\s+", "", text.strip(), flags=re.I)
    word = _VENUE_WORD.search(text)
    if word:
        # Keep the words just before "Jurnal"/"Journal" ("International Journal of ...")
        # but not a volume, date or page range ahead of them.
        start = word.start()
        for token in reversed(list(re.finditer(r"\S+", text[: word.start()]))):
            if re.search(r"[\d/,·]", token.group()):
                break
            start = token.start()
        text = text[start:]
    text = _VENUE_TAIL.sub("", text)
    text = text.strip(" :-–|/.,")
    text = re.sub(r"\s+[A-Z]$", "", text)  # the "P" of a "P-ISSN" cut off by the line end
    return text.strip(" :-–|/.,")


def find_venue(texts: list[str]) -> str | None:
    """The journal's name from masthead or running-header text."""
    for text in texts:
        m = VENUE.match(re.sub(r"<[^>]*>", "", text).strip())  # "<Nama Penulis>" placeholders
        if m:
            venue = clean_venue(m.group(1))
            if 2 <= len(venue.split()) <= 14 and not re.match(r"^(https?|www|doi)", venue, re.I):
                return venue
    return None
