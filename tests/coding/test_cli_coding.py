"""The coding commands end to end through the CLI: help, JSON, errors that say what next."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import main

COMMANDS = [
    ["codebook"],
    ["codebook", "import"],
    ["codebook", "export"],
    ["codebook", "add"],
    ["codebook", "rename"],
    ["codebook", "merge"],
    ["code"],
    ["uncode"],
    ["show"],
    ["codings"],
    ["history"],
    ["suggest"],
    ["train"],
    ["review"],
    ["agreement"],
]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(cmd):
    result = CliRunner().invoke(main, [*cmd, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "telaah " + cmd[0] in result.output


@pytest.fixture
def cli(db_path, put, db):
    runner = CliRunner()

    def run(*args: str, ok: bool = True):
        result = runner.invoke(main, [*args, "--db", str(db_path)])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    ids = put(
        db,
        "studi",
        [
            "Seorang lurah mengaku diancam akan dimutasi bila petahana kalah.",
            "Kepala dinas adalah adik ipar calon bupati.",
        ],
    )
    run.ids = ids
    return run


def test_codebook_commands(cli, tmp_path):
    assert "36 added" in cli("codebook", "import", "--default").output
    rows = json.loads(cli("codebook", "--json").stdout)
    assert [r["id"] for r in rows if r["parent_id"] == "factors"][:4] == [
        "conflict-of-interest",
        "kinship",
        "pressure",
        "lack-of-understanding",
    ]
    listing = cli("codebook").output
    assert "· kinship" in listing and "· · limited-authority" in listing
    cli("codebook", "add", "vote-buying", "Politik uang", "--parent", "violations")
    assert (
        "Renamed vote-buying -> money-politics"
        in cli("codebook", "rename", "vote-buying", "money-politics").output
    )
    merged = json.loads(
        cli("codebook", "merge", "money-politics", "abuse-of-authority", "--json").stdout
    )
    assert merged == {"target": "abuse-of-authority", "moved": 0, "duplicates_removed": 0}
    out = tmp_path / "cb.yml"
    cli("codebook", "export", str(out))
    assert "money-politics" not in out.read_text() and "kinship" in out.read_text()
    result = cli("codebook", "import", ok=False)
    assert result.exit_code == 2 and "give a FILE or --default" in result.output


def test_code_show_codings_history_uncode(cli):
    cli("codebook", "import", "--default")
    pid = cli.ids[0]
    coded = json.loads(
        cli(
            "code", pid, "pressure", "--coder", "ayu", "--start", "22", "--end", "43", "--json"
        ).stdout
    )
    assert coded["quote"] == "diancam akan dimutasi" and coded["created"]
    again = cli("code", pid, "pressure", "--coder", "ayu", "--start", "22", "--end", "43").output
    assert again.startswith("Already coded")
    shown = cli("show", pid).output
    assert "[[diancam akan dimutasi]]" in shown and "ayu" in shown
    assert "22:diancam" in cli("show", pid, "--offsets").output
    listed = json.loads(cli("codings", "--json", "--coder", "ayu").stdout)
    assert [r["id"] for r in listed] == [coded["id"]]
    assert "No codings match" in cli("codings", "--coder", "budi").output
    assert "Removed coding" in cli("uncode", pid, "pressure", "--coder", "ayu").output
    history = json.loads(cli("history", "--passage", pid, "--json").stdout)
    assert [h["action"] for h in history] == ["add", "remove"]
    text = cli("history").output
    assert "remove" in text and '"diancam akan dimutasi"' in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["code", "nope", "pressure", "--coder", "ayu"], 'passage "nope" does not exist; find'),
        (
            ["code", "{pid}", "kinsip", "--coder", "ayu"],
            'code "kinsip" does not exist; did you mean kinship? list codes with',
        ),
        (["code", "{pid}", "pressure", "--coder", "ayu", "--start", "9", "--end", "3"], "reversed"),
        (["code", "{pid}", "pressure", "--coder", "ayu", "--start", "3"], "give both --start"),
        (["uncode", "nope", "--coder", "ayu"], 'coding "nope" does not exist; list codings'),
        (["uncode", "{pid}", "kinship", "--coder", "ayu"], 'ayu has no "kinship" coding on'),
        (["show", "nope"], 'passage "nope" does not exist'),
        (["codebook", "rename", "kinship", "pressure"], 'code "pressure" already exists'),
    ],
)
def test_errors_say_what_to_do(cli, args, message):
    cli("codebook", "import", "--default")
    args = [a.replace("{pid}", cli.ids[0]) for a in args]
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output


def test_code_needs_a_coder(cli, monkeypatch):
    monkeypatch.delenv("TELAAH_CODER", raising=False)
    result = cli("code", cli.ids[0], "pressure", ok=False)
    assert result.exit_code == 2 and "--coder" in result.output
    monkeypatch.setenv("TELAAH_CODER", "ayu")
    cli("codebook", "import", "--default")
    assert "by ayu" in cli("code", cli.ids[0], "pressure").output


def test_suggest_on_an_empty_codebook(cli):
    result = cli("suggest", ok=False)
    assert "telaah codebook import --default" in result.output


def test_suggest_shows_progress_on_a_terminal(tmp_path):
    """A long `telaah suggest` draws a bar on a terminal's stderr; piped, it stays quiet."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    paragraphs = [
        f"Pegawai nomor {i} diancam akan dimutasi oleh atasannya bila tidak hadir kampanye."
        for i in range(2100)
    ]
    notes = tmp_path / "catatan.txt"
    notes.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    telaah = str(Path(sys.executable).parent / "telaah")
    env = {**os.environ, "COLUMNS": "100"}
    subprocess.run([telaah, "ingest", str(notes), "--db", str(db)], check=True, env=env)
    subprocess.run([telaah, "codebook", "import", "--default", "--db", str(db)], check=True)

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [telaah, "suggest", "--db", str(db), "--no-model"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    stdout = proc.stdout.read().decode()
    assert proc.wait(timeout=120) == 0
    shown = terminal.decode(errors="replace")
    assert "Suggesting" in shown and "100%" in shown
    assert "Suggesting" not in stdout and "pressure" in stdout

    piped = subprocess.run(
        [telaah, "suggest", "--db", str(db), "--no-model"], capture_output=True, text=True
    )
    assert "Suggesting" not in piped.stderr + piped.stdout
