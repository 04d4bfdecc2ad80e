"""Every configuration value of the extension and of its kit is in the README's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sphinx_publications
import sphinx_publications.homepage

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


class Recorder:
    """What a ``setup()`` registers: the names of its configuration values, with defaults."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add_config_value(self, name: str, default: Any, *args: Any, **kwargs: Any) -> None:
        self.values[name] = default

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None  # connect(), add_node(), ...: not of interest


def registered(setup: Any) -> dict[str, Any]:
    recorder = Recorder()
    setup(recorder)
    return recorder.values


def row(name: str) -> str:
    return next((line for line in README.splitlines() if line.startswith(f"| `{name}`")), "")


def test_every_extension_value_is_documented_with_its_default():
    values = registered(sphinx_publications.setup)
    assert len(values) >= 12
    for name, default in values.items():
        assert row(name), name
        if isinstance(default, (bool, str, int)) or default in ([], {}):
            assert repr(default).replace("'", '"') in row(name), name


def test_every_kit_value_is_documented():
    values = registered(sphinx_publications.homepage.setup)
    assert {name for name in values if name.startswith("homepage_")} == set(values)
    for name in values:
        assert row(name), name
