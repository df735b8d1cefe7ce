"""``telaah agreement``: how far coders agree, per code, and where they do not."""

from __future__ import annotations

import click
from tabulate import tabulate

from coding import agreement as agreement_mod

from .common import cut, db_option, json_option, open_db, print_json, user_errors


@click.command(name="agreement")
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
@click.option(
    "--rollup",
    is_flag=True,
    help="Count a coding for its code and every code above it (sub-codes roll up).",
)
@click.option("--show-disagreements", "show", type=int, default=10, show_default=True)
@db_option
@json_option
@user_errors
def agreement_cmd(coders, codes, document_id, units, rollup, show, db_path, as_json):
    """Intercoder agreement per code: percent agreement, Cohen's kappa, Krippendorff's alpha.

    A code is present or absent on each passage (the unit); the passages where coders
    differ are listed to discuss.

    \b
    Examples:
      telaah agreement --coders ayu,budi
      telaah agreement --coders ayu,budi --json | jq '.overall'
      telaah agreement --coders ayu,budi --rollup --codes conflict-of-interest
    """
    result = agreement_mod.agreement(
        open_db(db_path),
        coders=[c.strip() for c in coders.split(",")] if coders else None,
        codes=[c.strip() for c in codes.split(",")] if codes else None,
        document_id=document_id,
        units=units,
        rollup=rollup,
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
                f"{', '.join(d['absent'])} no\n      {cut(d['text'], 110)}"
            )
