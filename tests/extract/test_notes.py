"""Footnotes under a separator rule: where one note ends and the next begins, and how a
note's number is set off from its text."""

from __future__ import annotations

from extract.lines import Line, PageLayout, Word
from extract.notes import note_text, split_footnotes

HEIGHT = 842.0
BODY = 12.0


def line(text: str, top: float, size: float = BODY, x0: float = 113.0) -> Line:
    words = []
    x = x0
    for token in text.split():
        width = 0.5 * size * len(token)
        words.append(Word(token, x, x + width, top, top + size, top + 0.8 * size, size, False))
        x += width + 3
    return Line(words, 1)


def page_with_notes(notes: list[str]) -> PageLayout:
    lines = [
        line(f"Baris isi nomor {k} tentang netralitas pegawai.", 100 + 18 * k) for k in range(8)
    ]
    top = 700.0
    for text in notes:
        lines.append(line(text, top, size=10.0))
        top += 11.5
    return PageLayout(1, 595.0, HEIGHT, lines, rules=[(113.0, 213.0, 696.0)])


def texts(layout: PageLayout) -> list[str]:
    return [note_text(n) for n in split_footnotes(layout, BODY)]


def test_a_wrapped_line_starting_with_a_number_continues_its_note():
    layout = page_with_notes(
        [
            "2Wawancara dengan seorang guru di Kecamatan Muara Baru,",
            "14 Oktober 2024.",
            "3Wawancara dengan anggota pengawas pemilihan, 2 November",
            "2024.",
        ]
    )
    assert texts(layout) == [
        "2 Wawancara dengan seorang guru di Kecamatan Muara Baru, 14 Oktober 2024.",
        "3 Wawancara dengan anggota pengawas pemilihan, 2 November 2024.",
    ]


def test_the_next_number_opens_the_next_note():
    layout = page_with_notes(["7 Lihat Pasal 2 ayat (1).", "8 Ibid., hlm. 14.", "9 Ibid."])
    assert texts(layout) == ["7 Lihat Pasal 2 ayat (1).", "8 Ibid., hlm. 14.", "9 Ibid."]
