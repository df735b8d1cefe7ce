"""Reading a ``project.qde`` (with its archive) into plain data, checking it as we go.

Everything a later step relies on is checked here, before the corpus is touched: GUIDs,
that every coding's code exists, that every selection lies inside its text. Sources
Telaah cannot hold (pictures, audio, video, PDF regions without a text representation)
and whole-source codings are counted in ``skipped`` rather than dropped silently.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .archive import SIDECAR, QdpxArchive
from .codes import RefiCode, parse_codes
from .errors import NotAProject, SelectionOutOfRange, UnknownCodeRef
from .xmlsafe import canonical_guid, child, child_text, children, local, parse_untrusted


@dataclass
class RefiCoding:
    guid: str
    code_guid: str
    user_guid: str | None
    created: str | None
    note_guids: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    guid: str
    start: int
    end: int
    user_guid: str | None
    created: str | None
    codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    selections: list[RefiSelection] = field(default_factory=list)
    pdf_entry: str | None = None  # the original PDF inside the archive, if any
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value
    note_guids: list[str] = field(default_factory=list)  # memos on the source itself


@dataclass
class RefiVariable:
    guid: str
    name: str
    type: str


@dataclass
class RefiCase:
    guid: str
    name: str | None
    values: dict[str, str]
    source_guids: list[str]


@dataclass
class RefiProject:
    name: str
    origin: str | None
    users: dict[str, str]  # GUID -> name
    codes: list[RefiCode]
    sources: list[RefiSource]
    notes: dict[str, str]  # GUID -> text
    variables: dict[str, RefiVariable]
    cases: list[RefiCase]
    sidecar: dict | None
    skipped: list[str] = field(default_factory=list)
    note_users: dict[str, str | None] = field(default_factory=dict)  # note GUID -> user GUID
    note_times: dict[str, str | None] = field(default_factory=dict)  # note GUID -> created
    project_note_guids: list[str] = field(default_factory=list)  # memos on the project

    @property
    def codings(self) -> int:
        return sum(len(s.codings) for src in self.sources for s in src.selections)


def _int(el: ET.Element, attr: str, where: str) -> int:
    try:
        return int(el.get(attr, ""))
    except ValueError as e:
        raise NotAProject(f"{where}: {attr}={el.get(attr)!r} is not a whole number") from e


def _values(el: ET.Element, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        if ref is None:
            continue
        guid = canonical_guid(ref.get("targetGUID"), where=f"{where}: variable")
        value = next((c.text for c in vv if local(c.tag).endswith("Value")), None)
        if value is not None:
            out[guid] = value
    return out


def _stem(el: ET.Element) -> str | None:
    """A nameless source (qc writes none) is called after its text file: ``board_2017``."""
    rep = child(el, "Representation")
    ref = el.get("plainTextPath") or (rep.get("plainTextPath") if rep is not None else None)
    if not ref:
        return None
    return ref.rsplit("/", 1)[-1].rsplit(".", 1)[0] or None


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise NotAProject(f"{where}: text is not UTF-8 as REFI-QDA requires ({e})") from e


class _Reader:
    def __init__(self, archive: QdpxArchive, name: str):
        self.archive = archive
        self.name = name
        self.skipped: list[str] = []

    def guid(self, value: str | None, where: str) -> str:
        return canonical_guid(value, where=f"{self.name}: {where}")

    def text_of(self, el: ET.Element, label: str) -> str | None:
        content = child_text(el, "PlainTextContent")
        if content is not None:
            return content
        ref = el.get("plainTextPath")
        if not ref:
            return None
        entry = self.archive.source_entry(ref, source=label)
        if entry is None:
            raise NotAProject(
                f"{self.name}: the text of source {label!r} ({ref}) is missing from the archive; "
                "export the project again with its sources"
            )
        return _decode(self.archive.read(entry), f"{self.name}: source {label!r}")

    def coding(self, el: ET.Element, codes: set[str], label: str) -> RefiCoding:
        guid = self.guid(el.get("guid"), f"a coding in {label!r}")
        ref = child(el, "CodeRef")
        if ref is None:
            raise NotAProject(f"{self.name}: coding {guid} in {label!r} has no CodeRef")
        code = self.guid(ref.get("targetGUID"), f"coding {guid}")
        if code not in codes:
            raise UnknownCodeRef(
                f"{self.name}: coding {guid} in source {label!r} refers to code {code}, which "
                "the codebook does not define; nothing imported. Export the project again "
                "with its whole codebook"
            )
        user = el.get("creatingUser")
        return RefiCoding(
            guid=guid,
            code_guid=code,
            user_guid=self.guid(user, f"user of coding {guid}") if user else None,
            created=el.get("creationDateTime"),
            note_guids=[self.guid(n.get("targetGUID"), "note") for n in children(el, "NoteRef")],
        )

    def source(self, el: ET.Element, codes: set[str]) -> RefiSource | None:
        kind = local(el.tag)
        label = el.get("name") or _stem(el) or el.get("guid") or "?"
        guid = self.guid(el.get("guid"), f"source {label!r}")
        pdf_entry = None
        text_el = el
        if kind == "PDFSource":
            path = el.get("path") or el.get("currentPath")
            pdf_entry = self.archive.source_entry(path, source=label) if path else None
            text_el = child(el, "Representation")
            n = len(list(children(el, "PDFSelection")))
            if n:
                self.skipped.append(f"{n} PDF region selection(s) in {label!r} (no text span)")
            if text_el is None:
                self.skipped.append(f"PDF source {label!r}: no text representation")
                return None
        elif kind != "TextSource":
            self.skipped.append(f"{kind} {label!r}: Telaah holds text only")
            return None
        whole = len(list(children(text_el, "Coding"))) + len(list(children(el, "Coding")))
        if whole:
            self.skipped.append(f"{whole} whole-source coding(s) on {label!r} (no text span)")
        text = self.text_of(text_el, label)
        if text is None:
            self.skipped.append(f"source {label!r}: no text")
            return None
        src = RefiSource(
            guid=guid,
            name=label,
            text=text,
            pdf_entry=pdf_entry,
            values={**_values(el, label), **_values(text_el, label)},
            note_guids=[self.guid(n.get("targetGUID"), "note") for n in children(el, "NoteRef")],
        )
        length = len(text)
        for sel in children(text_el, "PlainTextSelection"):
            sguid = self.guid(sel.get("guid"), f"a selection in {label!r}")
            start = _int(sel, "startPosition", f"selection {sguid}")
            end = _int(sel, "endPosition", f"selection {sguid}")
            if not 0 <= start <= end <= length:
                raise SelectionOutOfRange(
                    f"{self.name}: selection {sguid} in source {label!r} spans {start}-{end}, but "
                    f"the text has {length} characters (positions are Unicode code points from "
                    "0, end exclusive); nothing imported. The file is damaged or its text was "
                    "changed after coding: export it again"
                )
            user = sel.get("creatingUser")
            selection = RefiSelection(
                guid=sguid,
                start=start,
                end=end,
                user_guid=self.guid(user, f"user of selection {sguid}") if user else None,
                created=sel.get("creationDateTime"),
                codings=[self.coding(c, codes, label) for c in children(sel, "Coding")],
                note_guids=[
                    self.guid(n.get("targetGUID"), "note") for n in children(sel, "NoteRef")
                ],
            )
            if start == end and selection.codings:
                self.skipped.append(f"empty selection {sguid} in {label!r}")
                continue
            src.selections.append(selection)
        return src


def read_project(archive: QdpxArchive) -> RefiProject:
    """Parse and check the project inside ``archive``; raise a :class:`RefiError` if unusable."""
    entry = archive.project_entry()
    name = f"{archive.path.name}:{entry}"
    root = parse_untrusted(archive.read(entry), name=name)
    if local(root.tag) != "Project":
        raise NotAProject(
            f"{name}: root element is <{local(root.tag)}>, not <Project>; is this REFI-QDA?"
        )
    reader = _Reader(archive, name)
    users = {
        reader.guid(u.get("guid"), "a user"): u.get("name") or u.get("id") or u.get("guid")
        for users_el in children(root, "Users")
        for u in children(users_el, "User")
    }
    book = child(root, "CodeBook")
    codes_el = child(book, "Codes") if book is not None else None
    codes = parse_codes(codes_el, name=name) if codes_el is not None else []
    code_guids = {c.guid for c in codes}
    variables = {}
    for vars_el in children(root, "Variables"):
        for v in children(vars_el, "Variable"):
            guid = reader.guid(v.get("guid"), "a variable")
            variables[guid] = RefiVariable(
                guid, v.get("name") or guid, v.get("typeOfVariable") or "Text"
            )
    cases = [
        RefiCase(
            guid=reader.guid(c.get("guid"), "a case"),
            name=c.get("name"),
            values=_values(c, f"case {c.get('name')!r}"),
            source_guids=[
                reader.guid(s.get("targetGUID"), "case source") for s in children(c, "SourceRef")
            ],
        )
        for cases_el in children(root, "Cases")
        for c in children(cases_el, "Case")
    ]
    sources = []
    for sources_el in children(root, "Sources"):
        for el in sources_el:
            src = reader.source(el, code_guids)
            if src is not None:
                sources.append(src)
    notes, note_users, note_times = {}, {}, {}
    for notes_el in children(root, "Notes"):
        for note in children(notes_el, "Note"):
            guid = reader.guid(note.get("guid"), "a note")
            notes[guid] = reader.text_of(note, note.get("name") or guid) or ""
            user = note.get("creatingUser")
            note_users[guid] = reader.guid(user, f"user of note {guid}") if user else None
            note_times[guid] = note.get("creationDateTime")
    sidecar = None
    if archive.find(SIDECAR):
        try:
            sidecar = json.loads(archive.read(archive.find(SIDECAR)))
        except (ValueError, UnicodeDecodeError):
            reader.skipped.append(f"{SIDECAR}: not JSON, ignored")
        if not isinstance(sidecar, dict) or sidecar.get("format") != "telaah-refi":
            sidecar = None
    return RefiProject(
        name=root.get("name") or archive.path.stem,
        origin=root.get("origin"),
        users=users,
        codes=codes,
        sources=sources,
        notes=notes,
        variables=variables,
        cases=cases,
        sidecar=sidecar,
        skipped=reader.skipped,
        note_users=note_users,
        note_times=note_times,
        project_note_guids=[
            reader.guid(n.get("targetGUID"), "project note") for n in children(root, "NoteRef")
        ],
    )
