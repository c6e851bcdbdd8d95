"""Build the compiled core of wengert: the Wengert tape and the Var fast path.

The elementary functions' module, _scalar.pyx, is generated first from its template and
the table of src/wengert/_elementary.py (render_templates).

All metadata lives in pyproject.toml; this file only declares the Cython extensions.
Set WENGERT_CYTHON_DEBUG=1 to build with bounds checks and other safety checks back on.
The generated C goes to build/cython (build/cython-debug for the debug build): each mode
keeps its own, so that switching modes never compiles C generated for the other one, and
no generated C sits beside the sources. The optimised build strips the extensions' symbol
tables on Linux (-s: the largest goes from about 1 MB to 0.2 MB).
"""
import os
import runpy
import sys

from Cython import Tempita
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
    # A free-threaded CPython (3.13t) keeps the GIL off when it imports the core: the
    # module-level state is safe without it (see docs/guide/threads.md).
    "freethreading_compatible": True,
}

STRIPPED = not DEBUG and sys.platform.startswith("linux")
LINK_ARGS = ["-s"] if STRIPPED else []

#: No contraction of a * b + c into a fused multiply-add (GCC's default where the target has
#: FMA: aarch64, x86 with -march=native): the compiled core's arithmetic must round as the
#: pure-Python twin's and NumPy's do, one operation at a time. The optimised build on Linux
#: compiles without debug information (-g0 after Python's own -g): -s strips it at link
#: anyway (the stripped extensions are byte for byte the same), and writing it was ~27% of
#: the C compiler's time (37 s -> 27 s of CPU for the nine modules, GCC, CPython 3.11).
COMPILE_ARGS = [] if sys.platform == "win32" else ["-ffp-contract=off"] + (["-g0"] if STRIPPED else [])

#: wengert.jit's replay loops (the scalar forward and the compact sweep: a few ns a node) start
#: on a 64-byte line (GCC's default aligns a loop to 16 bytes at most): where a loop lands
#: otherwise depends on the code around it, and an unrelated change to _replay.pyx moved
#: micrograd's replayed forward by 7% (161 -> 173 us) and its sweep by a quarter. Measured:
#: the sweep 99-102 -> 93-98 us, the forward 162-164 -> 158-161 us, the step 308-320 ->
#: 291-310 us (load 10-13, CPU time, alternating builds). Linux (GCC, Clang) only.
ALIGNED_LOOPS = {"_replay": ["-falign-loops=64"]} if sys.platform.startswith("linux") else {}

#: The compiled core, bottom first: each module cimports only modules above it in this list
#: (their .pxd declarations); wengert._backend imports them all.
CORE_MODULES = ("_tape", "_hooks", "_var", "_dual", "_engine", "_views", "_scalar", "_kernels", "_replay")

#: The modules that use NumPy's C API (numpy is a build requirement for them): built against
#: the installed NumPy's headers, for NumPy 2.0 and later (the floor the project declares).
NUMPY_C_API = ("_kernels",)



def render_templates():
    """csrc/wengert/_scalar.pyx from its Tempita template and the table of elementary
    functions, src/wengert/_elementary.py (read without importing wengert), as
    scikit-learn renders its .pyx.tp files; written only when it changes, so that an
    unchanged table recompiles nothing."""
    here = os.path.dirname(os.path.abspath(__file__))
    table = runpy.run_path(os.path.join(here, "src", "wengert", "_elementary.py"))
    template = os.path.join(here, "csrc", "wengert", "_scalar.pyx.tp")
    with open(template, encoding="utf-8") as f:
        text = Tempita.sub(f.read(), **table["cython_context"]())
    target = template[:-len(".tp")]
    if os.path.exists(target):
        with open(target, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)


render_templates()



def _extension(name):
    compile_args = COMPILE_ARGS + ALIGNED_LOOPS.get(name, [])
    if name not in NUMPY_C_API:
        return Extension(f"wengert.{name}", [f"csrc/wengert/{name}.pyx"], extra_link_args=LINK_ARGS,
                         extra_compile_args=compile_args)
    import numpy
    return Extension(f"wengert.{name}", [f"csrc/wengert/{name}.pyx"], extra_link_args=LINK_ARGS,
                     extra_compile_args=compile_args, include_dirs=[numpy.get_include()],
                     define_macros=[("NPY_NO_DEPRECATED_API", "NPY_2_0_API_VERSION"),
                                    ("NPY_TARGET_VERSION", "NPY_2_0_API_VERSION")])


EXTENSIONS = [_extension(name) for name in CORE_MODULES]

setup(
    ext_modules=cythonize(
        EXTENSIONS,
        compiler_directives=COMPILER_DIRECTIVES,
        include_path=["csrc"],
        build_dir="build/cython-debug" if DEBUG else "build/cython",
        annotate=False,
    ),
)
