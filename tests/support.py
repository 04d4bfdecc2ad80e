"""Helpers shared by the tests: building the site, serving it, finding the browser.

Fixtures live in conftest.py; plain functions live here so test modules can import them.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# One definition of what the site's sources are, shared with the benchmarks; the browser,
# the local server and the guarded page are shared with the review tools (tools/).
from benchmarks.projects import copy_site as copy_site
from tools.browser import CHROMIUM_ARGS as CHROMIUM_ARGS
from tools.browser import chromium_executable as chromium_executable
from tools.browser import new_page as new_page
from tools.browser import serve as serve

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
#: The second site of the repository (another owner, theme and language).
TURING = REPO / "examples" / "turing"


#: The public address the tests' builds of the site are given (as Read the Docs gives one).
SITE_URL = "https://homepage.example.org/"


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *options: str,
    builder: str = "html",
    site_url: str | None = None,
    quiet: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run the real sphinx-build with warnings as errors, as ``make html`` does.

    ``site_url``: the site's public address (``SITE_URL``, which the site's conf.py reads).
    """
    env = {
        k: v for k, v in os.environ.items() if k not in ("SITE_URL", "READTHEDOCS_CANONICAL_URL")
    }
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-N",  # no colour codes in messages (Sphinx adds them when CI is set)
            "-b",
            builder,
            "-W",
            "-n",
            "--keep-going",
            *(["-q"] if quiet else []),
            "-d",
            str(outdir.parent / f"{outdir.name}.doctrees"),
            *options,
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def build_turing(root: Path) -> Path:
    """The second site built from a copy in ``root`` (its tree is never written); its HTML."""
    source = shutil.copytree(TURING, root / "src", ignore=shutil.ignore_patterns("_build"))
    result = sphinx_build(source, root / "html")
    assert result.returncode == 0, result.stderr
    return root / "html"


def in_forked_worker(target: Callable[..., None], *args: object) -> object:
    """What ``target(*args, pipe)`` sends on ``pipe``, run in a forked process.

    Sphinx's reading and writing workers (``-j N``) are forked processes like this one.
    """
    receive, send = multiprocessing.Pipe(duplex=False)
    worker = multiprocessing.get_context("fork").Process(target=target, args=(*args, send))
    worker.start()
    sent = receive.recv()
    worker.join()
    return sent


def require(available: object, what: str) -> None:
    """Skip a check whose tool is missing here; in CI (env ``CI`` set) that is a failure."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run this check", pytrace=False)
    pytest.skip(what)
