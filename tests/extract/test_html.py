"""Saved web pages: the article's headings and paragraphs, its metadata, nothing around it."""

from __future__ import annotations

import pytest

from extract import NoTextLayer, extract_file

ARTICLE = [
    ("heading", "ASN Diminta Netral Jelang Pilkada Serentak"),
    ("body", "Sekretaris daerah mengingatkan seluruh aparatur sipil negara"),
    ("body", "Menurut dia, masih ada pegawai yang merasa tertekan"),
    ("heading", "Sanksi bagi pelanggar"),
    ("body", "Pemerintah daerah menyiapkan sanksi disiplin"),
]


def test_only_the_article_with_its_metadata(news_page):
    doc = extract_file(news_page)
    got = [(p.kind, p.text) for p in doc.passages]
    assert len(got) == len(ARTICLE)
    for (kind, text), (want_kind, start) in zip(got, ARTICLE):
        assert kind == want_kind and text.startswith(start)
    everything = " ".join(t for _, t in got)
    for noise in ("Beranda", "Baca juga", "Harga cabai", "Komentar", "Hak cipta", "Oleh Rina"):
        assert noise not in everything
    assert doc.passages[4].section == "Sanksi bagi pelanggar"
    assert [p.locator for p in doc.passages if p.kind == "body"] == [
        "para. 1",
        "para. 2",
        "para. 3",
    ]
    meta = doc.metadata
    assert meta.title == "ASN Diminta Netral Jelang Pilkada Serentak"
    assert meta.authors == ["Rina Kartika"]
    assert meta.venue == "Warta Daerah"
    assert (meta.published, meta.year, meta.kind) == ("2024-10-03", 2024, "news")
    assert meta.url == "https://warta.example/berita/asn-netral"  # the canonical address
    assert meta.language == "id"


def test_a_page_without_an_article_is_named(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text(
        "<html><body><nav><a href='/'>Beranda</a> <a href='/a'>Politik</a></nav></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(NoTextLayer, match="no (main text|article paragraphs) found on the page"):
        extract_file(page)
