"""The site's pybtex style, registered for sphinxcontrib-bibtex to find by name."""

from __future__ import annotations

import pybtex.plugin
import pytest
from pybtex.backends.plaintext import Backend as PlaintextBackend

from sphinx_publications import style
from sphinx_publications.bib.records import Settings


def _found(group: str, name: str) -> type:
    return pybtex.plugin.find_plugin(group, name)


def test_the_registered_style_is_what_pybtex_finds_by_name():
    style.register(Settings.make(("Ada Lovelace",)))
    formatting = _found("pybtex.style.formatting", style.STYLE_NAME)
    assert issubclass(formatting, style.PublicationStyle)
    assert formatting.settings == Settings.make(("Ada Lovelace",))
    assert _found("pybtex.style.sorting", style.SORTING_NAME) is formatting.default_sorting_style
    assert _found("pybtex.backends", "plaintext") is PlaintextBackend


def test_registering_again_replaces_the_last_sites_style():
    style.register(Settings.make(("Ada Lovelace",)))
    style.register(Settings.make(("Mary Somerville",)))
    formatting = _found("pybtex.style.formatting", style.STYLE_NAME)
    assert formatting.settings == Settings.make(("Mary Somerville",))


def test_registration_looks_at_no_entry_point(monkeypatch):
    def scan(**kwargs: object) -> list:
        raise AssertionError(f"entry points scanned: {kwargs}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", scan)
    style.register(Settings.make(("Ada Lovelace",)))
    assert issubclass(_found("pybtex.style.formatting", style.STYLE_NAME), style.PublicationStyle)


def test_a_pybtex_that_keeps_plugins_otherwise_gets_them_through_register_plugin(monkeypatch):
    registered = []
    monkeypatch.delattr(pybtex.plugin, "_RUNTIME_PLUGINS")
    monkeypatch.setattr(
        pybtex.plugin,
        "register_plugin",
        lambda group, name, klass, force=False: registered.append((group, name, force)),
    )
    style.register(Settings.make(()))
    assert registered == [
        ("pybtex.style.formatting", style.STYLE_NAME, True),
        ("pybtex.style.sorting", style.SORTING_NAME, True),
        ("pybtex.backends", "plaintext", True),
    ]


@pytest.fixture(autouse=True)
def _restore_registry():
    """Each test's registrations are undone: other tests see the registry as it was."""
    saved = {group: dict(names) for group, names in pybtex.plugin._RUNTIME_PLUGINS.items()}
    yield
    pybtex.plugin._RUNTIME_PLUGINS.clear()
    pybtex.plugin._RUNTIME_PLUGINS.update(saved)
