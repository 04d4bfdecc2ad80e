"""The brand colours in conf.py are readable: WCAG AA contrast in the light and the dark theme.

furo draws links, the sidebar's top-level entries and the active table-of-contents
entry in the brand colours, on its page, sidebar and hover backgrounds. Those
backgrounds are read from the installed furo's stylesheet, so a furo update that
changes them is checked too.
"""

from __future__ import annotations

import re
import runpy
from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest
import tinycss2
from coloraide import Color

REPO = Path(__file__).resolve().parents[1]
#: WCAG 2.x level AA for normal-size text.
AA_NORMAL_TEXT = 4.5
#: furo's backgrounds behind brand-coloured text: page, sidebar, hovered items.
BACKGROUNDS = ("color-background-primary", "color-background-secondary", "color-background-hover")
_VAR = re.compile(r"var\(\s*--([\w-]+)\s*\)")


def contrast(foreground: str, background: str) -> float:
    return Color(foreground).contrast(Color(background), method="wcag21")


def _custom_properties(content: list) -> dict[str, str]:
    declarations = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    return {
        d.name[2:]: tinycss2.serialize(d.value).strip()
        for d in declarations
        if d.type == "declaration" and d.name.startswith("--")
    }


@cache
def site_theme_options() -> dict:
    return runpy.run_path(str(REPO / "conf.py"))["html_theme_options"]


@cache
def furo_palettes() -> tuple[dict[str, str], dict[str, str]]:
    """furo's own light variables (``body``) and dark overrides (``body[data-theme=dark]``)."""
    css = files("furo").joinpath("theme/furo/static/styles/furo.css").read_text("utf-8")
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        prelude = tinycss2.serialize(getattr(rule, "prelude", None) or []).strip()
        if rule.type == "qualified-rule" and prelude == "body":
            light.update(_custom_properties(rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and prelude == "not print":
            for inner in tinycss2.parse_rule_list(rule.content, True, True):
                if tinycss2.serialize(inner.prelude).strip() == "body[data-theme=dark]":
                    dark.update(_custom_properties(inner.content))
    assert light and dark, "furo's stylesheet no longer has the expected palettes"
    return light, dark


def theme_palettes() -> dict[str, dict[str, str]]:
    """The colours a visitor gets in each theme: furo's, overridden by conf.py's.

    The dark rules are more specific than ``body``, so furo's dark values beat
    the site's light ones; the site's dark values beat both.
    """
    options = site_theme_options()
    site_light = options.get("light_css_variables", {})
    site_dark = options.get("dark_css_variables", {})
    furo_light, furo_dark = furo_palettes()
    return {
        "light": {**furo_light, **site_light},
        "dark": {**furo_light, **site_light, **furo_dark, **site_dark},
    }


def resolve(palette: dict[str, str], name: str) -> str:
    value = palette[name]
    while match := _VAR.fullmatch(value):
        value = palette[match.group(1)]
    return value


def brand_colours(palette: dict[str, str]) -> list[str]:
    """The brand colours and any other text colour conf.py sets."""
    site = site_theme_options()
    configured = {*site.get("light_css_variables", {}), *site.get("dark_css_variables", {})}
    names = {n for n in palette if n.startswith("color-brand-")} | {
        n for n in configured if n.startswith("color-") and not re.search("background|border", n)
    }
    return sorted(names)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_brand_colours_meet_wcag_aa(theme: str):
    palette = theme_palettes()[theme]
    too_faint = [
        f"{fg} {resolve(palette, fg)} on {bg} {resolve(palette, bg)}: "
        f"{contrast(resolve(palette, fg), resolve(palette, bg)):.2f}"
        for fg in brand_colours(palette)
        for bg in BACKGROUNDS
        if contrast(resolve(palette, fg), resolve(palette, bg)) < AA_NORMAL_TEXT
    ]
    assert not too_faint, f"below {AA_NORMAL_TEXT}:1 in the {theme} theme:\n" + "\n".join(too_faint)


def test_contrast_is_the_wcag_ratio():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    light, dark = theme_palettes()["light"], theme_palettes()["dark"]
    # The dark theme's brand colour would fail on the light background, and vice versa.
    dark_brand = resolve(dark, "color-brand-primary")
    assert contrast(dark_brand, resolve(light, "color-background-primary")) < AA_NORMAL_TEXT
