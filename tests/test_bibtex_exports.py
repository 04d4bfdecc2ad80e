"""Plain BibTeX as DBLP and Google Scholar export it builds and renders well; markup stays text.

The site's own fields (abbr, code, equal, award ...) are optional. The exports below
follow the two services' formats: DBLP's line-wrapped fields, homonym numbers
("Gao Huang 0001"), {\\'{\\i}}-style accents and bookkeeping fields; Scholar's
"Last, First" names, lower-case titles and {\\"u}-style accents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from sphinx_publications.papers import paper_slug

LIST_PAGE = "# Papers\n\n```{bibliography}\n:list: bullet\n:all:\n```\n"

DBLP = r"""@inproceedings{DBLP:conf/cvpr/HuangLMW17,
  author       = {Gao Huang 0001 and
                  Zhuang Liu and
                  Laurens van der Maaten and
                  Kilian Q. Weinberger},
  title        = {Densely Connected Convolutional Networks},
  booktitle    = {2017 {IEEE} Conference on Computer Vision and Pattern Recognition,
                  {CVPR} 2017, Honolulu, HI, USA, July 21-26, 2017},
  pages        = {2261--2269},
  publisher    = {{IEEE} Computer Society},
  year         = {2017},
  url          = {https://doi.org/10.1109/CVPR.2017.243},
  doi          = {10.1109/CVPR.2017.243},
  timestamp    = {Fri, 24 Mar 2023 00:02:54 +0100},
  biburl       = {https://dblp.org/rec/conf/cvpr/HuangLMW17.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}

@article{DBLP:journals/corr/abs-2401-00001,
  author       = {Mart{\'{\i}}n Garc{\'{\i}}a and
                  J{\"{u}}rgen M{\"{u}}ller 0002 and
                  Gao Huang 0001},
  title        = {Na{\"{\i}}ve Baselines for {\emph{Efficient}} Inference: {A} Study},
  journal      = {CoRR},
  volume       = {abs/2401.00001},
  year         = {2024},
  url          = {https://doi.org/10.48550/arXiv.2401.00001},
  doi          = {10.48550/ARXIV.2401.00001},
  eprinttype    = {arXiv},
  eprint       = {2401.00001},
  timestamp    = {Mon, 15 Jan 2024 17:06:39 +0100},
  biburl       = {https://dblp.org/rec/journals/corr/abs-2401-00001.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""

SCHOLAR = r"""@inproceedings{huang2017densely,
  title={Densely connected convolutional networks},
  author={Huang, Gao and Liu, Zhuang and Van Der Maaten, Laurens and Weinberger, Kilian Q},
  booktitle={Proceedings of the IEEE conference on computer vision and pattern recognition},
  pages={4700--4708},
  year={2017}
}

@article{huang2019convolutional,
  title={Convolutional networks with dense connectivity},
  author={Huang, Gao and Liu, Zhuang and Van Der Maaten, Laurens and Weinberger, Kilian Q},
  journal={IEEE transactions on pattern analysis and machine intelligence},
  volume={44},
  number={12},
  pages={8704--8716},
  year={2019},
  publisher={IEEE}
}

@article{muller2024study,
  title={A study of {\"u}mlauts in na{\"\i}ve {BERT}-like models},
  author={M{\"u}ller, J{\"u}rgen and Huang, Gao and Garc{\'\i}a, Mart{\'\i}n},
  journal={arXiv preprint arXiv:2401.00001},
  year={2024}
}

@phdthesis{huang2015thesis,
  title={Efficient learning machines},
  author={Huang, Gao},
  year={2015},
  school={Tsinghua University}
}
"""


def build_list(
    project, tmp_path: Path, bib: str, conf: str = "", owner: tuple[str, ...] = ("Gao Huang",)
) -> dict[str, BeautifulSoup]:
    """Build a one-page list of ``bib`` and return each entry, in order, by its BibTeX key."""
    result = project({"index.md": LIST_PAGE, "refs.bib": bib}, conf=conf, owner=owner)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning either
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    key_by_id = {f"pub-{paper_slug(key)}": key for key in parse_string(bib, "bibtex").entries}
    return {key_by_id[li["id"]]: li for li in soup.select("li.publication")}


def text(element) -> str:
    return " ".join(element.get_text().split())


def test_dblp_export(project, tmp_path):
    entries = build_list(project, tmp_path, DBLP)
    densenet = entries["DBLP:conf/cvpr/HuangLMW17"]
    assert text(densenet.select_one(".pub-title")) == "Densely Connected Convolutional Networks"
    assert densenet.select_one(".pub-title a")["href"] == "papers/DBLP-conf-cvpr-HuangLMW17.html"
    paper = densenet.select_one("a.pub-paper")
    assert paper["href"] == "https://doi.org/10.1109/CVPR.2017.243"
    assert text(densenet.select_one(".pub-authors")) == (
        "Gao Huang, Zhuang Liu, Laurens van der Maaten, Kilian Q. Weinberger."
    )
    assert [text(s) for s in densenet.select(".pub-authors strong")] == ["Gao Huang"]
    assert text(densenet.select_one(".pub-venue")) == (
        "2017 IEEE Conference on Computer Vision and Pattern Recognition, CVPR 2017, "
        "Honolulu, HI, USA, July 21-26, 2017."
    )
    # The list links each entry to its exported BibTeX (shown in place by a script).
    link = densenet.select_one(".pub-bibtex a")
    assert link.get_text() == "BibTeX" and link["href"] == "papers/DBLP-conf-cvpr-HuangLMW17.bib"
    exported = (tmp_path / "html" / link["href"]).read_text("utf-8")
    assert "author = {Huang, Gao and Liu, Zhuang" in exported
    for dropped in ("0001", "timestamp", "biburl", "bibsource"):
        assert dropped not in exported

    corr = entries["DBLP:journals/corr/abs-2401-00001"]
    assert text(corr.select_one(".pub-authors")) == "Martín García, Jürgen Müller, Gao Huang."
    assert text(corr.select_one(".pub-title")) == "Naïve Baselines for Efficient Inference: A Study"
    assert text(corr.select_one(".pub-venue")) == "CoRR, 2024."
    assert corr["data-kind"] == "preprint"  # DBLP types arXiv preprints as @article
    for entry in entries.values():
        shown = text(entry)
        assert not {"\\", "{", "}"} & set(shown), shown
        assert "0001" not in shown and "0002" not in shown


def test_google_scholar_export(project, tmp_path):
    entries = build_list(project, tmp_path, SCHOLAR)
    assert list(entries) == [  # newest first
        "muller2024study",
        "huang2019convolutional",
        "huang2017densely",
        "huang2015thesis",
    ]
    densenet = entries["huang2017densely"]
    assert text(densenet.select_one(".pub-title")) == "Densely connected convolutional networks"
    assert densenet.select_one("a.pub-paper") is None  # no url, doi or eprint: nothing to link
    assert text(densenet.select_one(".pub-authors")) == (
        "Gao Huang, Zhuang Liu, Laurens Van Der Maaten, Kilian Q Weinberger."
    )
    assert text(entries["huang2019convolutional"].select_one(".pub-venue")) == (
        "IEEE transactions on pattern analysis and machine intelligence, 44(12):8704–8716, 2019."
    )
    study = entries["muller2024study"]
    assert text(study.select_one(".pub-title")) == "A study of ümlauts in naïve BERT-like models"
    assert study["data-kind"] == "preprint"
    assert text(study.select_one(".pub-authors")) == "Jürgen Müller, Gao Huang, Martín García."
    assert text(entries["huang2015thesis"].select_one(".pub-venue")) == (
        "PhD thesis, Tsinghua University 2015."
    )
    for entry in entries.values():
        assert [text(s) for s in entry.select(".pub-authors strong")] == ["Gao Huang"]


MARKUP = r"""@inproceedings{huang2020markup,
  title     = {<script>alert("title")</script> Fast &amp; Slow \textbf{Nets} &lt;blink&gt;},
  author    = {Gao Huang and <img src=x onerror=alert(1)> Smith},
  booktitle = {Workshop on <b>Bold</b> Claims \& {\"U}bung},
  abbr      = {<i>W</i>},
  award     = {<a href="https://evil.example.org/">Best</a> Paper},
  addendum  = {<iframe src="https://evil.example.org/"></iframe>},
  code      = {https://example.org/"><script>alert(2)</script>},
  year      = {2020},
}
"""


def test_markup_in_fields_never_reaches_the_page_as_markup(project, tmp_path):
    entry = build_list(project, tmp_path, MARKUP)["huang2020markup"]
    # No element came from the .bib: only the site's own markup is in the entry.
    injected = entry.find_all(["script", "img", "b", "i", "iframe"])
    assert injected == []
    assert not entry.find("a", href="https://evil.example.org/")
    shown = text(entry)
    # al-folio's habits (<b>, <i>, <a>, entities) are read as the text they show ...
    assert text(entry.select_one(".pub-venue")) == "Workshop on Bold Claims & Übung (W) 2020."
    assert text(entry.select_one(".pub-badge-award")) == "Best Paper"
    assert text(entry.select_one(".pub-authors")) == "Gao Huang, Smith."
    # ... anything else stays text, escaped by the page
    assert '<script>alert("title")</script> Fast & Slow Nets <blink>' in shown
    assert '(<iframe src="https://evil.example.org/"></iframe>)' in shown
    code = entry.select_one("a.pub-code")
    assert code["href"] == 'https://example.org/"><script>alert(2)</script>'


@pytest.mark.parametrize("owner_field", ["Gao Huang", "Huang, Gao", "Gao Huang 0001"])
def test_owner_is_recognised_however_the_export_writes_the_name(project, tmp_path, owner_field):
    bib = DBLP.split("\n@article")[0].replace("Gao Huang 0001", owner_field)
    entries = build_list(project, tmp_path, bib)
    strong = entries["DBLP:conf/cvpr/HuangLMW17"].select(".pub-authors strong")
    assert [text(s) for s in strong] == ["Gao Huang"]


#: Entries as INSPIRE-HEP, NASA ADS, CrossRef and Mendeley export them.
OTHER_TOOLS = r"""@article{ATLAS:2012yve,
    author = "Lovelace, Ada and others",
    title = "{Observation of a new particle}",
    eprint = "2206.07777",
    archivePrefix = "arXiv",
    primaryClass = "hep-ex",
    year = "2022"
}

@ARTICLE{2022ApJ...930...45L,
       author = {{Lovelace}, Ada and {Somerville}, M.},
        title = "{Engines of the Sky}",
      journal = {\apj},
         year = 2022,
       volume = {930},
       number = {1},
          eid = {45},
        pages = {45},
          doi = {10.3847/1538-4357/ac5f4a},
       adsurl = {https://ui.adsabs.harvard.edu/abs/2022ApJ...930...45L},
}

@article{Lovelace_2019,
  title={Strain {\textendash} a {\noopsort{a}}survey of {\~{}}95{\%} of $\|x\|_1$ norms},
  author={Lovelace, Ada},
  journal={Nature},
  url={http://dx.doi.org/10.1038%2Fs41586-019-1234-5},
  doi={10.1038/s41586-019-1234-5},
  year={2019},
}

@article{ATLAS:2013hta,
    author = "Lovelace, Ada and Somerville, Mary",
    collaboration = "ATLAS",
    title = "{A Second Particle}",
    journal = "Phys. Lett. B",
    year = "2013"
}

@article{CMS:2014abc,
    collaboration = "CMS Collaboration",
    title = "{A Third Particle}",
    journal = "Phys. Lett. B",
    year = "2014"
}

@misc{lovelace2018page,
  author = {Lovelace, Ada},
  title = {An Engine's Web Page},
  howpublished = {\url{https://example.org/engine}},
  year = {2018},
}

@techreport{lovelace2019memo,
  author={Lovelace, Ada},
  title={A Memo},
  institution={Microsoft Research},
  number={MSR-TR-2019-17},
  year={2019},
}
"""


def test_exports_of_other_tools_show_what_bibtex_shows(project, tmp_path):
    entries = build_list(project, tmp_path, OTHER_TOOLS, owner=("Ada Lovelace",))
    atlas = entries["ATLAS:2012yve"]
    assert text(atlas.select_one(".pub-authors")) == "Ada Lovelace, et al."  # not "et al.."
    assert atlas["data-kind"] == "preprint"  # an @article with only an arXiv identifier
    ads = entries["2022ApJ...930...45L"]
    assert text(ads.select_one(".pub-venue")) == "ApJ, 930(1):45, 2022."  # aas_macros' \apj
    nature = entries["Lovelace_2019"]
    assert text(nature.select_one(".pub-title")) == "Strain – a survey of ~95% of ‖x‖₁ norms"
    # The address of the paper is its DOI's, however written: one chip, not two.
    assert [a.get_text() for a in nature.select(".pub-links a.pub-chip")] == ["Paper", "BibTeX"]
    # INSPIRE's collaborations, as REVTeX's styles print them.
    group = entries["ATLAS:2013hta"].select_one(".pub-authors")
    assert text(group) == "Ada Lovelace, Mary Somerville (ATLAS Collaboration)."
    assert text(entries["CMS:2014abc"].select_one(".pub-authors")) == "CMS Collaboration."
    # A web page cited the way BibTeX had before its url field: its address is the paper's.
    page = entries["lovelace2018page"]
    assert [a["href"] for a in page.select("a.pub-paper")] == ["https://example.org/engine"]
    memo = entries["lovelace2019memo"]
    assert text(memo.select_one(".pub-venue")) == (
        "Technical Report MSR-TR-2019-17, Microsoft Research 2019."
    )


RIGHT_TO_LEFT = """@article{haddad2021,
  author = {Lovelace, Ada and {محمد بن موسى الخوارزمي} and Somerville, Mary},
  title = {خوارزميات التعلم العميق},
  journal = {المجلة العربية للحوسبة},
  volume = {5}, number = {3}, pages = {11--29}, year = {2021}
}
"""


def test_right_to_left_text_is_isolated_from_the_text_around_it(project, tmp_path):
    """An Arabic journal's name would run into its volume and pages ("29–5:11") without."""
    entry = build_list(project, tmp_path, RIGHT_TO_LEFT, owner=("Ada Lovelace",))["haddad2021"]
    isolated = [b.get_text() for b in entry.select("bdi")]
    assert isolated == [
        "خوارزميات التعلم العميق",
        "محمد بن موسى الخوارزمي",
        "المجلة العربية للحوسبة",
    ]
    venue = entry.select_one(".pub-venue")
    assert str(venue).endswith("</bdi>, 5(3):11–29, 2021.</span>")
    assert entry.select_one(".pub-authors strong").get_text() == "Ada Lovelace"


NOTES_AND_STATES = r"""@article{lovelace2024engine,
  author = {Lovelace, Ada},
  title = {An Engine},
  journal = {Journal of Engines},
  year = {2024},
  additional_info = {. *More Information* can be [found here](https://example.org/more)},
  note = {Code at \url{https://example.org/code_1}.},
  pubstate = {forthcoming},
}

@software{lovelace2021tool,
  author = {Lovelace, Ada},
  title = {A Tool},
  version = {2.1.0},
  publisher = {Zenodo},
  date = {2020/2021},
}
"""


def test_notes_keep_links_and_emphasis_and_biblatex_states_show(project, tmp_path):
    entries = build_list(project, tmp_path, NOTES_AND_STATES, owner=("Ada Lovelace",))
    engine = entries["lovelace2024engine"]
    notes = engine.select(".pub-addendum")
    assert [text(n) for n in notes] == [
        "(More Information can be found here)",  # al-folio's Markdown
        "(Code at https://example.org/code_1.)",  # BibTeX's \url, linked as hyperref links it
        "(forthcoming)",  # biblatex's pubstate
    ]
    assert notes[0].select_one("em").get_text() == "More Information"
    links = [(a.get_text(), a["href"]) for n in notes for a in n.select("a")]
    assert links == [
        ("found here", "https://example.org/more"),
        ("https://example.org/code_1", "https://example.org/code_1"),
    ]
    tool = entries["lovelace2021tool"]
    assert text(tool.select_one(".pub-venue")) == "Version 2.1.0, Zenodo 2020–2021."
    # The paper's own page shows the same notes, links included.
    page = BeautifulSoup(
        (tmp_path / "html" / "papers" / "lovelace2024engine.html").read_text("utf-8"),
        "html.parser",
    )
    assert [a["href"] for a in page.select(".pub-addendum a")] == [
        "https://example.org/more",
        "https://example.org/code_1",
    ]
    # Google Scholar reads one date: a range's first year.
    tool_page = (tmp_path / "html" / "papers" / "lovelace2021tool.html").read_text("utf-8")
    date = BeautifulSoup(tool_page, "html.parser").find(
        "meta", {"name": "citation_publication_date"}
    )
    assert date["content"] == "2020"
