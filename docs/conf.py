"""Sphinx configuration for wengert's documentation.

Build it (from the repository root, with wengert installed and ``pip install ".[docs]"``):

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest   # runs every example
"""
import wengert

project = "wengert"
author = "the wengert developers"
copyright = "the wengert developers (MIT licence)"
release = wengert.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_default_options = {"members": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = True

# Every ``>>>`` example (in the pages and in the docstrings the API reference pulls in)
# runs under ``-b doctest`` with these names defined.
doctest_global_setup = """
import numpy as np
import wengert as wg
import wengert.numpy as wnp
import importlib.util, os
# guide/distributed.md runs where Dask is installed, and always under .ci/run
have_dask = (os.environ.get("WENGERT_REQUIRE_DASK") == "1"
             or importlib.util.find_spec("distributed") is not None)
"""
import doctest  # noqa: E402

doctest_default_flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1

html_theme = "furo"
html_title = f"wengert {release}"
