"""Suggestions: ``suggest``, ``train`` and ``review`` (never a coding without a decision)."""

from __future__ import annotations

import sys

import click

from coding import review
from coding.errors import BadSpan

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


@click.command(name="suggest")
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
    from coding.suggest.engine import suggest

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
            f'"{cut(r["quote"], 60)}"'
        )
    if len(pending) > 40:
        click.echo(f"… and {len(pending) - 40} more (see all with --json)")
    click.echo(
        f"{len(rows)} suggestions, {len(pending)} pending; review them with: "
        "telaah review --coder NAME",
        err=True,
    )


@click.command(name="train")
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
    from coding.suggest.classifier import train

    meta = train(open_db(db_path), coder=coder, epochs=epochs)
    if as_json:
        print_json(meta)
        return
    click.echo(
        f"Trained on {meta['examples']} passages, {len(meta['labels'])} codes: "
        + ", ".join(f"{k} ({v})" for k, v in meta["positives"].items())
    )
    click.echo(f"Model: {meta['path']}")


@click.command(name="review")
@coder_option()
@click.option("--doc", "document_id", help="Only this document.")
@click.option("--code", "code_id", help="Only suggestions of this code (id or label).")
@click.option("--min-score", type=float, default=0.0, help="Skip weaker suggestions.")
@click.option("--max-score", type=float, help="Skip stronger suggestions.")
@click.option(
    "--method", type=click.Choice(["rules", "model", "rules+model"]), help="Only this method."
)
@click.option("--again", is_flag=True, help="Also show suggestions you skipped before.")
@click.option("--accept", "bulk", flag_value="accepted", help="Accept every match at once.")
@click.option("--reject", "bulk", flag_value="rejected", help="Reject every match at once.")
@click.option("--sample", type=int, default=5, show_default=True, help="With --accept/--reject.")
@click.option("--yes", is_flag=True, help="With --accept/--reject: do not ask first.")
@click.option(
    "--order",
    type=click.Choice(["reading", "uncertain"]),
    default="reading",
    show_default=True,
    help="uncertain: the suggestions nearest a 0.5 score first (they teach train the most).",
)
@db_option
@user_errors
def review_cmd(
    coder,
    document_id,
    code_id,
    min_score,
    max_score,
    method,
    again,
    bulk,
    sample,
    yes,
    order,
    db_path,
):
    """Walk pending suggestions, one key per decision.

    \b
      a  accept (becomes your coding, origin "suggestion")
      r  reject (the model learns from it at the next `telaah train`)
      s  skip for now
      e  edit the span (type START:END or words from the passage), then accept
      q  quit

    Without a terminal (a pipe or a file on standard input) it reads one answer a line:
    a, r, s, q, or "e START:END" / "e some words"; it stops at q or the end of input.

    With --accept or --reject every pending suggestion that matches the filters is
    decided at once, as your decision, after showing how many and a sample (--yes skips
    the question, for scripts).

    \b
    Examples:
      telaah suggest && telaah review --coder ayu --code pressure
      printf 'a\\nr\\nq\\n' | telaah review --coder ayu
      telaah review --coder ayu --reject --doc 4aa5d59cb0d2 --code kinship --yes
      telaah review --coder ayu --accept --min-score 0.95 --method rules
      telaah review --coder ayu --order uncertain
    """
    db = open_db(db_path)
    filters = dict(
        document_id=document_id,
        code_id=code_id,
        min_score=min_score,
        max_score=max_score,
        method=method,
        include_skipped=again,
        order=order,
    )
    if bulk:
        _review_bulk(db, coder, bulk, filters, sample=sample, yes=yes)
        return
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    mark = marks()
    ask = _ask if sys.stdin.isatty() else _LineAnswers(sys.stdin)
    shown = 0
    for item in review.iter_pending(db, coder, **filters):
        shown += 1
        _show_item(shown, item, mark)
        decision = ask(item, mark)
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


def _show_item(n: int, item: dict, mark: tuple[str, str]) -> None:
    click.echo("")
    click.echo(
        f"[{n}] {cut(item['title'], 50)} ({item['year'] or 'n.d.'}), "
        f"hlm. {item['page_label'] or '?'}  {item['passage_id']}"
    )
    click.echo(
        f"    {item['code_id']} - {item['label_id']}  score {item['score']:.2f} ({item['method']})"
    )
    click.echo(
        wrap(review.highlight(item["text"], [(item["char_start"], item["char_end"])], mark=mark))
    )


def _review_bulk(db, coder: str, decision: str, filters: dict, *, sample: int, yes: bool) -> None:
    items = list(review.iter_pending(db, coder, **filters))
    verb = "accept" if decision == "accepted" else "reject"
    if not items:
        click.echo("No pending suggestion matches; nothing decided.")
        return
    by_code: dict[str, int] = {}
    for item in items:
        by_code[item["code_id"]] = by_code.get(item["code_id"], 0) + 1
    click.echo(
        f"{_n(len(items), 'pending suggestion')} match{'es' if len(items) == 1 else ''} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(by_code.items()))
        + f"); a sample of {min(sample, len(items))}:"
    )
    for item in items[: max(sample, 0)]:
        click.echo(
            f"  {item['passage_id']}  hlm. {item['page_label'] or '?'}  {item['code_id']:<22} "
            f'{item["score"]:.2f} {item["method"]:<11} "{cut(item["quote"], 50)}"'
        )
    if not yes:
        if not sys.stdin.isatty():
            raise click.ClickException(
                f"no terminal to confirm on; to {verb} these {len(items)} as {coder}, add --yes"
            )
        click.confirm(f"{verb.capitalize()} all {len(items)} as {coder}?", abort=True)
    counts = review.decide_all(db, items, coder, decision)
    click.echo(
        f"{'Accepted' if decision == 'accepted' else 'Rejected'} "
        f"{_n(counts['decided'], 'suggestion')} as {coder}"
        + (
            f" ({counts['passed_over']} decided meanwhile, passed over)"
            if counts["passed_over"]
            else ""
        )
        + "."
    )


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _ask(item: dict, mark: tuple[str, str]) -> tuple[str, tuple[int, int] | None] | None:
    """One keypress per decision; None means quit."""
    keys = {"a": "accepted", "r": "rejected", "s": "skipped"}
    while True:
        key = read_key(
            "  [a]ccept  [r]eject  [s]kip  [e]dit span  [q]uit > ",
            command="review",
            answers="a, r, s, e SPAN, q",
        )
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
            click.echo(wrap(review.highlight(item["text"], [span], mark=mark)))
            return "accepted", span
        click.echo("  press a, r, s, e or q")


class _LineAnswers:
    """Answers read one a line from a pipe or file, for scripts and notebooks."""

    keys = {"a": "accepted", "r": "rejected", "s": "skipped"}

    def __init__(self, stream) -> None:
        self.lines = iter(stream)

    def __call__(self, item: dict, mark: tuple[str, str]):
        for line in self.lines:
            answer = review.parse_answer(line)
            if answer is None:
                continue
            key, rest = answer
            click.echo(f"  > {line.strip()}")
            if key in self.keys:
                return self.keys[key], None
            if key == "q":
                return None
            if key == "e":
                if rest is None:
                    rest = next(self.lines, "")
                try:
                    span = review.parse_span(item["text"], rest)
                except BadSpan as e:
                    click.echo(f"  {e}", err=True)
                    continue
                click.echo(wrap(review.highlight(item["text"], [span], mark=mark)))
                return "accepted", span
            click.echo(f'  "{line.strip()}": answer a, r, s, e SPAN or q', err=True)
        return None  # end of input: stop, as q does


# -- agreement ------------------------------------------------------------------------------
