"""The theme's stylesheet loses the rules of features a site names as unused, and only those;
a page that uses such a feature after all says so; links carry the trimmed file's checksum."""

from __future__ import annotations

import zlib
from pathlib import Path

import furo
import pytest
import tinycss2
from bs4 import BeautifulSoup
from support import sphinx_build

from sphinx_publications.homepage.theme_css import (
    FEATURES,
    THEME_PARTS,
    _class_values,
    _required_classes,
    trimmed,
)

KIT = "extensions.append('sphinx_publications.homepage')\nhtml_theme = 'furo'\n"
FURO_CSS = Path(furo.__file__).parent / "theme" / "furo" / "static" / "styles" / "furo.css"


def selectors(css: str) -> list[str]:
    found = []

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                found.extend(s.strip() for s in tinycss2.serialize(rule.prelude).split(","))
            elif rule.type == "at-rule" and rule.content is not None:
                walk(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def test_rules_that_need_a_removed_class_go_and_the_others_stay():
    css = (
        ".note,.admonition{color:red}"  # every selector needs a removed class: gone
        "p.note,.card{margin:0}"  # the selector without one stays
        "dl:not(.note){padding:0}"  # :not(.note) matches without the class: stays
        "@media (max-width:40em){.admonition-title{display:none}.card{gap:0}}"
        "@font-face{font-family:x;src:url(x.woff2)}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
    )
    out = trimmed(css, frozenset({"note", "admonition", "admonition-title"}), "")
    assert selectors(out) == [".card", "dl:not(.note)", ".card", "to"]
    assert ".admonition" not in out and ".note," not in out
    assert "@font-face" in out and "@keyframes spin" in out
    assert "@media (max-width:40em){.card{gap:0}}" in out


def test_custom_properties_nothing_reads_go_and_read_ones_stay():
    css = (
        'body{--icon:url("data:image/svg+xml;charset=utf-8,<svg/>");--gone:1px;'
        "--chained:var(--base);--base:2px;--read-elsewhere:red}"
        ".card{margin:var(--chained);background:var(--icon)}"
        ".note{border:var(--only-for-notes)}"
        "body{--only-for-notes:blue}"
    )
    out = trimmed(css, frozenset({"note"}), elsewhere="a{color:var(--read-elsewhere)}")
    assert "--gone" not in out and "--only-for-notes" not in out
    assert '--icon:url("data:image/svg+xml;charset=utf-8,<svg/>")' in out
    assert "--chained:var(--base)" in out and "--base:2px" in out and "--read-elsewhere" in out


def test_furo_stylesheet_trimmed_by_every_name_stays_valid_css():
    css = FURO_CSS.read_text("utf-8")
    removed = frozenset().union(*FEATURES.values(), *THEME_PARTS.values())
    out = trimmed(css, removed, "")
    assert len(out) < 0.8 * len(css)
    errors = [
        rule
        for rule in tinycss2.parse_stylesheet(out, skip_whitespace=True)
        if rule.type == "error"
    ]
    assert not errors
    assert ".sidebar-drawer" in out and ".admonition" not in out


def test_a_site_naming_features_gets_a_smaller_theme_stylesheet_with_its_checksum(
    project, tmp_path
):
    conf = KIT + "homepage_unused_theme_features = ['admonitions', 'footnotes', 'api']\n"
    result = project({"index.md": "# Home\n\nText.\n", "refs.bib": ""}, conf=conf)
    assert result.returncode == 0, result.stderr
    shipped = (tmp_path / "html" / "_static" / "styles" / "furo.css").read_bytes()
    assert len(shipped) < 0.9 * FURO_CSS.stat().st_size
    needed = [_required_classes(s) for s in selectors(shipped.decode())]
    assert not any(classes & {"footnote", "sig-name", "tip", "seealso"} for classes in needed)
    # a class the theme's templates write stays: the search page's no-script warning
    assert {"admonition"} in needed
    assert b":not(.footnote)" in shipped  # matches without the class: stays
    assert b".sidebar-drawer" in shipped  # the page's own layout stays
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    link = soup.select_one('link[href*="styles/furo.css"]')["href"]
    assert link.endswith(f"?v={zlib.crc32(shipped):08x}")
    assert not (tmp_path / "src" / "_static").exists()  # nothing written into the sources


def test_without_the_option_the_theme_stylesheet_is_untouched(project, tmp_path):
    result = project({"index.md": "# Home\n", "refs.bib": ""}, conf=KIT)
    assert result.returncode == 0, result.stderr
    shipped = tmp_path / "html" / "_static" / "styles" / "furo.css"
    assert shipped.read_bytes() == FURO_CSS.read_bytes()


def test_only_class_attributes_count_as_classes():
    html = '<p subclass="a" data-class="b" class="c d">x_class="e" class="f"</p>'
    assert _class_values(html) == {"b", "c d", "f"}  # where r'\bclass="' matches


def test_a_page_using_a_removed_feature_says_so(project):
    conf = KIT + "homepage_unused_theme_features = ['admonitions']\n"
    page = "# Home\n\n```{note}\nA note.\n```\n"
    result = project({"index.md": page, "refs.bib": ""}, conf=conf)
    assert result.returncode != 0
    assert "index.md: WARNING: the page uses admonitions (class note)" in result.stderr


@pytest.mark.parametrize("name", ["admonition", "notes"])
def test_an_unknown_name_is_a_warning_listing_the_known_ones(project, name):
    conf = KIT + f"homepage_unused_theme_features = [{name!r}]\n"
    result = project({"index.md": "# Home\n", "refs.bib": ""}, conf=conf)
    assert result.returncode != 0
    assert f"unknown feature(s) {name} (known: admonitions, api," in result.stderr


def test_the_site_ships_furo_without_what_it_names(site):
    """Gao Huang's site names 20 features and parts: a third of furo.css goes."""
    shipped = (site / "_static" / "styles" / "furo.css").read_text("utf-8")
    assert len(shipped) < 0.7 * FURO_CSS.stat().st_size
    needed = set().union(*(_required_classes(s) for s in selectors(shipped)))
    assert not needed & {"footnote", "sig-name", "related-pages", "announcement", "math"}
    assert {"sidebar-drawer", "toc-tree", "theme-toggle", "mobile-header"} <= needed


def test_a_theme_part_the_site_s_templates_write_keeps_its_styles(project, tmp_path):
    """The quickstart's footer block uses furo's footer classes: naming the footer keeps them."""
    template = (
        '{% extends "!page.html" %}\n{% block footer %}'
        '<div class="bottom-of-page"><div class="left-details">me</div></div>'
        "{% endblock footer %}\n"
    )
    conf = KIT + "templates_path = ['_templates']\n"
    conf += "homepage_unused_theme_features = ['pager-footer', 'announcement']\n"
    files = {"index.md": "# Home\n", "refs.bib": "", "_templates/page.html": template}
    result = project(files, conf=conf)
    assert result.returncode == 0, result.stderr
    shipped = (tmp_path / "html" / "_static" / "styles" / "furo.css").read_text("utf-8")
    needed = set().union(*(_required_classes(s) for s in selectors(shipped)))
    assert {"bottom-of-page", "left-details"} <= needed
    assert not needed & {"related-pages", "prev-page", "announcement"}


def test_an_incremental_build_reuses_the_copy_until_a_file_it_is_made_from_changes(
    project, tmp_path
):
    """The copy is made again when a template changes, not in every build."""
    conf = KIT + "templates_path = ['_templates']\n"
    conf += "homepage_unused_theme_features = ['pager-footer', 'admonitions']\n"
    plain = '{% extends "!page.html" %}\n'
    files = {"index.md": "# Home\n", "refs.bib": "", "_templates/page.html": plain}
    first = project(files, conf=conf)
    assert first.returncode == 0, first.stderr
    shipped = tmp_path / "html" / "_static" / "styles" / "furo.css"
    copy = next((tmp_path / "html.doctrees").rglob("furo.css"))
    made = copy.stat().st_mtime_ns

    def needed() -> set[str]:
        return set().union(*(_required_classes(s) for s in selectors(shipped.read_text("utf-8"))))

    again = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert again.returncode == 0, again.stderr
    assert copy.stat().st_mtime_ns == made  # not made again
    assert "related-pages" not in needed()

    # A removed feature used on a page is still found from the recorded classes.
    (tmp_path / "src" / "index.md").write_text("# Home\n\n```{note}\nA note.\n```\n", "utf-8")
    noted = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert "the page uses admonitions (class note)" in noted.stderr
    (tmp_path / "src" / "index.md").write_text("# Home\n", "utf-8")

    footer = (
        '{% extends "!page.html" %}\n{% block footer %}'
        '<div class="related-pages">back</div>{% endblock footer %}\n'
    )
    (tmp_path / "src" / "_templates" / "page.html").write_text(footer, "utf-8")
    edited = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert edited.returncode == 0, edited.stderr
    assert "related-pages" in needed()  # the site's template writes it now: its styles stay
