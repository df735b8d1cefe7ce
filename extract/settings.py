"""Extraction settings: a validated dataclass recorded with every document, so any
extraction can be reproduced with the same knobs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class ExtractSettings:
    # Characters closer than this (in points) belong to one word. pdfplumber's default of 3
    # glues words in tightly set lines; 1.5 keeps their spaces (see tests for the cases).
    x_tolerance: float = 1.5
    y_tolerance: float = 3.0
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
        for name in ("x_tolerance", "y_tolerance"):
            if getattr(self, name) <= 0:
                raise ValueError(f"ExtractSettings.{name} must be positive")
        if not 0 < self.repeat_ratio <= 1:
            raise ValueError("ExtractSettings.repeat_ratio must be in (0, 1]")
        if not 0 <= self.margin < 0.5:
            raise ValueError("ExtractSettings.margin must be in [0, 0.5)")

    def to_record(self) -> dict:
        """What is stored with the document: everything but the password."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "password"}

    def as_dict(self) -> dict:
        return asdict(self)
