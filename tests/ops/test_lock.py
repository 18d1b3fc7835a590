"""The environment the tests run in is the one uv.lock pins: `make install` installs from the
lock (`uv sync --locked`), so a fresh clone gets exactly what this suite passed on."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from typing import Any

from packaging.markers import Marker

from tests.conftest import REPO


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _for_this_python(package: dict[str, Any]) -> bool:
    """A universal lock may fork: numpy 2.4 for Python 3.11, 2.5 from 3.12 on, each entry with
    the markers it was resolved for. The entry that applies here is the one to check."""
    markers = package.get("resolution-markers")
    return not markers or any(Marker(m).evaluate() for m in markers)


def test_every_installed_package_is_at_its_locked_version() -> None:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    locked = {
        _norm(p["name"]): p["version"]
        for p in lock["package"]
        if "version" in p and _for_this_python(p)
    }
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {
        name: (version, locked[name])
        for name, version in installed.items()
        if name in locked and name != "tradeclaims" and version != locked[name]
    }
    assert wrong == {}, "installed (left) differs from uv.lock (right): run `make install`"
    for needed in ("fastapi", "sqlalchemy", "procrastinate", "prometheus-client", "pytest"):
        assert needed in installed and needed in locked, needed


def test_the_lock_covers_every_declared_dependency() -> None:
    """A dependency added to pyproject.toml without `make lock` is not in the lock."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    locked = {_norm(p["name"]) for p in lock["package"]}
    names = {_norm(re.split(r"[\s\[<>=!~;]", d, maxsplit=1)[0]) for d in declared}
    assert names - locked == set()
