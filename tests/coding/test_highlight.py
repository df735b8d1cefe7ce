"""Coded spans as HTML: every character escaped, overlaps cut into pieces, labels beside."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from coding.highlight import DEFAULT_COLOUR, Span, highlight_html, load_spans, safe_colour, tint

TEXT = "Camat meminta pegawai hadir di rapat tim pemenangan calon petahana."


class Tags(HTMLParser):
    """Collects start tags and the text a browser would show."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


def visible_text_without_tags(html: str) -> str:
    """The passage text as a reader sees it, minus the code labels after spans."""
    html = re.sub(r"<sup[^>]*>.*?</sup>", "", html)
    return "".join(parse(html).text)


def test_no_spans_is_escaped_text():
    html = highlight_html("a < b & c > d", [])
    assert html == '<span class="telaah-passage">a &lt; b &amp; c &gt; d</span>'


def test_one_span_marks_exactly_its_words_and_names_the_code():
    start = TEXT.index("rapat tim pemenangan")
    span = Span(
        start, start + len("rapat tim pemenangan"), "pressure", "Tekanan", "#d35400", ("ayu",)
    )
    html = highlight_html(TEXT, [span])
    assert '>rapat tim pemenangan</mark><sup class="telaah-tag"' in html
    assert ">Tekanan</sup>" in html
    assert "rgba(211, 84, 0, 0.28)" in html
    assert 'title="Tekanan [pressure] (ayu)"' in html
    assert visible_text_without_tags(html) == TEXT


def test_overlapping_spans_are_cut_not_nested():
    a = Span(0, 21, "pressure", "Tekanan", "#d35400")  # "Camat meminta pegawai"
    b = Span(14, 27, "mobilisation", "Mobilisasi", "#2980b9")  # "pegawai hadir"
    html = highlight_html(TEXT, [a, b])
    marks = [attrs for tag, attrs in parse(html).tags if tag == "mark"]
    assert [m["data-codes"] for m in marks] == ["pressure", "pressure mobilisation", "mobilisation"]
    assert "linear-gradient" in marks[1]["style"]
    assert re.search(r"<mark[^>]*>[^<]*<mark", html) is None  # no mark inside a mark
    assert visible_text_without_tags(html) == TEXT
    # each label follows the end of its own span
    assert html.index(">Tekanan</sup>") < html.index(">Mobilisasi</sup>")


def test_two_coders_same_span_is_one_mark_listing_both():
    spans = [
        Span(0, 5, "pressure", "Tekanan", "#d35400", ("budi",)),
        Span(0, 5, "pressure", "Tekanan", "#d35400", ("ayu",)),
    ]
    html = highlight_html(TEXT, spans)
    assert html.count("<mark") == 1 and html.count("<sup") == 1
    assert "(ayu, budi)" in html


def test_span_inside_a_whole_passage_coding_of_the_same_code_draws_once():
    whole = Span(0, len(TEXT), "pressure", "Tekanan", "#d35400", ("budi",))
    part = Span(6, 13, "pressure", "Tekanan", "#d35400", ("ayu",))
    marks = [a for t, a in parse(highlight_html(TEXT, [whole, part])).tags if t == "mark"]
    assert [m["data-codes"] for m in marks] == ["pressure"] * 3
    assert "background-color" in marks[1]["style"]  # one code: no gradient


def test_stale_offsets_are_clipped_or_dropped():
    spans = [
        Span(-5, 5, "a", "A"),
        Span(len(TEXT) - 3, len(TEXT) + 50, "b", "B"),
        Span(500, 600, "c", "C"),
    ]
    html = highlight_html(TEXT, spans)
    assert visible_text_without_tags(html) == TEXT
    assert 'data-code="c"' not in html


def test_hostile_text_label_code_and_colour_stay_inert():
    text = 'Ada <script>alert("x")</script> di sini & "kutip"'
    span = Span(
        4,
        31,
        'x" onmouseover="alert(1)',
        '<img src=x onerror="alert(2)">',
        "red; background: url(javascript:alert(3))",
        ('<b coder="1">',),
    )
    html = highlight_html(text, [span])
    tags = parse(html).tags
    assert {t for t, _ in tags} == {"span", "mark", "sup"}
    for _, attrs in tags:
        assert not any(k.startswith("on") for k in attrs)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" not in html  # quote=False in text
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert "javascript" not in html and DEFAULT_COLOUR in html
    assert visible_text_without_tags(html) == text


def test_colours():
    assert safe_colour("#C0392B") == "#c0392b"
    assert safe_colour("#fff") == DEFAULT_COLOUR
    assert safe_colour(None) == DEFAULT_COLOUR
    assert tint("#000000", 0.5) == "rgba(0, 0, 0, 0.5)"


def test_load_spans_reads_placed_codings(coded_db, put):
    from coding.codings import add_coding, remove_coding

    (pid, other) = put(coded_db, "doc", [TEXT, "Kalimat lain tanpa kode apa pun."])
    add_coding(coded_db, pid, "pressure", "ayu", start=0, end=5)
    gone = add_coding(coded_db, pid, "kinship", "budi", start=6, end=13)
    remove_coding(coded_db, gone["id"], coder="budi")
    spans = load_spans(coded_db.conn, [pid, other, pid])
    assert list(spans) == [pid, other]
    assert spans[other] == []
    (s,) = spans[pid]
    assert (s.start, s.end, s.code_id, s.coders) == (0, 5, "pressure", ("ayu",))
    assert s.label == "Tekanan dan ancaman" and s.colour == "#d35400"
