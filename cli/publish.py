"""``telaah publish`` (a deployable or static site) and ``telaah archive`` (a deposit with
a DOI): the corpus put somewhere that outlives a laptop."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from corpus.publication import DEFAULT_LICENSE

from .common import db_option, json_option, open_db, print_json, progress_bar, user_errors


@click.command(name="publish")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option(
    "--base-url",
    metavar="URL",
    help="The address the site will live at; every permanent link, cite page and "
    "BibTeX/RIS url uses it (required unless --static).",
)
@click.option("--title", help="The corpus's title on the site and in its citation.")
@click.option("--license", "license_", metavar="SPDX", help="Licence, e.g. CC-BY-4.0.")
@click.option("--author", help='Who "cite this corpus" names, e.g. "Tim Netralitas ASN".')
@click.option(
    "--static",
    is_flag=True,
    help="Write the pages as plain files with relative links (any static host, offline).",
)
@db_option
@json_option
@user_errors
def publish_cmd(out_dir, base_url, title, license_, author, static, db_path, as_json):
    """Write the corpus as a site into the empty folder OUT_DIR.

    The folder holds an immutable copy of the corpus at its current version (findings
    frozen with it) and metadata.yml with the base URL and licence, plus either what a
    server needs (Telaah's wheel, requirements.txt, a Dockerfile whose CMD serves the
    site on $PORT, inspect-data.json, a README for hosts) or, with --static, every page
    as HTML: home, matrix, chart, findings, each finding and the cite page (with .bib,
    .ris, .json) of every coded passage, and the corpus file to download.

    \b
    Example:
      telaah publish situs/ --base-url https://example.org/netralitas --license CC-BY-4.0
      cd situs && pip install --find-links . -r requirements.txt
      PORT=8001 sh -c "$(sed -n 's/^CMD //p' Dockerfile)"
      telaah publish salinan/ --static --base-url https://example.org/netralitas
    """
    from datasette_plugins.deploy import publish_site
    from datasette_plugins.publish import BadBaseUrl

    db = open_db(db_path)
    with progress_bar(1, "Rendering pages", enabled=static, minimum=1) as advance:
        try:
            result = publish_site(
                db,
                db_path,
                out_dir,
                base_url=base_url,
                title=title,
                license=license_,
                author=author,
                static=static,
                progress=advance,
            )
        except BadBaseUrl as e:
            raise click.BadParameter(str(e), param_hint="--base-url") from e
    if as_json:
        print_json(asdict(result))
        return
    where = result.base_url or "(no base URL: links stay relative)"
    if static:
        click.echo(
            f"Wrote {out_dir}: {result.pages} files of corpus version {result.version}, "
            f"permanent links under {where}"
        )
        click.echo(
            f"Open {Path(out_dir) / 'index.html'} in a browser, or copy the folder to a web host."
        )
    else:
        click.echo(
            f"Wrote {out_dir}: {result.database}.db (corpus version {result.version}), "
            f"{', '.join(f for f in result.files if f != result.database + '.db')}"
        )
        click.echo(f"Permanent links under {where}. Serve it: see {Path(out_dir) / 'README.md'}")
    for failure in result.failed:
        click.echo(f"not rendered: {failure}", err=True)
    if result.failed:
        raise SystemExit(1)


@click.command(name="archive")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--doi", help="The deposit's DOI; recorded in the corpus, cited from then on.")
@click.option("--title", help="The corpus's title in CITATION.cff and datapackage.json.")
@click.option("--license", "license_", default=DEFAULT_LICENSE, show_default=True, metavar="SPDX")
@click.option(
    "--author",
    "authors",
    multiple=True,
    help='An author, "Family, Given" or a team name; repeat for each [default: the coders].',
)
@db_option
@json_option
@user_errors
def archive_cmd(out, doi, title, license_, authors, db_path, as_json):
    """Write a deposit for Zenodo, Figshare or a university repository as one zip.

    It holds the corpus file, the codebook (YAML and REFI-QDA .qdc), the REFI-QDA
    project (.qdpx), every corpus table as CSV, the analysis CSVs, a README, a
    CITATION.cff and a Frictionless datapackage.json describing every table and column.
    Reserve a DOI first (Zenodo: "Reserve DOI"), archive with it, then upload the zip.

    \b
    Example:
      telaah archive deposit.zip --doi 10.5281/zenodo.1234567 --author "Lestari, Dewi"
    """
    from coding.archive import write_archive  # lxml, openpyxl: only this command needs them
    from datasette_plugins.publish import load_metadata

    db = open_db(db_path)
    name = Path(db_path).stem
    descriptions = (
        (load_metadata(None, name).get("databases") or {}).get(name, {}).get("tables", {})
    )
    result = write_archive(
        db,
        out,
        name=name,
        title=title,
        doi=doi,
        license=license_,
        authors=list(authors),
        descriptions=descriptions,
    )
    if as_json:
        print_json(asdict(result))
        return
    rows = sum(result.tables.values())
    click.echo(
        f"Wrote {out}: {len(result.files)} files, corpus version {result.version}, "
        f"{len(result.tables)} tables ({rows} rows) described in datapackage.json"
        + (f"; DOI {result.doi} recorded in the corpus" if result.doi else "")
    )
