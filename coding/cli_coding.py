"""Coding from the terminal: codebook, code/uncode/show, codings, history, suggest, train,
review, agreement. Each command parses, opens the corpus, calls one library function, prints.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

import click
from tabulate import tabulate

from . import agreement as agreement_mod
from . import codebook, codings, review
from .cli import db_option, json_option, main, open_db, print_json, progress_bar, user_errors
from .errors import BadSpan

CODER_HELP = "Who is coding (or set TELAAH_CODER)."


def coder_option(required: bool = True):
    return click.option(
        "--coder", envvar="TELAAH_CODER", required=required, help=CODER_HELP, metavar="NAME"
    )


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _marks() -> tuple[str, str]:
    return review.ANSI_MARK if sys.stdout.isatty() else review.PLAIN_MARK


def _wrap(text: str) -> str:
    width = min(shutil.get_terminal_size((100, 24)).columns, 100) - 4
    return "\n".join(
        textwrap.fill(
            par,
            width,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        for par in text.split("\n")
    )


# -- codebook -----------------------------------------------------------------------------


@main.group(name="codebook", invoke_without_command=True)
@db_option
@json_option
@click.pass_context
@user_errors
def codebook_group(ctx, db_path, as_json):
    """Show the codebook as a tree, with how often each code is used.

    \b
    Examples:
      telaah codebook                      # tree with coding counts
      telaah codebook --json | jq '.[] | select(.depth == 1) | .id'
      telaah codebook import --default     # the shipped codebook of factors
      telaah codebook export codebook.yml  # version it in git
    """
    if ctx.invoked_subcommand:
        return
    rows = codebook.list_codes(open_db(db_path))
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo(
            "No codes yet; import the default codebook with: telaah codebook import --default"
        )
        return
    table = [
        [
            "· " * r["depth"] + r["id"],
            _cut(r["label_id"], 40),
            _cut(r["label_en"], 34),
            r["codings"],
            r["codings_total"] if r["codings_total"] != r["codings"] else "",
            len(r["patterns"]) or "",
        ]
        for r in rows
    ]
    click.echo(
        tabulate(table, headers=["code", "label", "english", "codings", "+below", "patterns"])
    )


@codebook_group.command(name="import")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--default", "use_default", is_flag=True, help="Import the shipped codebook.")
@click.option("--replace", is_flag=True, help="Remove codes the file lacks (unless used).")
@db_option
@json_option
@user_errors
def codebook_import(file, use_default, replace, db_path, as_json):
    """Import a codebook: YAML or JSON (Telaah's), or REFI-QDA .qdc/.qdpx.

    Codes are matched by GUID, then id; fields the file leaves empty keep their values.

    \b
    Examples:
      telaah codebook import --default
      telaah codebook import codebook.yml --replace
      telaah codebook import nvivo-codes.qdc
    """
    if bool(file) == bool(use_default):
        raise click.UsageError("give a FILE or --default (one of them)")
    source = codebook.default_codebook_path() if use_default else file
    report = codebook.import_codebook(open_db(db_path, create=True), source, replace=replace)
    if as_json:
        print_json(report)
        return
    click.echo(
        ", ".join(f"{len(v)} {k.replace('_', ' ')}" for k, v in report.items() if v)
        or "Nothing to import."
    )
    if report["kept_in_use"]:
        click.echo(
            "Kept (codings or child codes use them): " + ", ".join(report["kept_in_use"]),
            err=True,
        )


@codebook_group.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@db_option
@user_errors
def codebook_export(file, db_path):
    """Write the codebook as YAML (patterns inline), to keep it in git.

    \b
    Example:
      telaah codebook export codebook.yml && git add codebook.yml
    """
    path = codebook.export_codebook(open_db(db_path), file)
    click.echo(f"Wrote {path}")


@codebook_group.command(name="add")
@click.argument("code_id")
@click.argument("label")
@click.option("--parent", help="Parent code id.")
@click.option("--label-en", help="English label.")
@click.option("--description", help="What the code means and when to apply it.")
@click.option("--colour", help="#rrggbb")
@db_option
@json_option
@user_errors
def codebook_add(code_id, label, parent, label_en, description, colour, db_path, as_json):
    """Add a code, or change an existing code's labels, parent or colour.

    \b
    Example:
      telaah codebook add vote-buying "Politik uang" --parent violations --label-en "Vote buying"
    """
    code = codebook.upsert_code(
        open_db(db_path, create=True),
        code_id,
        label,
        parent_id=parent,
        label_en=label_en,
        description=description,
        colour=colour,
    )
    if as_json:
        print_json(code)
        return
    click.echo(f"{code['id']}: {code['label_id']}" + (f" (under {parent})" if parent else ""))


@codebook_group.command(name="rename")
@click.argument("old_id")
@click.argument("new_id")
@coder_option(required=False)
@db_option
@user_errors
def codebook_rename(old_id, new_id, coder, db_path):
    """Rename a code; its codings follow and the old id keeps working.

    \b
    Example:
      telaah codebook rename pressure pressure-and-threats
    """
    code = codebook.rename_code(open_db(db_path), old_id, new_id, by=coder)
    click.echo(f"Renamed {old_id} -> {code['id']}; {old_id} still resolves to it.")


@codebook_group.command(name="merge")
@click.argument("source_id")
@click.argument("target_id")
@coder_option(required=False)
@db_option
@json_option
@user_errors
def codebook_merge(source_id, target_id, coder, db_path, as_json):
    """Merge SOURCE into TARGET: codings, child codes and suggestions move; none is lost.

    \b
    Example:
      telaah codebook merge intimidation pressure
    """
    result = codebook.merge_codes(open_db(db_path), source_id, target_id, by=coder)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"Merged {source_id} into {result['target']}: {result['moved']} codings moved, "
        f"{result['duplicates_removed']} duplicates removed."
    )


# -- manual coding --------------------------------------------------------------------------


@main.command(name="code")
@click.argument("passage_id")
@click.argument("code_id")
@coder_option()
@click.option("--start", type=int, help="First character of the span (0-based).")
@click.option("--end", type=int, help="Character after the span (exclusive).")
@click.option("--memo", help="A note on why.")
@db_option
@json_option
@user_errors
def code_cmd(passage_id, code_id, coder, start, end, memo, db_path, as_json):
    """Code a passage, or a span of it, with a code.

    Without --start/--end the whole passage is coded. Offsets are characters into the
    passage text; see them with: telaah show PASSAGE_ID --offsets

    \b
    Examples:
      telaah code 4aa5d59cb0d2-1f0c9e1a2b kinship --coder ayu
      telaah code 4aa5d59cb0d2-1f0c9e1a2b pressure --coder ayu --start 120 --end 164 \\
          --memo "ancaman mutasi dari atasan"
    """
    row = codings.add_coding(
        open_db(db_path), passage_id, code_id, coder, start=start, end=end, memo=memo
    )
    if as_json:
        print_json(row)
        return
    verb = "Coded" if row["created"] else "Already coded"
    click.echo(
        f"{verb} {row['passage_id']} [{row['char_start']}:{row['char_end']}] as "
        f"{row['code_id']} by {row['coder']} (coding {row['id']}): "
        f'"{_cut(row["quote"], 80)}"'
    )


@main.command(name="uncode")
@click.argument("target")
@click.argument("code_id", required=False)
@coder_option()
@click.option("--start", type=int, help="Only the coding with this span start.")
@click.option("--end", type=int, help="Only the coding with this span end.")
@db_option
@user_errors
def uncode_cmd(target, code_id, coder, start, end, db_path):
    """Remove a coding: by its id, or by passage and code (your own codings only).

    The coding leaves the table but stays in the audit trail (telaah history).

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
        row = codings.remove_coding(db, cid, coder=coder)
        click.echo(
            f"Removed coding {cid} ({row['code_id']} on {row['passage_id']} "
            f"[{row['char_start']}:{row['char_end']}])"
        )


@main.command(name="show")
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
    from .suggest.engine import list_suggestions

    db = open_db(db_path)
    passage = codings.get_passage(db, passage_id)
    doc = next(db.query("select title, year from documents where id = ?", [passage["document_id"]]))
    rows = codings.list_codings(db, passage_id=passage_id)
    sugs = list_suggestions(db, passage_id=passage_id)
    if as_json:
        print_json({"passage": passage, "document": doc, "codings": rows, "suggestions": sugs})
        return
    click.echo(
        f"{passage['id']}  {_cut(doc['title'], 60)} ({doc['year'] or 'n.d.'}), "
        f"hlm. {passage['page_label'] or '?'} (p{passage['page']})"
        + (f"  [{_cut(passage['section'], 40)}]" if passage["section"] else "")
    )
    text = passage["text"]
    if offsets:
        click.echo(_wrap(" ".join(f"{i}:{w}" for i, w in _words(text))))
    else:
        spans = [(r["char_start"], r["char_end"]) for r in rows if r["status"] == "placed"]
        click.echo(_wrap(review.highlight(text, spans, mark=_marks())))
    if rows:
        click.echo("Codings:")
        for r in rows:
            click.echo(
                f"  {r['id']}  {r['code_id']:<24} {r['coder']:<10} "
                f"[{r['char_start']}:{r['char_end']}] {r['origin']:<10} "
                f'"{_cut(r["quote"], 50)}"'
                + (f"  memo: {_cut(r['memo'], 40)}" if r["memo"] else "")
            )
    pending = [s for s in sugs if s["status"] == "pending"]
    if pending:
        click.echo("Suggestions (pending):")
        for s in pending:
            click.echo(
                f'  {s["code_id"]:<24} {s["score"]:.2f} {s["method"]:<11} "{_cut(s["quote"], 50)}"'
            )


def _words(text: str):
    import re

    for m in re.finditer(r"\S+", text):
        yield m.start(), m.group()


@main.command(name="codings")
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
            r["status"] if r["status"] != "placed" else r["origin"],
            _cut(r["quote"], 48),
        ]
        for r in rows
    ]
    headers = ["coding", "passage", "code", "coder", "span", "origin", "quote"]
    click.echo(tabulate(table, headers=headers))


@main.command(name="history")
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
        if "quote" in d:
            what += f' "{_cut(d["quote"], 40)}"'
        click.echo(f"{r['at']}  {r['coder'] or '-':<14} {r['action']:<8} {r['coding_id']}  {what}")


# -- suggestions ----------------------------------------------------------------------------


@main.command(name="suggest")
@click.option("--doc", "document_id", help="Only this document's passages.")
@click.option("--no-model", is_flag=True, help="Rules only, even if a model was trained.")
@click.option("--min-score", type=float, default=0.5, show_default=True)
@db_option
@json_option
@user_errors
def suggest_cmd(document_id, no_model, min_score, db_path, as_json):
    """Suggest codes for passages (rules from the codebook, plus the trained model).

    Stores suggestions for `telaah review`; never codes anything by itself.

    \b
    Examples:
      telaah suggest --doc 4aa5d59cb0d2
      telaah suggest --json | jq '.[] | select(.code_id == "pressure")'
    """
    from .suggest.engine import suggest

    db = open_db(db_path)
    total = db.execute("select count(*) from passages").fetchone()[0]
    with progress_bar(total, "Suggesting", enabled=not as_json) as advance:
        rows = suggest(
            db,
            document_id=document_id,
            use_model=not no_model,
            min_score=min_score,
            on_progress=advance,
        )
    if as_json:
        print_json(rows)
        return
    pending = [r for r in rows if r["status"] == "pending"]
    for r in pending[:40]:
        click.echo(
            f"{r['passage_id']}  {r['code_id']:<24} {r['score']:.2f} {r['method']:<11} "
            f'"{_cut(r["quote"], 60)}"'
        )
    if len(pending) > 40:
        click.echo(f"… and {len(pending) - 40} more (see all with --json)")
    click.echo(
        f"{len(rows)} suggestions, {len(pending)} pending; review them with: "
        "telaah review --coder NAME",
        err=True,
    )


@main.command(name="train")
@click.option("--coder", help="Learn from this coder's codings only (default: everyone's).")
@click.option("--epochs", type=int, default=20, show_default=True)
@db_option
@json_option
@user_errors
def train_cmd(coder, epochs, db_path, as_json):
    """Fit the suggestion model on your codings (saved beside the corpus as NAME.db.model/).

    Codes with at least 3 coded passages are learned; rejected suggestions count as
    negative examples. Run it again as you code more: suggestions follow your decisions.

    \b
    Example:
      telaah train && telaah suggest
    """
    from .suggest.classifier import train

    meta = train(open_db(db_path), coder=coder, epochs=epochs)
    if as_json:
        print_json(meta)
        return
    click.echo(
        f"Trained on {meta['examples']} passages, {len(meta['labels'])} codes: "
        + ", ".join(f"{k} ({v})" for k, v in meta["positives"].items())
    )
    click.echo(f"Model: {meta['path']}")


@main.command(name="review")
@coder_option()
@click.option("--doc", "document_id", help="Only this document.")
@click.option("--code", "code_id", help="Only suggestions of this code.")
@click.option("--min-score", type=float, default=0.0, help="Skip weaker suggestions.")
@click.option("--again", is_flag=True, help="Also show suggestions you skipped before.")
@db_option
@user_errors
def review_cmd(coder, document_id, code_id, min_score, again, db_path):
    """Walk pending suggestions, one key per decision.

    \b
      a  accept (becomes your coding, origin "suggestion")
      r  reject (the model learns from it at the next `telaah train`)
      s  skip for now
      e  edit the span (type START:END or words from the passage), then accept
      q  quit

    \b
    Example:
      telaah suggest && telaah review --coder ayu --code pressure
    """
    db = open_db(db_path)
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    mark = _marks()
    items = review.iter_pending(
        db,
        coder,
        document_id=document_id,
        code_id=code_id,
        min_score=min_score,
        include_skipped=again,
    )
    shown = 0
    for item in items:
        shown += 1
        click.echo("")
        click.echo(
            f"[{shown}] {_cut(item['title'], 50)} ({item['year'] or 'n.d.'}), "
            f"hlm. {item['page_label'] or '?'}  {item['passage_id']}"
        )
        click.echo(
            f"    {item['code_id']} - {item['label_id']}  "
            f"score {item['score']:.2f} ({item['method']})"
        )
        click.echo(
            _wrap(
                review.highlight(item["text"], [(item["char_start"], item["char_end"])], mark=mark)
            )
        )
        decision = _ask(item, mark)
        if decision is None:
            break
        kind, span = decision
        review.decide(
            db,
            item["id"],
            coder,
            kind,
            start=span[0] if span else None,
            end=span[1] if span else None,
        )
        counts[kind] += 1
    left = review.review_counts(db, coder, document_id=document_id, code_id=code_id)["pending"]
    click.echo("")
    click.echo(
        f"Accepted {counts['accepted']}, rejected {counts['rejected']}, "
        f"skipped {counts['skipped']}; {left} left."
    )
    if shown == 0:
        click.echo("Nothing to review; make suggestions with: telaah suggest", err=True)


def _ask(item: dict, mark: tuple[str, str]) -> tuple[str, tuple[int, int] | None] | None:
    """One keypress per decision; None means quit."""
    keys = {"a": "accepted", "r": "rejected", "s": "skipped"}
    while True:
        click.echo("  [a]ccept  [r]eject  [s]kip  [e]dit span  [q]uit > ", nl=False)
        key = click.getchar().lower()
        click.echo(key)
        if key in keys:
            return keys[key], None
        if key == "q":
            return None
        if key == "e":
            answer = click.prompt("  span (START:END or words from the passage)", default="")
            try:
                span = review.parse_span(item["text"], answer)
            except BadSpan as e:
                click.echo(f"  {e}")
                continue
            click.echo(_wrap(review.highlight(item["text"], [span], mark=mark)))
            return "accepted", span
        click.echo("  press a, r, s, e or q")


# -- agreement ------------------------------------------------------------------------------


@main.command(name="agreement")
@click.option("--coders", help="Two (or more) coders, comma-separated; default: the two busiest.")
@click.option("--codes", help="Only these codes, comma-separated.")
@click.option("--doc", "document_id", help="Only this document.")
@click.option(
    "--units",
    type=click.Choice(agreement_mod.UNITS),
    default="any",
    show_default=True,
    help="Passages compared: coded by any coder, by both, or every passage of their documents.",
)
@click.option("--show-disagreements", "show", type=int, default=10, show_default=True)
@db_option
@json_option
@user_errors
def agreement_cmd(coders, codes, document_id, units, show, db_path, as_json):
    """Intercoder agreement per code: percent agreement, Cohen's kappa, Krippendorff's alpha.

    A code is present or absent on each passage (the unit); the passages where coders
    differ are listed to discuss.

    \b
    Examples:
      telaah agreement --coders ayu,budi
      telaah agreement --coders ayu,budi --json | jq '.overall'
    """
    result = agreement_mod.agreement(
        open_db(db_path),
        coders=[c.strip() for c in coders.split(",")] if coders else None,
        codes=[c.strip() for c in codes.split(",")] if codes else None,
        document_id=document_id,
        units=units,
    )
    if as_json:
        print_json(result)
        return

    def fmt(x):
        return "-" if x is None else f"{x:.3f}"

    table = [
        [r["code_id"], r["n_units"], fmt(r["percent_agreement"]), fmt(r["kappa"]), fmt(r["alpha"])]
        + [r["present"][c] for c in result["coders"]]
        for r in result["codes"]
    ]
    o = result["overall"]
    table.append(
        ["(overall)", o["n_units"], fmt(o["percent_agreement"]), fmt(o["kappa"]), fmt(o["alpha"])]
        + [""] * len(result["coders"])
    )
    click.echo(f"Coders: {', '.join(result['coders'])}; units: passages ({result['units']})")
    click.echo(
        tabulate(table, headers=["code", "passages", "agree", "kappa", "alpha", *result["coders"]])
    )
    dis = result["disagreements"]
    if dis and show:
        click.echo(
            f"\n{len(dis)} disagreements" + (f" (first {show})" if len(dis) > show else "") + ":"
        )
        for d in dis[:show]:
            click.echo(
                f"  {d['passage_id']}  {d['code_id']}: {', '.join(d['present'])} yes, "
                f"{', '.join(d['absent'])} no\n      {_cut(d['text'], 110)}"
            )
