"""The sdist and the wheel build, install into fresh virtual environments and differentiate."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wengert

ROOT = Path(__file__).resolve().parents[1]
#: The compiled core's modules (csrc/wengert/*.pyx, setup.py's CORE_MODULES), bottom first.
CORE_MODULES = ("_tape", "_hooks", "_var", "_dual", "_engine", "_views", "_scalar", "_kernels",
                "_replay")


#: For tests about the compiled modules themselves (their files, their build): the
#: suite's run over the pure-Python core (WENGERT_PURE_PYTHON=1) skips them.
compiled_core_only = pytest.mark.skipif(
    wengert.IMPLEMENTATION != "cython",
    reason="about the compiled core itself; this run uses its pure-Python twin (WENGERT_PURE_PYTHON=1)")


@compiled_core_only
def test_installed_wengert_uses_the_compiled_tape():
    import importlib
    assert wengert.IMPLEMENTATION == "cython"
    assert wengert._tape.Tape.__module__ == "wengert._tape"
    assert wengert.Var.__module__ == "wengert._var"
    for name in CORE_MODULES:
        module = importlib.import_module(f"wengert.{name}")
        assert not module.__file__.endswith(".py"), module.__file__
        # Each has a type stub beside it (mypy reads the stub, not the extension).
        assert (Path(module.__file__).parent / f"{name}.pyi").exists(), name


def test_the_core_modules_are_the_ones_built():
    if not (ROOT / "setup.py").exists():
        pytest.skip("needs the source tree")
    assert sorted(p.stem for p in (ROOT / "csrc" / "wengert").glob("*.pyx")) == sorted(CORE_MODULES)
    import ast
    for node in ast.parse((ROOT / "setup.py").read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "CORE_MODULES":
            assert ast.literal_eval(node.value) == CORE_MODULES
            break
    else:
        raise AssertionError("setup.py has no CORE_MODULES")


SCRIPT = (
    "import wengert, wengert._tape as t\n"
    "assert wengert.IMPLEMENTATION == 'cython'\n"
    "assert t.__file__.endswith('.so') or t.__file__.endswith('.pyd'), t.__file__\n"
    "assert 'site-packages' in t.__file__, t.__file__\n"
    "print(wengert.backprop(lambda a, b: a * (a + b), 4.0, 3.0))\n"
    "from wengert.examples import mnist\n"
    "assert 'site-packages' in str(mnist.DATA_DIR), mnist.DATA_DIR\n"
    "assert len(mnist.load_bundled().train_x) == 8000\n")


def _clean_env():
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "WENGERT_PURE_PYTHON", "PIP_NO_BUILD_ISOLATION")}


def _run(args, cwd, timeout, stderr_too=False):
    out = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                         env=_clean_env(), timeout=timeout)
    assert out.returncode == 0, f"{' '.join(map(str, args))} failed:\n{out.stdout}\n{out.stderr}"
    return out.stdout + out.stderr if stderr_too else out.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist and the wheel ``python -m build`` makes (the wheel built from the sdist,
    each in an isolated environment that pip fills from the package index)."""
    if not (ROOT / "setup.py").exists():
        pytest.skip("needs the source tree (setup.py) to build the sdist and the wheel")
    pytest.importorskip("build", reason="`python -m build` needs the build package "
                        "(pip install build; it is in wengert's test extra)")
    out = tmp_path_factory.mktemp("dist")
    log = _run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out, timeout=900, stderr_too=True)
    # The wheel test installs this wheel: that it was built from the unpacked sdist (not the source tree) is
    # what shows that the sdist builds, with build isolation, as `pip install wengert` from an index would.
    assert "Building wheel from sdist" in log, log
    (sdist,) = out.glob("wengert-*.tar.gz")
    (wheel,) = out.glob("wengert-*.whl")
    keep = os.environ.get("WENGERT_TEST_KEEP_DIST")
    if keep:  # (.ci/run's step 2 repairs this wheel, the one a release uploads, rather than build another)
        import shutil
        for path in (sdist, wheel):
            shutil.copy(path, keep)
    return sdist, wheel


def _fresh_venv(path):
    """A new venv without the system's site-packages: only what pip installs into it."""
    _run([sys.executable, "-m", "venv", path], cwd=path.parent, timeout=300)
    return path / "bin" / "python"


def _check_installed(python, cwd):
    out = _run([python, "-c", SCRIPT], cwd=cwd, timeout=300)
    assert out.strip() == "(28.0, (11.0, 4.0))"


@pytest.mark.slow
def test_sdist_carries_the_sources_the_wheel_is_built_from(dist):
    """What the sdist holds. That it builds and installs: the wheel the next test installs into a fresh venv
    is the one ``python -m build`` built from this sdist, unpacked, in an isolated environment (``dist``
    checks that it did). This test installed the sdist too, ``pip install`` building it again in its own
    isolated environment (the same PEP 517 build of the same files by pip rather than ``build``): ~50 s of
    CPU, 4% of CI's first step, for a compile the fixture had just done (session 52)."""
    import tarfile
    sdist, _ = dist
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    sources = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "csrc").rglob("*"))
               if p.suffix in (".pyx", ".pxd", ".pxi")]
    assert len(sources) >= len(CORE_MODULES), sources
    for name in ["LICENSE", "README.md", "pyproject.toml", "setup.py", "src/wengert/py.typed",
                 "src/wengert/examples/data/t10k-images-idx3-ubyte.gz",
                 "src/wengert/examples/data/README.md", "tests/test_build.py", *sources]:
        assert name in names, name
    # No generated C: every build cythonizes the .pyx it carries.
    assert not [n for n in names if n.endswith((".c", ".so", ".html"))], sorted(names)


@pytest.mark.slow
def test_wheel_installs_and_differentiates_in_a_fresh_venv(dist, tmp_path):
    import zipfile
    _, wheel = dist
    python = _fresh_venv(tmp_path / "venv")
    _run([python, "-m", "pip", "install", "-q", wheel], cwd=tmp_path, timeout=600)
    _check_installed(python, tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    # The wheel carries no Cython sources and no C, and it does carry py.typed.
    assert not [n for n in names if n.endswith((".pyx", ".pxd", ".c"))], names
    assert "wengert/py.typed" in names, names
    for name in CORE_MODULES:
        assert f"wengert/{name}.pyi" in names, names
    assert any(n.endswith("licenses/LICENSE") for n in names), names
    # PEP 639 metadata (setuptools >= 77): the code's licence and the shipped data's, with the
    # data's attribution among the licence files.
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    header = zipfile.ZipFile(wheel).read(metadata).decode().split("\n\n", 1)[0]
    assert "License-Expression: MIT AND CC-BY-SA-3.0" in header.splitlines(), header
    assert any(n.endswith("licenses/src/wengert/examples/data/README.md") for n in names), names
    # The MNIST example ships its data and the data's licence note.
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "README.md"):
        assert f"wengert/examples/data/{name}" in names, names


def _import_copy_without_extensions(tmp_path, script, **environ):
    """Run ``script`` on a copy of the package without its compiled modules."""
    import shutil
    pkg = Path(wengert.__file__).parent
    dest = tmp_path / "wengert"
    shutil.copytree(pkg, dest, ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WENGERT_PURE_PYTHON")}
    env.update(environ, PYTHONPATH=str(tmp_path))
    return subprocess.run([sys.executable, "-c", script], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=120)


@pytest.mark.parametrize("unset", [{}, {"WENGERT_PURE_PYTHON": "0"}, {"WENGERT_PURE_PYTHON": ""}])
def test_missing_extension_fails_loudly_and_says_how_to_choose_the_reference_core(tmp_path, unset):
    """A copy of the package without its compiled modules refuses to import (no silent
    fallback), and the error names both ways out."""
    out = _import_copy_without_extensions(tmp_path, "import wengert", **unset)
    assert out.returncode != 0
    assert "compiled core" in out.stderr and "pip install ." in out.stderr
    assert "WENGERT_PURE_PYTHON=1" in out.stderr and "reference core" in out.stderr


def test_the_reference_core_is_chosen_by_the_environment_variable_only(tmp_path):
    """WENGERT_PURE_PYTHON=1 runs the same library on the twins, with no compiled module."""
    script = ("import sys, wengert as wg\n"
              "print(wg.IMPLEMENTATION, wg.backprop(lambda a, b: a * (a + b), 4.0, 3.0))\n"
              f"compiled = {['wengert.' + name for name in CORE_MODULES]!r}\n"
              "assert not [m for m in compiled if m in sys.modules], sys.modules\n")
    out = _import_copy_without_extensions(tmp_path, script, WENGERT_PURE_PYTHON="1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "python (28.0, (11.0, 4.0))"


def test_public_submodules_are_attributes_after_import_wengert():
    script = ("import wengert as wg\n"
              "print(wg.testing.check_grads.__name__, wg.optim.Adam.__name__, wg.numpy.__name__)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["check_grads", "Adam", "wengert.numpy"]


def test_versionadded_tags_name_no_version_later_than_this_one():
    import re
    release = tuple(int(p) for p in wengert.__version__.split(".")[:2])
    pkg = Path(wengert.__file__).parent
    tags = {}
    for path in pkg.rglob("*.py"):
        for tag in re.findall(r"versionadded:: (\d+\.\d+)", path.read_text(encoding="utf-8")):
            tags.setdefault(tag, []).append(path.name)
    assert tags, "no versionadded tags found"
    later = {t: files for t, files in tags.items()
             if tuple(int(p) for p in t.split(".")) > release}
    assert not later, f"versionadded later than {wengert.__version__}: {later}"
