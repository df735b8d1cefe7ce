"""``telaah ingest``: files and folders into the corpus, with a progress bar and a summary."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .common import db_option, is_tty, json_option, open_db, print_json, user_errors


@click.command(name="ingest")
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option(
    "--urls",
    "urls_file",
    type=click.File("r", encoding="utf-8"),
    help="A file of web addresses, one per line (blank lines and # comments skipped).",
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction processes [default: all cores].",
)
@click.option("--force", is_flag=True, help="Re-extract files even if unchanged.")
@click.option("--ocr", is_flag=True, help="OCR pages without a usable text layer (Tesseract).")
@click.option(
    "--ocr-language",
    default="ind+eng",
    show_default=True,
    help="Tesseract languages for --ocr.",
)
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--no-tables", is_flag=True, help="Do not extract tables.")
@click.option("--quiet", "-q", is_flag=True, help="Only failures and the summary.")
@json_option
@user_errors
def ingest_cmd(
    paths,
    urls_file,
    db_path,
    workers,
    force,
    ocr,
    ocr_language,
    password,
    no_tables,
    quiet,
    as_json,
):
    """Add PDFs, Word files, text, saved web pages and web addresses to the corpus.

    Reads .pdf, .docx, .txt, .md, .html/.htm (folders recursively) and http(s)://
    addresses, fetched once each with a 20 s timeout; a fetched page is kept in the corpus
    as it was served. Each document lands whole in one transaction. Unchanged files (same
    sha256) and addresses already ingested are skipped; a source that fails is named with
    the reason and what to do, and the others still land. Exit status 0 when every source
    landed or was skipped, 1 if any failed.

    \b
    Examples:
      telaah ingest skripsi/ jurnal/artikel-2024.pdf --workers 2
      telaah ingest transkrip/wawancara-p1.docx berita/kasn-rilis.html
      telaah ingest https://bawaslu.go.id/id/berita/contoh --urls berita.txt
      telaah ingest pindaian/ --ocr          # scanned pages, via Tesseract
      telaah ingest rahasia.pdf --password s3cret --json
    """
    # PDF extraction (pdfplumber, pypdfium2) loads here, so other commands start quickly.
    from corpus.ingest import FileOutcome, ingest  # noqa: F401 (FileOutcome: annotation)
    from extract import ExtractSettings
    from extract.ocr import require_tesseract

    if urls_file:
        paths = (*paths, *(u.strip() for u in urls_file if u.strip() and not u.startswith("#")))
    if not paths:
        raise click.UsageError("name files, folders or addresses to ingest (or --urls FILE)")
    settings = ExtractSettings(
        ocr=ocr, ocr_language=ocr_language, password=password, tables=not no_tables
    )
    if ocr:
        require_tesseract(ocr_language)  # before creating anything
    db = open_db(db_path, create=True)
    bar = None

    def on_start(total: int) -> None:
        nonlocal bar
        if is_tty() and not as_json and total > 1:
            bar = click.progressbar(
                length=total,
                label="Ingesting",
                file=click.get_text_stream("stderr"),
                item_show_func=lambda name: name and Path(name).name,
            )
            bar.__enter__()

    def on_outcome(outcome: FileOutcome) -> None:
        failed = outcome.status == "failed"
        if failed or not (quiet or as_json or bar):
            if bar:
                click.echo("\r\033[K", nl=False, err=True)  # clear the bar's line first
            click.echo(outcome.line(), err=failed)
        if bar:
            bar.update(1, outcome.path)

    try:
        report = ingest(
            db,
            paths,
            settings=settings,
            workers=workers or os.cpu_count(),
            force=force,
            on_outcome=on_outcome,
            on_start=on_start,
        )
    finally:
        if bar:
            bar.__exit__(None, None, None)
        db.close()
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)
