"""Error pages for a reader's mistakes: a bad sort is a 400, an unknown path a 404.

Datasette 0.65 answers ``?_sort=nope`` with a 500 (its ``DatasetteError`` defaults to that
status) and, whenever ``rich`` is installed (spaCy brings it), prints a full traceback for
every error, a 404 included. A reader's typo is not a server fault: :func:`classify` says
which exceptions are the reader's, with the status and one line to show; the hook in
``datasette_plugins/__init__.py`` answers those itself. Anything else (a real bug) still
reaches Datasette's own handler and its traceback.
"""

from __future__ import annotations

from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError

# DatasetteError messages Datasette raises with status 500 for a bad query string.
_READER_MISTAKES = ("Cannot sort table by", "Cannot use _sort and _sort_desc")


def classify(exception: BaseException) -> tuple[int, str] | None:
    """``(status, message)`` for an error the reader caused, else None."""
    if isinstance(exception, Base400):
        message = str(exception.args[0]) if exception.args else "Not found"
        if exception.status == 404 and message in ("404", ""):
            message = "Not found"
        return exception.status, _hint(exception.status, message)
    if isinstance(exception, DatasetteError) and not exception.message_is_html:
        message = str(exception.message)
        if 400 <= exception.status < 500:
            return exception.status, _hint(exception.status, message)
        if message.startswith(_READER_MISTAKES):
            return 400, f"{message}; sort by one of the table's columns"
    return None


def _hint(status: int, message: str) -> str:
    if status == 404:
        return f"{message}; the tables of this corpus are listed on its home page"
    return message
