"""The package's metadata: the Python versions it installs on, and what the extras hold."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))


def test_python_3_11_3_12_and_3_13_may_install_it():
    allowed = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert all(v in allowed for v in ("3.11", "3.12", "3.13")) and "3.10" not in allowed


def test_every_dependency_is_pinned():
    project = PYPROJECT["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    assert all("==" in d for d in deps if not d.startswith("annals["))


def test_the_cluster_dependencies_are_an_extra_the_test_command_installs():
    project = PYPROJECT["project"]
    base = " ".join(project["dependencies"])
    assert "dask" not in base and "pyarrow" not in base
    assert any(d.startswith("dask") for d in project["optional-dependencies"]["batch"])
    assert "annals[batch]" in project["optional-dependencies"]["test"]


def test_batch_without_its_extra_names_the_extra(monkeypatch):
    import builtins

    from annals.batch import check_installed
    from annals.errors import AnnalsError

    real_import = builtins.__import__

    def no_cluster(name, *args, **kwargs):
        if name.split(".")[0] in {"distributed", "pyarrow"}:
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_cluster)
    with pytest.raises(AnnalsError) as err:
        check_installed()
    assert "batch" in err.value.message and "annals[batch]" in (err.value.hint or "")
