"""The published site in a real browser: Debian's chromium driven by Playwright
(issue #4, acceptance 2). Screenshots land in test-artifacts/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its own browser here: launch Debian's chromium."""
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def dialogs(page):
    """Every alert/confirm a page opens (a script that ran where text should be)."""
    seen: list[str] = []

    def record(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_matrix_cell_to_passages_to_cite_and_copy_bibtex(page, context, server, ids, dialogs):
    base, _ = server
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(base + "/-/matrix")
    cell = page.locator(f'a[data-code="kinship"][data-document="{ids["thesis"]}"]')
    n = int(cell.inner_text())
    assert n >= 2
    shot(page, "matrix.png")
    cell.click()
    page.wait_for_url("**/telaah/passages_coded?**")
    assert "kinship" in page.url and ids["thesis"] in page.url
    marks = page.locator("mark.telaah-span[data-codes~='kinship']")
    assert marks.count() >= 2
    assert "paman dari istrinya" in page.locator("table.rows-and-columns").inner_text()
    links = page.locator("a.telaah-cite-link")
    assert links.count() == n

    page.locator(f'a.telaah-cite-link:text-is("{ids["kin_passage"]}")').click()
    page.wait_for_url(f"**/-/cite/{ids['kin_passage']}")
    assert page.locator(".telaah-page").inner_text() == "hlm. 41"
    assert page.locator("#intext-id").inner_text() == "(Lestari, 2024, hlm. 41)"
    page.get_by_role("button", name="Copy BibTeX").click()
    page.locator("#bibtex-status").filter(has_text="Copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#bibtex").inner_text()
    assert copied.startswith(f"@mastersthesis{{lestari2024-{ids['thesis']},")
    assert "Quoted: hlm. 41" in copied and f"/-/cite/{ids['kin_passage']}" in copied
    shot(page, "cite.png")
    assert dialogs == []


def test_chart_draws_with_the_vendored_library(page, server):
    base, _ = server
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/-/chart?group=kind")
    page.wait_for_function("window.telaahChart !== undefined")
    labels = page.evaluate("window.telaahChart.data.labels")
    series = page.evaluate("window.telaahChart.data.datasets.map(d => d.label)")
    assert "thesis" in labels and "Kekerabatan dan kedekatan dengan calon" in series
    box = page.locator("#telaah-chart").bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    shot(page, "chart.png")
    assert errors == []


def test_hostile_text_never_runs(page, server, ids, dialogs, hostile_label):
    base, _ = server
    for path in (
        f"/-/cite/{ids['hostile_passage']}",
        "/-/matrix",
        "/-/chart",
        "/telaah/passages_coded?code=hostile&document_id=",
        "/telaah/codes",
    ):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator("img[src='x']").count() == 0, path
    page.goto(f"{base}/-/cite/{ids['hostile_passage']}")
    quote = page.locator("blockquote.telaah-quote").inner_text()
    assert '<script>alert("telaah")</script>' in quote  # shown as text
    assert hostile_label in page.locator(".telaah-codes").inner_text()
    shot(page, "hostile-cite.png")
    assert dialogs == []


@pytest.fixture(scope="module")
def static_site(corpus, tmp_path_factory) -> Path:
    """``telaah publish --static`` of the session corpus, without a base URL."""
    from click.testing import CliRunner

    from cli.main import main

    out = tmp_path_factory.mktemp("static") / "situs"
    args = ["publish", str(out), "--static", "--author", "Tim Netralitas", "--db", str(corpus[0])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def test_static_snapshot_from_file_urls(page, static_site, ids, dialogs):
    """Issue #11, acceptance 2: the files open from file://, the matrix leads to a cite
    page, and a passage holding <script> shows it as text."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((static_site / "index.html").as_uri())
    page.locator('.metadata-description a[href="matrix.html"]').first.click()
    page.wait_for_url("**/matrix.html")
    cell = page.locator(f'a[data-code="kinship"][data-document="{ids["thesis"]}"]')
    n = int(cell.inner_text())
    cell.click()
    page.wait_for_url(f"**/coded/kinship/{ids['thesis']}.html")
    assert page.locator("a.telaah-cite-link").count() == n
    page.locator(f'a.telaah-cite-link:text-is("{ids["kin_passage"]}")').click()
    page.wait_for_url(f"**/cite/{ids['kin_passage']}.html")
    assert page.url.startswith("file://")
    assert page.locator(".telaah-page").inner_text() == "hlm. 41"
    assert page.locator("mark.telaah-span[data-codes~='kinship']").count() >= 1
    with page.expect_download() as download:  # the .bib link is a file beside the page
        page.locator("a", has_text="BibTeX").first.click(modifiers=["Alt"])
    downloaded = Path(download.value.path()).read_text()
    assert (
        "@mastersthesis{lestari2024-" in downloaded and "author = {{Tim Netralitas}}" in downloaded
    )
    shot(page, "static-cite.png")
    page.goto((static_site / "cite" / f"{ids['hostile_passage']}.html").as_uri())
    quote = page.locator("blockquote.telaah-quote").inner_text()
    assert '<script>alert("telaah")</script>' in quote
    assert page.locator("img[src='x']").count() == 0
    page.goto((static_site / "chart.html").as_uri())
    page.wait_for_function("window.telaahChart !== undefined")
    assert dialogs == [] and errors == []


def test_synthesis_count_to_evidence_and_quote_to_cite(page, serve, corpus, tmp_path, dialogs):
    """Issue 8, acceptance 4: on /-/synthesis a count opens the passages behind it, a
    quote opens its cite page, and a <script> in a passage or an attribute value stays text."""
    import json
    import shutil

    from coding.codings import add_coding
    from corpus.db import now, open_corpus

    path = tmp_path / "telaah.db"
    shutil.copy(corpus[0], path)
    ids = corpus[1]
    db = open_corpus(path)
    db["attributes"].insert(
        {"name": "election", "type": "list", "allowed_values": "[]", "created_at": now()}
    )
    db["document_attributes"].insert(
        {
            "document_id": ids["article"],
            "name": "election",
            "value": json.dumps(["Pemilu", "<script>alert(3)</script>"]),
            "set_at": now(),
        }
    )
    text = db["passages"].get(ids["hostile_passage"])["text"]
    start = text.index("<script>")
    add_coding(db, ids["hostile_passage"], "pressure", "ayu", start=start, end=start + 35)
    db.close()
    base = serve(path)
    page.goto(base + "/-/synthesis?by=election")
    page.wait_for_function("window.telaahSynthesisChart !== undefined")
    assert page.locator("th.telaah-group").filter(has_text="<script>alert(3)</script>").count() == 1
    quote = page.locator(f'#code-pressure a.telaah-quote[href$="/-/cite/{ids["hostile_passage"]}"]')
    assert '<script>alert("telaah")</script>' in quote.inner_text()
    shot(page, "synthesis.png")
    count = page.locator('tr[data-code="pressure"] a.telaah-count[data-stance="reports"]').first
    n = int(count.inner_text())
    assert n == 2
    count.click()
    page.wait_for_url("**/code_evidence?**")
    assert "code=pressure" in page.url and "stance=reports" in page.url
    assert page.locator("a.telaah-cite-link").count() == 2
    assert page.locator(f'a.telaah-cite-link:text-is("{ids["hostile_passage"]}")').count() == 1
    page.go_back()
    page.locator(f'#code-pressure a.telaah-quote[href$="/-/cite/{ids["hostile_passage"]}"]').click()
    page.wait_for_url(f"**/-/cite/{ids['hostile_passage']}")
    assert page.locator("h1").count() >= 1
    assert dialogs == []
