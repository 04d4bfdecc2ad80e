"""Where the site checks find their tools, and what happens when one is missing.

The W3C Nu checker and axe-core come from npm (tests/package.json, installed by
``make test``); the browser is the system's Chromium (``chromium`` on the PATH, or
the path in env ``CHROMIUM``), never a download. A missing tool skips its checks
locally but fails them in CI (env ``CI`` set).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from support import require

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


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
