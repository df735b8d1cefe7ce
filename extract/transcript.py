"""Interview transcripts: "P1: ..." or "Pewawancara: ..." turns.

Researchers code what an informant said and count factors by informant, so the speaker
goes into its own field and out of the quotable text. A document is a transcript only when
many of its paragraphs open with a speaker label; a lone "Catatan: ..." in an article is not.
"""

from __future__ import annotations

import re

from .model import Passage

# "P1:", "I-3:", "Informan 2:", "Narasumber A:", "Pewawancara:", "Ibu Sari:", "Q:".
SPEAKER = re.compile(
    r"^(?P<who>(?:[A-Z]{1,3}[-\s]?\d{1,3}|"
    r"(?:informan|narasumber|responden|partisipan|participant|interviewee|interviewer|"
    r"pewawancara|peneliti|moderator)(?:\s+[\dA-Z]{1,3})?|"
    r"(?:bapak|pak|ibu|bu|sdr\.?|sdri\.?)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?|"
    r"[A-Z][a-z]{1,15}(?:\s+[A-Z][a-z]{1,15})?|[QA]))\s*:\s+(?P<text>\S.*)$",
    re.S | re.I,
)
# At least this share of a document's body paragraphs must open with a label.
MIN_SHARE = 0.3
MIN_TURNS = 3


def split_speakers(passages: list[Passage]) -> int:
    """Move speaker labels into ``Passage.speaker``; return the number of labelled turns.

    A paragraph without a label continues the previous speaker's turn until a heading.
    """
    body = [p for p in passages if p.kind == "body"]
    matches = [SPEAKER.match(p.text) for p in body]
    labelled = [m for m in matches if m and _is_label(m.group("who"))]
    if len(labelled) < MIN_TURNS or len(labelled) < MIN_SHARE * len(body):
        return 0
    speaker: str | None = None
    for p in passages:
        if p.kind == "heading":
            speaker = None
            continue
        if p.kind != "body":
            continue
        m = SPEAKER.match(p.text)
        if m and _is_label(m.group("who")):
            speaker = " ".join(m.group("who").split())
            p.text = m.group("text").strip()
        p.speaker = speaker
    return len(labelled)


def _is_label(who: str) -> bool:
    """A label names a person or a role, not a sentence's first words ("Hasilnya: ...")."""
    return len(who.split()) <= 3 and not who.lower().startswith(
        ("hasil", "catatan", "sumber", "keterangan", "contoh", "misal", "note", "kesimpulan")
    )
