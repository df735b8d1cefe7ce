"""Small named context checks a pattern can ask for with ``"checks": [NAME, ...]``.

A pattern finds the words; a check reads the sentence around them and says why the hit
does not count (a string) or lets it stand (None). Checks are named in the pattern data
(``patterns.jsonl``), so a researcher reading the rules sees which context each one needs,
and the word classes they read live in ``lang_id``. Each check takes the spaCy ``Doc`` and
the hit's token span ``[start, end)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import lang_id

Check = Callable[[Any, int, int], str | None]


def sentence_bounds(doc: Any, start: int) -> tuple[int, int]:
    """Token bounds of the sentence holding ``start`` (split on . ! ? ;)."""
    lo = start
    while lo > 0 and doc[lo - 1].lower_ not in lang_id.SENTENCE_ENDS:
        lo -= 1
    hi = start
    while hi < len(doc) and doc[hi].lower_ not in lang_id.SENTENCE_ENDS:
        hi += 1
    return lo, hi


def _words(doc: Any, lo: int, hi: int) -> list[str]:
    return [t.lower_ for t in doc[max(0, lo) : min(len(doc), hi)]]


def clause_before(doc: Any, start: int) -> list[str]:
    """The words before ``start`` in its clause: from the sentence's start or its last comma.

    In a list of causes the other items name other people, and a clause before a comma
    ("Karena tidak ada bukti, tekanan ...") is not the hit's own.
    """
    lo, _ = sentence_bounds(doc, start)
    words = _words(doc, lo, start)
    while "," in words:
        words = words[words.index(",") + 1 :]
    return words


def civil_servant_is_agent(doc: Any, start: int, end: int) -> str | None:
    """Pressure goes on the civil servant, not from him to voters or residents.

    An active or nominal pressure word ("mengintimidasi", "intimidasi terhadap") whose
    object, within a few words, is a citizen word before any civil-servant word reports
    the civil servant (or anyone) pressing citizens: no code. The search stops at a
    purpose clause ("tekanan untuk menggalang dukungan warga": what he is pushed to do).
    So does an active verb whose subject, just before it, is a civil servant ("ASN yang
    menekan mereka") when no civil servant follows as its object. A civil servant after
    "oleh" is the agent, so the search reads on for the object: "intimidasi yang dilakukan
    oleh oknum ASN terhadap warga" is not pressure, "di arahkan oleh pimpinan kecamatan
    untuk memilih" is.
    """
    agent_seen: bool | None = False  # None: "oleh" read, True: a civil servant after it
    window = lang_id.OBJECT_WINDOW
    for n, word in enumerate(_words(doc, end, end + window + lang_id.AGENT_EXTRA)):
        if (
            word in lang_id.SENTENCE_ENDS
            or word == ","
            or word in lang_id.CLAUSE_BOUNDARIES
            or word in lang_id.PURPOSE_WORDS
        ):
            break
        if n >= window and not agent_seen:
            break  # past the object window, read on only behind "oleh" + a civil servant
        if word == "oleh":
            agent_seen = None
            continue
        if word in lang_id.CIVIL_SERVANT_WORDS:
            if agent_seen is None:
                agent_seen = True  # the agent, not the object: look on for the object
                continue
            if not agent_seen:
                return None
        if word in lang_id.CITIZEN_WORDS:
            return f"object {word}"
    active = doc[start].lower_.startswith("me")
    if active and set(_words(doc, start - 3, start)) & lang_id.CIVIL_SERVANT_WORDS:
        return "a civil servant is the agent"
    return None


def legal_sanction(doc: Any, start: int, end: int) -> str | None:
    """A sentence of legal text naming a penalty ("dipidana penjara", "pasal") is a rule."""
    lo, hi = sentence_bounds(doc, start)
    for word in _words(doc, lo, hi):
        if word in lang_id.LEGAL_SANCTION_WORDS:
            return f"legal {word}"
    return None


def rule_list(doc: Any, start: int, end: int) -> str | None:
    """A list of forms or prohibited acts ("berupa ... mengerahkan PNS lain") is a rule."""
    lo, _ = sentence_bounds(doc, start)
    for word in _words(doc, lo, start):
        if word in lang_id.RULE_LIST_WORDS:
            return f"rule {word}"
    return None


def denied_after(doc: Any, start: int, end: int) -> str | None:
    """The clause goes on to deny it: "intimidasi ... jelas tidak terjadi"."""
    _, hi = sentence_bounds(doc, start)
    words = _words(doc, end, hi)
    for i, word in enumerate(words[:-1]):
        if word in lang_id.CLAUSE_BOUNDARIES:
            return None
        if word in lang_id.NEGATORS_OUTER and words[i + 1] in lang_id.DENIED_PREDICATES:
            return f"{word} {words[i + 1]}"
    return None


def rule_not_fact(doc: Any, start: int, end: int) -> str | None:
    """Not knowing a fact is not lack of understanding: need a rule word after the hit.

    "tidak tahu kalau like melanggar" is about the rule; "tidak tahu kalau acara itu
    kampanye" or "tidak mengetahui bahwa calon hadir" is about a fact. Only hits on a
    verb of knowing are checked: "kurangnya pemahaman" needs no rule word.
    """
    if not set(_words(doc, start, end)) & lang_id.KNOWING_VERBS:
        return None
    _, hi = sentence_bounds(doc, start)
    for word in _words(doc, end - 1, hi):
        if word in lang_id.RULE_WORDS:
            return None
    return "a fact, not a rule"


def civil_servant_in_passage(doc: Any, start: int, end: int) -> str | None:
    """Kinship is a tie of a civil servant: the passage must name one, or name causes.

    Dynasties, voters who choose by kin and family feuds over an election are kin words
    about someone else. A passage that lists why civil servants take sides ("ikatan
    persaudaraan menjadi faktor tertinggi") is about them even when it does not say so,
    unless it is about a ruling family ("faktor kekerabatan ... dinasti politik").
    """
    words = [t.lower_ for t in doc]
    if names_civil_servant(words):
        return None
    if set(words) & lang_id.CAUSE_WORDS and not set(words) & lang_id.DYNASTY_WORDS:
        return None
    return "no civil servant"


def names_civil_servant(words: list[str]) -> bool:
    """A civil-servant word, or "kepala" before an office ("kepala bagian")."""
    return any(
        word in lang_id.CIVIL_SERVANT_WORDS
        or (
            word == "kepala"
            and words[i + 1 : i + 2]
            and words[i + 1] in lang_id.OFFICES_AFTER_KEPALA
        )
        for i, word in enumerate(words)
    )


def public_subject(doc: Any, start: int, end: int) -> str | None:
    """Kin words about the public's votes ("masyarakat memilih berdasarkan kekerabatan").

    The citizens must come before the hit in its clause, as its subject: "berdasarkan
    keterangan saksi, terbukti Antonius melakukan kampanye untuk istrinya" is no public's
    choice.
    """
    lo, hi = sentence_bounds(doc, start)
    words = set(_words(doc, lo, hi))
    if set(clause_before(doc, start)) & lang_id.CITIZEN_WORDS and not (
        words & lang_id.CIVIL_SERVANT_WORDS
    ):
        return "the public's choice"
    return None


def election_in_sentence(doc: Any, start: int, end: int) -> str | None:
    """A family word counts only beside a candidate or election word in its sentence."""
    lo, hi = sentence_bounds(doc, start)
    for word in _words(doc, lo, hi):
        if word in lang_id.CANDIDATE_WORDS:
            return None
    return "no candidate in the sentence"


def sanction_context(doc: Any, start: int, end: int) -> str | None:
    """Career words used as a sanction ("penundaan kenaikan pangkat") are no stake."""
    for word in _words(doc, start - 3, start):
        if word in lang_id.SANCTION_HEADS:
            return f"sanction {word}"
    lo, hi = sentence_bounds(doc, start)
    for word in _words(doc, lo, hi):
        if word in lang_id.SANCTION_WORDS:
            return f"sanction {word}"
    return legal_sanction(doc, start, end)


def stake_for_side(doc: Any, start: int, end: int) -> str | None:
    """A post or career counts as the civil servant's stake only when tied to taking sides.

    Coders code a career stake when the text links it to the election: a side-taking or
    candidate word in the sentence ("mendukung petahana agar jabatannya aman"), or a
    politics word with a motive ("berpolitik demi mengamankan karier"). A post that is
    abused, left, held by the candidate or lost as a penalty is no stake ("menyalahgunakan
    jabatan", "mundur dari jabatannya", "jabatan bupati", "dicopot dari jabatannya"), and
    a post someone threatens to withhold is pressure ("diancam tidak akan mendapat
    promosi"), unless fear of losing it is the point ("takut dicopot dari jabatannya").
    """
    before = _words(doc, start - 3, start)
    after = _words(doc, end, end + 1)
    if set(after) & lang_id.NOT_STAKE_AFTER:
        return f"post of {after[0]}"
    blocked = set(before) & lang_id.NOT_STAKE_BEFORE
    if blocked and not set(_words(doc, start - 5, start)) & lang_id.FEAR_WORDS:
        return f"not a stake: {sorted(blocked)[0]}"
    lo, hi = sentence_bounds(doc, start)
    sentence = _words(doc, lo, hi)
    words = set(sentence)
    if words & lang_id.CANDIDACY_WORDS and not words & lang_id.CIVIL_SERVANT_WORDS:
        return "a candidate's post"
    near = _words(doc, start - 4, start)
    if set(near) & lang_id.FEAR_WORDS:
        return None  # "kekhawatiran mutasi jabatan": fear for the post is the stake
    withheld = set(_words(doc, start - 6, start))
    if withheld & lang_id.NEGATORS_OUTER and withheld & lang_id.RECEIVE_WORDS:
        return "withheld as a sanction"  # "tidak akan mendapat peluang promosi"
    threat = set(_words(doc, lo, start)) & lang_id.THREAT_WORDS
    if threat and not set(_words(doc, lo, start)) & lang_id.FEAR_WORDS:
        return f"threatened ({sorted(threat)[0]}): pressure, not a stake sought"
    if words & lang_id.SIDE_WORDS or _not_neutral(sentence):
        return None
    if words & lang_id.POLITICS_WORDS and words & lang_id.MOTIVE_WORDS:
        return None
    return "no side taken in the sentence"


def _not_neutral(words: list[str]) -> bool:
    """ "tidak netral", "tak lagi netral": taking sides said the other way round."""
    return any(
        word in lang_id.NEGATORS_OUTER and "netral" in words[i + 1 : i + 3]
        for i, word in enumerate(words)
    )


def side_in_passage(doc: Any, start: int, end: int) -> str | None:
    """A transfer or removal is a threat only in a passage about an election, loyalty, fear
    or refusing to go along ("yang tidak ikut akan dipindah").

    "Para pejabat yang dimutasi ... menjalani evaluasi kinerja" is routine management.
    """
    words = [t.lower_ for t in doc]
    if set(words) & lang_id.ELECTION_CONTEXT:
        return None
    if any(
        word in lang_id.NEGATORS_OUTER and words[i + 1 : i + 2] == [nxt]
        for i, word in enumerate(words)
        for nxt in lang_id.COMPLIANCE
    ):
        return None  # "yang tidak ikut akan dipindah": a threat to the unwilling
    return "no election or side in the passage"


def motive_in_sentence(doc: Any, start: int, end: int) -> str | None:
    """A word that may name a post in passing ("posisi", "mutasi") needs a motive beside it,
    or a placement ("pejabat yang mengisi posisi itu ... aktif memberi dukungan")."""
    lo, hi = sentence_bounds(doc, start)
    if set(_words(doc, lo, hi)) & lang_id.MOTIVE_OR_PLACEMENT:
        return None
    return "no motive in the sentence"


def civil_servant_subject(doc: Any, start: int, end: int) -> str | None:
    """What a politician, a voter or a village head does not understand is not coded.

    Only the words before the hit in its clause are read (its subject side): "Politisi itu
    tidak paham definisi kampanye" is cancelled, "ASN tidak paham larangan berfoto dengan
    calon" is not.
    """
    words = set(clause_before(doc, start))
    other = words & lang_id.OTHER_ACTOR_WORDS
    if other and not words & lang_id.CIVIL_SERVANT_WORDS:
        return f"subject {sorted(other)[0]}"
    return None


def asks_for_neutrality(doc: Any, start: int, end: int) -> str | None:
    """A directive whose purpose is neutrality ("meminta ASN tetap netral") is the rule.

    The words after the directive in its clause, up to a side-taking word, a condition or
    a relative clause, are read: "diminta mendukung calon" and "diancam jika tidak mendukung" stand,
    "diarahkan mengikuti apel netralitas" and "diminta tidak ikut berkampanye" do not.
    """
    if doc[start].lower_ in lang_id.CONDITIONAL_OPENERS:
        return None  # "Kalau tidak mendukung, ...": a threat, not a directive
    _, hi = sentence_bounds(doc, start)
    words = _words(doc, start + 1, min(hi, end + lang_id.PURPOSE_WINDOW))
    for i, word in enumerate(words):
        if (
            word in lang_id.SIDE_WORDS
            or word in lang_id.CLAUSE_BOUNDARIES
            or word in lang_id.CONDITIONAL_OPENERS
            or word in {",", "yang"}
            or word in lang_id.VIOLATION_WORDS
        ):
            return None
        if word in lang_id.NEUTRALITY_WORDS:
            if i and words[i - 1] in lang_id.NEGATORS_OUTER:
                return None  # "untuk bersikap tidak netral": asked to take sides
            return f"asks for {word}"
        if word in lang_id.PROHIBITIVES and set(words[i + 1 : i + 4]) & lang_id.CAMPAIGN_ACTS:
            return f"asks {word} {words[i + 1]}"
    return None


def named_as_consequence(doc: Any, start: int, end: int) -> str | None:
    """A factor named as what taking sides leads to is no reason for it.

    "Ketidaknetralan ASN bisa berdampak pada ... benturan kepentingan": a consequence word
    before the hit in its sentence.
    """
    lo, _ = sentence_bounds(doc, start)
    for word in reversed(_words(doc, lo, start)):
        if word in lang_id.CLAUSE_BOUNDARIES:
            return None  # "... berdampak buruk karena ASN ingin jabatan": a cause again
        if word in lang_id.CONSEQUENCE_WORDS:
            return f"consequence {word}"
    return None


def act_called_a_violation(doc: Any, start: int, end: int) -> str | None:
    """An act named to say it is forbidden is a rule, not a report of it.

    "Memaksa seseorang ... untuk mendukung calon tidak dibenarkan dan melanggar aturan":
    an active verb whose sentence goes on to call it a violation.
    """
    if not doc[start].lower_.startswith("me"):
        return None
    _, hi = sentence_bounds(doc, start)
    after = set(_words(doc, end, hi))
    found = after & lang_id.CALLED_FORBIDDEN
    return f"called {sorted(found)[0]}" if found else None


def excuse_denied(doc: Any, start: int, end: int) -> str | None:
    """ "Tidak ada alasan ASN melanggar karena belum memahami aturan": the excuse is denied."""
    lo, _ = sentence_bounds(doc, start)
    words = _words(doc, lo, start)
    for i, word in enumerate(words[:-2]):
        if (
            word in lang_id.NEGATORS_OUTER
            and words[i + 1] in {"ada", "punya"}
            and words[i + 2] in lang_id.EXCUSE_WORDS
        ):
            return f"{word} ada {words[i + 2]}"
    return None


def _holds_office(words: list[str]) -> bool:
    """ "... bupati yang menjabat kepala bagian": a relative clause naming a civil servant."""
    if "yang" not in words:
        return False
    clause = words[words.index("yang") + 1 :]
    if "," in clause:
        clause = clause[: clause.index(",")]
    return names_civil_servant(clause)


def kin_of_the_head(doc: Any, start: int, end: int) -> str | None:
    """Kin of the regional head or the president is a dynasty, not a civil servant's tie.

    "Anak Bupati ... memobilisasi ASN", "caleg yang merupakan kerabat kepala daerah",
    "menantu Presiden": a family word just before a head's title, said of a candidate or
    of no civil servant. "ASN yang merupakan adik bupati petahana" and "menantu bupati
    yang menjabat kepala bagian" stay kinship.
    """
    lo, hi = sentence_bounds(doc, start)
    words = _words(doc, lo, hi)
    for i, word in enumerate(words):
        if word not in lang_id.FAMILY_WORDS:
            continue
        if set(words[max(0, i - 3) : i]) & lang_id.NOMINATING_WORDS:
            return "kin nominated by the head"  # "ia mencalonkan anak, menantu atau istrinya"
        after = words[i + 1 : i + 3]
        head = set(after) & lang_id.HEAD_TITLES or after[:2] == ["kepala", "daerah"]
        if not head:
            continue
        before = set(words[max(0, i - 4) : i])
        if before & lang_id.CIVIL_SERVANT_WORDS or _holds_office(words[i + 1 : i + 9]):
            return None
        if before & lang_id.CANDIDATE_WORDS or not set(words[:i]) & lang_id.CIVIL_SERVANT_WORDS:
            return f"kin of the {' '.join(after)}"
    return None


def denied_before(doc: Any, start: int, end: int) -> str | None:
    """ "Tidak ada upaya ... untuk mengarahkan PNS": its clause opens by denying it."""
    words = clause_before(doc, start)  # "Karena tidak ada bukti, tekanan ..." stands
    for i, word in enumerate(words[:-2]):
        if (
            word in lang_id.NEGATORS_OUTER
            and words[i + 1] == "ada"
            and words[i + 2] in lang_id.DENIED_NOUNS
        ):
            return f"{word} ada {words[i + 2]}"
    return None


def closeness_to_the_head(doc: Any, start: int, end: int) -> str | None:
    """Closeness to the sitting head ("kedekatan subyektif dengan kepala daerah", "dekat
    dengan bupati sebelumnya") is a career matter, not a tie to a candidate."""
    words = _words(doc, start, end + 6)
    if "dengan" not in words:
        return None
    after = words[words.index("dengan") + 1 : words.index("dengan") + 4]
    if set(after) & lang_id.CANDIDATE_WORDS:
        return None
    if set(after) & lang_id.RULERS or after[:2] == ["kepala", "daerah"]:
        return "closeness to the head"
    return None


def punished_for_sides(doc: Any, start: int, end: int) -> str | None:
    """A removal after the election for how one voted is the system behind a career stake.

    The sentence must place it after the election ("usai pilkada", "kepala daerah
    terpilih") and name the side taken or refused ("tidak mendukung", "berseberangan",
    "simpatisan"): "ASN disingkirkan karena tidak menjadi simpatisan kepala daerah
    terpilih". A transfer with neither is routine or a bare threat.
    """
    lo, hi = sentence_bounds(doc, start)
    words = _words(doc, lo, hi)
    if not set(words) & lang_id.AFTER_ELECTION_WORDS:
        return "not after an election"
    sides = set(words) & lang_id.SIDES_TAKEN
    if sides or _not_neutral(words):
        return None
    return "no side taken or refused"


CHECKS: dict[str, Check] = {
    "civil_servant_is_agent": civil_servant_is_agent,
    "legal_sanction": legal_sanction,
    "rule_list": rule_list,
    "denied_after": denied_after,
    "rule_not_fact": rule_not_fact,
    "civil_servant_in_passage": civil_servant_in_passage,
    "public_subject": public_subject,
    "election_in_sentence": election_in_sentence,
    "sanction_context": sanction_context,
    "stake_for_side": stake_for_side,
    "motive_in_sentence": motive_in_sentence,
    "civil_servant_subject": civil_servant_subject,
    "asks_for_neutrality": asks_for_neutrality,
    "named_as_consequence": named_as_consequence,
    "side_in_passage": side_in_passage,
    "act_called_a_violation": act_called_a_violation,
    "excuse_denied": excuse_denied,
    "kin_of_the_head": kin_of_the_head,
    "denied_before": denied_before,
    "closeness_to_the_head": closeness_to_the_head,
    "punished_for_sides": punished_for_sides,
}
