"""axe-core finds no accessibility violation on any page: light and dark, desktop and phone."""

from __future__ import annotations

import pytest
from check_tools import VIEWS, View

pytestmark = pytest.mark.browser


def describe(page: str, violation: dict) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{page}: {violation['id']} ({violation['impact']}): {violation['help']} [{targets}]"


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_axe_finds_no_violations(visit, view: View):
    found = [describe(page, v) for page, vs in visit(view).violations.items() for v in vs]
    assert not found, f"{len(found)} accessibility violations:\n" + "\n".join(found)


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_pages_run_without_script_errors(visit, view: View):
    assert visit(view).script_errors == []


@pytest.mark.parametrize("view", [v for v in VIEWS if v.width <= 360], ids=lambda v: v.name)
def test_no_page_scrolls_sideways_on_a_phone(visit, view: View):
    wide = {page: width for page, width in visit(view).page_widths.items() if width > view.width}
    assert not wide, f"pages wider than {view.width}px: {wide}"
