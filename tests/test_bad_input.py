"""What bad input gets: errors fail the build, named by file, line, key and field; notes don't.

Never a Python traceback or Sphinx's crash page, and one error never hides the entries
after it. The owners here are neutral: these are the extension's rules, not a site's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

OWNER = ("Ada Lovelace",)
PAGE = "# Papers\n\n```{publication-list}\n```\n"
CRASH = ("Traceback", "Extension error", "Exception occurred", "please report", "sphinx-err-")


def good(key: str, year: int = 1843, **fields: str) -> str:
    values = {
        "title": f"Paper {key}",
        "author": "Ada Lovelace and Charles Babbage",
        "journal": "Scientific Memoirs",
        "year": str(year),
        **fields,
    }
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in values.items())
    return f"@article{{{key},\n{body}}}\n\n"


def shown_keys(tmp_path: Path) -> list[str]:
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    return [li["id"].removeprefix("pub-") for li in soup.select("li.publication")]


def assert_no_crash(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert not [word for word in CRASH if word in output], output


# Each broken entry is followed by a good one, which must still be shown.
BROKEN = {
    "missing comma": (
        "@article{nocomma1850,\n  title = {No comma}\n  year = {1850},\n}\n\n",
        "nocomma1850: BibTeX syntax error",
    ),
    "unclosed brace": (
        "@article{open1851,\n  title = {Never {closed},\n  year = {1851},\n}\n\n",
        "open1851: BibTeX syntax error",
    ),
    "missing equals": (
        "@article{noequals1852,\n  title {No equals},\n}\n\n",
        "noequals1852: BibTeX syntax error",
    ),
    "missing brace after type": (
        "@articlenobrace1853,\n  title = {X},\n}\n\n",
        "BibTeX syntax error",
    ),
    "truncated value": ("@article{cut1854,\n  title = {Cut off here\n\n", "cut1854"),
    "names with commas": (
        good("commas1855", author="Lovelace, Ada, Babbage, Charles"),
        "commas1855: author: cannot read the name",
    ),
    "unsafe link": (
        good("unsafe1856", url="javascript:alert(1)"),
        "unsafe1856: url: 'javascript:alert(1)' is not a web address",
    ),
    "key twice": (
        good("Twice1857") + good("twice1857", year=1858),
        "twice1857: the key is already used on line",
    ),
}


def test_errors_fail_the_build_naming_line_key_and_field_and_hide_nothing_else(project, tmp_path):
    text = good("first1800", 1800)
    keys = ["first1800"]
    for number, (broken, _message) in enumerate(BROKEN.values()):
        text += broken + good(f"after{number}", 1900 + number)
        keys.append(f"after{number}")
    result = project({"index.md": PAGE, "refs.bib": text}, owner=OWNER)
    assert result.returncode != 0
    assert_no_crash(result)
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    for name, (_broken, message) in BROKEN.items():
        assert any(message in line for line in errors), name
    for line in errors:
        assert re.search(r"refs\.bib:\d+: ", line), line  # always the file and the line
    assert set(keys) | {"unsafe1856", "Twice1857"} <= set(shown_keys(tmp_path))
    # the unsafe value is nowhere in the output, even of this failed build
    for path in (tmp_path / "html").rglob("*.*"):
        if path.suffix in (".html", ".bib", ".js"):
            assert "javascript:alert" not in path.read_text("utf-8", errors="replace"), path


NOTES = (
    good("twice1860", 1860).replace("  year = {1860},\n", "  year = {1860},\n  year = {1999},\n")
    + good("macro1861", 1861).replace("{Scientific Memoirs}", "undefinedmacro")
    + good("typo1862", 1862, cdoe="https://example.org/code")
    + good("unknown1863", 1863, flavour="strawberry")
    + good("inpress1864", 1864).replace("{1864}", "{in press}")
    + good("range1865", 1865).replace("{1865}", "{1865--1866}")
    + good("nobody1866", 1866, author="Charles Babbage")
    + "article{lost1867,\n  title = {Its @ was lost},\n}\n\n"
    + good("equal1868", 1868, equal="Mary Somerville")
)


def test_notes_never_fail_the_build_and_are_summarised(project, tmp_path):
    result = project({"index.md": PAGE, "refs.bib": NOTES}, owner=OWNER, quiet=False)
    assert result.returncode == 0, result.stderr
    assert_no_crash(result)
    assert re.search(
        r"\d+ notes on refs\.bib: run `python -m sphinx_publications check`", (result.stdout)
    )
    shown = shown_keys(tmp_path)
    # "in press" first, then newest first: 1868, 1866, 1865 (from "1865--1866"), ...
    assert shown == [
        "inpress1864",
        "equal1868",
        "nobody1866",
        "range1865",
        "unknown1863",
        "typo1862",
        "macro1861",
        "twice1860",
    ]


def test_strict_mode_makes_notes_fail_the_build(project):
    result = project(
        {"index.md": PAGE, "refs.bib": NOTES}, owner=OWNER, conf="publications_strict = True\n"
    )
    assert result.returncode != 0
    assert_no_crash(result)
    assert "refs.bib:6: twice1860: year: given twice (also on line 5)" in result.stderr


def test_a_preview_that_gives_no_thumbnail_is_a_note(project, tmp_path):
    bib = good("pic1870", 1870, preview="nothere.png") + good(
        "web1871", 1871, preview="https://example.org/a.png"
    )
    files = {"index.md": PAGE, "refs.bib": bib}
    assert project(files, owner=OWNER).returncode == 0
    result = project(files, owner=OWNER, conf="publications_strict = True\n")
    assert_no_crash(result)
    assert "pic1870: preview: preview 'nothere.png' of 'pic1870': no such file" in result.stderr
    assert "web1871: preview: " in result.stderr


def test_the_check_command_lists_every_finding_without_building(tmp_path):
    (tmp_path / "refs.bib").write_text(NOTES + BROKEN["unsafe link"][0], "utf-8")
    command = [sys.executable, "-m", "sphinx_publications", "check", "refs.bib"]
    result = subprocess.run(
        [*command, "--owner", "Ada Lovelace"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1  # the unsafe link is an error
    lines = result.stdout.splitlines()
    expected = "refs.bib:6: twice1860: year: given twice (also on line 5): the first value is kept"
    assert f"{expected}, as in BibTeX  [note]" in lines
    assert any(line.endswith("[error]") and "unsafe1856: url:" in line for line in lines)
    assert re.search(r"1 error and \d+ notes on refs\.bib", result.stderr)
    (tmp_path / "refs.bib").write_text(NOTES, "utf-8")
    lenient = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, cwd=tmp_path)
    assert (lenient.returncode, strict.returncode) == (0, 1)


def test_a_latin_1_file_builds_with_a_note(project, tmp_path):
    text = good("accent1870", journal="Comptes Rendus de l'Acad\xe9mie").encode("latin-1")
    result = project({"index.md": PAGE, "refs.bib": text}, owner=OWNER)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert "Comptes Rendus de l'Académie" in html


@pytest.mark.parametrize(
    "keys",
    [
        ("k" * 300, "k" * 299 + "j"),
        ("黄2020", "李2020"),
        ("DBLP:conf/cvpr/HuangLMW17", "DBLP:conf/cvpr/HuangLMW17b"),
        ("foo_bar2020", "foo.bar2020"),
    ],
)
def test_keys_of_any_length_and_characters_get_distinct_pages_and_anchors(project, tmp_path, keys):
    text = "".join(good(key, 1900 + i) for i, key in enumerate(keys))
    refs = " and ".join(f"{{paper}}`{key}`" for key in keys)
    page = f"# Papers\n\nSee {refs}.\n\n```{{publication-list}}\n```\n"
    result = project({"index.md": page, "refs.bib": text}, owner=OWNER)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    ids = [li["id"] for li in soup.select("li.publication")]
    pages = [a["href"] for a in soup.select("li.publication .pub-title a")]
    assert len(set(ids)) == len(set(pages)) == 2
    for href in pages:
        assert len(Path(href).name) < 100
        assert (tmp_path / "html" / unquote(href)).is_file()


def test_keys_that_would_share_a_page_are_an_error_naming_both(project):
    text = good("a/b2020") + good("a:b2020", 1844)
    result = project({"index.md": PAGE, "refs.bib": text}, owner=OWNER)
    assert result.returncode != 0
    assert "refs.bib:8: a:b2020: its page and anchor would be those of a/b2020 (refs.bib:1)" in (
        result.stderr
    )


def test_citing_an_unknown_key_fails(project):
    page = "# Home\n\nSee {cite:p}`lovelace2099nothing`.\n\n" + PAGE.replace(
        "# Papers", "## Papers"
    )
    result = project({"index.md": page, "refs.bib": good("real1843")}, owner=OWNER)
    assert result.returncode != 0
    assert "lovelace2099nothing" in result.stderr
