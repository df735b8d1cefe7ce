"""Errors from REFI-QDA exchange. Each message names the file, the problem and what to do."""

from __future__ import annotations

from ..errors import CodingError


class RefiError(CodingError):
    """A REFI-QDA file that Telaah will not read or write; nothing in the corpus changed."""


class UnsafeArchive(RefiError):
    """A .qdpx whose zip entries would escape the folder they unpack into."""


class UnsafeXml(RefiError):
    """XML with a DTD, entity declarations or external references (XXE, entity bombs)."""


class NotAProject(RefiError):
    """Not a readable REFI-QDA project or codebook: wrong container, XML or structure."""


class SelectionOutOfRange(RefiError):
    """A selection whose positions fall outside its source's text."""


class UnknownCodeRef(RefiError):
    """A coding that points at a code GUID the codebook does not define."""


class SchemaInvalid(RefiError):
    """XML that does not validate against the REFI-QDA XSD."""


class ImportConflicts(RefiError):
    """The file disagrees with the corpus; the import was refused so nothing is overwritten."""

    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        shown = "\n  ".join(conflicts[:20])
        more = f"\n  ... and {len(conflicts) - 20} more" if len(conflicts) > 20 else ""
        super().__init__(
            f"{len(conflicts)} conflict(s) between the file and the corpus, nothing imported:\n"
            f"  {shown}{more}\n"
            "Re-run with --keep-ours to keep the corpus's values for these, "
            "or import into a fresh corpus with --db NEW.db"
        )
