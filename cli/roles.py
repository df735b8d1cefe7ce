"""``telaah role``: where each passage stands in its study, and a person's corrections."""

from __future__ import annotations

import click
from tabulate import tabulate

from corpus import roles, store

from .common import cut, db_option, json_option, open_db, print_json, user_errors


@click.group(name="role")
def role_group():
    """Passage roles: front, abstract, background, literature, method, findings,
    conclusion, references, other.

    \b
    Examples:
      telaah role list --doc 4aa5d59cb0d2
      telaah role set --doc 4aa5d59cb0d2 --section "2.3 Penelitian Terdahulu" literature
    """


@role_group.command(name="set")
@click.argument("args", nargs=-1, required=True)
@click.option("--doc", "document_id", metavar="DOC", help="Document whose section to set.")
@click.option("--section", metavar="HEADING", help="The section heading (as in: role list).")
@click.option("--by", "set_by", envvar="TELAAH_CODER", metavar="NAME", help="Who set it.")
@db_option
@user_errors
def role_set(args, document_id, section, set_by, db_path):
    """Set the role of a passage (PASSAGE_ID ROLE) or of a section (--doc --section ROLE).

    The override is kept and re-applied after a re-ingest.

    \b
    Examples:
      telaah role set 4aa5d59cb0d2-1a2b3c4d5e findings
      telaah role set --doc 4aa5d59cb0d2 --section "BAB II" literature
    """
    if section is not None or document_id:
        if len(args) != 1:
            raise click.UsageError("with --doc and --section give only the ROLE")
        n = store.set_role(
            open_db(db_path), args[0], document_id=document_id, section=section, set_by=set_by
        )
        click.echo(f'{n} passage(s) of section "{section}" are now {args[0]}')
        return
    if len(args) != 2:
        raise click.UsageError("give PASSAGE_ID ROLE, or --doc DOC --section HEADING ROLE")
    store.set_role(open_db(db_path), args[1], passage_id=args[0], set_by=set_by)
    click.echo(f"passage {args[0]} is now {args[1]}")


@role_group.command(name="list")
@click.option("--doc", "document_id", required=True, metavar="DOC", help="Document id.")
@db_option
@json_option
@user_errors
def role_list(document_id, db_path, as_json):
    """The document's sections in reading order with their roles (* = set by a person).

    \b
    Example:
      telaah role list --doc 4aa5d59cb0d2 --json
    """
    rows = roles.list_roles(open_db(db_path), document_id)
    if as_json:
        print_json(rows)
        return
    click.echo(
        tabulate(
            [
                [
                    f"{r['first_seq']}-{r['last_seq']}",
                    r["role"] + ("*" if r["overridden"] else ""),
                    r["passages"],
                    cut(r["section"], 60),
                ]
                for r in rows
            ],
            headers=["seq", "role", "passages", "section"],
        )
    )
