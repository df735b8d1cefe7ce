"""``telaah document show|set``: one document's metadata, and correcting it by hand."""

from __future__ import annotations

import json

import click

from corpus.db import write_lock
from corpus.store import EDITABLE_FIELDS, MANUAL, MetadataError, parse_metadata, update_metadata

from .common import db_option, json_option, open_db, print_json, user_errors


@click.group(name="document")
def document_group() -> None:
    """Show or correct one document's metadata (title, authors, year, kind, venue, ...).

    \b
    Example:
      telaah document show 3f9a1c2b7d4e
      telaah document set 3f9a1c2b7d4e title="Netralitas ASN" authors="Ayu Lestari"
    """


def _document(db, doc_id: str) -> dict:
    rows = list(db.query("select * from documents where id = ?", [doc_id]))
    if not rows:
        raise MetadataError(
            f"document {doc_id} does not exist; list documents with: telaah documents"
        )
    doc = rows[0]
    for name in ("authors", "keywords", "field_sources", "warnings", "extractor_settings"):
        doc[name] = json.loads(
            doc.get(name) or ("{}" if name in ("field_sources", "extractor_settings") else "[]")
        )
    return doc


@document_group.command(name="show")
@click.argument("doc_id")
@db_option
@json_option
@user_errors
def document_show_cmd(doc_id, db_path, as_json):
    """A document's metadata, each field with where it came from (extraction, a
    reference library, or manual).

    \b
    Example:
      telaah document show 3f9a1c2b7d4e --json
    """
    doc = _document(open_db(db_path), doc_id)
    if as_json:
        print_json(doc)
        return
    sources = doc["field_sources"]
    click.echo(f"{doc['id']}  {doc['source_path']}")
    for name in (*EDITABLE_FIELDS, "issn", "abstract"):
        value = doc.get(name)
        if isinstance(value, list):
            value = "; ".join(value)
        shown = "" if value in (None, "") else str(value)
        if len(shown) > 80:
            shown = shown[:79] + "…"
        source = f"  [{sources[name]}]" if name in sources else ""
        click.echo(f"  {name:<12} {shown}{source}")


@document_group.command(name="set")
@click.argument("doc_id")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@db_option
@json_option
@user_errors
def document_set_cmd(doc_id, assignments, db_path, as_json):
    """Correct a document's metadata by hand. Fields: title, authors (separated by ";"),
    year, kind, venue, volume, issue, pages, institution, doi, language; an empty value
    clears one.

    The value is recorded as "manual" in field_sources: it beats what extraction found,
    survives telaah ingest --force, and a later telaah import bib keeps it. Only the
    metadata changes; passages, codings and their ids stay.

    \b
    Example:
      telaah document set 3f9a1c2b7d4e title="Netralitas ASN di Pilkada" \\
        authors="Ayu Lestari; Budi Santoso" year=2024 kind=thesis \\
        institution="Universitas Sriwijaya"
    """
    values = {}
    for pair in assignments:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f'"{pair}" is not FIELD=VALUE', param_hint="FIELD=VALUE")
        values[name.strip()] = value
    fields = parse_metadata(values)
    db = open_db(db_path)
    with write_lock(db):
        done = update_metadata(db, doc_id, fields, MANUAL)
    if as_json:
        print_json({"document_id": doc_id, **done})
        return
    click.echo(f"{doc_id}: set {', '.join(done['set'])} (manual)")
