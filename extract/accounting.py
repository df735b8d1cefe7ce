"""Where every character of a page went: passages, tables, furniture, or nowhere.

Text that silently disappears is what a researcher cannot forgive, so each page's
characters are counted once as pdfplumber reports them (spaces left aside, fake-bold
second copies and undecodable ``(cid:NNN)`` glyphs not counted) and once by where they
ended: in a passage (body, heading, caption, reference or footnote), in a table's cells,
in the page's furniture (running heads and feet, page numbers, margin stamps set
sideways), in a drawing (the labels of a Word diagram, which pdfminer reports as
transformed text and which are kept out of the running text), or nowhere (the remainder:
text set sideways inside the page, a passage left out as garbled). The counts are stored
with each page (``pages.chars_*``), and ingest names the pages where more than
:data:`MAX_LOST_SHARE` of the text went nowhere.
"""

from __future__ import annotations

from .lines import Line, PageLayout
from .model import PageInfo
from .quality import page_ranges

# A page losing more than this share of its characters is named in a warning.
MAX_LOST_SHARE = 0.01


def _glyphs(line: Line) -> int:
    return sum(w.glyphs for w in line.words)


def account(page: PageLayout, info: PageInfo, lost_lines: set[int]) -> None:
    """Fill ``info``'s character counts from ``page``'s tally and the roles of its lines.
    ``lost_lines``: ids of lines whose passage was left out (garbled)."""
    tally = page.tally
    if "total" not in tally:  # the page could not be read at all
        return
    info.chars_total = tally["total"]
    info.glyphs_dropped = tally["cid"]
    if page.status != "ok":  # its text layer was not used (OCR, or needs it)
        info.chars_passages = info.chars_tables = info.chars_furniture = info.chars_figures = 0
        info.chars_lost = info.chars_total
        return
    passages = furniture = 0
    for ln in page.lines:
        if id(ln) in lost_lines:
            continue
        if ln.role == "furniture":
            furniture += _glyphs(ln)
        else:
            passages += _glyphs(ln)
    info.chars_passages = passages
    info.chars_tables = tally["excluded"]
    info.chars_furniture = furniture + tally["rotated_margin"]
    info.chars_figures = tally["drawn"]
    placed = passages + info.chars_tables + info.chars_furniture + info.chars_figures
    info.chars_lost = max(0, info.chars_total - placed)


def lost_share(info: PageInfo) -> float:
    if not info.chars_total or info.chars_lost is None:
        return 0.0
    return info.chars_lost / info.chars_total


def lost_text_warning(pages: list[PageInfo]) -> str | None:
    """One line naming the readable pages where more than 1% of the text went nowhere."""
    bad = [p for p in pages if p.status == "ok" and lost_share(p) > MAX_LOST_SHARE]
    if not bad:
        return None
    worst = max(bad, key=lost_share)
    return (
        f"text in no passage, table or furniture on {page_ranges([p.page for p in bad])} "
        f"(worst: page {worst.page}, {lost_share(worst):.1%} of its characters)"
    )
