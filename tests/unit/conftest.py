"""Fixtures shared by the unit tests: the shipped catalogue, red flags and example intake.

There are no ``__init__.py`` files in the test tree, so helpers are handed out as fixtures.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from corecoach.catalogue import Catalogue, load_catalogue
from corecoach.screening.intake import Intake
from corecoach.screening.red_flags import RedFlag, load_red_flags
from corecoach.screening.validation import validate_intake

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_INTAKE = PROJECT_ROOT / "examples" / "intake.yaml"


def deep_merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``base`` with ``patch`` merged in; nested mappings merge, everything else replaces."""
    out = copy.deepcopy(dict(base))
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def red_flags() -> dict[str, RedFlag]:
    return load_red_flags()


@pytest.fixture(scope="session")
def _example_raw_pristine() -> dict[str, Any]:
    raw = yaml.safe_load(EXAMPLE_INTAKE.read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


@pytest.fixture
def example_raw(_example_raw_pristine: dict[str, Any]) -> dict[str, Any]:
    """The example intake file as plain data; a fresh copy per test, free to mutate."""
    return copy.deepcopy(_example_raw_pristine)


@pytest.fixture
def make_raw(_example_raw_pristine: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """``make_raw(*patches)``: the example intake data with each patch deep-merged in, in order."""

    def build(*patches: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(_example_raw_pristine)
        for patch in patches:
            out = deep_merge(out, patch)
        return out

    return build


@pytest.fixture
def make_intake(make_raw: Callable[..., dict[str, Any]]) -> Callable[..., Intake]:
    """``make_intake(*patches)``: the example intake with each patch deep-merged in, validated."""

    def build(*patches: Mapping[str, Any]) -> Intake:
        return validate_intake(make_raw(*patches))

    return build
