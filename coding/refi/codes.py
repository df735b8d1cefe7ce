"""The codebook both ways: REFI ``<Codes>`` trees <-> Telaah's flat code dicts.

Telaah keeps codes flat ({id, parent, label_id, ...}) with a slug id; REFI keeps them as a
tree keyed by GUID with a display name. Names repeat in real codebooks (NVivo's has two
``programming`` codes under different parents), so a slug that is already taken gets its
parent's slug in front, then a number.

What REFI has no place for (the Telaah id, English label, decision rules, spaCy
patterns) travels at the end of the code's ``<Description>``, after a line
``-- Telaah: `` and a JSON object: ``Codebook.xsd`` allows no extension element or
attribute on ``<Code>``, other tools show the line as text and keep it, and Telaah reads
it back, so a round trip through a ``.qdc`` keeps every field.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree
from sqlite_utils import Database

from corpus.db import write_lock

from ..codebook import list_codes, upsert_code
from .errors import NotAProject
from .xmlsafe import canonical_guid, child_text, children

# Fixed namespace so a code without a stored GUID gets the same one in every export.
TELAAH_NS = uuid.UUID("6f1c8a52-3b1e-4c59-9d6a-2f4e8b7c1d03")
_RGB = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
EXTRAS_MARK = "-- Telaah: "
_EXTRAS = re.compile(r"\s*^-- Telaah: (\{.*\})\s*\Z", re.MULTILINE | re.DOTALL)
EXTRA_KEYS = ("id", "label_en", "rules", "patterns")


def join_extras(description: str | None, code: dict) -> str | None:
    """``description`` with Telaah's own fields of ``code`` appended (see the module doc)."""
    extras = {k: code.get(k) for k in EXTRA_KEYS if code.get(k)}
    if not extras:
        return description
    line = EXTRAS_MARK + json.dumps(extras, ensure_ascii=False, separators=(",", ":"))
    return f"{description}\n\n{line}" if description else line


def split_extras(description: str | None) -> tuple[str | None, dict]:
    """The description a person wrote, and the Telaah fields after it (``{}`` if none or
    unreadable: then the text is left as it is)."""
    if not description:
        return description, {}
    m = _EXTRAS.search(description)
    if not m:
        return description, {}
    try:
        extras = json.loads(m.group(1))
    except json.JSONDecodeError:
        return description, {}
    if not isinstance(extras, dict):
        return description, {}
    return description[: m.start()].strip() or None, {
        k: v for k, v in extras.items() if k in EXTRA_KEYS
    }


def stable_guid(kind: str, key: str) -> str:
    """A GUID derived from what a thing is, so repeated exports agree without storing it."""
    return str(uuid.uuid5(TELAAH_NS, f"{kind}:{key}"))


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "code"


def normal_colour(value: str | None) -> str | None:
    """``#ABC`` and ``#AABBCC`` -> ``#aabbcc``; anything else is dropped, not guessed."""
    if not value or not _RGB.match(value.strip()):
        return None
    v = value.strip().lower()
    return "#" + "".join(c * 2 for c in v[1:]) if len(v) == 4 else v


@dataclass
class RefiCode:
    guid: str
    name: str
    parent_guid: str | None
    description: str | None = None
    colour: str | None = None
    note_guids: list[str] = field(default_factory=list)
    path: tuple[str, ...] = ()  # names from the root down to this code
    extras: dict = field(default_factory=dict)  # Telaah's own fields, see split_extras


def parse_codes(codes_el: ET.Element, *, name: str) -> list[RefiCode]:
    """Flatten a ``<Codes>`` element in document order (parents before children)."""
    out: list[RefiCode] = []
    seen: set[str] = set()

    def walk(el: ET.Element, parent: RefiCode | None) -> None:
        code_name = el.get("name")
        if code_name is None:
            raise NotAProject(f"{name}: a <Code> has no name attribute; the file breaks REFI-QDA")
        guid = canonical_guid(el.get("guid"), where=f"{name}: code {code_name!r}")
        if guid in seen:
            raise NotAProject(f"{name}: two codes share the GUID {guid}; fix the codebook")
        seen.add(guid)
        description, extras = split_extras(child_text(el, "Description"))
        code = RefiCode(
            guid=guid,
            name=code_name,
            parent_guid=parent.guid if parent else None,
            description=description,
            extras=extras,
            colour=normal_colour(el.get("color")),
            note_guids=[
                canonical_guid(n.get("targetGUID"), where=f"{name}: note of {code_name!r}")
                for n in children(el, "NoteRef")
            ],
            path=(*parent.path, code_name) if parent else (code_name,),
        )
        out.append(code)
        for sub in children(el, "Code"):
            walk(sub, code)

    for top in children(codes_el, "Code"):
        walk(top, None)
    return out


def assign_ids(codes: Iterable[RefiCode], taken: set[str] | None = None) -> dict[str, str]:
    """GUID -> a unique Telaah slug id, avoiding ``taken`` (ids already in the corpus)."""
    used = set(taken or ())
    ids: dict[str, str] = {}
    for code in codes:
        base = slugify(code.name)
        own = str(code.extras.get("id") or "")
        if re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", own) and own not in used:
            base = own  # a Telaah id that came back through another tool
        candidate = base
        if candidate in used and code.parent_guid in ids:
            candidate = f"{ids[code.parent_guid]}-{base}"
        n = 2
        stem = candidate
        while candidate in used:
            candidate = f"{stem}-{n}"
            n += 1
        used.add(candidate)
        ids[code.guid] = candidate
    return ids


def to_flat(codes: list[RefiCode], ids: dict[str, str]) -> list[dict]:
    """REFI codes as the flat dicts ``coding.codebook.import_codebook`` takes."""
    return [
        {
            "id": ids[c.guid],
            "parent": ids[c.parent_guid] if c.parent_guid else None,
            "label_id": c.name,
            "label_en": c.extras.get("label_en"),
            "description": c.description,
            "rules": c.extras.get("rules"),
            "colour": c.colour,
            "guid": c.guid,
            "patterns": c.extras.get("patterns") or [],
        }
        for c in codes
    ]


def code_guid(code: dict) -> str:
    return code.get("guid") or stable_guid("code", code["id"])


def build_codes(parent: etree._Element, codes: list[dict], ns: str) -> dict[str, str]:
    """Append ``<Codes>`` for flat Telaah codes under ``parent``; return code id -> GUID.

    Accepts rows with ``parent`` or ``parent_id``. Children keep the order they are given
    in; a code whose parent is missing becomes a top-level code rather than vanishing.
    """
    by_id = {c["id"]: c for c in codes}
    kids: dict[str | None, list[dict]] = {}
    for c in codes:
        p = c.get("parent", c.get("parent_id"))
        kids.setdefault(p if p in by_id else None, []).append(c)
    guids = {c["id"]: code_guid(c) for c in codes}
    codes_el = etree.SubElement(parent, f"{{{ns}}}Codes")

    def add(el: etree._Element, code: dict) -> None:
        attrs = {"guid": guids[code["id"]], "name": code["label_id"], "isCodable": "true"}
        colour = normal_colour(code.get("colour"))
        if colour:
            attrs["color"] = colour
        code_el = etree.SubElement(el, f"{{{ns}}}Code", attrs)
        description = join_extras(code.get("description"), code)
        if description:
            etree.SubElement(code_el, f"{{{ns}}}Description").text = description
        for sub in kids.get(code["id"], []):
            add(code_el, sub)

    for top in kids.get(None, []):
        add(codes_el, top)
    return guids


def codes_with_guids(db: Database) -> list[dict]:
    """The codebook in tree order, after giving each code without a GUID the one it keeps.

    A GUID is how NVivo or ATLAS.ti recognise a code when a file comes back, so it is
    stored in ``codes.guid`` the first time the code goes out, and survives a rename.
    """
    missing = [c for c in list_codes(db) if not c["guid"]]
    if missing:
        with write_lock(db):
            for c in missing:
                upsert_code(db, c["id"], c["label_id"], guid=code_guid(c))
    return list_codes(db)
