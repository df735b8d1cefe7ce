"""Word (.docx) files a thesis can take in as they are: a heading, tables with a header
row repeated on every page, paragraphs with the ``*italic*`` parts of a reference in
italics. Written with python-docx; LibreOffice and Word open them (tested through
LibreOffice in ``tests/coding/test_synthesis.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

_ITALIC = re.compile(r"\*([^*]+)\*")
# XML 1.0 forbids these; text from a PDF may carry them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: object) -> str:
    return _ILLEGAL.sub("", "" if text is None else str(text))


class WordFile:
    def __init__(self) -> None:
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(11)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(clean(text), level=level)

    def paragraph(self, text: str, *, italics: bool = True) -> None:
        """A paragraph; with ``italics`` the ``*...*`` parts are set in italics."""
        p = self.doc.add_paragraph()
        text = clean(text)
        pos = 0
        for m in _ITALIC.finditer(text) if italics else ():
            p.add_run(text[pos : m.start()])
            p.add_run(m.group(1)).italic = True
            pos = m.end()
        p.add_run(text[pos:])

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = ""
            cell.paragraphs[0].add_run(clean(text)).bold = True
        # Repeat the header row on every page a long table runs onto.
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                lines = clean(value).split("\n")
                cell.text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        self.doc.save(str(path))
        return path
