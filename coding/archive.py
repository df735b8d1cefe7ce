"""``telaah archive``: a deposit for Zenodo, Figshare or an institutional repository.

One zip holding the corpus file, the codebook (YAML and REFI-QDA ``.qdc``), the REFI-QDA
project (``.qdpx``), every corpus table as CSV (``tables/``), the analysis CSVs of
``telaah export csv`` (``csv/``), a README, a ``CITATION.cff`` (Citation File Format
1.2.0, ``type: dataset``) and a Frictionless ``datapackage.json`` describing every CSV
table and column. A DOI given here is recorded in the corpus (``corpus_publication``),
so every "cite this corpus" entry from then on carries it.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml
from sqlite_utils import Database

from corpus.db import write_lock
from corpus.publication import DEFAULT_LICENSE, copy_corpus, get_publication, set_publication

from . import refi
from .codebook import export_codebook
from .errors import CodingError
from .tabular import export_csv

_TYPES = {"INTEGER": "integer", "REAL": "number", "FLOAT": "number", "NUMERIC": "number"}


class ArchiveError(CodingError):
    pass


@dataclass
class ArchiveResult:
    out: str
    version: str
    doi: str | None
    files: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # tables/NAME.csv -> rows


def archived_tables(db: Database) -> list[str]:
    """The corpus's own tables: not full-text indexes, their shadow tables or bookkeeping."""
    return [t for t in db.table_names() if not t.startswith(("_", "sqlite_")) and "_fts" not in t]


def _write_table(db: Database, table: str, path: Path) -> tuple[list[dict], int]:
    """One table as UTF-8 CSV (NULL as an empty cell); its Frictionless fields."""
    columns = db[table].columns
    fields = [
        {"name": c.name, "type": _TYPES.get((c.type or "").upper(), "string")} for c in columns
    ]
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([c.name for c in columns])
        for row in db.execute(f'select * from "{table}"'):
            writer.writerow(["" if v is None else v for v in row])
            n += 1
    return fields, n


def _describe(fields: list[dict], descriptions: dict) -> list[dict]:
    for f in fields:
        if descriptions.get(f["name"]):
            f["description"] = " ".join(str(descriptions[f["name"]]).split())
    return fields


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "telaah-corpus"


def citation_cff(
    *,
    title: str,
    version: str,
    authors: list[str],
    license: str,
    date: str,
    doi: str | None,
    url: str | None,
    abstract: str,
    keywords: list[str],
) -> str:
    """CITATION.cff for the corpus as a dataset. ``"Family, Given"`` names become persons,
    any other name an entity (a team, a project)."""
    people = []
    for name in authors:
        family, sep, given = name.partition(",")
        if sep and family.strip() and given.strip():
            people.append({"family-names": family.strip(), "given-names": given.strip()})
        else:
            people.append({"name": name.strip()})
    cff: dict = {
        "cff-version": "1.2.0",
        "message": "If you use this coded corpus, please cite it as below.",
        "type": "dataset",
        "title": title,
        "version": version,
        "date-released": date,
        "authors": people,
        "license": license,
        "abstract": abstract,
        "keywords": keywords,
    }
    if doi:
        cff["doi"] = doi
    if url:
        cff["url"] = url
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False)


def _readme(title: str, name: str, version: str, doi: str | None, license: str) -> str:
    return f"""# {title}

Coded qualitative corpus made with Telaah, version `{version}`.
{f"DOI: https://doi.org/{doi}" if doi else ""}
Licence: {license}.

- `{name}.db`: the corpus (SQLite): documents, passages with page labels, codebook,
  codings, findings. Open it with `telaah stats --db {name}.db`,
  `telaah serve --db {name}.db`, or `datasette {name}.db`.
- `codebook.yml`, `codebook.qdc`: the codebook, as Telaah's YAML and as REFI-QDA (NVivo,
  ATLAS.ti, MAXQDA, QualCoder).
- `project.qdpx`: the whole coded project in REFI-QDA.
- `tables/*.csv`: every table of the corpus, one CSV each (UTF-8, an empty cell is NULL).
- `csv/*.csv`: one row per coding with its quote, code path and page; codes; documents
  (UTF-8 with BOM, for Excel and SPSS).
- `datapackage.json`: a Frictionless Data Package describing every CSV table and column.
- `CITATION.cff`: how to cite this corpus.
"""


def write_archive(
    db: Database,
    out: str | Path,
    *,
    name: str = "telaah",
    title: str | None = None,
    doi: str | None = None,
    license: str = DEFAULT_LICENSE,
    authors: list[str] | None = None,
    descriptions: dict[str, dict] | None = None,
) -> ArchiveResult:
    """Write the deposit zip ``out`` of corpus ``db`` (saved inside as ``NAME.db``).

    ``descriptions`` maps table -> column -> description (the ``metadata.yml`` texts),
    copied into ``datapackage.json``. ``doi`` is first recorded in ``db`` itself."""
    out = Path(out)
    if doi:
        with write_lock(db):
            set_publication(db, doi=doi)
    publication = get_publication(db)
    title = title or publication.get("title") or f"Telaah corpus: {name}"
    if not authors:
        authors = [r[0] for r in db.execute("select distinct coder from codings order by 1")]
    if not authors:
        raise ArchiveError(
            "the corpus has no coders to name as its authors; say who made it: "
            '--author "Lestari, Dewi" (repeat for each author)'
        )
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    descriptions = descriptions or {}
    result_tables: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="telaah-archive-") as tmp:
        work = Path(tmp)
        version = copy_corpus(db.conn, work / f"{name}.db", {"title": title, "license": license})
        export_codebook(db, work / "codebook.yml")
        refi.export_qdc(db, work / "codebook.qdc")
        refi.export_project(db, work / "project.qdpx", name=title)
        export_csv(db, work / "csv")
        (work / "tables").mkdir()
        resources = []
        for table in archived_tables(db):
            path = work / "tables" / f"{table}.csv"
            fields, n = _write_table(db, table, path)
            result_tables[f"tables/{table}.csv"] = n
            info = descriptions.get(table) or {}
            schema: dict = {"fields": _describe(fields, info.get("columns") or {})}
            pk = [p for p in db[table].pks if p != "rowid"]
            if pk:
                schema["primaryKey"] = pk
            resource = {
                "name": _slug(table).replace("-", "_"),
                "path": f"tables/{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
            if info.get("description"):
                resource["description"] = " ".join(str(info["description"]).split())
            resources.append(resource)
        for path in sorted((work / "csv").glob("*.csv")):
            with open(path, encoding="utf-8-sig", newline="") as f:
                header = next(csv.reader(f))
            resources.append(
                {
                    "name": f"analysis_{path.stem}",
                    "path": f"csv/{path.name}",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "description": f"{path.stem} for spreadsheets and SPSS (telaah export csv)",
                    "schema": {"fields": [{"name": h, "type": "string"} for h in header]},
                }
            )
        package = {
            "profile": "tabular-data-package",
            "name": _slug(title),
            "title": title,
            "version": version,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "licenses": [{"name": license, "path": f"https://spdx.org/licenses/{license}.html"}],
            "resources": resources,
        }
        if publication.get("doi"):
            package["id"] = f"https://doi.org/{publication['doi']}"
        (work / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (work / "CITATION.cff").write_text(
            citation_cff(
                title=title,
                version=version,
                authors=authors,
                license=license,
                date=date,
                doi=publication.get("doi"),
                url=publication.get("base_url"),
                abstract=f"Coded qualitative corpus ({name}.db) made with Telaah: documents, "
                "passages with their page labels, a codebook, codings and saved findings.",
                keywords=["qualitative research", "coded corpus", "Telaah"],
            ),
            encoding="utf-8",
        )
        (work / "README.md").write_text(
            _readme(title, name, version, publication.get("doi"), license), encoding="utf-8"
        )
        files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                z.write(work / f, f)
    return ArchiveResult(
        out=str(out), version=version, doi=publication.get("doi"), files=files, tables=result_tables
    )
