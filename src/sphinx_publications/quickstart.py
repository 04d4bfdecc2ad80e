"""``python -m sphinx_publications new DIR --bib FILE --owner NAME``: a homepage in a minute.

Writes a complete project that builds at once with ``make html`` (warnings as
errors): ``conf.py`` with the owner's values, ``index.md`` with the profile header
and a place for a bio, ``publications.md`` with a list per kind of publication (an
empty one takes its heading with it), the filters, years and chart, ``refs.bib``,
a ``Makefile`` with the same two commands (``make html``, ``make test``),
``requirements.txt``, ``.readthedocs.yaml``, a GitHub Pages workflow, ``.gitignore``
and a short README. Nothing is overwritten: the folder must be new or empty.
"""

from __future__ import annotations

import datetime
import shutil
import sys
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "project_template"

#: Which theme packages a project needs, and its theme options.
THEMES = {
    "furo": ("furo>=2025.12.19", "furo", ""),
    "alabaster": ("", "alabaster", 'html_theme_options = {"show_powered_by": False}\n'),
    "pydata": (
        "pydata-sphinx-theme>=0.16",
        "pydata_sphinx_theme",
        'html_theme_options = {"show_prev_next": False, "navigation_with_keys": False}\n',
    ),
}

#: The headings of the generated pages, by language (the owner edits them as content).
WORDS = {
    "en": {
        "about_heading": "About",
        "about_text": "Write a few sentences about yourself and your research here.",
        "selected_heading": "Selected publications",
        "publications_heading": "Publications",
        "download_text": "All papers as one BibTeX file:",
        "chart_heading": "Papers per year",
        "kinds": [
            ("Conference papers", "conference"),
            ("Journal articles", "journal"),
            ("Preprints", "preprint"),
            ("Books and chapters", "book chapter"),
            ("Theses", "thesis"),
            ("Reports and other work", "report other"),
        ],
    },
    "zh_CN": {
        "about_heading": "简介",
        "about_text": "在这里用几句话介绍你自己和你的研究。",
        "selected_heading": "代表性论文",
        "publications_heading": "论文",
        "download_text": "全部论文的 BibTeX 文件\uff1a",  # a full-width colon
        "chart_heading": "每年论文数",
        "kinds": [
            ("会议论文", "conference"),
            ("期刊论文", "journal"),
            ("预印本", "preprint"),
            ("专著与章节", "book chapter"),
            ("学位论文", "thesis"),
            ("报告及其他", "report other"),
        ],
    },
}

EXAMPLE_BIB = """\
@article{example2024,
  title   = {An Example Paper: Replace refs.bib with Your Own},
  author  = {$owner},
  journal = {Journal of Examples},
  year    = {2024},
}
"""


def _render(name: str, values: dict[str, str]) -> str:
    return Template((TEMPLATES / name).read_text("utf-8")).substitute(values)


def _sections(kinds: list[tuple[str, str]]) -> str:
    return "\n".join(
        f"## {heading}\n\n```{{publication-list}}\n:kinds: {kind}\n```\n" for heading, kind in kinds
    )


def files(
    owner: list[str], title: str, theme: str, language: str, requirement: str
) -> dict[str, str]:
    """The project's files (path -> text), without refs.bib."""
    words = WORDS.get(language, WORDS["en"])
    theme_requirement, theme_name, theme_options = THEMES[theme]
    name = owner[0]
    values = {
        "title": title,
        "owner": name,
        "title_repr": repr(title),
        "owner_repr": repr(name),
        "owners_repr": repr(owner),
        "copyright_repr": repr(f"{datetime.date.today().year}, {name}"),
        "language_repr": repr(language),
        "theme_repr": repr(theme_name),
        "theme_options": theme_options,
        "requirement": requirement,
        "theme_requirement": theme_requirement,
        "sections": _sections(words["kinds"]),
        **{key: value for key, value in words.items() if isinstance(value, str)},
    }
    result = {
        "conf.py": _render("conf.py.txt", values),
        "index.md": _render("index.md.txt", values),
        "publications.md": _render("publications.md.txt", values),
        "Makefile": _render("Makefile.txt", values),
        "requirements.txt": _render("requirements.txt.txt", values),
        ".readthedocs.yaml": _render("readthedocs.yaml.txt", values),
        ".gitignore": _render("gitignore.txt", values),
        ".github/workflows/pages.yml": (TEMPLATES / "pages.yml.txt").read_text("utf-8"),
        "README.md": _render("README.md.txt", values),
        "_static/site.css": (TEMPLATES / "_static" / "site.css").read_text("utf-8"),
    }
    if theme == "furo":
        result["_templates/page.html"] = (TEMPLATES / "_templates" / "furo-page.html").read_text(
            "utf-8"
        )
    return {path: text.replace("\n\n\n\n", "\n\n") for path, text in result.items()}


def create(
    directory: Path,
    bib: Path | None,
    owner: list[str],
    title: str | None = None,
    theme: str = "furo",
    language: str = "en",
    requirement: str = "sphinx-publications[homepage]>=0.2",
) -> int:
    """Write the project; 0 on success, 1 (with a message) when it cannot."""
    if not owner:
        print(
            "new: give your name as the .bib file spells it: --owner 'Ada Lovelace'",
            file=sys.stderr,
        )
        return 1
    if directory.exists() and any(directory.iterdir()):
        print(f"new: {directory} is not empty; choose a new folder", file=sys.stderr)
        return 1
    if bib is not None and not bib.is_file():
        print(f"new: {bib}: no such file", file=sys.stderr)
        return 1
    for path, text in files(owner, title or owner[0], theme, language, requirement).items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    if bib is not None:
        shutil.copyfile(bib, directory / "refs.bib")
    else:
        (directory / "refs.bib").write_text(Template(EXAMPLE_BIB).substitute(owner=owner[0]))
    print(f"A homepage for {owner[0]} is in {directory}: cd there and run `make html`.")
    return 0
