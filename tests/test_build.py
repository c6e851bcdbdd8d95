"""The package builds as a wheel that imports its compiled tape in a fresh virtual environment."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wengert

ROOT = Path(__file__).resolve().parents[1]


def test_installed_wengert_uses_the_compiled_tape():
    import wengert._tape
    import wengert._var
    assert wengert.IMPLEMENTATION == "cython"
    assert wengert._tape.Tape.__module__ == "wengert._tape"
    for module in (wengert._tape, wengert._var):
        assert not module.__file__.endswith(".py"), module.__file__


@pytest.mark.slow
def test_wheel_installs_and_differentiates_in_a_fresh_venv(tmp_path):
    if not (ROOT / "setup.py").exists():
        pytest.skip("needs the source tree (setup.py) to build a wheel")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, timeout=600)
    (wheel,) = wheels.glob("wengert-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
                    str(wheel)], check=True, timeout=300)
    script = (
        "import wengert, wengert._tape as t\n"
        "assert wengert.IMPLEMENTATION == 'cython'\n"
        "assert t.__file__.endswith('.so') or t.__file__.endswith('.pyd'), t.__file__\n"
        "assert 'site-packages' in t.__file__, t.__file__\n"
        "print(wengert.backprop(lambda a, b: a * (a + b), 4.0, 3.0))\n"
        "from wengert.examples import mnist\n"
        "assert 'site-packages' in str(mnist.DATA_DIR), mnist.DATA_DIR\n"
        "assert len(mnist.load_bundled().train_x) == 8000\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WENGERT_PURE_PYTHON")}
    out = subprocess.run([str(python), "-c", script], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(28.0, (11.0, 4.0))"
    # The wheel carries no Cython sources.
    import zipfile
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith((".pyx", ".pxd", ".c"))], names
    # The MNIST example ships its data and the data's licence note.
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "README.md"):
        assert f"wengert/examples/data/{name}" in names, names


def test_missing_extension_fails_loudly(tmp_path):
    """A copy of the package without its compiled modules refuses to import."""
    import shutil
    pkg = Path(wengert.__file__).parent
    dest = tmp_path / "wengert"
    shutil.copytree(pkg, dest, ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WENGERT_PURE_PYTHON")}
    env["PYTHONPATH"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", "import wengert"], capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=120)
    assert out.returncode != 0
    assert "compiled core" in out.stderr and "pip install ." in out.stderr
