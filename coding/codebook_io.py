"""Codebook files by their format: Telaah's YAML/JSON, or REFI-QDA ``.qdc``/``.qdpx``.

The codebook (:mod:`coding.codebook`) knows codes and its own YAML; this module, above it
and above :mod:`coding.refi`, picks the reader by the file's suffix, so the codebook never
imports a file-format package that imports it back.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from .codebook import import_codebook
from .recode import rename_code

REFI_SUFFIXES = (".qdc", ".qdpx")


def import_codebook_file(db: Database, path: str | Path, *, replace: bool = False) -> dict:
    """:func:`coding.codebook.import_codebook` for any codebook file Telaah reads."""
    path = Path(path)
    if path.suffix.lower() in REFI_SUFFIXES:
        from .refi.qdc import read_codebook  # lazy: lxml only when a REFI file is read

        return import_codebook(db, read_codebook(path), replace=replace, rename=rename_code)
    return import_codebook(db, path, replace=replace, rename=rename_code)
