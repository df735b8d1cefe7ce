"""What every ``telaah`` command shares: the corpus option, JSON output, one-line errors,
progress bars. Command modules import this, never :mod:`cli.main`, so registration has no
import cycle."""

from __future__ import annotations

import functools
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from coding.errors import CodingError
from corpus.db import CorpusError, open_corpus
from extract import ExtractionError

EPILOG_DB = "The corpus is --db PATH, else $TELAAH_DB, else ./telaah.db."


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
            bar.length = max(bar.length, total)  # work that finds more work as it goes
            bar.update(done - bar.pos)

        yield advance


CODER_HELP = "Who is coding (or set TELAAH_CODER)."


def coder_option(required: bool = True) -> Callable:
    return click.option(
        "--coder", envvar="TELAAH_CODER", required=required, help=CODER_HELP, metavar="NAME"
    )


def cut(text: str | None, width: int) -> str:
    """One line of at most ``width`` characters, for table cells."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def marks() -> tuple[str, str]:
    """How a coded span is marked: colour on a terminal, brackets in a pipe or file."""
    from coding import review

    return review.ANSI_MARK if sys.stdout.isatty() else review.PLAIN_MARK


def wrap(text: str) -> str:
    width = min(shutil.get_terminal_size((100, 24)).columns, 100) - 4
    return "\n".join(
        textwrap.fill(
            par,
            width,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        for par in text.split("\n")
    )


def read_key(prompt: str, *, command: str, answers: str) -> str:
    """One keypress on a terminal, echoed after ``prompt``. Where there is no terminal
    after all (no /dev/tty), one line saying what to pipe in instead of a traceback."""
    click.echo(prompt, nl=False)
    try:
        key = click.getchar().lower()
    except OSError as e:
        raise click.ClickException(
            f"{command} needs a terminal, or answers on standard input (one a line: {answers})"
        ) from e
    click.echo(key)
    return key
