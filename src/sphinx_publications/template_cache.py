"""Compiled page templates kept between builds, beside the doctrees.

Jinja compiles the theme's templates (furo's: 15 files) once per process, on the
first page written: 0.1 to 0.15 s of a build that writes an edited page or two,
every time. Jinja keeps compiled templates in a bytecode cache when its environment
has one; :class:`jinja2.FileSystemBytecodeCache` checks each against its
template's source, so an edited template is compiled again.

What else shapes the compiled code (Jinja's version, the environment's extensions,
syntax, filters and tests) names the cache's folder, so a build with other settings
never loads code compiled for different ones. Only Sphinx's own template loader is
given a cache, and only if nothing gave it one before; the pages are the same.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader

_FOLDER = "sphinx-publications-templates"


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: give Sphinx's Jinja environment a bytecode cache of its own."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if (
        type(templates) is not BuiltinTemplateLoader
        or not isinstance(environment, jinja2.Environment)
        or environment.bytecode_cache is not None
    ):
        return
    root = Path(app.doctreedir) / _FOLDER
    folder = root / compile_basis(environment)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for other in root.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)  # made with other settings
    except OSError:
        return  # the templates are compiled as before
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def compile_basis(environment: jinja2.Environment) -> str:
    """A digest of everything besides a template's source that its compiled code depends on."""
    options = [
        jinja2.__version__,
        f"{type(environment).__module__}.{type(environment).__qualname__}",
        sorted(environment.extensions),
        sorted(environment.filters),
        sorted(environment.tests),
        [
            _named(getattr(environment, name))
            for name in (
                "block_start_string",
                "block_end_string",
                "variable_start_string",
                "variable_end_string",
                "comment_start_string",
                "comment_end_string",
                "line_statement_prefix",
                "line_comment_prefix",
                "trim_blocks",
                "lstrip_blocks",
                "newline_sequence",
                "keep_trailing_newline",
                "optimized",
                "is_async",
                "autoescape",
                "finalize",
            )
        ],
    ]
    return hashlib.sha256(repr(options).encode()).hexdigest()[:16]


def _named(value: object) -> str:
    """A function by its name (its ``repr`` holds an address that changes every build)."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return repr(value)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_compiled_templates)
