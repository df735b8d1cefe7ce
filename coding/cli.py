"""The ``telaah`` command: a thin layer over the Python API.

Each command parses its options, opens the corpus, calls one library function and prints.
This is the one module allowed to import every package (extract, corpus, coding,
datasette_plugins); command groups live in ``cli_*.py`` modules registered at the bottom.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from corpus.db import CorpusError, open_corpus
from extract import ExtractionError

from .errors import CodingError

EPILOG_DB = "The corpus is --db PATH, else $TELAAH_DB, else ./telaah.db."


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG_DB,
)
@click.version_option(package_name="telaah")
def main() -> None:
    """Telaah: a corpus of theses and journal articles, coded passage by passage.

    \b
    A session:
      telaah ingest pdfs/                # PDFs, .txt, .md -> ./telaah.db
      telaah codebook                    # the default codebook of factors
      telaah search "tekanan atasan"     # full-text search of passages
      telaah code PASSAGE_ID pressure --coder ayu
      telaah serve                       # browse it all in Datasette
    """


def db_option(fn: Callable) -> Callable:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        envvar="TELAAH_DB",
        default="telaah.db",
        show_default=True,
        help="Corpus SQLite file (or set TELAAH_DB).",
    )(fn)


def json_option(fn: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def user_errors(fn: Callable) -> Callable:
    """Turn the library's named errors into one-line ``Error: ...`` messages, exit 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (CorpusError, CodingError, ExtractionError) as e:
            raise click.ClickException(str(e)) from e

    return wrapper


def open_db(db_path: str, *, create: bool = False):
    return open_corpus(db_path, create=create)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def is_tty() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress_bar(
    total: int, label: str, *, enabled: bool = True, minimum: int = 2000
) -> Iterator[Callable[[int, int], None]]:
    """``advance(done, total)`` for a long loop: a bar on a terminal, silence elsewhere.

    Work under ``minimum`` items finishes before a bar would say anything useful.
    """
    if not (enabled and is_tty() and total >= minimum):
        yield lambda done, total: None
        return
    with click.progressbar(length=total, label=label, file=click.get_text_stream("stderr")) as bar:

        def advance(done: int, total: int) -> None:
            bar.update(done - bar.pos)

        yield advance


# Command modules register themselves on `main`; imported last so `main` exists.
from . import (  # noqa: E402, F401
    cli_coding,
    cli_corpus,
    cli_exchange,
    cli_ingest,
    cli_serve,
)
