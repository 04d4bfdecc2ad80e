"""Where the site checks find their tools, and what happens when one is missing.

The W3C Nu checker and axe-core come from npm (tests/package.json, installed by
``make test``); the browser is the system's Chromium (``chromium`` on the PATH, or
the path in env ``CHROMIUM``), never a download. A missing tool skips its checks
locally but fails them in CI (env ``CI`` set).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

#: Headless Chromium that talks to nobody but the pages it is sent to.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(available: object, what: str) -> None:
    """Skip a check whose tool is missing here; in CI a missing tool is a failure."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run this check", pytrace=False)
    pytest.skip(what)


def require_npm_tool(path: Path) -> Path:
    require(path.exists(), f"{path.name} is missing: run `npm ci --prefix tests` (make test does)")
    return path


@dataclass(frozen=True)
class View:
    """How a visitor sees the site: colour scheme and viewport."""

    name: str
    color_scheme: str
    width: int
    height: int


#: Desktop wide enough for both furo sidebars (82em), and the smallest common phone.
VIEWS = (
    View("light", "light", 1440, 900),
    View("dark", "dark", 1440, 900),
    View("light-360px", "light", 360, 740),
    View("dark-360px", "dark", 360, 740),
)
