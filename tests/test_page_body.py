"""A list page's body reaches ``html-page-context`` as the same text, with a short ``repr``."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from support import sphinx_build

BIB = "".join(
    f"@article{{lovelace{n}, author = {{Ada Lovelace}}, journal = {{Scientific Memoirs}},\n"
    f"  title = {{Notes on the Analytical Engine, part {n}}}, year = {{1843}}}}\n"
    for n in range(40)
)
PAGES = {
    "index.md": "# Ada Lovelace\n\n```{toctree}\npapers\n```\n",
    "papers.md": "# Papers\n\n```{publication-list}\n```\n",
}
#: Records what ``html-page-context`` receives, as the first handler.
CONF = """
import json
from pathlib import Path

def _record(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body is None:
        return
    seen = Path(app.confdir).parent / "seen.jsonl"
    with seen.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({
            "page": pagename, "type": type(body).__name__, "is_str": isinstance(body, str),
            "repr": repr(body), "length": len(body), "text": str(body)
        }) + "\\n")

def setup(app):
    app.connect("html-page-context", _record, priority=1)
"""


def _seen(tmp_path: Path) -> dict[str, dict]:
    lines = (tmp_path / "seen.jsonl").read_text("utf-8").splitlines()
    return {record["page"]: record for record in map(json.loads, lines)}


def test_a_list_pages_body_has_a_short_repr_and_the_same_text(project, tmp_path):
    result = project({**PAGES, "refs.bib": BIB}, conf=CONF, owner=("Ada Lovelace",))
    assert result.returncode == 0, result.stderr
    seen = _seen(tmp_path)
    papers = seen["papers"]
    assert papers["is_str"]
    assert papers["repr"] == f"<page body: {papers['length']:,} characters>"
    assert "part 39" in papers["text"]
    html = (tmp_path / "html" / "papers.html").read_text("utf-8")
    assert papers["text"] in html  # rendered as the text it is
    assert "<page body" not in html
    # A page without a list is left as Sphinx made it.
    assert seen["index"]["type"] == "str"
    assert seen["index"]["repr"].startswith("'")


def test_sphinx_debug_messages_name_the_bodys_length_not_its_text(project, tmp_path):
    result = project(
        {**PAGES, "refs.bib": BIB}, owner=("Ada Lovelace",), options=("-vv",), quiet=False
    )
    assert result.returncode == 0, result.stderr
    emitted = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "emitting event: 'html-page-context'('papers'," in line
    ]
    assert emitted
    assert all("<page body:" in line and "part 39" not in line for line in emitted)


def test_serialising_builders_keep_a_plain_string(project, tmp_path):
    built = project({**PAGES, "refs.bib": BIB}, conf=CONF, owner=("Ada Lovelace",))
    assert built.returncode == 0, built.stderr
    (tmp_path / "seen.jsonl").unlink()
    for builder, load in (("pickle", pickle.loads), ("json", json.loads)):
        out = tmp_path / builder
        result = sphinx_build(tmp_path / "src", out, builder=builder)
        assert result.returncode == 0, result.stderr
        assert _seen(tmp_path)["papers"]["type"] == "str"
        suffix = ".fpickle" if builder == "pickle" else ".fjson"
        page = load((out / f"papers{suffix}").read_bytes())
        assert type(page["body"]) is str
        assert "part 39" in page["body"]
