"""Parsing XML we did not write, and validating XML we did.

Untrusted XML is parsed by defusedxml with DTDs forbidden: a REFI-QDA file never needs a
DTD, and refusing one outright stops external entities (XXE) and entity-expansion bombs
before a single entity is expanded. XSD validation uses lxml with the network and entity
resolution off, on schema files the user names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as DET
from lxml import etree

from .errors import NotAProject, SchemaInvalid, UnsafeXml

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def parse_untrusted(data: bytes, *, name: str) -> ET.Element:
    """Parse bytes from a file someone sent us; ``name`` is used in error messages."""
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden as e:
        raise UnsafeXml(
            f"{name} declares a DTD (<!DOCTYPE ...>), which REFI-QDA files never need and which "
            "can smuggle external entities or entity bombs; refused. Re-export it from the "
            "QDA program that made it"
        ) from e
    except defusedxml.EntitiesForbidden as e:
        raise UnsafeXml(
            f"{name} declares XML entities (an entity-expansion bomb or XXE attempt?); refused. "
            "Re-export it from the QDA program that made it"
        ) from e
    except defusedxml.ExternalReferenceForbidden as e:
        raise UnsafeXml(
            f"{name} refers to an external resource ({e.sysid or e.pubid}); refused. "
            "Re-export it from the QDA program that made it"
        ) from e
    except ET.ParseError as e:
        raise NotAProject(
            f"{name} is not well-formed XML ({e}); re-export it or check that it is not truncated"
        ) from e


def local(tag: str) -> str:
    """``{urn:QDA-XML:project:1.0}Code`` -> ``Code``: tools differ on namespaces, names don't."""
    return tag.rsplit("}", 1)[-1]


def children(el: ET.Element, name: str) -> Iterator[ET.Element]:
    return (c for c in el if local(c.tag) == name)


def child(el: ET.Element, name: str) -> ET.Element | None:
    return next(children(el, name), None)


def child_text(el: ET.Element, name: str) -> str | None:
    c = child(el, name)
    return c.text if c is not None and c.text is not None else None


def canonical_guid(value: str | None, *, where: str) -> str:
    """GUIDs compare case-insensitively and may carry braces; store them one way."""
    m = _GUID.match((value or "").strip())
    if not m:
        raise NotAProject(f"{where}: {value!r} is not a GUID; the file does not follow REFI-QDA")
    return m.group(1).lower()


def validate(data: bytes, xsd: str | Path, *, name: str = "project.qde") -> None:
    """Raise :class:`SchemaInvalid` listing the first problems if ``data`` breaks ``xsd``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        schema = etree.XMLSchema(etree.parse(str(xsd), parser))
    except (OSError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as e:
        raise SchemaInvalid(f"cannot read the schema {xsd}: {e}; pass the REFI-QDA .xsd") from e
    try:
        doc = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise NotAProject(f"{name} is not well-formed XML ({e})") from e
    if not schema.validate(doc):
        errors = [f"line {err.line}: {err.message}" for err in schema.error_log][:10]
        raise SchemaInvalid(
            f"{name} does not validate against {Path(xsd).name}:\n  " + "\n  ".join(errors)
        )
