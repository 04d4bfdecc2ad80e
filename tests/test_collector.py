"""The collector is kept off the build's long-lived objects, and left as the build found it."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from test_incremental import BIB, PAGES

from sphinx_publications import collector


def test_paused_restores_the_collector_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_a_build_freezes_only_while_it_runs_and_only_what_is_its_own(project, tmp_path):
    """Frozen during the build; a collector turned off, or objects frozen by others, are left."""
    assert project(PAGES | {"refs.bib": BIB}).returncode == 0
    conf = tmp_path / "src" / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + "import gc\n"
        + "def frozen(app, env):\n"
        + "    print('frozen', gc.get_freeze_count())\n"
        + "def setup(app):\n"
        + "    app.connect('env-updated', frozen, priority=950)\n",
        "utf-8",
    )
    script = f"""
import gc
from sphinx.cmd.build import build_main
src, out = {str(tmp_path / "src")!r}, {str(tmp_path / "inproc")!r}
assert build_main(["-q", "-E", "-b", "html", src, out]) == 0
assert gc.isenabled() and gc.get_freeze_count() == 0
gc.disable()
assert build_main(["-q", "-E", "-b", "html", src, out]) == 0
assert not gc.isenabled() and gc.get_freeze_count() == 0
gc.enable()
gc.freeze()
assert build_main(["-q", "-E", "-b", "html", src, out]) == 0
assert gc.get_freeze_count() > 0, "someone else's frozen objects stay frozen"
gc.unfreeze()
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip().endswith("ok"), result.stderr
    counts = [int(line.split()[1]) for line in result.stdout.splitlines() if line[:6] == "frozen"]
    assert counts[0] > 0  # the first build froze what it loaded
    assert counts[1] == 0  # the collector was off: left alone
