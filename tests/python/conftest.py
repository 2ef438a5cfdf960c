"""Shared fixtures of the Python tests: the C++ programs they compare with (set by CTest), and
the repository's model files."""

import os
import shutil
import subprocess

import pytest


def _program(variable):
    path = os.environ.get(variable)
    if not path or not os.path.exists(path):
        pytest.skip(f"{variable} is not set (run the tests through ctest -L python)")
    return path


@pytest.fixture(scope="session")
def cli():
    """The `jumpflow` command-line tool."""
    return _program("JUMPFLOW_CLI")


@pytest.fixture(scope="session")
def reference():
    """jumpflow_python_reference (tests/python/reference.cpp): a callable returning its output lines."""
    path = _program("JUMPFLOW_REFERENCE")

    def run(*args):
        out = subprocess.run([path, *map(str, args)], check=True, capture_output=True, text=True).stdout
        return out.split()
    return run


@pytest.fixture(scope="session")
def source_dir():
    """The repository's root."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("JUMPFLOW_SOURCE_DIR", os.path.dirname(os.path.dirname(here)))


@pytest.fixture(scope="session")
def dimerisation(source_dir):
    """examples/models/dimerisation.net (BioNetGen)."""
    return os.path.join(source_dir, "examples", "models", "dimerisation.net")
