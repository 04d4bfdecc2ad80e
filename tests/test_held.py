"""Forked workers hand back what the build's process holds as a reference; the saved
bibliography is unpickled only when a build uses it (held.py)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pybtex.database import Entry
from support import in_forked_worker

from sphinx_publications.held import HeldBibliography, HeldDict, hold

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="Sphinx reads in parallel only where it can fork"
)


def _pickled_in_worker(value: object, pipe) -> None:
    pipe.send(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def pickled_in_worker(value: object) -> bytes:
    """``value`` pickled in a forked worker, as Sphinx's parallel read pickles its env."""
    data = in_forked_worker(_pickled_in_worker, value)
    assert isinstance(data, bytes)
    return data


def test_the_holding_process_pickles_in_full():
    pages = hold(HeldDict({f"papers/p{i}": f"p{i}" for i in range(500)}))
    copy = pickle.loads(pickle.dumps(pages, pickle.HIGHEST_PROTOCOL))
    assert copy == pages and copy is not pages  # the environment saved to disk
    assert type(copy) is HeldDict


def test_a_worker_sends_a_reference_to_what_the_build_holds():
    pages = hold(HeldDict({f"papers/p{i}": f"p{i}" for i in range(500)}))
    bibliography = hold(HeldBibliography())
    unheld = HeldDict(answer=42)
    data = pickled_in_worker({"pages": pages, "bib": bibliography, "unheld": unheld})
    assert len(data) < 400  # references, not 500 pages
    back = pickle.loads(data)
    assert back["pages"] is pages and back["bib"] is bibliography
    assert back["unheld"] == unheld and back["unheld"] is not unheld  # not held: copied


def test_a_reference_to_something_gone_fails_loudly():
    data = pickled_in_worker(hold(HeldDict(a=1)))  # the only strong reference dies here
    with pytest.raises(pickle.UnpicklingError, match="gone"):
        pickle.loads(data)


def _bibliography(size: int) -> HeldBibliography:
    data = HeldBibliography()
    for i in range(size):
        data.add_entry(f"lovelace{i}", Entry("article", {"title": f"Notes, part {i}"}))
    return data


def test_a_saved_bibliography_is_unpickled_only_when_used():
    original = _bibliography(50)
    saved = pickle.dumps({"bib": original}, pickle.HIGHEST_PROTOCOL)
    restored = pickle.loads(saved)["bib"]
    assert len(vars(restored)) == 1  # still its blob: no entry made yet
    # Saved again unused (a no-op build's environment), it is the same blob, still unread.
    assert pickle.dumps({"bib": restored}, pickle.HIGHEST_PROTOCOL) == saved
    assert len(vars(restored)) == 1
    assert restored.entries["LOVELACE7"].fields["title"] == "Notes, part 7"
    assert restored == original and type(restored) is HeldBibliography
    with pytest.raises(AttributeError):
        restored.no_such_attribute  # noqa: B018


def test_a_change_to_a_restored_bibliography_is_saved():
    restored = pickle.loads(pickle.dumps(_bibliography(3), pickle.HIGHEST_PROTOCOL))
    restored.add_entry("babbage", Entry("book", {"title": "Passages"}))
    again = pickle.loads(pickle.dumps(restored, pickle.HIGHEST_PROTOCOL))
    assert list(again.entries) == ["lovelace0", "lovelace1", "lovelace2", "babbage"]


def _read_bibliography(size: int, titles: dict[int, str] | None = None) -> HeldBibliography:
    """Entries as the loader makes them: each with the digest of the text it was read from."""
    data = HeldBibliography()
    for i in range(size):
        title = (titles or {}).get(i, f"Notes, part {i}")
        entry = Entry("article", {"title": title, "kind": "journal"})
        entry.source_digest = f"digest of {title}"  # type: ignore[attr-defined]
        data.add_entry(f"lovelace{i}", entry)
    return data


def _saved_parts(data: HeldBibliography) -> list[tuple[str, bytes]]:
    _restore, (_rest, parts) = data.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    return parts


def test_an_edit_pickles_only_the_part_it_changed():
    last = pickle.loads(pickle.dumps(_read_bibliography(600), pickle.HIGHEST_PROTOCOL))
    before = _saved_parts(last)  # still as saved: nothing unpickled
    assert len(before) == 3 and len(vars(last)) == 1
    edited = _read_bibliography(600, {300: "Notes, part 300, revised"})
    edited.reuse_parts_of(last)
    after = _saved_parts(edited)
    # The first and last parts are the last build's bytes; the edited one is new.
    assert after[0][1] is before[0][1] and after[2][1] is before[2][1]
    assert after[1][1] != before[1][1]
    restored = pickle.loads(pickle.dumps(edited, pickle.HIGHEST_PROTOCOL))
    assert restored == edited
    assert restored.entries["lovelace300"].fields["title"] == "Notes, part 300, revised"


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        # The same texts, another kind (the settings changed): the part is pickled again.
        (_read_bibliography, "kind", "conference"),
        # Entries without a digest (not read from a file) are always pickled.
        (_bibliography, "title", "Changed, with nothing to tell"),
    ],
)
def test_a_part_is_pickled_again_unless_known_to_be_the_same(make, field, value):
    last = pickle.loads(pickle.dumps(make(10), pickle.HIGHEST_PROTOCOL))
    now = make(10)
    now.entries["lovelace3"].fields[field] = value
    now.reuse_parts_of(last)
    restored = pickle.loads(pickle.dumps(now, pickle.HIGHEST_PROTOCOL))
    assert restored.entries["lovelace3"].fields[field] == value


def test_a_restored_bibliography_saved_again_reuses_its_parts():
    restored = pickle.loads(pickle.dumps(_read_bibliography(300), pickle.HIGHEST_PROTOCOL))
    parts = _saved_parts(restored)
    assert restored.entries["lovelace0"]  # unpickled now: its parts are kept for its save
    assert [part for _, part in _saved_parts(restored)] == [part for _, part in parts]


NO_OP = """
import sys
from pathlib import Path
from sphinx.application import Sphinx

src = Path(sys.argv[1])
app = Sphinx(src, src, src / "_build/html", src / "_build/doctrees", "html",
             status=None, warning=sys.stderr, warningiserror=True, parallel=0)
app.build()
assert app.statuscode == 0
data = app.env.domaindata["cite"]["bibdata"].data
print(len(vars(data)), len(data.entries))
"""


def test_a_no_op_build_never_unpickles_the_bibliography(tmp_path: Path):
    src = _site(tmp_path, entries=20)
    (src / "index.md").write_text(
        "# Papers\n\nThe first, {paper}`lovelace0`.\n\n```{publication-list}\n```\n", "utf-8"
    )
    folders = ["-d", str(src / "_build/doctrees"), str(src), str(src / "_build/html")]
    clean = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-q", *folders],
        capture_output=True,
        text=True,
        check=False,
    )
    assert clean.returncode == 0, clean.stderr
    done = subprocess.run(
        [sys.executable, "-c", NO_OP, str(src)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    # Unread after the no-op (one attribute: the blob); then 20 entries when asked.
    assert done.stdout.split() == ["1", "20"]


SCRIPT = """
import os, pickle, sys
from pathlib import Path
from sphinx.application import Sphinx

src = Path(sys.argv[1])
app = Sphinx(src, src, src / "_build/html", src / "_build/doctrees", "html",
             status=None, warning=sys.stderr, parallel=0)
app.build()
env = app.env
here = len(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))
read, write = os.pipe()
if os.fork() == 0:
    os.write(write, pickle.dumps(env, pickle.HIGHEST_PROTOCOL))
    os._exit(0)
os.close(write)
chunks = []
while chunk := os.read(read, 1 << 20):
    chunks.append(chunk)
sent = b"".join(chunks)
back = pickle.loads(sent)
same = back.domaindata["cite"]["bibdata"].data is env.domaindata["cite"]["bibdata"].data
print(here, len(sent), same)
"""


def _site(tmp_path: Path, entries: int) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\n"
        "publications_owner = ['Ada Lovelace']\n",
        "utf-8",
    )
    (src / "index.md").write_text("# Papers\n\n```{publication-list}\n```\n", "utf-8")
    (src / "refs.bib").write_text(
        "".join(
            textwrap.dedent(f"""\
                @article{{lovelace{i},
                  title = {{Notes on the Analytical Engine, part {i}}},
                  author = {{Ada Lovelace and Charles Babbage}},
                  journal = {{Scientific Memoirs}},
                  year = {{{1800 + i}}},
                }}
                """)
            for i in range(entries)
        ),
        "utf-8",
    )
    return src


def test_a_reading_worker_sends_back_no_copy_of_the_bibliography(tmp_path: Path):
    """What Sphinx's parallel read pickles back: the documents' data, not 200 entries."""
    src = _site(tmp_path, entries=200)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(src)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    in_full, from_worker, same = done.stdout.split()
    assert same == "True"
    assert int(from_worker) < int(in_full) / 2, (in_full, from_worker)
