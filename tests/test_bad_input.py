"""Broken bibliography data stops the build with a message naming file, line, key and problem."""

from __future__ import annotations

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
