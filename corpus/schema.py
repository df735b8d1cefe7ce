"""The one SQL schema of a Telaah corpus, applied by named migrations.

Datasette publishes these tables and researchers cite URLs and SQL against them, so the
names of tables and columns are a public contract: add, never rename. A new need is a new
migration appended at the end of ``MIGRATIONS``; an existing database picks it up when it
is next opened (after a backup, see :func:`corpus.db.open_corpus`).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from .search import stem_text

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


@migrations(name="0007_code_ancestors")
def _code_ancestors(db: Database) -> None:
    """Every count that rolls up the code tree (matrix cells, synthesis, ``--children``)
    joins this one view instead of writing its own recursive query. ``distance`` is 0 for
    the code itself; the depth guard keeps a cycle a bad import might make from looping."""
    db.executescript(
        """
        CREATE VIEW code_ancestors AS
        WITH RECURSIVE anc(code_id, ancestor_id, distance) AS (
            SELECT id, id, 0 FROM codes
            UNION ALL
            SELECT anc.code_id, c.parent_id, anc.distance + 1
            FROM anc JOIN codes c ON c.id = anc.ancestor_id
            WHERE c.parent_id IS NOT NULL AND anc.distance < 32
        )
        SELECT code_id, ancestor_id, distance FROM anc;
        """
    )


@migrations(name="0008_attribute_details")
def _attribute_details(db: Database) -> None:
    """``telaah attr suggest`` proposes values read from a document's text; nothing is set
    until a person accepts, so proposals wait here with the passage and words that show
    them, and a rejected proposal is not proposed again."""
    db.executescript(
        """
        CREATE TABLE attribute_suggestions (
            id TEXT PRIMARY KEY,                     -- from document, name and value
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL REFERENCES attributes(name) ON DELETE CASCADE,
            value TEXT NOT NULL,                     -- as it would be stored
            passage_id TEXT,                         -- the passage that shows it
            char_start INTEGER,                      -- the words in that passage
            char_end INTEGER,
            quote TEXT,
            score REAL NOT NULL,                     -- 0..1, share of the evidence
            detail TEXT NOT NULL DEFAULT '{}',       -- JSON: mentions counted, rule
            status TEXT NOT NULL DEFAULT 'pending',  -- pending, accepted, rejected
            decided_by TEXT,
            decided_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX attribute_suggestions_document ON attribute_suggestions(document_id, name);
        CREATE INDEX attribute_suggestions_status ON attribute_suggestions(status);
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


@migrations(name="0010_passage_locators")
def _passage_locators(db: Database) -> None:
    """Researchers cite a regulation by article ("Pasal 3 ayat (3) PP 11/2017") and a quote
    by its own page, not the page its passage starts on: each passage keeps its citable
    locator and the offsets where its text crosses onto a new page."""
    db.executescript(
        """
        ALTER TABLE passages ADD COLUMN locator TEXT;  -- e.g. Pasal 3 ayat (3); NULL if none
        -- JSON list of [char_offset, page, page_label]: text[char_offset:] is on that page
        ALTER TABLE passages ADD COLUMN page_breaks TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX passages_locator ON passages(document_id, locator);
        """
    )


@migrations(name="0011_corpus_publication")
def _corpus_publication(db: Database) -> None:
    """A published corpus is cited as a dataset: its DOI (given by ``telaah archive
    --doi``) and other facts about the publication are recorded in the corpus itself, so
    every later "cite this corpus" entry, wherever it is rendered, carries them. A
    document's metadata corrected by hand (``telaah document set``) or by a reference
    library changes neither its file nor its passages, so ``metadata_updated_at`` is what
    tells the corpus version that the document was re-described."""
    db.executescript(
        """
        CREATE TABLE corpus_publication (
            key TEXT PRIMARY KEY,                    -- doi, title, license, base_url
            value TEXT NOT NULL,
            set_at TEXT NOT NULL
        );
        ALTER TABLE documents ADD COLUMN metadata_updated_at TEXT;
        """
    )


@migrations(name="0012_passage_roles")
def _passage_roles(db: Database) -> None:
    """A literature review names factors; a findings chapter reports them. Each passage
    gets the role of the part of the study it stands in (``corpus/roles.py``), a person's
    overrides are kept apart so a re-ingest can recompute roles and re-apply them, and
    ``coded_passages`` carries the role so Datasette can facet codings by it. Existing
    corpora get their roles here, once. ``codings_synthesis`` covers what the synthesis
    reads of each coding, ``passages_synthesis`` of each coded passage."""
    from .store import refresh_roles

    db.executescript(
        """
        ALTER TABLE passages ADD COLUMN role TEXT;   -- front, abstract, background, ...
        CREATE INDEX passages_role ON passages(document_id, role);
        CREATE TABLE role_overrides (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            passage_id TEXT,                         -- one passage; NULL: the whole section
            section TEXT,                            -- passages.section it applies to
            role TEXT NOT NULL,
            set_by TEXT,
            set_at TEXT NOT NULL
        );
        CREATE INDEX role_overrides_document ON role_overrides(document_id);
        -- The synthesis reads every coding of a code and its passage's role and page: from
        -- these two indexes alone at 150,000 codings, instead of two table lookups each.
        CREATE INDEX codings_synthesis ON codings(
            status, code_id, document_id, passage_id, origin, char_start, char_end, coder
        );
        CREATE INDEX passages_synthesis ON passages(id, role, page, page_label);
        DROP VIEW coded_passages;
        CREATE VIEW coded_passages AS
        SELECT c.id AS coding_id, c.code_id, k.label_id AS code_label, k.parent_id AS code_parent,
               c.coder, c.origin, c.passage_id, c.document_id, d.title, d.year,
               d.kind AS document_kind, p.section, p.kind AS passage_kind, p.page,
               p.page_label, c.char_start, c.char_end, c.quote, p.role
        FROM codings c
        JOIN codes k ON k.id = c.code_id
        JOIN passages p ON p.id = c.passage_id
        JOIN documents d ON d.id = c.document_id
        WHERE c.status = 'placed';
        """
    )
    refresh_roles(db)


@migrations(name="0013_memos_ownership")
def _memos_ownership(db: Database) -> None:
    """Memos on codes, documents and the corpus (REFI-QDA's notes), each owned by the coder
    who wrote it, so a team can keep its reasoning beside the data and no one edits another's
    note by accident; and a code's decision rules (when to use it, when not) beside its
    definition, for the codebook report a thesis appendix needs."""
    db.executescript(
        """
        CREATE TABLE memos (
            id TEXT PRIMARY KEY,
            target_type TEXT NOT NULL,               -- code, document, corpus
            target_id TEXT NOT NULL DEFAULT '',      -- code or document id; '' for the corpus
            coder TEXT NOT NULL,                     -- who wrote it (the owner)
            text TEXT NOT NULL,
            guid TEXT UNIQUE,                        -- REFI-QDA note GUID, kept across exchanges
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX memos_target ON memos(target_type, target_id);
        ALTER TABLE codes ADD COLUMN rules TEXT;     -- decision rules: when to use it, when not
        """
    )


@migrations(name="0014_stemmed_search")
def _stemmed_search(db: Database) -> None:
    """Indonesian search: ``kerabat`` must find ``kekerabatan`` and ``kerabatnya``, and FTS5
    has no Indonesian stemmer. ``passages_stem_fts`` holds each passage's text and section as
    stems (``corpus.search.stem_text``) under the passage's rowid; ``corpus.store`` keeps it
    in step with ``passages`` and this migration fills it for an existing corpus.
    ``passages_fts`` stays as it was (a public contract: saved findings query it)."""
    db.execute(
        "CREATE VIRTUAL TABLE passages_stem_fts USING fts5("
        f"text, section, tokenize='{FTS_TOKENIZE}')"
    )
    rows = db.execute("select rowid, text, section from passages").fetchall()
    db.conn.executemany(
        "INSERT INTO passages_stem_fts(rowid, text, section) VALUES (?, ?, ?)",
        [(rowid, stem_text(text), stem_text(section)) for rowid, text, section in rows],
    )


@migrations(name="0016_web_and_word_sources")
def _web_and_word_sources(db: Database) -> None:
    """News reports, official releases and interview transcripts are sources too: a web
    page is cited with its address, publication date and the day it was read, and is kept
    as fetched so a quote can be checked after the page changes; a transcript's passages
    say who is speaking, so a researcher can count by informant."""
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN url TEXT;           -- canonical address of a web source
        ALTER TABLE documents ADD COLUMN published TEXT;     -- publication date, YYYY-MM-DD
        ALTER TABLE documents ADD COLUMN accessed_at TEXT;   -- when a web page was fetched (UTC)
        ALTER TABLE passages ADD COLUMN speaker TEXT;        -- transcripts: who speaks ("P1")
        CREATE TABLE web_captures (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            url TEXT NOT NULL,                               -- the address asked for
            final_url TEXT NOT NULL,                         -- after redirects
            fetched_at TEXT NOT NULL,
            content_type TEXT,
            body BLOB NOT NULL                               -- the bytes as served
        );
        """
    )


def apply(db: Database) -> list[str]:
    """Bring ``db`` up to the current schema; return the names of migrations applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]
