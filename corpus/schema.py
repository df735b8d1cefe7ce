"""The one SQL schema of a Telaah corpus, applied by named migrations.

Datasette publishes these tables and researchers cite URLs and SQL against them, so the
names of tables and columns are a public contract: add, never rename. A new need is a new
migration appended at the end of ``MIGRATIONS``; an existing database picks it up when it
is next opened (after a backup, see :func:`corpus.db.open_corpus`).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("telaah")

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations(name="0001_documents_passages")
def _documents_passages(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',      -- JSON list of names, in byline order
            year INTEGER,
            kind TEXT NOT NULL DEFAULT 'other',      -- journal_article, thesis, regulation, other
            venue TEXT,
            volume TEXT,
            issue TEXT,
            pages TEXT,                              -- printed page range, e.g. 116-123
            doi TEXT,
            issn TEXT,
            institution TEXT,
            language TEXT,
            abstract TEXT,
            keywords TEXT NOT NULL DEFAULT '[]',     -- JSON list
            page_count INTEGER,
            sha256 TEXT NOT NULL UNIQUE,
            source_path TEXT,
            file_size INTEGER,
            extractor TEXT,
            extractor_version TEXT,
            extractor_settings TEXT,                 -- JSON of extract.settings.ExtractSettings
            field_sources TEXT NOT NULL DEFAULT '{}',-- JSON: field -> where its value came from
            warnings TEXT NOT NULL DEFAULT '[]',     -- JSON list of one-line warnings
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE pages (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,                   -- 1-based PDF page
            page_label TEXT,                         -- the printed page number a reader cites
            status TEXT NOT NULL DEFAULT 'ok',       -- ok, ocr, needs-ocr, error
            message TEXT,
            PRIMARY KEY (document_id, page)
        );
        CREATE TABLE passages (
            id TEXT PRIMARY KEY,                     -- stable across re-ingests of the document
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,                    -- reading order within the document
            page INTEGER,                            -- 1-based PDF page where the passage starts
            page_end INTEGER,                        -- last page it runs onto
            page_label TEXT,                         -- printed label of `page`
            section TEXT,                            -- heading the passage falls under
            kind TEXT NOT NULL DEFAULT 'body',       -- body, heading, footnote, reference, caption
            text TEXT NOT NULL,
            UNIQUE (document_id, seq)
        );
        CREATE INDEX passages_document ON passages(document_id, seq);
        CREATE INDEX passages_section ON passages(section);
        CREATE TABLE pdf_tables (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            page_label TEXT,
            seq INTEGER NOT NULL,                    -- order of the table on its page
            rows TEXT NOT NULL,                      -- JSON list of rows, each a list of cells
            bbox TEXT                                -- JSON [x0, top, x1, bottom]
        );
        CREATE INDEX pdf_tables_document ON pdf_tables(document_id, page);
        CREATE TABLE retired_passages (
            old_id TEXT PRIMARY KEY,                 -- an id a citation may still use
            new_id TEXT,                             -- where its text now lives, if anywhere
            document_id TEXT NOT NULL,
            retired_at TEXT NOT NULL
        );
        CREATE TABLE ingest_failures (
            source_path TEXT PRIMARY KEY,
            sha256 TEXT,
            reason TEXT NOT NULL,
            hint TEXT,
            failed_at TEXT NOT NULL
        );
        """
    )
    db["passages"].enable_fts(["text", "section"], create_triggers=True, tokenize=FTS_TOKENIZE)


@migrations(name="0002_coding")
def _coding(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE codes (
            id TEXT PRIMARY KEY,                     -- slug, e.g. conflict-of-interest
            parent_id TEXT REFERENCES codes(id),
            label_id TEXT NOT NULL,                  -- Indonesian label
            label_en TEXT,
            description TEXT,
            colour TEXT,                             -- #rrggbb
            sort INTEGER NOT NULL DEFAULT 0,
            guid TEXT UNIQUE,                        -- REFI-QDA GUID, kept across exchanges
            patterns TEXT NOT NULL DEFAULT '[]',     -- JSON list of spaCy SpanRuler patterns
            created_at TEXT NOT NULL
        );
        CREATE TABLE code_aliases (
            old_id TEXT PRIMARY KEY,                 -- a renamed or merged code's former id
            code_id TEXT NOT NULL REFERENCES codes(id),
            changed_at TEXT NOT NULL
        );
        -- No foreign key to passages: a re-ingest replaces passages, and codings must
        -- survive it (re-anchored by their quote, or marked unplaced, never dropped).
        CREATE TABLE codings (
            id TEXT PRIMARY KEY,
            passage_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id),
            coder TEXT NOT NULL,
            char_start INTEGER NOT NULL,             -- Python str index into passages.text
            char_end INTEGER NOT NULL,               -- exclusive
            quote TEXT NOT NULL,                     -- passages.text[char_start:char_end]
            memo TEXT,
            origin TEXT NOT NULL DEFAULT 'manual',   -- manual, suggestion, import
            status TEXT NOT NULL DEFAULT 'placed',   -- placed, unplaced (text vanished)
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            guid TEXT UNIQUE
        );
        CREATE INDEX codings_passage ON codings(passage_id);
        CREATE INDEX codings_code ON codings(code_id);
        CREATE INDEX codings_document ON codings(document_id);
        CREATE TABLE coding_events (
            id INTEGER PRIMARY KEY,
            coding_id TEXT NOT NULL,
            action TEXT NOT NULL,                    -- add, remove, move, edit, unplace
            coder TEXT,
            at TEXT NOT NULL,
            detail TEXT                              -- JSON
        );
        CREATE INDEX coding_events_coding ON coding_events(coding_id);
        CREATE TABLE suggestions (
            id TEXT PRIMARY KEY,
            passage_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            code_id TEXT NOT NULL,
            char_start INTEGER,
            char_end INTEGER,
            quote TEXT,
            score REAL NOT NULL,
            method TEXT NOT NULL,                    -- rules, model, rules+model
            status TEXT NOT NULL DEFAULT 'pending',  -- pending, accepted, rejected, skipped
            decided_by TEXT,
            decided_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX suggestions_status ON suggestions(status, passage_id);
        """
    )


@migrations(name="0003_findings")
def _findings(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,                     -- slug used in the permanent URL
            name TEXT NOT NULL,
            statement TEXT NOT NULL,
            sql TEXT NOT NULL,
            params TEXT NOT NULL DEFAULT '{}',
            corpus_version TEXT NOT NULL,            -- corpus_version() when saved
            result_hash TEXT NOT NULL,               -- sha256 of the ordered result when saved
            row_count INTEGER NOT NULL,
            created_by TEXT,
            created_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0004_suggestion_decisions")
def _suggestion_decisions(db: Database) -> None:
    """Each coder decides on a suggestion independently (agreement needs that), and a
    suggestion says which patterns or model produced it, so a reviewer sees why."""
    db.executescript(
        """
        ALTER TABLE suggestions ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';  -- JSON
        CREATE TABLE suggestion_decisions (
            suggestion_id TEXT NOT NULL,
            coder TEXT NOT NULL,
            decision TEXT NOT NULL,                  -- accepted, rejected, skipped
            coding_id TEXT,                          -- the coding an acceptance made
            char_start INTEGER,                      -- span accepted (after an edit)
            char_end INTEGER,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (suggestion_id, coder)
        );
        CREATE INDEX suggestion_decisions_coder ON suggestion_decisions(coder, decision);
        """
    )


@migrations(name="0005_publishing")
def _publishing(db: Database) -> None:
    """The study-by-code matrix counts coded passages per document and code on every page
    view: a covering index answers it from the index alone at 500,000 passages. The
    ``coded_passages`` view gives Datasette one place to facet codings by code, document
    kind, year and section."""
    db.executescript(
        """
        CREATE INDEX codings_matrix ON codings(status, document_id, code_id, passage_id);
        CREATE VIEW coded_passages AS
        SELECT c.id AS coding_id, c.code_id, k.label_id AS code_label, k.parent_id AS code_parent,
               c.coder, c.origin, c.passage_id, c.document_id, d.title, d.year,
               d.kind AS document_kind, p.section, p.kind AS passage_kind, p.page,
               p.page_label, c.char_start, c.char_end, c.quote
        FROM codings c
        JOIN codes k ON k.id = c.code_id
        JOIN passages p ON p.id = c.passage_id
        JOIN documents d ON d.id = c.document_id
        WHERE c.status = 'placed';
        """
    )


@migrations(name="0006_study_attributes")
def _study_attributes(db: Database) -> None:
    """Studies are compared by what they are about (election, region, year, method), which
    no PDF states in a field: researchers define attributes (REFI-QDA's case variables,
    NVivo's classifications) and set a value per document, each value saying where it came
    from so a suggested or imported value can be told from one a person set."""
    db.executescript(
        """
        CREATE TABLE attributes (
            name TEXT PRIMARY KEY,                   -- slug, e.g. election, region, method
            type TEXT NOT NULL DEFAULT 'text',       -- text, number, date, category, list
            allowed_values TEXT NOT NULL DEFAULT '[]', -- JSON list (category and list types)
            description TEXT,
            sort INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE document_attributes (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL REFERENCES attributes(name) ON DELETE CASCADE,
            value TEXT NOT NULL,                     -- list type: JSON list; else the value
            source TEXT NOT NULL DEFAULT 'manual',   -- manual, csv, bib, qdpx, suggested
            set_by TEXT,                             -- coder or file that set it
            passage_id TEXT,                         -- the passage that shows it, if any
            set_at TEXT NOT NULL,
            PRIMARY KEY (document_id, name)
        );
        CREATE INDEX document_attributes_name ON document_attributes(name, value);
        """
    )


@migrations(name="0009_page_accounting")
def _page_accounting(db: Database) -> None:
    """Text that silently disappears is what a researcher cannot forgive: each page says
    how many of its characters went to passages, tables, furniture and figures, and how
    many went nowhere (extract.accounting), so a loss is visible and can be queried. NULL
    on pages ingested before the counts existed (re-ingest with --force to fill them)."""
    for column in (
        "chars_total",
        "chars_passages",
        "chars_tables",
        "chars_furniture",
        "chars_figures",
        "chars_lost",
        "glyphs_dropped",
    ):
        db.execute(f"ALTER TABLE pages ADD COLUMN {column} INTEGER")


def apply(db: Database) -> list[str]:
    """Bring ``db`` up to the current schema; return the names of migrations applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]
