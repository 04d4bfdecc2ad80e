"""Broken bibliography data stops the build with a message naming file, line, key and problem."""

from __future__ import annotations

import pytest

GOOD = """\
@inproceedings{huang2017densely,
  title     = {Densely Connected Convolutional Networks},
  author    = {Gao Huang and Zhuang Liu},
  booktitle = {IEEE Conference on Computer Vision and Pattern Recognition},
  year      = {2017},
}
"""
LIST_PAGE = "# Papers\n\n```{bibliography}\n:list: bullet\n:all:\n```\n"


def second(key: str = "huang2018condensenet", **fields: str) -> str:
    values = {
        "title": "CondenseNet",
        "author": "Gao Huang and Shichen Liu",
        "booktitle": "IEEE Conference on Computer Vision and Pattern Recognition",
        "year": "2018",
        **fields,
    }
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in values.items() if value)
    return f"\n@inproceedings{{{key},\n{body}}}\n"


def test_a_good_file_builds(project):
    result = project({"index.md": LIST_PAGE, "refs.bib": GOOD + second()})
    assert result.returncode == 0, result.stderr


def test_syntax_error(project):
    broken = GOOD + "\n@inproceedings{broken2019,\n  title = {Unclosed,\n  year = 2019\n"
    result = project({"index.md": LIST_PAGE, "refs.bib": broken})
    assert result.returncode != 0
    assert "refs.bib:" in result.stderr
    assert "syntax error" in result.stderr


def test_duplicate_key_is_an_error_not_a_dropped_entry(project):
    bib = GOOD + second() + second(key="Huang2017Densely") + second(key="later2019")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "refs.bib:15: Huang2017Densely: duplicate key" in result.stderr
    assert "first defined on line 1" in result.stderr


def test_missing_required_field(project):
    result = project({"index.md": LIST_PAGE, "refs.bib": GOOD + second(booktitle="")})
    assert result.returncode != 0
    assert "refs.bib:8: huang2018condensenet: missing required field 'booktitle'" in result.stderr


def test_page_citing_an_unknown_key(project):
    page = "# Home\n\nSee {cite:p}`huang2099nothing`.\n\n" + LIST_PAGE.replace(
        "# Papers", "## Papers"
    )
    result = project({"index.md": page, "refs.bib": GOOD})
    assert result.returncode != 0
    assert "index.md:3" in result.stderr
    assert "cites 'huang2099nothing', but refs.bib has no entry with this key" in result.stderr


# -- One test per validation rule: the message names refs.bib, the line, the key, the field --


def test_entry_type_the_style_does_not_render(project):
    bib = GOOD + second().replace("@inproceedings", "@online")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "refs.bib:8: huang2018condensenet: entry type @online is not rendered" in result.stderr


@pytest.mark.parametrize(
    "field, url",
    [
        ("url", "javascript:alert(1)"),
        ("url", "data:text/html,<script>alert(1)</script>"),
        ("url", "paper.pdf"),
        ("url", "www.example.org/paper.pdf"),
        ("code", "ftp://example.org/code.zip"),
    ],
)
def test_url_fields_must_be_absolute_http_urls(project, field, url):
    result = project({"index.md": LIST_PAGE, "refs.bib": GOOD + second(**{field: url})})
    assert result.returncode != 0
    expected = f"refs.bib:13: huang2018condensenet: {field}: {url!r} is not an absolute http(s) URL"
    assert expected in result.stderr


def test_several_links_in_one_field_are_each_checked(project):
    bib = GOOD + second(code="https://github.com/a/b javascript:alert(1)")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "code: 'javascript:alert(1)' is not an absolute http(s) URL" in result.stderr
    assert "'https://github.com/a/b'" not in result.stderr


@pytest.mark.parametrize("year", ["18", "2018a", "in press", "20188"])
def test_year_must_be_four_digits(project, year):
    result = project({"index.md": LIST_PAGE, "refs.bib": GOOD + second(year=year)})
    assert result.returncode != 0
    expected = f"refs.bib:12: huang2018condensenet: year: year {year!r} is not a four-digit number"
    assert expected in result.stderr


def test_site_owner_must_be_an_author(project):
    bib = GOOD + second(author="Shichen Liu and Zhuang Liu")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    expected = "refs.bib:10: huang2018condensenet: author: the site owner (Gao Huang) is not"
    assert expected in result.stderr


def test_repeated_field(project):
    bib = GOOD + second(year="2018").replace(
        "  year = {2018},\n", "  year = {2018},\n  year = {2019},\n"
    )
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "refs.bib:13: huang2018condensenet: year: field given twice" in result.stderr


def test_equal_contribution_names_an_author(project):
    result = project({"index.md": LIST_PAGE, "refs.bib": GOOD + second(equal="Zhuang Liu")})
    assert result.returncode != 0
    assert "huang2018condensenet: equal: 'Zhuang Liu' is marked as equal contribution" in (
        result.stderr
    )


def test_arxiv_identifier(project):
    bib = GOOD + second(eprint="arXiv:1711.09224", archiveprefix="arXiv")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "huang2018condensenet: eprint: 'arXiv:1711.09224' is not an arXiv identifier" in (
        result.stderr
    )


def test_every_problem_is_reported_at_once(project):
    bib = GOOD + second(year="18", url="javascript:x") + second(key="third", author="Nobody Else")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "3 problems in the bibliography: the build fails" in result.stderr


# -- Author-name spellings: a warning with both spellings, configurable ----------------------


def with_coauthor(first: str, second_spelling: str) -> str:
    return GOOD.replace("Zhuang Liu", first) + second(author=f"Gao Huang and {second_spelling}")


@pytest.mark.parametrize(
    "first, variant",
    [
        ("Kilian Q. Weinberger", "Kilian Weinberger"),
        ("Kilian Q. Weinberger", "Kilian Q. Weingerger"),
        ("Laurens van der Maaten", "Laurens Van Der Maaten"),
        ("Jun-Yan Zhu", "Junyan Zhu"),
    ],
)
def test_name_spelling_variants_are_reported_with_both_spellings(project, first, variant):
    result = project({"index.md": LIST_PAGE, "refs.bib": with_coauthor(first, variant)})
    assert result.returncode != 0  # a warning, and the build treats warnings as errors
    expected = f"refs.bib:10: huang2018condensenet: author: {variant!r} looks like another "
    expected += f"spelling of {first!r} (used in huang2017densely)"
    assert expected in result.stderr
    assert "WARNING" in result.stderr


@pytest.mark.parametrize(
    "first, other", [("Jun Zhu", "Jun Zhou"), ("Wei Li", "Wei Lin"), ("Yang Liu", "Yang Lu")]
)
def test_different_people_with_similar_short_names_are_not_variants(project, first, other):
    result = project({"index.md": LIST_PAGE, "refs.bib": with_coauthor(first, other)})
    assert result.returncode == 0, result.stderr


def test_name_variants_can_be_ignored_or_made_errors(project):
    files = {
        "index.md": LIST_PAGE,
        "refs.bib": with_coauthor("Kilian Q. Weinberger", "K. Weinberger"),
    }
    assert project(files, conf="publications_name_variants = 'ignore'\n").returncode == 0
    result = project(files, conf="publications_name_variants = 'error'\n")
    assert result.returncode != 0
    assert "1 problem in the bibliography" in result.stderr
    assert "'K. Weinberger' looks like another spelling" in result.stderr


def test_name_variants_setting_is_checked(project):
    result = project(
        {"index.md": LIST_PAGE, "refs.bib": GOOD}, conf="publications_name_variants = 'warn'\n"
    )
    assert result.returncode != 0
    assert "publications_name_variants" in result.stderr
