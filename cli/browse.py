"""``telaah documents``, ``passages``, ``search``, ``stats``: looking at what is in a corpus."""

from __future__ import annotations

import click
from tabulate import tabulate

from corpus import queries

from .common import cut, db_option, json_option, open_db, print_json, user_errors


@click.command(name="documents")
@db_option
@json_option
@user_errors
def documents_cmd(db_path, as_json):
    """List the documents in the corpus.

    \b
    Example:
      telaah documents --json | jq '.[] | {id, title, year}'
    """
    rows = queries.list_documents(open_db(db_path))
    if as_json:
        print_json(rows)
        return
    table = [
        [r["id"], r["year"] or "", r["kind"], cut(r["title"], 60), r["passages"], r["codings"]]
        for r in rows
    ]
    click.echo(tabulate(table, headers=["id", "year", "kind", "title", "passages", "codings"]))


@click.command(name="passages")
@db_option
@click.option("--doc", "document_id", help="Only this document's passages.")
@click.option(
    "--kind",
    type=click.Choice(["body", "heading", "footnote", "reference", "caption"]),
    help="Only passages of this kind.",
)
@click.option("--section", help="Only passages under this exact section heading.")
@click.option("--speaker", help='Only what this speaker said, in a transcript (e.g. "P1").')
@click.option("--limit", type=int, default=50, show_default=True, help="0 for all.")
@click.option("--uncoded", is_flag=True, help="Only passages nobody (or --coder) has coded.")
@click.option("--coder", help="With --uncoded: passages this coder has not coded.")
@json_option
@user_errors
def passages_cmd(db_path, document_id, kind, section, speaker, limit, uncoded, coder, as_json):
    """List passages in reading order, with their page label and section.

    \b
    Examples:
      telaah passages --doc 4aa5d59cb0d2 --kind body --limit 5
      telaah passages --uncoded --coder ayu --kind body --json
    """
    if coder and not uncoded:
        raise click.UsageError("--coder goes with --uncoded")
    rows = queries.list_passages(
        open_db(db_path),
        document_id=document_id,
        kind=kind,
        section=section,
        speaker=speaker,
        limit=limit or None,
        uncoded=uncoded,
        coder=coder,
    )
    if as_json:
        print_json(rows)
        return
    for r in rows:
        click.echo(
            f"{r['id']}  {_where(r)}  [{r['kind']}] "
            + (f"{r['locator']}  " if r["locator"] and r["page_label"] else "")
            + f"{cut(r['section'], 30)}\n    {r['speaker'] + ': ' if r['speaker'] else ''}"
            + f"{cut(r['text'], 200)}"
        )


@click.command(name="search")
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option("--doc", "document_id", help="Only search this document.")
@click.option("--limit", type=int, default=20, show_default=True, help="0 for every hit.")
@json_option
@user_errors
def search_cmd(words, db_path, document_id, limit, as_json):
    """Indonesian full-text search of passages, best first.

    Words are stemmed, so kerabat also finds kekerabatan and kerabatnya; every word must
    occur (accents ignored). "adik ipar" (in quotes) is a phrase, kerabat* a prefix,
    kerabat OR keluarga either word.

    \b
    Example:
      telaah search kerabat calon --limit 5
      telaah search '"adik ipar"' 'kerabat*' --limit 0
    """
    rows = queries.search(open_db(db_path), " ".join(words), limit=limit, document_id=document_id)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No passage matches; try fewer or shorter words.", err=True)
        return
    for r in rows:
        click.echo(
            f"{r['id']}  {cut(r['title'], 50)} ({r['year'] or 'n.d.'}), "
            f"hlm. {r['page_label'] or '?'}"
            + (f", {r['locator']}" if r["locator"] else "")
            + f"\n    {r['snippet']}"
        )


@click.command(name="stats")
@db_option
@json_option
@user_errors
def stats_cmd(db_path, as_json):
    """What the corpus holds: documents, passages, codes, codings, pending suggestions.

    \b
    Example:
      telaah stats --db demo.db
    """
    data = queries.stats(open_db(db_path))
    if as_json:
        print_json(data)
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        click.echo(f"{key.replace('_', ' '):<{width}}  {value}")


def _where(passage: dict) -> str:
    """Where a passage is: its printed page, else its locator ("para. 4"), else the PDF page."""
    if passage["page_label"]:
        return f"hlm. {passage['page_label']} (p{passage['page']})"
    return passage.get("locator") or f"hlm. ? (p{passage['page']})"
