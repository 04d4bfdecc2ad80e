"""Every built page is valid HTML according to the W3C Nu checker (vnu)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from check_tools import VNU_JAR, require_npm_tool


def nu_errors(java: str, files: list[Path]) -> list[str]:
    """Run vnu once over all files (one JVM start) and return its errors as ``file:line: text``."""
    result = subprocess.run(
        [
            java,
            "-jar",
            str(require_npm_tool(VNU_JAR)),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.stdout.strip(), f"vnu gave no report: {result.stderr}"
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).name}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def test_every_page_is_valid_html(java, html_pages):
    errors = nu_errors(java, html_pages)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_the_checker_reports_errors(java, tmp_path):
    """Guard against a silently passing check (e.g. vnu skipping the files)."""
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", "utf-8")
    errors = nu_errors(java, [page])
    assert any(e.startswith("broken.html:1: ") for e in errors), errors
