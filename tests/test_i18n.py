"""The extension's words in the site's language: the catalog, and a site built in Chinese.

The catalog (``src/sphinx_publications/locale/``) is made by ``python -m tools.catalog``
from the code; these tests fail when the code has a message the template, a
translation or a compiled catalog lacks. A small project built with
``language = "zh_CN"`` shows every word of the extension in Chinese, and the
content (titles, names, venues from the .bib file, the owner's pages) as written.
"""

from __future__ import annotations

import ast
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from support import sphinx_build

from tools import catalog

#: Messages that read the same in Chinese: names of formats and services.
SAME_IN_CHINESE = {"PDF", "arXiv", "HTML", "JSTOR", "PubMed"}  # names of services
_PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s|%s")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def ids(messages) -> set[str]:
    return {message.id for message in messages if message.id}


def zh_catalog():
    return catalog.read(catalog.po_path("zh_CN"), "zh_CN")


# -- The catalog ---------------------------------------------------------------------------


def test_the_template_has_every_message_of_the_code():
    extracted = ids(catalog.extract())
    committed = ids(catalog.read(catalog.TEMPLATE))
    assert extracted == committed, (
        f"new: {sorted(extracted - committed)}, gone: {sorted(committed - extracted)}; "
        "run python -m tools.catalog"
    )
    # Sanity: the extraction sees calls inside f-strings and the link labels.
    assert {"Contact and profiles", "Code", "Slides", "Mentioned on"} <= extracted


def test_zh_cn_has_the_template_messages_each_translated():
    template = ids(catalog.read(catalog.TEMPLATE))
    translations = zh_catalog()
    assert ids(translations) == template, "run python -m tools.catalog"
    problems = []
    for message in translations:
        if not message.id:
            continue
        if not message.string or message.fuzzy:
            problems.append(f"{message.id!r}: not translated (or fuzzy)")
            continue
        if sorted(_PLACEHOLDER.findall(message.id)) != sorted(_PLACEHOLDER.findall(message.string)):
            problems.append(f"{message.id!r}: placeholders differ in {message.string!r}")
        if message.id not in SAME_IN_CHINESE and not _CJK.search(message.string):
            problems.append(f"{message.id!r}: {message.string!r} is not Chinese")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalog_is_the_po_file_compiled():
    po = catalog.po_path("zh_CN")
    mo = po.with_suffix(".mo")
    committed = mo.read_bytes()
    compiled = catalog.mo_bytes(catalog.read(po, "zh_CN"))
    assert catalog.mo_messages(committed) == catalog.mo_messages(compiled), (
        "run python -m tools.catalog"
    )
    header = read_po(io.BytesIO(po.read_bytes()))
    assert header.charset == "utf-8" and not header.fuzzy  # gettext needs the charset


def test_the_catalog_tool_would_change_nothing():
    stale = [p.name for p, content in catalog.plan().items() if not catalog.up_to_date(p, content)]
    assert not stale, f"{stale}: run python -m tools.catalog"


# -- A site in Chinese ---------------------------------------------------------------------

BIB = """\
@inproceedings{li2024graphs,
  title     = {Sparse Graphs for Example Retrieval},
  author    = {Li Hua and Wang Fang and others},
  booktitle = {Proceedings of the Example Symposium},
  abbr      = {PES},
  year      = {2024},
  url       = {https://example.org/li2024graphs},
  code      = {https://example.org/li2024graphs/code},
  slides    = {https://example.org/li2024graphs/slides.pdf},
  abstract  = {One sentence as the authors wrote it.},
  award     = {Test of Time Prize},
}
@article{li2022maps,
  title   = {Dense Maps in Practice},
  author  = {Li Hua},
  journal = {Example Letters},
  year    = {2022},
  url     = {https://example.org/li2022maps},
}
@book{li2020notes,
  title     = {Notes on Examples},
  editor    = {Li Hua and Wang Fang},
  publisher = {Example Press},
  year      = {2020},
}
"""
INDEX = """\
# 李华的主页

这是主页作者自己写的一段话，照原样显示。

```{toctree}
:hidden:

publications
```

## 代表性论文

```{publication-list}
li2022maps
```

另见 {paper}`li2024graphs`。
"""
PUBLICATIONS = """\
# 全部论文

```{publication-filters}
```

```{publication-years}
```

```{publication-list}
:group-by: year
```

```{publication-chart}
```
"""
CONF = """\
extensions = ['myst_parser', 'sphinx_publications']
bibtex_bibfiles = ['refs.bib']
publications_owner = ['Li Hua']
language = 'zh_CN'
"""
#: What the owner wrote (the .bib values, the pages): shown as written, in any language.
CONTENT = ".pub-title, .pub-authors, .pub-venue, .pub-badge, .pub-abstract-text, .paper-bibtex"


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zh_cn")
    files = {"conf.py": CONF, "refs.bib": BIB, "index.md": INDEX, "publications.md": PUBLICATIONS}
    for name, text in files.items():
        (root / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / name).write_text(text, "utf-8")
    result = sphinx_build(root / "src", root / "html")
    assert result.returncode == 0, result.stderr
    return root / "html"


def soup_of(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{name}.html").read_text("utf-8"), "html.parser")


def main_text(soup: BeautifulSoup, *, content: bool = True) -> str:
    main = soup.select_one("[role=main]")
    if not content:
        for element in main.select(CONTENT):
            element.decompose()
    return main.get_text(" ", strip=True)


def english_left(text: str) -> list[str]:
    """The catalog's English messages found in ``text`` as whole words."""
    found = []
    for message in zh_catalog():
        words = "".join(_PLACEHOLDER.split(message.id)) if message.id else ""
        if re.search(r"[A-Za-z]", words) and message.id not in SAME_IN_CHINESE:
            fixed = [re.escape(part) for part in _PLACEHOLDER.split(message.id)]
            if re.search(r"(?<!\w)" + r".*?".join(fixed) + r"(?!\w)", text):
                found.append(message.id)
    return found


def test_the_pages_say_they_are_chinese(chinese):
    for name in ("index", "publications", "papers/li2024graphs"):
        assert soup_of(chinese, name).html["lang"] == "zh-CN"


def test_the_list_speaks_chinese(chinese):
    soup = soup_of(chinese, "publications")
    entry = soup.select_one("li#pub-li2024graphs")
    chips = [a.get_text() for a in entry.select(".pub-links a")]
    assert chips[:3] == ["论文", "代码", "幻灯片"]
    assert entry.select_one("details.pub-abstract summary").get_text() == "摘要"
    assert entry.select_one(".pub-authors").get_text() == "Li Hua, Wang Fang, 等."
    assert "(编)" in soup.select_one("li#pub-li2020notes .pub-authors").get_text()
    assert soup.select_one("nav.publication-years")["aria-label"] == "按年份浏览论文"
    assert soup.select_one(".pub-filter-nojs").get_text().startswith("搜索和筛选功能需要")
    facets = json.loads(soup.select_one(".publication-filters")["data-facets"])
    assert [f["label"] for f in facets] == ["年份", "期刊/会议", "类型", "荣誉"]
    chart = soup.select_one("figure.publication-chart")
    assert chart.select_one(".publication-chart-caption").get_text() == "每年发表论文数"
    assert [li.get_text() for li in chart.select(".publication-chart-legend li")] == [
        "会议论文",
        "期刊论文",
        "专著",
    ]
    assert chart.select_one("desc").get_text().startswith("柱状图：2020 年至 2024 年")
    assert [th.get_text() for th in chart.select("thead th")][-1] == "合计"
    assert english_left(main_text(soup, content=False)) == []


def test_a_paper_page_speaks_chinese(chinese):
    soup = soup_of(chinese, "papers/li2024graphs")
    headings = [h.get_text().rstrip("¶") for h in soup.select("[role=main] h2")]
    assert headings == ["摘要", "BibTeX", "提及本文的页面"]
    mentioned = [a.get_text() for a in soup.select("#mentioned-on li a")]
    assert mentioned == ["全部论文", "首页"]
    assert soup.select_one(".paper-download").get_text().startswith("下载")
    assert soup.select_one(".paper-back").get_text() == "返回全部论文"
    assert soup.select_one(".paper-next .paper-pager-label").get_text() == "下一篇"
    previous = soup_of(chinese, "papers/li2022maps").select_one(".paper-previous")
    assert previous.select_one(".paper-pager-label").get_text() == "上一篇"
    alone = soup_of(chinese, "papers/li2020notes")
    assert alone.select_one("#mentioned-on").get_text(" ", strip=True).startswith("提及本文的页面")
    assert english_left(main_text(soup, content=False)) == []


def test_the_scripts_get_their_words_in_chinese(chinese):
    tree = ast.parse((catalog.PACKAGE / "translations.py").read_text("utf-8"))
    keys = {key: message for message, key in catalog._script_keys(tree).items()}
    translations = {m.id: m.string for m in zh_catalog() if m.id}
    for name in ("publications", "papers/li2024graphs", "index"):
        scripts = soup_of(chinese, name).select("script[data-messages]")
        assert len(scripts) == 1, name
        messages = json.loads(scripts[0]["data-messages"])
        assert messages == {key: translations[message] for key, message in keys.items()}
    assert messages["copy"] == "复制" and messages["some"] == "显示 {shown} 篇论文（共 {total} 篇）"


def test_the_content_stays_as_written(chinese):
    soup = soup_of(chinese, "publications")
    titles = [t.get_text() for t in soup.select(".pub-title")]
    assert titles == [
        "Sparse Graphs for Example Retrieval",
        "Dense Maps in Practice",
        "Notes on Examples",
    ]
    assert soup.select_one(".pub-badge-award").get_text() == "Test of Time Prize"
    assert "Proceedings of the Example Symposium (PES) 2024." in main_text(soup)
    home = soup_of(chinese, "index")
    assert "这是主页作者自己写的一段话，照原样显示。" in main_text(home)
    assert home.select_one("h1").get_text().rstrip("¶") == "李华的主页"
    paper = soup_of(chinese, "papers/li2024graphs")
    assert paper.select_one("h1").get_text().rstrip("¶") == "Sparse Graphs for Example Retrieval"
    assert paper.select_one(".pub-abstract-text, #abstract p").get_text() == (
        "One sentence as the authors wrote it."
    )


def test_a_thesis_and_a_month_read_in_chinese_the_venue_as_written(project, tmp_path):
    bib = (
        "@phdthesis{li2019thesis, title = {On Examples}, author = {Li Hua},"
        " school = {Example University}, year = {2019}}\n"
        "@article{li2018letter, title = {A Letter}, author = {Li Hua},"
        " journal = {Example Letters}, year = {2018}, month = jun}\n"
    )
    page = "# 论文\n\n```{publication-list}\n```\n"
    result = project({"index.md": page, "refs.bib": bib}, conf="language = 'zh_CN'\n")
    assert result.returncode == 0, result.stderr
    soup = soup_of(tmp_path / "html", "index")
    venues = [v.get_text() for v in soup.select(".pub-venue")]
    assert venues == ["博士学位论文, Example University 2019.", "Example Letters, 2018年6月."]
    filtered = [li["data-venue"] for li in soup.select("li.publication")]
    assert filtered == ["博士学位论文, Example University", "Example Letters"]
    paper = soup_of(tmp_path / "html", "papers/li2019thesis")
    assert "博士学位论文, Example University 2019" in main_text(paper)
