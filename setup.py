"""Build the compiled core of wengert: the Wengert tape and the Var fast path.

All metadata lives in pyproject.toml; this file only declares the Cython extensions.
Set WENGERT_CYTHON_DEBUG=1 to build with bounds checks and other safety checks back on.
"""
import os

from Cython.Build import cythonize
from setuptools import Extension, setup

DEBUG = os.environ.get("WENGERT_CYTHON_DEBUG", "") not in ("", "0")

COMPILER_DIRECTIVES = {
    "language_level": 3,
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
    "cdivision": not DEBUG,
    "embedsignature": True,
    "binding": False,
}

EXTENSIONS = [
    Extension("wengert._tape", ["csrc/wengert/_tape.pyx"]),
    Extension("wengert._var", ["csrc/wengert/_var.pyx"]),
]

setup(
    ext_modules=cythonize(
        EXTENSIONS,
        compiler_directives=COMPILER_DIRECTIVES,
        include_path=["csrc"],
        annotate=False,
    ),
)
