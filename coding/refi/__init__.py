"""REFI-QDA exchange: projects (``.qdpx``) and codebooks (``.qdc``) that NVivo, ATLAS.ti,
MAXQDA, QualCoder and qc read and write.

Built on lxml (writing, XSD validation) and defusedxml (reading files from elsewhere),
not on generated bindings: the part of the schema Telaah uses is small, and the hard parts
(hostile archives and XML, mapping positions to passages, conflicts) are ours either way.
"""

from __future__ import annotations

from .errors import (
    ImportConflicts,
    NotAProject,
    RefiError,
    SchemaInvalid,
    SelectionOutOfRange,
    UnknownCodeRef,
    UnsafeArchive,
    UnsafeXml,
)
from .export import ExportResult, export_project
from .importer import ImportResult, import_project, load_project
from .qdc import export_qdc, read_codebook, write_codebook
from .xmlsafe import validate

__all__ = [
    "ExportResult",
    "ImportConflicts",
    "ImportResult",
    "NotAProject",
    "RefiError",
    "SchemaInvalid",
    "SelectionOutOfRange",
    "UnknownCodeRef",
    "UnsafeArchive",
    "UnsafeXml",
    "export_project",
    "export_qdc",
    "import_project",
    "load_project",
    "read_codebook",
    "validate",
    "write_codebook",
]
