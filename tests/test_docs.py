"""Every docstring example in the package runs and prints what it says."""
import doctest
import importlib
import os
import pkgutil

import pytest

import wengert

MODULES = sorted({"wengert"} | {m.name for m in pkgutil.walk_packages(wengert.__path__, "wengert.")
                                if not m.name.endswith("__main__")})


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    if name.startswith(("wengert.scipy", "wengert.ops.scipy_")):
        pytest.importorskip("scipy", reason='SciPy is not installed: it is the optional extra '
                            'of wengert (pip install "wengert[scipy]")')
    if name == "wengert.distributed" and os.environ.get("WENGERT_REQUIRE_DASK") != "1":
        pytest.importorskip("distributed", reason="Dask is not installed: it is the optional "
                            "extra of wengert.distributed (pip install 'wengert[dask]')")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
