"""REFI-QDA codebook files (``.qdc``): the codebook alone, as NVivo, ATLAS.ti, MAXQDA and
QualCoder exchange it.

A ``.qdc`` carries names, GUIDs, colours, descriptions and the hierarchy. Telaah's own
fields (id, English label, decision rules, spaCy patterns) have no element in the schema,
so they ride at the end of each description (see :mod:`coding.refi.codes`): importing
the file into any corpus, fresh or not, gives back the same codebook.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from sqlite_utils import Database

from .archive import QdpxArchive
from .codes import assign_ids, build_codes, codes_with_guids, parse_codes, to_flat
from .errors import NotAProject, RefiError
from .xmlsafe import CODEBOOK_NS, child, local, parse_untrusted, validate

MAX_QDC_BYTES = 64 * 1024 * 1024


def read_codebook(path: str | Path) -> list[dict]:
    """Read a ``.qdc`` (or the codebook inside a ``.qdpx``) as flat Telaah code dicts.

    Each dict is ``{id, parent, label_id, label_en, description, colour, guid, patterns}``
    in tree order (a parent before its children), ready for
    ``coding.codebook.import_codebook``.
    """
    path = Path(path)
    if not path.is_file():
        raise NotAProject(f"{path} does not exist; check the path")
    if zipfile.is_zipfile(path):
        with QdpxArchive(path) as archive:
            data = archive.read(archive.project_entry())
        expected = "Project"
    else:
        if path.stat().st_size > MAX_QDC_BYTES:
            raise NotAProject(f"{path} is over {MAX_QDC_BYTES} bytes; that is no codebook")
        data = path.read_bytes()
        expected = "CodeBook"
    root = parse_untrusted(data, name=path.name)
    if local(root.tag) != expected:
        raise NotAProject(
            f"{path.name}: root element is <{local(root.tag)}>, not <{expected}>; "
            "is this a REFI-QDA codebook (.qdc)?"
        )
    book = root if expected == "CodeBook" else child(root, "CodeBook")
    codes_el = child(book, "Codes") if book is not None else None
    if codes_el is None:
        return []
    codes = parse_codes(codes_el, name=path.name)
    return to_flat(codes, assign_ids(codes))


def codebook_xml(codes: list[dict], *, origin: str = "Telaah") -> bytes:
    """Serialise flat codes as a ``.qdc`` document."""
    if not codes:
        raise RefiError("the codebook is empty; add codes first (telaah codebook import ...)")
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin}, nsmap={None: CODEBOOK_NS}
    )
    build_codes(root, codes, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def write_codebook(
    codes: list[dict], out: str | Path, *, origin: str = "Telaah", xsd: str | Path | None = None
) -> int:
    """Write ``codes`` to ``out`` as a ``.qdc``; validate against ``xsd`` first if given.

    Returns the number of codes written.
    """
    data = codebook_xml(codes, origin=origin)
    if xsd:
        validate(data, xsd, name=Path(out).name)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return len(codes)


def export_qdc(db: Database, out: str | Path, *, xsd: str | Path | None = None) -> int:
    """Write the corpus's codebook to ``out`` (GUIDs stored first, so they stay stable)."""
    return write_codebook(codes_with_guids(db), out, xsd=xsd)
