"""A first read of a long .bib file on two cores gives what a read on one core gives.

read_ahead.py: a forked worker reads the second half of the entries into the read
cache while the build's process reads the first half; the loader's read of the whole
file then finds every entry there. The file here has what could tell the halves
apart: ``@string`` macros defined in the first half and used in the second, a
``crossref`` from one half to the other, a key used twice across the halves, a
broken entry and spellings of one name in both.
"""

from __future__ import annotations

from pathlib import Path

from support import sphinx_build

from sphinx_publications.bib import bibfile

FILE = """\
@string{jml = {Journal of Machine Learning}}
@string{proc = {Proceedings of Learning}}

@proceedings{conf2020,
  title = {Proceedings of the Conference on Learning},
  booktitle = proc,
  year = {2020},
}

@article{twice,
  author = {Kilian Weinberger},
  title = {The first of two},
  journal = jml,
  year = {2019},
}

@article{early,
  author = {Grace Hopper and Ada Lovelace},
  title = {An early paper},
  journal = jml,
  year = {2018},
}

@string{late = {A Macro Defined Late}}

@inproceedings{child,
  author = {Grace Hopper},
  title = {A child of the proceedings},
  crossref = {conf2020},
}

@article{twice,
  author = {Kilian Q. Weinberger},
  title = {The second of two},
  journal = late,
  year = {2021},
}

@article{broken,
  author = {Grace Hopper},
  title = {Broken {brace,
  year = {2022},
}

@article{last,
  author = {Grace Hopper and Kilian Q. Weinberger},
  title = {The last paper},
  journal = jml # { and } # late,
  year = {2023},
}
"""


def test_the_halves_read_ahead_leave_nothing_for_the_whole_read_to_parse(tmp_path: Path):
    path = tmp_path / "refs.bib"
    path.write_text(FILE, "utf-8")
    first, second = bibfile.halves(bibfile.text_of(path) or "")
    assert "@string{jml" in first and "@string{jml" in second  # the macros above both halves
    assert "An early paper" in first and "An early paper" not in second
    cache = bibfile.ReadCache()
    bibfile.learn(first, "refs.bib", cache)
    other = bibfile.ReadCache()
    bibfile.learn(second, "refs.bib", other)
    cache.merge(other)
    known = set(cache.chunks)

    ahead = bibfile.read(path, "refs.bib", cache=cache)
    assert set(cache.chunks) == known  # every chunk was found, none parsed again
    alone = bibfile.read(path, "refs.bib")
    assert ahead.findings == alone.findings
    assert ahead.data.to_string("bibtex") == alone.data.to_string("bibtex")
    assert ahead.data.entries["last"].fields["journal"] == (
        "Journal of Machine Learning and A Macro Defined Late"
    )


PAGE = "# Papers\n\n```{publication-list}\n```\n"
#: Reading ahead starts at 1,000 entries; this project lowers the bar for its eight.
READ_AHEAD = "import sphinx_publications.read_ahead as r\nr.PARALLEL_FROM = {}\n"


def _build(root: Path, parallel: str, threshold: int) -> tuple[dict[str, bytes], str]:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "refs.bib").write_text(FILE, "utf-8")
    (src / "index.md").write_text(PAGE, "utf-8")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\npublications_owner = ['Grace Hopper']\n"
        + READ_AHEAD.format(threshold),
        "utf-8",
    )
    result = sphinx_build(src, root / "html", "-j", parallel, quiet=False)
    pages = {
        path.relative_to(root / "html").as_posix(): path.read_bytes()
        for path in sorted((root / "html").rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }
    return pages, result.stderr.replace(str(root), "ROOT")


def test_a_build_reading_ahead_writes_what_a_build_on_one_core_writes(tmp_path: Path):
    ahead_pages, ahead_messages = _build(tmp_path / "ahead", "2", 1)
    alone_pages, alone_messages = _build(tmp_path / "alone", "1", 10**9)
    assert "the key is already used" in ahead_messages  # the second 'twice'
    assert "Broken" not in ahead_pages["index.html"].decode()
    assert ahead_messages == alone_messages
    assert ahead_pages == alone_pages
