"""``telaah ingest``, ``telaah documents``, ``telaah passages``, ``telaah search``."""

from __future__ import annotations

import os

import click

from corpus.ingest import ingest
from extract import ExtractSettings

from .cli import db_option, is_tty, json_option, main, open_db, print_json, user_errors


@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction processes [default: all cores].",
)
@click.option("--force", is_flag=True, help="Re-extract files even if unchanged.")
@click.option("--ocr", is_flag=True, help="OCR pages without a usable text layer (Tesseract).")
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--no-tables", is_flag=True, help="Do not extract tables.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary and failures.")
@json_option
@user_errors
def ingest_cmd(paths, db_path, workers, force, ocr, password, no_tables, quiet, as_json):
    """Add PDFs, .txt and .md files (folders recursively) to the corpus.

    Unchanged files are skipped; a file that fails is named with the reason and the
    others still land. Exit status 1 if any file failed.

    \b
    Example:
      telaah ingest skripsi/ jurnal/artikel-2024.pdf --workers 2
    """
    settings = ExtractSettings(ocr=ocr, password=password, tables=not no_tables)
    db = open_db(db_path, create=True)
    bar = None
    show_bar = is_tty() and not as_json

    def on_start(total: int) -> None:
        nonlocal bar
        if show_bar:
            bar = click.progressbar(
                length=total, label="Ingesting", file=click.get_text_stream("stderr")
            )
            bar.__enter__()

    def on_outcome(outcome) -> None:
        if bar:
            bar.update(1)
        if as_json:
            return
        if outcome.status == "failed" or not quiet:
            message = outcome.line()
            if bar:
                click.echo("\r\033[K", nl=False, err=True)
            click.echo(message, err=outcome.status == "failed")

    report = ingest(
        db,
        paths,
        settings=settings,
        workers=workers or os.cpu_count(),
        force=force,
        on_outcome=on_outcome,
        on_start=on_start,
    )
    if bar:
        bar.__exit__(None, None, None)
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)
