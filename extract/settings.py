"""Extraction settings: a validated dataclass recorded with every document, so any
extraction can be reproduced with the same knobs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class ExtractSettings:
    # A gap between characters wider than this share of the font size breaks a word.
    # pdfplumber's fixed 3-point x_tolerance glues words in tightly set 8-point lines; a
    # share of the size does not (extract/lines.py says more).
    word_gap: float = 0.15
    # A line/text block seen at the same place on at least this share of pages is a running
    # header or footer.
    repeat_ratio: float = 0.5
    # Top and bottom margins (share of page height) where headers, footers and page numbers live.
    margin: float = 0.1
    tables: bool = True
    ocr: bool = False
    ocr_language: str = "ind+eng"
    password: str | None = None

    def __post_init__(self) -> None:
        if not 0 < self.word_gap < 1:
            raise ValueError("ExtractSettings.word_gap must be in (0, 1), a share of the font size")
        if not 0 < self.repeat_ratio <= 1:
            raise ValueError("ExtractSettings.repeat_ratio must be in (0, 1]")
        if not 0 <= self.margin < 0.5:
            raise ValueError("ExtractSettings.margin must be in [0, 0.5)")

    def to_record(self) -> dict:
        """What is stored with the document: everything but the password."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "password"}

    def as_dict(self) -> dict:
        return asdict(self)
