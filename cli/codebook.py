"""``telaah codebook``: the codes, their tree, and moving codebooks in and out."""

from __future__ import annotations

import click
from tabulate import tabulate

from coding import codebook, recode
from coding.codebook_io import import_codebook_file

from .common import coder_option, cut, db_option, json_option, open_db, print_json, user_errors


@click.group(name="codebook", invoke_without_command=True)
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
            cut(r["label_id"], 40),
            cut(r["label_en"], 34),
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
    report = import_codebook_file(open_db(db_path, create=True), source, replace=replace)
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
@click.option("--rules", help="Decision rules: when to use it, when not (for the report).")
@click.option("--colour", help="#rrggbb")
@db_option
@json_option
@user_errors
def codebook_add(code_id, label, parent, label_en, description, rules, colour, db_path, as_json):
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
        rules=rules,
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
    code = recode.rename_code(open_db(db_path), old_id, new_id, by=coder)
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
    result = recode.merge_codes(open_db(db_path), source_id, target_id, by=coder)
    if as_json:
        print_json(result)
        return
    click.echo(
        f"Merged {source_id} into {result['target']}: {result['moved']} codings moved, "
        f"{result['duplicates_removed']} duplicates removed."
    )


# -- manual coding --------------------------------------------------------------------------


@codebook_group.command(name="report")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "docx"]), default="md", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (needed for docx).")
@db_option
@user_errors
def codebook_report_cmd(fmt, out, db_path):
    """A readable codebook for a thesis appendix: each code's definition, decision rules,
    two or three example quotes with their reference and "hlm.", and codings per coder.

    \b
    Examples:
      telaah codebook report > kodebuku.md
      telaah codebook report --format docx --out lampiran-kodebuku.docx
      telaah codebook report --format html --out kodebuku.html
    """
    from coding.report import write_report

    if fmt == "docx" and not out:
        raise click.UsageError("a DOCX report needs --out FILE.docx")
    result = write_report(open_db(db_path), fmt, out)
    if out:
        click.echo(f"Wrote {result}", err=True)
    else:
        click.echo(result)
