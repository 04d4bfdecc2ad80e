"""``make screenshots`` writes one PNG per page, device and colour scheme, at the right size.

The tool runs in the session's browser (Debian's Chromium, the ``browser`` fixture): without
it this test skips, except in CI, where it fails, like the other browser tests.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from tools import screenshots

pytestmark = pytest.mark.browser


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR): no imaging library needed."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", path
    return struct.unpack(">II", header[16:24])


def test_screenshots_of_a_page(
    browser: Any, site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    argv = ["--site", str(site), "--out", str(tmp_path), "--pages", "index", "--full-page"]
    assert screenshots.main(argv, browser=browser) == 0
    assert "problem:" not in capsys.readouterr().out  # nothing blocked, no script error

    expected = {"desktop": (1280, 800), "phone": (360 * 2, 740 * 2)}
    names = set()
    for device, (width, height) in expected.items():
        for scheme in ("light", "dark"):
            fold = tmp_path / f"index-{device}-{scheme}.png"
            full = tmp_path / f"index-{device}-{scheme}-full.png"
            assert png_size(fold) == (width, height)
            full_width, full_height = png_size(full)
            assert full_width == width and full_height >= height
            names |= {fold.name, full.name}
    assert {p.name for p in tmp_path.iterdir()} == names
