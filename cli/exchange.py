"""``telaah export`` and ``telaah import``: moving a corpus to and from the tools
researchers already use (NVivo, ATLAS.ti, MAXQDA, QualCoder, qc, Excel/SPSS, Zotero)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from .common import db_option, json_option, open_db, print_json, user_errors


@click.group(name="export")
def export_group() -> None:
    """Write the corpus for other tools: REFI-QDA project or codebook, CSV, XLSX.

    \b
    Examples:
      telaah export qdpx proyek.qdpx      # NVivo, ATLAS.ti, MAXQDA, QualCoder, qc
      telaah export qdc kodebuku.qdc      # the codebook alone
      telaah export xlsx koding.xlsx      # one row per coding, for Excel/SPSS
    """


@click.group(name="import")
def import_group() -> None:
    """Read work done elsewhere: a REFI-QDA project, or a BibTeX/RIS library.

    \b
    Examples:
      telaah import qdpx dari-nvivo.qdpx --dry-run
      telaah import bib zotero.bib
    """


def _summary(lines: list[tuple[str, object]]) -> None:
    for label, value in lines:
        if value:
            click.echo(f"{label}: {value}")


@export_group.command(name="qdpx")
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
@click.option("--name", help="Project name shown by the other tool [default: OUT's name].")
@click.option(
    "--xsd",
    type=click.Path(exists=True, dir_okay=False),
    help="Validate project.qde against this REFI-QDA Project.xsd before writing.",
)
@json_option
@user_errors
def export_qdpx_cmd(out, db_path, name, xsd, as_json):
    """Write the corpus as a REFI-QDA project (.qdpx).

    Documents become text sources (their passages joined by a blank line; the original
    PDF beside the text when it is still where it was ingested from), codings become
    selections with coder and time, memos notes; each document is a case whose variables
    are its metadata and its study attributes (telaah attr).

    \b
    Example:
      telaah export qdpx proyek.qdpx --xsd refi/Project.xsd
    """
    from coding import refi  # lazy: lxml only for this command

    result = refi.export_project(open_db(db_path), out, name=name, xsd=xsd)
    if as_json:
        print_json(asdict(result))
        return
    click.echo(
        f"Wrote {out}: {result.documents} documents, {result.codes} codes, "
        f"{result.codings} codings in {result.selections} selections by {result.users} "
        f"coder(s), {result.notes} memos, {result.pdfs} PDFs, {result.attributes} attributes "
        f"({result.attribute_values} values)" + (" (valid against the XSD)" if xsd else "")
    )
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


@export_group.command(name="qdc")
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
@click.option(
    "--xsd",
    type=click.Path(exists=True, dir_okay=False),
    help="Validate against this REFI-QDA Codebook.xsd before writing.",
)
@user_errors
def export_qdc_cmd(out, db_path, xsd):
    """Write the codebook as a REFI-QDA codebook (.qdc).

    Names, GUIDs, colours, descriptions and the hierarchy travel as REFI-QDA has them;
    Telaah's ids, English labels, decision rules and spaCy patterns travel on a last
    "-- Telaah: {...}" line of each description (the format has no other place for them;
    other tools show it as text), so importing the file gives back the same codebook.

    \b
    Example:
      telaah export qdc kodebuku.qdc && telaah codebook import kodebuku.qdc --db lain.db
    """
    from coding import refi  # lazy: lxml only for this command

    n = refi.export_qdc(open_db(db_path), out, xsd=xsd)
    click.echo(f"Wrote {out}: {n} codes" + (" (valid against the XSD)" if xsd else ""))


@export_group.command(name="csv")
@click.argument("out_dir", type=click.Path(file_okay=False))
@db_option
@json_option
@user_errors
def export_csv_cmd(out_dir, db_path, as_json):
    """Write codings.csv, codes.csv and documents.csv into OUT_DIR.

    One row per coding, with the quote, the passage, the code's path, a short document
    reference and the page label to cite. UTF-8 with a BOM, so Excel shows Indonesian
    text right; SPSS, R and LibreOffice read it as is.

    \b
    Example:
      telaah export csv hasil/ && head -3 hasil/codings.csv
    """
    from coding.tabular import export_csv  # lazy: openpyxl only for this command

    written = export_csv(open_db(db_path), out_dir)
    if as_json:
        print_json({"dir": str(Path(out_dir)), "rows": written})
        return
    for name, n in written.items():
        click.echo(f"Wrote {Path(out_dir) / name}: {n} rows")


@export_group.command(name="xlsx")
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
@json_option
@user_errors
def export_xlsx_cmd(out, db_path, as_json):
    """Write one workbook with sheets codings, codes and documents.

    \b
    Example:
      telaah export xlsx koding.xlsx
    """
    from coding.tabular import export_xlsx  # lazy: openpyxl only for this command

    written = export_xlsx(open_db(db_path), out)
    if as_json:
        print_json({"file": str(out), "rows": written})
        return
    click.echo(f"Wrote {out}: " + ", ".join(f"{n} {name}" for name, n in written.items()))


@import_group.command(name="qdpx")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
@click.option(
    "--keep-ours",
    is_flag=True,
    help="On a conflict keep the corpus's value and skip the file's, instead of stopping.",
)
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@json_option
@user_errors
def import_qdpx_cmd(path, db_path, keep_ours, dry_run, as_json):
    """Import a REFI-QDA project (.qdpx) into a new or existing corpus.

    Codes are matched by GUID, then by name; sources become documents (or match ones
    with the same text); selections become codings on passages; case variables that are
    not document metadata become study attributes (source "qdpx"). Anything that disagrees
    with the corpus is a conflict: the import stops and lists them, nothing written. The
    file is checked whole first: unsafe zip entries, XML entities, selections outside
    their text or codings of unknown codes refuse the file and leave the corpus as it was.

    \b
    Examples:
      telaah import qdpx dari-nvivo.qdpx --db baru.db
      telaah import qdpx dari-pembimbing.qdpx --dry-run
    """
    from coding import refi  # lazy: lxml only for this command

    project = refi.load_project(path)  # check the file before creating any corpus
    result = refi.import_project(
        open_db(db_path, create=True),
        project,
        on_conflict="keep-ours" if keep_ours else "fail",
        dry_run=dry_run,
        label=Path(path).name,
    )
    if as_json:
        print_json(asdict(result))
        return
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {path} ({result.origin or 'unknown tool'}): "
        f"{result.codes_created} new codes, {result.codes_matched} matched; "
        f"{result.documents_created} new documents, {result.documents_matched} matched; "
        f"{result.codings_added} codings, {result.memos_added} memos"
    )
    _summary(
        [
            ("already in the corpus", result.codings_already_there),
            ("spans trimmed to their passage", result.spans_adjusted),
            ("new attributes", result.attributes_created),
            ("attribute values", result.attribute_values),
        ]
    )
    for c in result.conflicts:
        click.echo(f"conflict (kept ours): {c}", err=True)
    for s in result.skipped:
        click.echo(f"skipped: {s}", err=True)


@import_group.command(name="bib")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
@click.option("--dry-run", is_flag=True, help="Show the matches; write nothing.")
@click.option(
    "--match",
    "matches",
    multiple=True,
    metavar="KEY=DOC_ID",
    help="Match the entry KEY (RIS: its ID, or #N for the Nth record) to document DOC_ID.",
)
@json_option
@user_errors
def import_bib_cmd(path, db_path, dry_run, matches, as_json):
    """Take document metadata from a BibTeX (.bib) or RIS (.ris) library.

    An entry names its document with --match KEY=DOC_ID or a field telaah = {DOC_ID};
    otherwise entries match documents by DOI, then by title (case, accents and
    punctuation ignored). A matched document takes every field the entry has; fields it
    lacks keep what extraction found, fields set with telaah document set are kept, and
    documents.field_sources says "bib:FILE" for each field taken. Only metadata changes:
    passages and their ids stay.

    \b
    Example:
      telaah import bib zotero-ekspor.bib --dry-run
      telaah import bib catatan.ris --match "#1=3f9a1c2b7d4e"
    """
    from coding.bibliography import import_bibliography  # lazy, like the others

    pairs = {}
    for pair in matches:
        key, sep, doc_id = pair.partition("=")
        if not sep or not key.strip() or not doc_id.strip():
            raise click.BadParameter(f'"{pair}" is not KEY=DOC_ID', param_hint="--match")
        pairs[key.strip()] = doc_id.strip()
    result = import_bibliography(open_db(db_path), path, dry_run=dry_run, match=pairs)
    if as_json:
        print_json(asdict(result))
        return
    verb = "would update" if dry_run else "updated"
    click.echo(
        f"{result.file}: {result.entries} entries, {len(result.matched)} documents {verb}, "
        f"{len(result.unmatched)} entries unmatched, {len(result.ambiguous)} ambiguous"
    )
    for m in result.matched:
        kept = f"; kept as set by hand: {', '.join(m['kept'])}" if m["kept"] else ""
        click.echo(
            f"  {m['key']} -> {m['document_id']} (by {m['how']}): {', '.join(m['fields'])}{kept}"
        )
    if result.unmatched:
        click.echo(f"  no document for: {', '.join(result.unmatched)}")
    for a in result.ambiguous:
        click.echo(f"ambiguous, left alone: {a}", err=True)
    for p in result.problems:
        click.echo(f"problem: {p}", err=True)
