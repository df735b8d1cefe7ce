"""Coding by hand: ``code``, ``uncode``, ``show``, ``codings``, ``history``."""

from __future__ import annotations

import sys

import click
from tabulate import tabulate

from coding import codings, review
from corpus.pages import SpanPages

from .common import (
    coder_option,
    cut,
    db_option,
    json_option,
    marks,
    open_db,
    print_json,
    user_errors,
    wrap,
)


@click.command(name="code")
@click.argument("passage_id", metavar="PASSAGE_ID")
@click.argument("code_id", metavar="CODE_ID", required=False)
@coder_option()
@click.option("--quote", help="Words of the passage to code (case and spacing ignored).")
@click.option("--nth", type=int, help="With --quote: which occurrence (1 = first).")
@click.option("--start", type=int, help="First character of the span (0-based).")
@click.option("--end", type=int, help="Character after the span (exclusive).")
@click.option(
    "--from-search",
    "query",
    metavar="QUERY",
    help="Code every passage this search finds (then give only CODE_ID).",
)
@click.option("--doc", "document_id", help="With --from-search: only this document.")
@click.option("--yes", is_flag=True, help="With --from-search: do not ask before coding.")
@click.option("--memo", help="A note on why.")
@db_option
@json_option
@user_errors
def code_cmd(
    passage_id,
    code_id,
    coder,
    quote,
    nth,
    start,
    end,
    query,
    document_id,
    yes,
    memo,
    db_path,
    as_json,
):
    """Code a passage, or a span of it, with a code.

    Without --quote or --start/--end the whole passage is coded. --quote finds the words
    in the passage; offsets are characters into the passage text (see them with: telaah
    show PASSAGE_ID --offsets). CODE_ID may be an id or an Indonesian or English label.

    With --from-search "QUERY" CODE_ID every hit is coded (the words of the query where
    they occur together, else the whole passage) after you confirm the list.

    \b
    Examples:
      telaah code 4aa5d59cb0d2-1f0c9e1a2b kinship --coder ayu
      telaah code 4aa5d59cb0d2-1f0c9e1a2b kinship --coder ayu --quote "adik ipar calon bupati"
      telaah code 4aa5d59cb0d2-1f0c9e1a2b pressure --coder ayu --start 120 --end 164 \\
          --memo "ancaman mutasi dari atasan"
      telaah code --from-search "adik ipar" kinship --coder ayu --yes
    """
    db = open_db(db_path)
    if query is not None:
        if code_id is not None:
            raise click.UsageError("with --from-search give only CODE_ID, not a passage")
        _code_search_hits(db, query, passage_id, coder, document_id, yes, memo, as_json)
        return
    if code_id is None:
        raise click.UsageError("give PASSAGE_ID and CODE_ID (or --from-search QUERY CODE_ID)")
    if nth is not None and quote is None:
        raise click.UsageError("--nth goes with --quote")
    row = codings.add_coding(
        db, passage_id, code_id, coder, start=start, end=end, memo=memo, quote=quote, nth=nth
    )
    if as_json:
        print_json(row)
        return
    click.echo(_coded_line(row))


def _coded_line(row: dict) -> str:
    verb = "Coded" if row["created"] else "Already coded"
    return (
        f"{verb} {row['passage_id']} [{row['char_start']}:{row['char_end']}] as "
        f"{row['code_id']} by {row['coder']} (coding {row['id']}): "
        f'"{cut(row["quote"], 80)}"'
    )


def _code_search_hits(db, query, code_id, coder, document_id, yes, memo, as_json) -> None:
    from coding.codebook import resolve_code_id

    code_id = resolve_code_id(db, code_id)
    hits = codings.search_hits(db, query, document_id=document_id)
    if not hits:
        raise click.ClickException(f'the search "{query}" finds no passage; nothing coded')
    if not as_json or not yes:
        for h in hits:
            click.echo(
                f"{h['id']}  hlm. {h['page_label'] or '?'}  [{h['char_start']}:{h['char_end']}] "
                f'"{cut(h["quote"], 70)}"',
                err=as_json,
            )
    if not yes:
        if not sys.stdin.isatty():
            raise click.ClickException(
                f"{len(hits)} passage(s) would be coded {code_id}; confirm with --yes "
                "(no terminal to ask on)"
            )
        click.confirm(f"Code these {len(hits)} passage(s) as {code_id} by {coder}?", abort=True)
    rows = [
        codings.add_coding(
            db, h["id"], code_id, coder, start=h["char_start"], end=h["char_end"], memo=memo
        )
        for h in hits
    ]
    if as_json:
        print_json(rows)
        return
    added = sum(r["created"] for r in rows)
    click.echo(f"Coded {added} passage(s) as {code_id} by {coder} ({len(rows) - added} already).")


@click.command(name="uncode")
@click.argument("target")
@click.argument("code_id", required=False)
@coder_option()
@click.option("--start", type=int, help="Only the coding with this span start.")
@click.option("--end", type=int, help="Only the coding with this span end.")
@click.option(
    "--as-admin",
    "--force",
    "as_admin",
    is_flag=True,
    help="Remove another coder's coding (recorded as an override in the history).",
)
@db_option
@user_errors
def uncode_cmd(target, code_id, coder, start, end, as_admin, db_path):
    """Remove a coding: by its id, or by passage and code (your own codings only).

    The coding leaves the table but stays in the audit trail (telaah history). Another
    coder's coding is refused, naming its owner, unless --as-admin (or --force) is given;
    the history then shows the override and who used it.

    \b
    Examples:
      telaah uncode 9f2c41d07ab3e5c1 --coder ayu
      telaah uncode 4aa5d59cb0d2-1f0c9e1a2b kinship --coder ayu
    """
    db = open_db(db_path)
    if code_id is None:
        ids = [target]
    else:
        codings.get_passage(db, target)
        ids = [
            r["id"]
            for r in codings.find_codings(
                db, target, code_id=code_id, coder=coder, start=start, end=end
            )
        ]
        if not ids:
            raise click.ClickException(
                f'{coder} has no "{code_id}" coding on {target}; see them with: '
                f"telaah show {target}"
            )
    for cid in ids:
        row = codings.remove_coding(db, cid, coder=coder, override=as_admin)
        click.echo(
            f"Removed coding {cid} ({row['code_id']} on {row['passage_id']} "
            f"[{row['char_start']}:{row['char_end']}])"
        )


@click.command(name="show")
@click.argument("passage_id")
@click.option("--offsets", is_flag=True, help="Print each word with its character offset.")
@db_option
@json_option
@user_errors
def show_cmd(passage_id, offsets, db_path, as_json):
    """Show a passage with its codings highlighted and its pending suggestions.

    \b
    Examples:
      telaah show 4aa5d59cb0d2-1f0c9e1a2b
      telaah show 4aa5d59cb0d2-1f0c9e1a2b --offsets   # to pick --start/--end
    """
    from coding.suggest.engine import list_suggestions

    db = open_db(db_path)
    passage = codings.get_passage(db, passage_id)
    doc = next(db.query("select title, year from documents where id = ?", [passage["document_id"]]))
    rows = codings.list_codings(db, passage_id=passage_id)
    sugs = list_suggestions(db, passage_id=passage_id)
    if as_json:
        print_json({"passage": passage, "document": doc, "codings": rows, "suggestions": sugs})
        return
    click.echo(
        f"{passage['id']}  {cut(doc['title'], 60)} ({doc['year'] or 'n.d.'}), "
        f"hlm. {passage['page_label'] or '?'} (p{passage['page']})"
        + (f"  {passage['locator']}" if passage.get("locator") else "")
        + (f"  [{cut(passage['section'], 40)}]" if passage["section"] else "")
    )
    text = passage["text"]
    if offsets:
        click.echo(wrap(" ".join(f"{i}:{w}" for i, w in _words(text))))
    else:
        spans = [(r["char_start"], r["char_end"]) for r in rows if r["status"] == "placed"]
        click.echo(wrap(review.highlight(text, spans, mark=marks())))
    if rows:
        click.echo("Codings:")
        for r in rows:
            click.echo(
                f"  {r['id']}  {r['code_id']:<24} {r['coder']:<10} "
                f"[{r['char_start']}:{r['char_end']}] {span_cite(r):<12} {r['origin']:<10} "
                f'"{cut(r["quote"], 50)}"' + (f"  memo: {cut(r['memo'], 40)}" if r["memo"] else "")
            )
    pending = [s for s in sugs if s["status"] == "pending"]
    if pending:
        click.echo("Suggestions (pending):")
        for s in pending:
            click.echo(
                f'  {s["code_id"]:<24} {s["score"]:.2f} {s["method"]:<11} "{cut(s["quote"], 50)}"'
            )


def span_cite(row: dict) -> str:
    """``hlm. 118`` for a coding row of :func:`coding.codings.list_codings`: its own span's
    page, not its passage's first page."""
    pages = SpanPages(row["span_page"], row["span_page_end"], row["span_page_label"])
    return pages.cite("id") or "hlm. ?"


def _words(text: str):
    import re

    for m in re.finditer(r"\S+", text):
        yield m.start(), m.group()


@click.command(name="codings")
@click.option("--doc", "document_id", help="Only this document.")
@click.option("--passage", "passage_id", help="Only this passage.")
@click.option("--code", "code_id", help="Only this code (a former id works too).")
@click.option("--children", is_flag=True, help="With --code, include codes below it.")
@click.option("--coder", help="Only this coder.")
@click.option(
    "--status",
    type=click.Choice(["placed", "unplaced"]),
    help="unplaced: codings a re-ingest could not place (kept, waiting for you).",
)
@db_option
@json_option
@user_errors
def codings_cmd(document_id, passage_id, code_id, children, coder, status, db_path, as_json):
    """List codings in reading order.

    \b
    Examples:
      telaah codings --code factors --children
      telaah codings --status unplaced --json
    """
    rows = codings.list_codings(
        open_db(db_path),
        document_id=document_id,
        passage_id=passage_id,
        code_id=code_id,
        coder=coder,
        status=status,
        include_children=children,
    )
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No codings match; code one with: telaah code PASSAGE_ID CODE_ID --coder NAME")
        return
    table = [
        [
            r["id"],
            r["passage_id"],
            r["code_id"],
            r["coder"],
            f"{r['char_start']}:{r['char_end']}",
            span_cite(r),
            r["status"] if r["status"] != "placed" else r["origin"],
            cut(r["quote"], 48),
        ]
        for r in rows
    ]
    headers = ["coding", "passage", "code", "coder", "span", "page", "origin", "quote"]
    click.echo(tabulate(table, headers=headers))


@click.command(name="history")
@click.option("--coding", "coding_id", help="One coding's history.")
@click.option("--passage", "passage_id", help="Everything that happened on a passage.")
@click.option("--code", "code_id", help="Everything about a code.")
@click.option("--coder", help="Everything one coder did.")
@click.option("--since", help="From this ISO date/time on, e.g. 2025-05-01.")
@click.option("--limit", type=int, default=50, show_default=True, help="The latest N; 0 for all.")
@db_option
@json_option
@user_errors
def history_cmd(coding_id, passage_id, code_id, coder, since, limit, db_path, as_json):
    """The audit trail: who added, removed, moved or changed which coding, and when.

    \b
    Examples:
      telaah history --coder ayu --since 2025-05-01
      telaah history --passage 4aa5d59cb0d2-1f0c9e1a2b --json
    """
    rows = codings.coding_history(
        open_db(db_path),
        coding_id=coding_id,
        passage_id=passage_id,
        code_id=code_id,
        coder=coder,
        since=since,
        limit=limit or None,
    )
    if as_json:
        print_json(rows)
        return
    for r in rows:
        d = r["detail"]
        what = ", ".join(
            f"{k}={v}"
            for k, v in d.items()
            if k in ("code_id", "passage_id", "reason", "from", "to")
        )
        if d.get("override"):
            how = "" if d["override"] is True else f" ({d['override']})"
            what += f"  override{how} by {d.get('by')} of {d.get('owner')}'s work"
        if "quote" in d:
            what += f' "{cut(d["quote"], 40)}"'
        click.echo(f"{r['at']}  {r['coder'] or '-':<14} {r['action']:<8} {r['coding_id']}  {what}")


# -- suggestions ----------------------------------------------------------------------------
