"""Plain-text and Markdown sources.

Text copied out of a PDF often arrives hard-wrapped, sometimes with a blank line after
every line (as Word-to-text exports do). Those blank lines are not paragraph breaks: a
paragraph ends at a line that stops short of the usual width with a full stop, or at a
heading. A bare number on its own line is a printed page number and becomes the label
of the passages after it; a form feed starts a new page.
"""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

from .metadata_pdf import AFFILIATION, clean_name, find_venue
from .metadata_text import guess_metadata
from .model import BrokenFile, ExtractedDocument, Metadata, PageInfo, Passage, Table
from .paragraphs import CAPTION_LABEL, is_caption
from .settings import ExtractSettings
from .textutil import (
    heading_level,
    is_reference_heading,
    join_lines,
    normalize,
    page_number_value,
)

VERSION = "1"
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_HEADING_ANY = re.compile(r"^#{1,6} \S", re.M)
_MD_NOISE = re.compile(
    r"<sup>.*?</sup>|</?(?:b|i|em|strong|u|br)\s*/?>|\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)"
)
# Converters (docling, pandoc) leave placeholders such as "<!-- image -->": not text.
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|<(https?://[^>]+)>")
_END = (".", "?", "!", ":", '"', "”", ")")
# Lines of an article's front matter that begin a block of their own even without a blank
# line before them: the abstract and keywords, an affiliation or e-mail under the byline.
_FRONT_START = re.compile(
    r"^(?:(?:abstra[ck]t?|kata\s*kunci|keywords?)\b\s*[:;,.\-–—]?|"
    r"[\d,\-–*\s]*(?:universitas|university|institut|fakultas|program studi|prodi|"
    r"sekolah tinggi|politeknik|e-?mail|korespondensi|corresponding)\b)",
    re.I,
)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s")
# A figure or table label, or the source line under it: caption, not heading or body.
# (The PDF reader's caption words: one vocabulary for both.)
_CAPTION_START = re.compile(rf"^(?:{CAPTION_LABEL}|sumber|source)\b", re.I)
_CAPTION_ONLY = re.compile(rf"(?:sumber|source)\s*:.*|{CAPTION_LABEL}\s+[\dIVX][\dIVX.\-]*", re.I)
HEADING = "\x01"  # a block that is a heading
TABLE = "\x02"  # a block that is a table: JSON rows follow
NOTE = "\x03"  # a block that is a footnote (and, in the text, a line holding notes: JSON)
# A footnote as Word exports it to text: its number, a space, its text ("1 Indrawan ...").
_NOTE_START = re.compile(r"^(\d{1,3})\s+\S")
_LIST_START = re.compile(r"^(\d{1,2}[.)]|[a-z][.)]|\(\d{1,2}\)|[•▪●-])\s+\S")


# No one hard-wraps lines this long: a line of more characters is a whole paragraph.
_SOFT_WRAPPED = 200


def _clean_md(line: str) -> str:
    line = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), line)
    return _MD_NOISE.sub("", line).rstrip("\\")


def _next_word_fits(lines: list[str], index: int, line: str, widest: int) -> bool:
    """The next line's first word would have fitted on this one: the writer ended the
    line on purpose, so a paragraph ends here (if the next line starts like one)."""
    following = next((ln.strip() for ln in lines[index + 1 :] if ln.strip()), "")
    if not following[:1].isupper():
        return False
    return len(line) + 1 + len(following.split()[0]) <= widest


def _continues(lines: list[str], index: int) -> bool:
    """The next text line starts in lower case: ``lines[index]`` is the first line of a
    wrapped sentence or list item ("1. Pemerintah perlu meningkatkan" / "sosialisasi
    ..."), not a heading."""
    following = next((ln.strip() for ln in lines[index + 1 :] if ln.strip()), "")
    return following[:1].islower()


def _unnumbered_heading(
    line: str, current: str, double_spaced: bool, usual: float, lines: list[str], index: int
) -> bool:
    """In hard-wrapped text a block opens with a full line; a short capitalised one with no
    closing punctuation, followed by a new sentence, is a subheading ("KASN dalam
    Menegakkan Netralitas ASN")."""
    if not double_spaced or current or len(line) >= 0.6 * usual or len(line.split()) > 10:
        return False
    if not line[:1].isupper() or line.endswith((*_END, ",", ";")) or _LIST_START.match(line):
        return False
    if _CAPTION_START.match(line):
        return False
    following = next((ln.strip() for ln in lines[index + 1 :] if ln.strip()), "")
    return following[:1].isupper()


def _front_matter(meta: Metadata, head: list[str]) -> None:
    """Authors from the byline under the title, and the journal's name from the masthead
    above it: what the PDF reader learns from page one's layout, read here from the order
    of a text file's first blocks."""
    if meta.kind == "journal_article" and (venue := find_venue(head[:6])):
        meta.venue = venue
        meta.sources["venue"] = "first-pages"
    if meta.kind == "regulation" or meta.title not in head:
        return
    after = head.index(meta.title) + 1
    for block in head[after : after + 2]:
        byline = AFFILIATION.split(block, maxsplit=1)[0]  # names come before the university
        parts = [p for p in re.split(r",|;|&|\s+(?:dan|and)\s+", byline) if p.strip()]
        names = [n for n in map(clean_name, parts) if n]
        if names and len(names) >= 0.6 * len(parts):
            meta.authors = list(dict.fromkeys(names))
            meta.sources["authors"] = "first-pages"
            return


def _next_list_item(line: str, previous: str) -> bool:
    """ "3. Pasal 119 ..." right after a paragraph "2. Pasal 87 ..." is the list's next
    item, however short, not a numbered heading."""
    m = _NUMBERED.match(line)
    return bool(m) and previous.startswith(f"{int(m.group(1)) - 1}.")


def _note_mark(n: int) -> re.Pattern:
    """The reference to note ``n`` in the body: its number set against the word or closing
    punctuation before it, at a sentence or clause end ("Pilkada1.", "negara3.")."""
    return re.compile(rf"(?:(?<=[^\W\d_])|(?<=[)\]\"”’])|(?<=[^\W\d_][.,])){n}(?=[.,;:]?(?:\s|$))")


def separate_footnotes(text: str) -> str:
    """Take Word's numbered notes out of the running text.

    Saved as text, a Word document keeps each page's footnotes where the page ended: a
    single-spaced block of lines that start with the next note's number, the body going on
    after it (on a line that starts with a space, the next page's first line) in the
    middle of its sentence. A note is taken only where its number was referenced in the
    text before it (``tugasnya2.``), so a numbered list is never mistaken for notes. Each
    block becomes one line ``NOTE + JSON [[number, text], ...]`` that
    :func:`split_paragraphs` turns into footnote blocks after the paragraph it interrupted,
    and the reference numbers leave the words they were glued to, as the PDF reader drops
    superscript markers.
    """
    lines = text.split("\n")
    out: list[str] = []
    expected = 1
    i = 0
    while i < len(lines):
        m = _NOTE_START.match(lines[i])
        seen = "\n".join(out[-200:])
        if not (m and int(m.group(1)) == expected and _note_mark(expected).search(seen)):
            out.append(lines[i])
            i += 1
            continue
        notes: list[list] = []
        while i < len(lines):
            raw = lines[i]
            m = _NOTE_START.match(raw)
            if m and int(m.group(1)) == expected:
                notes.append([expected, raw[m.end(1) :].strip()])
                expected += 1
            elif not raw.strip():
                if i + 1 < len(lines) and not lines[i + 1].strip():
                    break  # two blank lines: the block is over
            elif raw[:1].isspace() or "\f" in raw or len(notes[-1][1]) > 1500:
                break  # the next page's text, or no end in sight
            else:
                notes[-1][1] = join_lines(notes[-1][1], raw.strip())
            i += 1
        for n, _ in notes:  # "Pilkada1." reads "Pilkada."
            for k in range(len(out) - 1, -1, -1):
                marked = _note_mark(n).sub("", out[k], count=1)
                if marked != out[k]:
                    out[k] = marked
                    break
        while out and not out[-1].strip() and len(out) >= 2 and not out[-2].strip():
            out.pop()  # keep one blank line, so the interrupted paragraph goes on
        out.append(NOTE + json.dumps([[n, normalize(t)] for n, t in notes], ensure_ascii=False))
    return "\n".join(out)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise BrokenFile("binary data in a text file", "is it really .txt/.md? check the file")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BrokenFile("cannot decode text")  # pragma: no cover - latin-1 decodes anything


def split_paragraphs(text: str, *, markdown: bool = False) -> list[tuple[int, str | None, str]]:
    """Return ``(page, page_label, paragraph)`` blocks, headings as their own blocks."""
    pages = text.split("\f")
    blocks: list[tuple[int, str | None, str]] = []
    state: dict[str, str | None] = {"label": None}
    heading_seen = False  # the front matter (byline, abstract) ends at the first heading
    for page_no, page_text in enumerate(pages, start=1):
        lines = [ln.rstrip() for ln in page_text.splitlines()]
        nonblank = [ln for ln in lines if ln.strip()]
        if not nonblank:
            continue
        # "Double-spaced" text: most lines are followed by a blank line, and they are
        # hard-wrapped lines (most end mid-sentence, none is very long), not one paragraph
        # per line with blank lines between, as markdown and most editors write them.
        blank_after = sum(
            1 for i, ln in enumerate(lines[:-1]) if ln.strip() and not lines[i + 1].strip()
        )
        widths = [len(ln.strip()) for ln in nonblank if len(ln.strip()) > 20]
        usual = statistics.median(widths) if widths else 80
        sentence_ends = sum(1 for ln in nonblank if ln.strip().endswith(_END))
        double_spaced = (
            blank_after >= 0.6 * len(nonblank)
            and len(nonblank) >= 4
            and sentence_ends < 0.6 * len(nonblank)
            and usual <= 120
        )
        widest = max(widths, default=80)
        # One paragraph per line, no blank lines between (a spreadsheet column or a list of
        # quotations saved as text): lines far longer than anyone hard-wraps are paragraphs.
        line_per_paragraph = (
            not markdown
            and not double_spaced
            and widest > _SOFT_WRAPPED
            and len(lines) - len(nonblank) < 0.1 * len(nonblank)
        )
        current: str = ""
        table: list[list[str]] = []

        notes: list[tuple[int, str | None, str]] = []

        def flush(page_no: int = page_no, notes: list = notes) -> None:
            nonlocal current
            if current.strip():
                blocks.append((page_no, state["label"], normalize(current)))
            current = ""
            blocks.extend(notes)  # footnotes after the paragraph they interrupted
            notes.clear()

        def flush_table(page_no: int = page_no, table: list[list[str]] = table) -> None:
            nonlocal current
            if len(table) >= 2:
                blocks.append((page_no, state["label"], TABLE + json.dumps(table)))
            elif table:  # one line with a tab in it is text
                current = " ".join(c for c in table[0] if c)
                flush()
            table.clear()

        blank_run = 0
        for index, raw in enumerate(lines):
            if raw.startswith(NOTE):
                for n, note in json.loads(raw[1:]):
                    notes.append((page_no, state["label"], NOTE + f"{n} {note}"))
                if not current:
                    flush()
                continue
            line = raw.strip()
            if markdown:
                line = _clean_md(line).strip()
            if "\t" in raw and line:
                # Tab-separated lines are a table pasted from a word processor: data, as
                # the PDF reader's tables are, not a paragraph of run-together cells.
                flush()
                cells = [_clean_md(c).strip() if markdown else c.strip() for c in raw.split("\t")]
                while cells and not cells[-1]:
                    cells.pop()
                table.append(cells)
                continue
            if not line:
                blank_run += 1
                # Double-spaced text still marks a block's end with two blank lines or more.
                if not double_spaced or blank_run == 2:
                    flush()
                continue
            blank_run = 0
            if table:
                flush_table()
            if current and not heading_seen and _FRONT_START.match(line):
                flush()
            if double_spaced and _CAPTION_START.match(line) and len(line) < 0.8 * usual:
                # "Gambar 1" / "Sumber : Bawaslu RI" under a figure: a block of its own,
                # not the start of the paragraph after it.
                flush()
                current = line
                flush()
                continue
            if page_number_value(line) and len(line) <= 5:
                flush()
                state["label"] = page_number_value(line)
                continue
            md = _MD_HEADING.match(line) if markdown else None
            unnumbered = heading_seen and _unnumbered_heading(
                line, current, double_spaced, usual, lines, index
            )
            if (
                unnumbered
                and blocks
                and blocks[-1][2].startswith(HEADING)
                and len(blocks[-1][2]) >= 0.8 * usual  # it filled its line, so it wrapped
            ):
                # The second line of a wrapped heading ("1. Tantangan ... Menjaga" / "ASN di
                # Pilkada 2024"): one heading.
                page, label, heading = blocks[-1]
                blocks[-1] = (page, label, f"{heading} {normalize(line)}")
                continue
            if (
                md
                or unnumbered
                or (
                    heading_level(line)
                    and len(line) < 0.85 * usual + 10
                    and not _continues(lines, index)
                    and not _next_list_item(line, current or (blocks[-1][2] if blocks else ""))
                )
            ):
                flush()
                heading_seen = True
                heading = normalize(md.group(2) if md else line)
                blocks.append((page_no, state["label"], HEADING + heading))
                continue
            if current and _LIST_START.match(line) and current.endswith((*_END, ";")):
                flush()  # "2. ..." after an item that ended: the next item
            current = join_lines(current, line) if current else line
            if line_per_paragraph or (
                double_spaced
                and line.endswith(_END)
                and (len(line) < 0.8 * usual or _next_word_fits(lines, index, line, widest))
            ):
                flush()
        flush_table()
        flush()
    return blocks


def extract_text_file(
    path: Path, settings: ExtractSettings, *, sha256: str, file_size: int
) -> ExtractedDocument:
    text = read_text(path)
    markdown = path.suffix.lower() == ".md" or len(_MD_HEADING_ANY.findall(text)) >= 2
    if markdown:
        text = _MD_COMMENT.sub("", text)
    blocks = split_paragraphs(separate_footnotes(text), markdown=markdown)
    passages: list[Passage] = []
    section: str | None = None
    in_references = False
    heading_parts: list[str] = []
    tables: list[Table] = []
    for page, label, block in blocks:
        if block.startswith(TABLE):
            tables.append(Table(page=page, rows=json.loads(block[1:]), page_label=label))
            continue
        if block.startswith(NOTE):
            passages.append(Passage(block[1:], page, label, section, "footnote"))
            continue
        if block.startswith(HEADING) and _CAPTION_START.match(block[1:]):
            passages.append(Passage(block[1:], page, label, section, "caption"))
            continue
        if block.startswith(HEADING):
            title = block[1:]
            # "BAB IV" then "PENUTUP": one heading.
            if heading_parts and re.fullmatch(r"BAB\s+\S+", heading_parts[-1], re.I):
                heading_parts[-1] = f"{heading_parts[-1]} {title}"
                passages[-1].text = heading_parts[-1]
                section = heading_parts[-1]
                continue
            heading_parts.append(title)
            section = title
            in_references = is_reference_heading(title)
            passages.append(Passage(title, page, label, section, "heading"))
            continue
        kind = "reference" if in_references else "body"
        if is_caption(block) or _CAPTION_ONLY.fullmatch(block):
            kind = "caption"
        passages.append(Passage(block, page, label, section, kind))
    page_count = text.count("\f") + 1
    pages = [PageInfo(page=p) for p in range(1, page_count + 1)]
    labels = {p.page: p.page_label for p in passages}
    for info in pages:
        info.label = labels.get(info.page)
    metadata = guess_metadata(path, [p.text for p in passages[:40]])
    _front_matter(metadata, [p.text for p in passages[:12]])
    return ExtractedDocument(
        source_path=str(path),
        sha256=sha256,
        file_size=file_size,
        page_count=page_count,
        metadata=metadata,
        passages=passages,
        pages=pages,
        tables=tables if settings.tables else [],
        extractor="telaah.text",
        extractor_version=VERSION,
        settings=settings.to_record(),
    )
