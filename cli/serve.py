"""Publishing from the terminal: ``telaah serve`` (Datasette on the corpus) and
``telaah finding add|list|check`` (saved, citable queries)."""

from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from coding import findings

from .common import db_option, json_option, open_db, print_json, user_errors


@click.command(name="serve")
@db_option
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; 0.0.0.0 lets other machines in.",
)
@click.option(
    "--immutable",
    is_flag=True,
    help="For a finished copy nobody writes to: faster counts, no file locking.",
)
@click.option(
    "--metadata",
    "metadata_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Another metadata.yml (default: the one shipped with Telaah).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The public address behind a proxy; permanent links and citations use it, "
    "never the address a request came in on.",
)
@user_errors
def serve_cmd(db_path, port, host, immutable, metadata_path, base_url):
    """Publish the corpus with Datasette, read-only: tables, full-text search, the
    study-by-code matrix, cite pages, findings and a chart.

    The corpus is opened once to bring its schema up to date (backed up first if a
    migration is pending); the web server itself never writes, so coders can keep
    coding while it runs and each page shows their latest codings.

    \b
    Example:
      telaah serve --db demo.db --port 8001
      telaah serve --db published.db --immutable --host 0.0.0.0
      telaah serve --base-url https://example.org/netralitas
    """
    import uvicorn  # Datasette's server; imported here to keep other commands quick

    from datasette_plugins.publish import BadBaseUrl, make_datasette

    open_db(db_path).close()
    _check_port_free(host, port)
    import asyncio

    try:
        ds = make_datasette(db_path, metadata=metadata_path, immutable=immutable, base_url=base_url)
    except BadBaseUrl as e:
        raise click.BadParameter(str(e), param_hint="--base-url") from e
    asyncio.run(ds.invoke_startup())
    url = f"http://{host}:{port}/"
    click.echo(f"Serving {db_path} read-only at {url}")
    click.echo(f"  synthesis: {url}-/synthesis  matrix: {url}-/matrix  chart: {url}-/chart")
    click.echo(f"  findings: {url}-/findings")
    click.echo("Press Ctrl+C to stop.")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")


def _check_port_free(host: str, port: int) -> None:
    """Say which port is taken and what to run instead, before Datasette starts and
    fails with a bare errno after printing its URL."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({e.strerror.lower()}); another server "
                f"(an earlier telaah serve?) may hold it. Use another port: telaah serve "
                f"--port {port + 1} (or make demo PORT={port + 1})"
            ) from e


@click.group(name="finding")
def finding_group() -> None:
    """Saved queries with the statement they support, citable at /-/findings/ID.

    \b
    Example:
      telaah finding add "Kekerabatan di Pilkada" \\
        --sql "select document_id, count(*) n from codings where code_id = :code group by 1" \\
        --param code=kinship --statement "Kinship is named in 7 of 12 studies."
      telaah finding list
      telaah finding check
    """


def _rows(n: int | None) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f'"{pair}" is not NAME=VALUE', param_hint="--param")
        out[name.strip()] = value
    return out


@finding_group.command(name="add")
@click.argument("name")
@click.option("--sql", help="One SELECT statement; named parameters as :name.")
@click.option(
    "--sql-file", type=click.Path(exists=True, dir_okay=False), help="Read the SQL from a file."
)
@click.option("--statement", required=True, help="What the result shows, in your words.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named parameter.")
@click.option("--id", "finding_id", help="Id in the URL (default: from the name).")
@click.option("--by", "created_by", envvar="TELAAH_CODER", help="Who saves it (or TELAAH_CODER).")
@click.option("--replace", is_flag=True, help="Save again over a finding with the same id.")
@db_option
@json_option
@user_errors
def finding_add_cmd(
    name, sql, sql_file, statement, params, finding_id, created_by, replace, db_path, as_json
):
    """Run a query now and save it as a finding, with the corpus version and a hash of
    its result, so a reader can later see whether it still holds.

    \b
    Example:
      telaah finding add "Kekerabatan di Pilkada" --param code=kinship \\
        --sql "select d.title, count(*) n from codings c join documents d
               on d.id = c.document_id where c.code_id = :code group by d.id" \\
        --statement "Kinship is named as a cause in 7 of 12 studies."
    """
    if bool(sql) == bool(sql_file):
        raise click.UsageError('give the query with --sql "SELECT ..." or --sql-file FILE.sql')
    text = sql or Path(sql_file).read_text(encoding="utf-8")
    saved = findings.save_finding(
        open_db(db_path),
        name,
        text,
        statement,
        params=_params(params),
        finding_id=finding_id,
        created_by=created_by,
        replace=replace,
    )
    if as_json:
        print_json(saved)
        return
    click.echo(
        f"Saved finding {saved['id']}: {_rows(saved['row_count'])} on corpus version "
        f"{saved['corpus_version']}, result sha256 {saved['result_hash'][:16]}…\n"
        f"Its page: /-/findings/{saved['id']} (run: telaah serve)"
    )


@finding_group.command(name="list")
@db_option
@json_option
@user_errors
def finding_list_cmd(db_path, as_json):
    """The saved findings, oldest first.

    \b
    Example:
      telaah finding list --json
    """
    rows = findings.list_findings(open_db(db_path))
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo(
            'No findings yet; save one with: telaah finding add NAME --sql ... --statement "..."'
        )
        return
    table = [
        [r["id"], r["row_count"], r["corpus_version"], r["created_at"], r["statement"][:60]]
        for r in rows
    ]
    click.echo(tabulate(table, headers=["id", "rows", "version", "saved", "statement"]))


@finding_group.command(name="check")
@click.argument("finding_ids", nargs=-1)
@db_option
@json_option
@user_errors
def finding_check_cmd(finding_ids, db_path, as_json):
    """Re-run findings (all, or the ids given) and say which results changed since they
    were saved. Exits with status 1 when any did, so a script or CI can notice.

    \b
    Example:
      telaah finding check
      telaah finding check kekerabatan-di-pilkada --json
    """
    results = findings.check_findings(open_db(db_path), finding_ids)
    if as_json:
        print_json(results)
    else:
        if not results:
            click.echo("No findings to check.")
        for r in results:
            if r["error"]:
                click.echo(f"{r['id']}: FAILS: {r['error']}")
            elif r["changed"]:
                click.echo(
                    f"{r['id']}: CHANGED: {_rows(r['saved_rows'])} when saved (version "
                    f"{r['saved_version']}), {_rows(r['current_rows'])} now (version "
                    f"{r['current_version']})"
                )
            else:
                click.echo(f"{r['id']}: same result ({_rows(r['current_rows'])})")
    if any(r["changed"] for r in results):
        raise SystemExit(1)
