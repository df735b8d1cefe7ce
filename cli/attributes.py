"""``telaah attr``: study attributes (election, region, method, ...) per document."""

from __future__ import annotations

import sys
from dataclasses import asdict

import click

from coding import attributes as attrs
from coding.errors import MissingCoder
from coding.review import highlight

from .common import (
    coder_option,
    cut,
    db_option,
    json_option,
    marks,
    open_db,
    print_json,
    progress_bar,
    read_key,
    user_errors,
    wrap,
)


@click.group(name="attr")
def attr_group() -> None:
    """Describe studies: election, region, method, data, informants, or your own.

    \b
    Examples:
      telaah attr define election --type category --values "Pilkada,Pemilu,Pilpres"
      telaah attr set 4aa5d59cb0d2 election=Pilkada election_year=2024 --coder ayu
      telaah attr import atribut.csv --dry-run
      telaah attr suggest && telaah attr review --coder ayu
    """


@attr_group.command(name="define")
@click.argument("name", required=False)
@click.option(
    "--type",
    "kind",
    type=click.Choice(attrs.TYPES),
    default="text",
    show_default=True,
    help="text, number, date (YYYY-MM-DD), category (one of --values), list (several).",
)
@click.option("--values", help='Allowed values, comma-separated: "Pilkada,Pemilu,Pilpres".')
@click.option("--description", help="What the attribute records (shown in exports).")
@click.option(
    "--default",
    "defaults",
    is_flag=True,
    help="Define the seven default attributes (election, election_year, region, province, "
    "method, data, informants) that are missing.",
)
@db_option
@json_option
@user_errors
def define_cmd(name, kind, values, description, defaults, db_path, as_json):
    """Define an attribute, or change its allowed values or description.

    A change that existing values would not survive is refused, naming the documents.

    \b
    Examples:
      telaah attr define election --type category --values "Pilkada,Pemilu,Pilpres"
      telaah attr define informants --type number --description "Informan diwawancarai"
      telaah attr define --default
    """
    db = open_db(db_path)
    if defaults:
        added = attrs.ensure_default_attributes(db)
        if as_json:
            print_json(added)
            return
        click.echo(f"{len(added)} defined" + (f": {', '.join(added)}" if added else ""))
        return
    if not name:
        raise click.UsageError("give a NAME, or --default for the default attributes")
    row = attrs.define_attribute(db, name, kind, values=values, description=description)
    if as_json:
        print_json(row)
        return
    allowed = f": {', '.join(row['allowed_values'])}" if row["allowed_values"] else ""
    click.echo(f"Defined {row['name']} ({row['type']}{allowed})")


@attr_group.command(name="set")
@click.argument("document_id", metavar="DOC")
@click.argument("assignments", nargs=-1, required=True, metavar="NAME=VALUE...")
@coder_option(required=False)
@db_option
@user_errors
def set_cmd(document_id, assignments, coder, db_path):
    """Set attribute values of one document (all or none: one bad value writes nothing).

    A list attribute takes items separated by ";".

    \b
    Example:
      telaah attr set 4aa5d59cb0d2 election=Pilkada region="Kota Padang" "data=wawancara; dokumen"
    """
    values = {}
    for a in assignments:
        name, eq, value = a.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f'"{a}" is not NAME=VALUE (e.g. election=Pilkada)')
        values[name.strip()] = value
    db = open_db(db_path)
    for c in attrs.set_values(db, document_id, values, set_by=coder):
        was = f" (was {c['previous']})" if c["previous"] not in (None, c["value"]) else ""
        click.echo(f"{document_id}  {c['name']} = {c['value']}{was}")


@attr_group.command(name="unset")
@click.argument("document_id", metavar="DOC")
@click.argument("name")
@db_option
@user_errors
def unset_cmd(document_id, name, db_path):
    """Remove one attribute value of a document.

    \b
    Example:
      telaah attr unset 4aa5d59cb0d2 informants
    """
    old = attrs.unset_value(open_db(db_path), document_id, name)
    if old is None:
        click.echo(f"{document_id} had no {name}; nothing to unset")
    else:
        click.echo(f"{document_id}  {name} unset (was {old})")


@attr_group.command(name="import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@coder_option(required=False)
@db_option
@json_option
@user_errors
def import_cmd(path, dry_run, coder, db_path, as_json):
    """Set values from a CSV: a `document` column, then one column per attribute.

    `document` is a document id, a DOI or a title (case, accents and punctuation
    ignored). Rows that match no document or several, rows with a value their attribute
    refuses, and two rows naming one document are listed and write nothing; the other
    rows are written. The exit status is then 1: fix the rows and import the file again
    (unchanged values stay as they are). An empty cell leaves that value alone. Comma,
    semicolon or tab separated (Excel's CSV in an Indonesian locale uses ";").

    \b
    Example:
      telaah attr import atribut.csv --dry-run
    """
    result = attrs.import_csv(open_db(db_path), path, dry_run=dry_run, set_by=coder)
    if as_json:
        print_json(asdict(result) | {"bad_rows": result.bad_rows})
    else:
        verb = "would set" if dry_run else "set"
        click.echo(
            f"{result.file}: {result.rows} rows, {len(result.matched)} matched; {verb} "
            f"{result.values_set} new and {result.values_changed} changed values on "
            f"{result.documents} documents ({result.values_unchanged} unchanged)"
        )
        lines = []  # every bad row, in the file's order
        for u in result.unmatched:
            what = f'"{u["document"]}"' if u["document"] else "an empty document cell"
            lines.append((u["row"], f"row {u['row']}: no document matches {what}"))
        for a in result.ambiguous:
            lines.append(
                (
                    a["row"],
                    f'row {a["row"]}: "{a["document"]}" matches several documents '
                    f"({', '.join(a['candidates'])}); write the document id instead",
                )
            )
        for r in result.refused:
            for problem in r["problems"]:
                lines.append((r["row"], f"row {r['row']} ({r['document_id']}): {problem}"))
        for _, line in sorted(lines, key=lambda x: x[0]):
            click.echo(f"{line}; nothing written", err=True)
    if result.bad_rows:
        done = "nothing written" if dry_run else "the other rows were written"
        raise click.ClickException(
            f"{result.bad_rows} row(s) not imported ({done}); fix them and import the file again"
        )


@attr_group.command(name="list")
@click.option("--doc", "document_id", help="This document's values, with where each came from.")
@click.option("--values", "all_values", is_flag=True, help="Every document's values.")
@db_option
@json_option
@user_errors
def list_cmd(document_id, all_values, db_path, as_json):
    """List attribute definitions, or the values of one document (--doc) or all (--values).

    \b
    Examples:
      telaah attr list
      telaah attr list --doc 4aa5d59cb0d2 --json
    """
    from tabulate import tabulate

    db = open_db(db_path)
    if document_id or all_values:
        rows = attrs.document_values(db, document_id)
        if as_json:
            defs = {a["name"]: a for a in attrs.list_attributes(db)}
            print_json([{**r, "value": attrs.decode(defs[r["name"]], r["value"])} for r in rows])
            return
        defs = {a["name"]: a for a in attrs.list_attributes(db)}
        table = [
            [
                r["document_id"],
                r["name"],
                cut(attrs.display(defs[r["name"]], r["value"]), 40),
                r["source"],
                r["set_by"] or "",
                r["passage_id"] or "",
            ]
            for r in rows
        ]
        if not table:
            click.echo("No values yet; set them with: telaah attr set DOC NAME=VALUE", err=True)
            return
        click.echo(
            tabulate(
                table, headers=["document", "attribute", "value", "source", "set by", "passage"]
            )
        )
        return
    rows = attrs.list_attributes(db)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo(
            "No attributes yet; define one with: telaah attr define NAME --type ..., "
            "or the defaults with: telaah attr define --default",
            err=True,
        )
        return
    table = [
        [
            a["name"],
            a["type"],
            cut(", ".join(a["allowed_values"]), 34),
            a["documents"],
            a["pending"],
            cut(a["description"], 40),
        ]
        for a in rows
    ]
    click.echo(
        tabulate(table, headers=["name", "type", "values", "documents", "pending", "description"])
    )


@attr_group.command(name="suggest")
@click.option("--doc", "document_id", help="Only this document.")
@click.option(
    "--accept",
    is_flag=True,
    help="Accept the best proposal of each attribute (every item of a list) at once.",
)
@coder_option(required=False)
@db_option
@json_option
@user_errors
def suggest_cmd(document_id, accept, coder, db_path, as_json):
    """Propose attribute values read from the text, each with the passage that shows it.

    Election (Pilkada, Pemilu, Pilpres) and its year ("Pilkada Serentak 2024"), region
    and province (Kemendagri's list of provinces, kabupaten and kota), method and data
    (from the method section and abstract), number of informants ("dua belas informan").
    Defines those seven attributes first if they are missing. Nothing is set until a
    person accepts: `telaah attr review`, or --accept.

    \b
    Examples:
      telaah attr suggest --doc 4aa5d59cb0d2
      telaah attr suggest --accept --coder ayu
    """
    db = open_db(db_path)
    total = db.execute("select count(*) from documents").fetchone()[0]
    with progress_bar(total, "Reading attributes", enabled=not as_json, minimum=50) as advance:
        rows = attrs.suggest_attributes(db, document_id=document_id, on_progress=advance)
    if accept:
        accepted = attrs.accept_best(db, coder=coder, document_id=document_id)
        if as_json:
            print_json(accepted)
            return
        for s in accepted:
            click.echo(f"{s['document_id']}  {s['name']} = {s['value']}  ({s['passage_id']})")
        click.echo(f"Accepted {len(accepted)} value(s) as {coder}.", err=True)
        return
    if as_json:
        print_json(rows)
        return
    for r in rows:
        click.echo(
            f"{r['document_id']}  {r['name']:<14} {cut(r['value'], 26):<26} {r['score']:.2f}  "
            f'{r["passage_id"]}  "{cut(r["quote"], 40)}"'
        )
    click.echo(
        f"{len(rows)} proposals pending; review them with: telaah attr review --coder NAME",
        err=True,
    )


@attr_group.command(name="review")
@coder_option(required=False)
@click.option("--doc", "document_id", help="Only this document.")
@click.option("--name", help="Only proposals for this attribute.")
@db_option
@user_errors
def review_cmd(coder, document_id, name, db_path):
    """Walk pending proposals, one key per decision: a accept, r reject, s skip, q quit.

    Without a terminal (a pipe or a file), one decision a line is read from standard
    input: `a`, `r`, `s` or `q`; input that runs out quits.

    \b
    Example:
      telaah attr suggest && telaah attr review --coder ayu
      printf 'a\\nr\\na\\n' | telaah attr review --coder ayu
    """
    if not (coder or "").strip():
        raise MissingCoder()
    db = open_db(db_path)
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    mark = marks()
    interactive = sys.stdin.isatty()
    shown = 0
    skipped: set[str] = set()
    while True:
        item = next(
            (
                s
                for s in attrs.pending_suggestions(db, document_id=document_id, name=name)
                if s["id"] not in skipped
            ),
            None,
        )
        if item is None:
            break
        shown += 1
        click.echo("")
        click.echo(
            f"[{shown}] {cut(item['title'], 50)} ({item['year'] or 'n.d.'}), "
            f"hlm. {item['page_label'] or '?'}  {item['passage_id']}"
        )
        click.echo(f"    {item['name']} = {item['value']}  score {item['score']:.2f}")
        if item["passage_text"]:
            spans = [(item["char_start"], item["char_end"])]
            click.echo(wrap(highlight(item["passage_text"], spans, mark=mark)))
        key = _ask(interactive)
        if key is None:
            break
        if key == "skipped":
            skipped.add(item["id"])
            counts["skipped"] += 1
            continue
        attrs.decide_suggestion(db, item["id"], key, coder=coder)
        counts[key] += 1
    left = sum(1 for _ in attrs.pending_suggestions(db, document_id=document_id, name=name))
    click.echo("")
    click.echo(
        f"Accepted {counts['accepted']}, rejected {counts['rejected']}, "
        f"skipped {counts['skipped']}; {left} left."
    )
    if shown == 0:
        click.echo("Nothing to review; make proposals with: telaah attr suggest", err=True)


def _ask(interactive: bool) -> str | None:
    """One decision: a key on a terminal, a line from a pipe; None means quit."""
    keys = {"a": "accepted", "r": "rejected", "s": "skipped"}
    while True:
        if interactive:
            key = read_key(
                "  [a]ccept  [r]eject  [s]kip  [q]uit > ",
                command="attr review",
                answers="a, r, s, q",
            )
        else:
            click.echo("  [a]ccept  [r]eject  [s]kip  [q]uit > ", nl=False)
            line = sys.stdin.readline()
            if not line:
                click.echo("(end of input)")
                return None
            key = line.strip().lower()[:1]
            click.echo(key)
        if key in keys:
            return keys[key]
        if key == "q":
            return None
        click.echo("  press a, r, s or q")
