"""Reporting's page tests read the English interface (see langso.conftest.read_the_english_interface)."""

import pytest

from langso.conftest import read_the_english_interface

_english_interface = pytest.fixture(autouse=True)(read_the_english_interface)
