"""Every built page is valid HTML according to the W3C Nu checker (vnu)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from check_tools import VNU_JAR, require_npm_tool

#: A page vnu must reject, checked in the same run: proof the check is not passing vacuously.
CANARY = "<!doctype html><html lang=en><title>x</title><p><div></p>"


def nu_errors(java: str, files: list[Path]) -> dict[Path, list[str]]:
    """Run vnu once over all files (one JVM start); its errors by file, as ``line: text``."""
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
    errors: dict[Path, list[str]] = {f.resolve(): [] for f in files}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            path = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
            line = f"{message.get('lastLine', '?')}: {message['message']}"
            errors.setdefault(path, []).append(line)
    return errors


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("vnu") / "canary.html"
    page.write_text(CANARY, "utf-8")
    return page.resolve()


@pytest.fixture(scope="module")
def report(java: str, html_pages: list[Path], canary: Path) -> dict[Path, list[str]]:
    return nu_errors(java, [*html_pages, canary])


def test_every_page_is_valid_html(report, canary, site):
    errors = [
        f"{path.relative_to(site.resolve())}:{line}"
        for path, lines in report.items()
        if path != canary
        for line in lines
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_the_checker_reports_errors(report, canary):
    assert any("“p” end tag" in line for line in report[canary]), report[canary]
