"""The ``telaah`` command: the group, and every command attached to it in one place.

This package sits above the four library packages (extract, corpus, coding,
datasette_plugins) and is the only one that imports them all; none of them imports it.
"""

from __future__ import annotations

import click

from . import (
    agreement,
    attributes,
    browse,
    codebook,
    coding,
    document,
    exchange,
    ingest,
    memo,
    publish,
    roles,
    serve,
    suggest,
    synthesis,
)
from .common import EPILOG_DB


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG_DB,
)
@click.version_option(package_name="telaah")
def main() -> None:
    """Telaah: a corpus of theses and journal articles, coded passage by passage.

    \b
    A session:
      telaah ingest pdfs/                # PDFs, .txt, .md -> ./telaah.db
      telaah codebook                    # the default codebook of factors
      telaah search "tekanan atasan"     # full-text search of passages
      telaah code PASSAGE_ID pressure --coder ayu
      telaah serve                       # browse it all in Datasette
    """


for command in (
    ingest.ingest_cmd,
    browse.documents_cmd,
    browse.passages_cmd,
    browse.search_cmd,
    browse.stats_cmd,
    document.document_group,
    codebook.codebook_group,
    coding.code_cmd,
    coding.uncode_cmd,
    coding.show_cmd,
    coding.codings_cmd,
    coding.history_cmd,
    memo.memo_group,
    suggest.suggest_cmd,
    suggest.train_cmd,
    suggest.review_cmd,
    agreement.agreement_cmd,
    attributes.attr_group,
    roles.role_group,
    synthesis.synthesis_cmd,
    synthesis.literature_table_cmd,
    exchange.export_group,
    exchange.import_group,
    serve.serve_cmd,
    serve.finding_group,
    publish.publish_cmd,
    publish.archive_cmd,
):
    main.add_command(command)
