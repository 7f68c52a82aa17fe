"""The README cannot rot: its opening commands are what CI runs, and every command it shows exists."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```bash", 1)[1].split("```", 1)[0]
    lines = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert len(lines) == 2
    assert "marsad demo" in lines[0]
    test_cmd = lines[1].split("&&")[-1].strip()
    assert test_cmd in (ROOT / ".ci" / "run").read_text()


def test_every_command_in_the_readme_exists() -> None:
    runner = CliRunner()
    shown = set(re.findall(r"(?:^|&& |; )marsad (\w+)", README, flags=re.M))
    assert {"ingest", "search", "serve", "export", "demo", "stats"} <= shown
    for cmd in shown:
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0, (cmd, result.output)
