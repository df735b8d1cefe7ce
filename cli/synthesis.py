"""``telaah synthesis`` and ``telaah literature-table``: what the coded studies found, and
the "Penelitian Terdahulu" table for a thesis's BAB II."""

from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from coding import literature
from coding import synthesis as synth

from .common import cut, db_option, open_db, print_json, user_errors


@click.command(name="synthesis")
@click.option(
    "--parent",
    default="factors",
    show_default=True,
    help="Code whose sub-codes to synthesise ('' for all codes).",
)
@click.option("--by", "by", metavar="ATTR", help="Split shares by this study attribute's values.")
@click.option("--coder", metavar="NAME", help="Only this coder's codings.")
@click.option(
    "--rollup/--no-rollup",
    default=True,
    show_default=True,
    help="A sub-code's codings count for the codes above it.",
)
@click.option("--reported-only", is_flag=True, help="Leave out studies that only mention a code.")
@click.option(
    "--style",
    type=click.Choice(sorted(synth.STYLES)),
    default="id",
    show_default=True,
    help="Citation style of the evidence.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "csv", "docx"]), help="Write Markdown, CSV or Word."
)
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (required for docx).")
@db_option
@user_errors
def synthesis_cmd(parent, by, coder, rollup, reported_only, style, as_json, fmt, out, db_path):
    """Which factors the studies report, how many, where, and with what evidence.

    A study reports a code when it is coded in the study's abstract, findings or
    conclusion (the passage's role: telaah role list --doc DOC) and only mentions it when
    coded elsewhere (a literature review, the background). Shares come with a 95% Wilson
    interval; --by ATTR splits them by a study attribute (telaah attr list).

    \b
    Examples:
      telaah synthesis                          # the factors, reporting vs mentioning
      telaah synthesis --by election --json     # shares per election type
      telaah synthesis --format docx --out sintesis.docx
      telaah synthesis --parent conflict-of-interest --no-rollup
    """
    if fmt == "docx" and not out:
        raise click.UsageError("--format docx needs --out FILE")
    s = synth.synthesis(
        open_db(db_path),
        parent=parent,
        by=by,
        coder=coder,
        rollup=rollup,
        reported_only=reported_only,
        style=style,
    )
    if as_json:
        print_json(s)
        return
    if fmt == "docx":
        synth.synthesis_docx(s, out)
        click.echo(f"wrote {out}: {len(s['codes'])} codes, {s['studies']} studies")
        return
    if fmt:
        text = synth.synthesis_markdown(s) if fmt == "md" else synth.synthesis_csv(s)
        if out:
            Path(out).write_text(text, encoding="utf-8")
            click.echo(f"wrote {out}: {len(s['codes'])} codes, {s['studies']} studies")
        else:
            click.echo(text, nl=False)
        return
    if not s["studies"]:
        click.echo("No coded studies yet; code passages with: telaah code PASSAGE_ID CODE")
        return
    groups = list(s["groups"])
    rows = []
    for c in s["codes"]:
        row = [
            "· " * c["depth"] + cut(c["label"], 40),
            len(c["reporting"]),
            len(c["mentioning"]),
            f"{100 * c['share']:.0f}% ({100 * c['ci_low']:.0f}-{100 * c['ci_high']:.0f})",
        ]
        row += [
            "{reporting}/{studies}".format(**c["groups"].get(g, {"reporting": 0, "studies": 0}))
            for g in groups
        ]
        rows.append(row)
    head = ["code", "reporting", "mentioning only", "share (95% CI)", *groups]
    click.echo(f"{s['studies']} coded studies" + (f", by {by}" if by else ""))
    click.echo(tabulate(rows, headers=head))


@click.command(name="literature-table")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(literature.FORMATS), help="Default: from OUT's extension."
)
@click.option(
    "--style",
    type=click.Choice(sorted(synth.STYLES)),
    default="id",
    show_default=True,
    help="Citation style: Indonesian (hlm., dkk.) or APA 7.",
)
@click.option("--by", "by", metavar="ATTR", help="Group the rows by this study attribute.")
@click.option(
    "--parent", default="factors", show_default=True, help="Code whose sub-codes are the findings."
)
@click.option("--coder", metavar="NAME", help="Only this coder's codings.")
@db_option
@user_errors
def literature_table_cmd(out, fmt, style, by, parent, coder, db_path):
    """Write the "Penelitian Terdahulu" table: one row per coded study.

    Peneliti (Tahun), Judul, Metode, Konteks (attributes election, election_year and
    region) and Temuan (the factors the study reports, each with its page, "hlm."),
    with the reference list under it.

    \b
    Examples:
      telaah literature-table penelitian-terdahulu.docx
      telaah literature-table tabel.tex --style apa --by election
      telaah literature-table tabel.md --format md
    """
    fmt = fmt or Path(out).suffix.lstrip(".").lower()
    if fmt not in literature.FORMATS:
        raise click.UsageError(f"give --format ({', '.join(literature.FORMATS)}) for {out}")
    t = literature.literature_table(
        open_db(db_path), style=style, parent=parent, by=by, coder=coder
    )
    literature.write_literature_table(t, fmt, out)
    click.echo(f"wrote {out}: {len(t['rows'])} studies, {len(t['references'])} references")
