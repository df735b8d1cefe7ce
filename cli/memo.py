"""``telaah memo``: memos on codes, documents and the corpus, each owned by its writer."""

from __future__ import annotations

import click

from coding import memos

from .common import coder_option, cut, db_option, json_option, open_db, print_json, user_errors


def _target_options(fn):
    fn = click.option("--corpus", "on_corpus", is_flag=True, help="The memo is on the corpus.")(fn)
    fn = click.option("--doc", "document_id", help="The memo is on this document.")(fn)
    fn = click.option("--code", "code_id", help="The memo is on this code (id or label).")(fn)
    return fn


def _target(code_id, document_id, on_corpus, *, required: bool):
    given = [(t, v) for t, v in (("code", code_id), ("document", document_id)) if v]
    if on_corpus:
        given.append(("corpus", None))
    if len(given) > 1:
        raise click.UsageError("give one of --code, --doc, --corpus")
    if not given:
        if required:
            raise click.UsageError("say what the memo is on: --code ID, --doc ID or --corpus")
        return None, None
    return given[0]


@click.group(name="memo")
def memo_group() -> None:
    """Memos on codes, documents and the corpus (exported to REFI-QDA as notes).

    A memo belongs to the coder who wrote it: only they edit or remove it, unless
    --as-admin is given, which the history records.

    \b
    Examples:
      telaah memo add --code kinship "ipar counts as family" --coder ayu
      telaah memo list --json
    """


@memo_group.command(name="add")
@click.argument("text")
@_target_options
@coder_option()
@db_option
@json_option
@user_errors
def memo_add(text, code_id, document_id, on_corpus, coder, db_path, as_json):
    """Write a memo on a code, a document or the corpus.

    \b
    Examples:
      telaah memo add --code kekerabatan "ipar dihitung keluarga" --coder ayu
      telaah memo add --corpus "Pilkada 2024 only, for now" --coder ayu
    """
    target_type, target_id = _target(code_id, document_id, on_corpus, required=True)
    row = memos.add_memo(open_db(db_path), target_type, target_id, coder, text)
    if as_json:
        print_json(row)
        return
    click.echo(f"Memo {row['id']} on {_on(row)} by {coder}")


@memo_group.command(name="list")
@_target_options
@click.option("--coder", help="Only this coder's memos.")
@db_option
@json_option
@user_errors
def memo_list(code_id, document_id, on_corpus, coder, db_path, as_json):
    """List memos, oldest first.

    \b
    Example:
      telaah memo list --code kinship
    """
    target_type, target_id = _target(code_id, document_id, on_corpus, required=False)
    rows = memos.list_memos(
        open_db(db_path), target_type=target_type, target_id=target_id, coder=coder
    )
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo('No memos; write one with: telaah memo add --code ID "TEXT" --coder NAME')
    for r in rows:
        click.echo(f"{r['id']}  {_on(r):<28} {r['coder']:<10} {r['updated_at'][:10]}  ")
        click.echo(f"    {cut(r['text'], 200)}")


@memo_group.command(name="edit")
@click.argument("memo_id")
@click.argument("text")
@coder_option()
@click.option("--as-admin", "--force", "as_admin", is_flag=True, help="Edit another's memo.")
@db_option
@user_errors
def memo_edit(memo_id, text, coder, as_admin, db_path):
    """Replace the text of one of your memos.

    \b
    Example:
      telaah memo edit 3f2a9c1b7d4e "ipar dan besan dihitung keluarga" --coder ayu
    """
    row = memos.edit_memo(open_db(db_path), memo_id, coder, text, override=as_admin)
    click.echo(f"Edited memo {memo_id} on {_on(row)}")


@memo_group.command(name="remove")
@click.argument("memo_id")
@coder_option()
@click.option("--as-admin", "--force", "as_admin", is_flag=True, help="Remove another's memo.")
@db_option
@user_errors
def memo_remove(memo_id, coder, as_admin, db_path):
    """Remove one of your memos (its text stays in the history).

    \b
    Example:
      telaah memo remove 3f2a9c1b7d4e --coder ayu
    """
    row = memos.remove_memo(open_db(db_path), memo_id, coder, override=as_admin)
    click.echo(f"Removed memo {memo_id} on {_on(row)}")


def _on(row: dict) -> str:
    return (
        "the corpus"
        if row["target_type"] == "corpus"
        else f"{row['target_type']} {row['target_id']}"
    )
