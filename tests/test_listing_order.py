"""A list's entries are made after Sphinx's and themes' post-transforms (listing.py).

Those find nothing to do in an entry, whose links are resolved as it is made, but each
would walk every node of a long list. Post-transforms later than the list's (700) and
``doctree-resolved`` handlers see the entries.
"""

from __future__ import annotations

import json
from pathlib import Path

CONF = """
import json

from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_publications.nodes import publication_entry


def counter(priority):
    class Count(SphinxPostTransform):
        default_priority = priority

        def run(self, **kwargs):
            seen = len(list(self.document.findall(publication_entry)))
            self.app.publications_test_seen[priority] = seen

    return Count


def setup(app):
    app.publications_test_seen = {}
    for priority in (10, 500, 699, 701):
        app.add_post_transform(counter(priority))

    def save(app, exception):
        path = app.outdir / "seen.json"
        path.write_text(json.dumps(app.publications_test_seen), "utf-8")

    app.connect("build-finished", save)
"""

BIB = "".join(
    f"@article{{hopper{i},\n  author = {{Grace Hopper}},\n  title = {{Compilers {i}}},\n"
    f"  journal = {{Computing}},\n  year = {{{1952 + i}}},\n}}\n"
    for i in range(3)
)


def test_entries_are_made_after_the_usual_post_transforms(project, tmp_path: Path):
    result = project(
        {"index.md": "# Papers\n\n```{publication-list}\n```\n", "refs.bib": BIB},
        conf=CONF,
        owner=("Grace Hopper",),
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads((tmp_path / "html" / "seen.json").read_text("utf-8"))
    assert seen == {"10": 0, "500": 0, "699": 0, "701": 3}
    assert (tmp_path / "html" / "index.html").read_text("utf-8").count('class="publication') >= 3
