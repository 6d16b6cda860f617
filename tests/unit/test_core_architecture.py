"""The pure core (domain, catalogue, screening, assessment, programs) never depends on storage, CLI or services."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import corecoach

PACKAGE_DIR = Path(corecoach.__file__).resolve().parent
CORE_PACKAGES = ("domain", "catalogue", "screening", "assessment", "programs")
FORBIDDEN_ROOTS = {"sqlalchemy", "alembic", "typer", "rich"}
FORBIDDEN_PACKAGES = ("corecoach.storage", "corecoach.cli", "corecoach.services")
CORE_FILES = sorted(p for pkg in CORE_PACKAGES for p in (PACKAGE_DIR / pkg).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path) -> set[str]:
    """Every module the file imports, relative imports resolved, ``from a import b`` counted as ``a`` and ``a.b``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _forbidden(name: str) -> bool:
    return name.split(".")[0] in FORBIDDEN_ROOTS or any(name == p or name.startswith(p + ".") for p in FORBIDDEN_PACKAGES)


def test_every_core_package_has_modules() -> None:
    for pkg in CORE_PACKAGES:
        assert list((PACKAGE_DIR / pkg).glob("*.py")), pkg


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_core_module_does_not_import_infrastructure(path: Path) -> None:
    bad = sorted(name for name in _imported_modules(path) if _forbidden(name))
    assert not bad, f"{path.relative_to(PACKAGE_DIR)} imports {bad}"


@pytest.mark.parametrize(
    ("source", "expected_bad"),
    [
        ("import sqlalchemy.orm", True),
        ("from rich.console import Console", True),
        ("from corecoach.storage import db", True),
        ("from corecoach import cli", True),
        ("from ..services import coaching", True),
        ("from .. import storage", True),
        ("from corecoach.catalogue import Catalogue", False),
        ("from ..domain.enums import Level", False),
        ("import richtext", False),
    ],
)
def test_the_import_scanner_itself(tmp_path: Path, source: str, expected_bad: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pkg = tmp_path / "corecoach" / "programs"
    fake_pkg.mkdir(parents=True)
    module = fake_pkg / "probe.py"
    module.write_text(source + "\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE_DIR", tmp_path / "corecoach")
    assert any(_forbidden(n) for n in _imported_modules(module)) is expected_bad


def test_importing_the_core_loads_no_infrastructure() -> None:
    modules = [_module_name(p) for p in CORE_FILES]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"roots = {sorted(FORBIDDEN_ROOTS)!r}\n"
        f"pkgs = {list(FORBIDDEN_PACKAGES)!r}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots or any(m == p or m.startswith(p + '.') for p in pkgs))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "", f"importing the core pulled in: {out.stdout.strip()}"


#: Every top-level part of the package with its layer, lowest first. A module may import from a lower
#: layer or from its own part, never from a higher layer or a sibling part of the same layer: data flows
#: one way (input -> adapters -> core -> results -> presentation), and there is no import cycle.
LAYERS: dict[str, int] = {
    "errors": 0,
    "domain": 0,
    "catalogue": 1,
    "screening": 1,
    "motion": 1,
    "assessment": 2,
    "programs": 3,
    "config": 4,
    "storage": 4,
    "pose": 4,
    "video": 4,
    "presentation": 5,
    "services": 6,
    "web": 7,
    "cli": 8,
    "__main__": 9,
}
ALL_FILES = sorted(PACKAGE_DIR.rglob("*.py"))


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "corecoach" and len(parts) > 1 else None


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {p.relative_to(PACKAGE_DIR).parts[0].removesuffix(".py") for p in ALL_FILES} - {"__init__"}
    assert parts == set(LAYERS)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_imports_only_go_down_the_layers(path: Path) -> None:
    own = _part(_module_name(path)) or "__init__"
    if own == "__init__":
        return
    upward = sorted(
        name
        for name in _imported_modules(path)
        if (part := _part(name)) is not None and part in LAYERS and part != own and LAYERS[part] >= LAYERS[own]
    )
    assert not upward, f"{path.relative_to(PACKAGE_DIR)} (layer {LAYERS[own]}) imports upward or sideways: {upward}"
