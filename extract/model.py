"""Plain data that extraction returns: no SQLite, no PDF objects, only what a reader sees."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PASSAGE_KINDS = ("body", "heading", "footnote", "reference", "caption")
# Extraction tells these apart (news, web and report are web sources); a person or a
# reference library may also say book or conference_paper (cited as @book, @inproceedings).
DOCUMENT_KINDS = (
    "journal_article",
    "thesis",
    "regulation",
    "news",
    "web",
    "report",
    "book",
    "conference_paper",
    "other",
)
PAGE_STATUSES = ("ok", "ocr", "needs-ocr", "error")


@dataclass
class Passage:
    text: str
    page: int  # 1-based PDF page where the passage starts
    page_label: str | None = None  # printed page number of `page`
    section: str | None = None
    kind: str = "body"
    page_end: int | None = None
    # Where a regulation's passage sits, as a reader cites it: "Pasal 3 ayat (3)".
    locator: str | None = None
    # Where the page changes inside the text: [char_offset, page, page_label] for each page
    # after the first, so a quote is cited with its own page (see corpus.pages.span_pages).
    page_breaks: list[list] = field(default_factory=list)
    speaker: str | None = None  # a transcript's speaker ("P1", "Pewawancara")


@dataclass
class Table:
    page: int
    rows: list[list[str | None]]
    page_label: str | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class PageInfo:
    page: int
    label: str | None = None
    status: str = "ok"  # ok, ocr, needs-ocr, error
    message: str | None = None
    # Where the page's characters went (see extract.accounting); None when not counted.
    chars_total: int | None = None
    chars_passages: int | None = None
    chars_tables: int | None = None
    chars_furniture: int | None = None
    chars_figures: int | None = None
    chars_lost: int | None = None
    glyphs_dropped: int | None = None


@dataclass
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    kind: str = "other"
    venue: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    issn: str | None = None
    institution: str | None = None
    language: str | None = None
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    url: str | None = None  # web sources: the canonical address
    published: str | None = None  # web sources: publication date, YYYY-MM-DD
    # field name -> where the value came from ("first-page", "pdf-metadata", "filename", ...)
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class ExtractedDocument:
    source_path: str
    sha256: str
    file_size: int
    page_count: int
    metadata: Metadata
    passages: list[Passage]
    tables: list[Table] = field(default_factory=list)
    pages: list[PageInfo] = field(default_factory=list)
    extractor: str = "telaah"
    extractor_version: str = ""
    settings: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


class ExtractionError(Exception):
    """A file that cannot become a document. ``reason`` is one line; ``hint`` says what to do."""

    def __init__(self, reason: str, hint: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.reason}; {self.hint}" if self.hint else self.reason


class UnsupportedFile(ExtractionError):
    pass


class BrokenFile(ExtractionError):
    pass


class EncryptedFile(ExtractionError):
    pass


class NoTextLayer(ExtractionError):
    pass
