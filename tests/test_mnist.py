"""The MNIST example: training end to end, the IDX reader on bad files, --download, --plot."""
import gzip
import hashlib
import http.server
import io
import re
import struct
import sys
import threading

import numpy as np
import pytest

import wengert as wg
from wengert.examples import idx, mnist
from wengert.testing import check_grads


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def idx_bytes(array):
    """The IDX encoding of a uint8 array."""
    array = np.asarray(array, dtype=np.uint8)
    return struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape) \
        + array.tobytes()


@pytest.fixture(scope="module")
def digits():
    images = idx.read_idx(mnist.DATA_DIR / "t10k-images-idx3-ubyte.gz")
    labels = idx.read_idx(mnist.DATA_DIR / "t10k-labels-idx1-ubyte.gz")
    return images, labels


def write_dataset(folder, digits, train=300, test=100, compress=True):
    """MNIST-named IDX files in ``folder``, cut from the shipped digits; returns their md5s."""
    images, labels = digits
    folder.mkdir(parents=True, exist_ok=True)
    parts = {"train-images-idx3-ubyte": images[:train], "train-labels-idx1-ubyte": labels[:train],
             "t10k-images-idx3-ubyte": images[train:train + test],
             "t10k-labels-idx1-ubyte": labels[train:train + test]}
    sums = {}
    for stem, array in parts.items():
        data = idx_bytes(array)
        name = stem + ".gz" if compress else stem
        blob = gzip.compress(data, mtime=0) if compress else data
        (folder / name).write_bytes(blob)
        sums[name] = hashlib.md5(blob).hexdigest()
    return sums


# -- training ------------------------------------------------------------------------------

def test_the_loss_is_differentiated_correctly():
    rng = np.random.default_rng(1)
    net = mnist.init_net(rng, inputs=6, hidden=4)
    x, t = rng.random((5, 6)), mnist.one_hot(rng.integers(0, 10, 5))
    check_grads(lambda n: mnist.loss(n, x, t), net)
    assert type(mnist.gradient(net, x, t)) is mnist.Net


def test_training_on_a_small_subset_lowers_the_loss_and_beats_chance():
    data = mnist.load_bundled(train_points=500, validation_points=200)
    rng = np.random.default_rng(0)
    net0 = mnist.init_net(rng)
    loss0, error0 = mnist.evaluate(net0, data.validation_x, data.validation_y)
    net, reports = mnist.train(net0, data, wg.optim.Adam(0.002), epochs=1, batch_size=50,
                               report_every=250, rng=rng)
    loss1, error1 = mnist.evaluate(net, data.validation_x, data.validation_y)
    assert [r.points for r in reports] == [250, 500]
    assert loss1 < 0.8 * loss0 and reports[1].train_loss < reports[0].train_loss
    assert 1 - error0 < 0.2 < 1 - error1  # from about chance (10%) to well above it
    assert reports[-1].validation_error == error1
    assert net0.w1 is not net.w1 and type(net) is mnist.Net


def test_main_prints_in_the_seeds_format_without_a_bar_off_a_terminal():
    out = io.StringIO()
    result = mnist.main(["--train-points", "500", "--validation-points", "200", "--epochs", "2",
                         "--report-every", "250", "--optimizer", "sgd"], out=out)
    text = out.getvalue()
    assert "\r" not in text
    blocks = re.findall(r"\(Batch (\d)\)\nTrained on (\d+) points in [\d.]+ s \((\d+) in all\)\.\n"
                        r"Training error:   \d+\.\d\d% \(on the 250 points of this batch\)\n"
                        r"Validation error: \d+\.\d\d% \(on the 200 validation points\)\n", text)
    assert blocks == [("1", "250", "250"), ("2", "250", "500"), ("1", "250", "750"),
                      ("2", "250", "1000")]
    assert text.count("[Epoch 1]\n(Batch 1)") == 1 and text.count("[Epoch 2]\n(Batch 1)") == 1
    assert "SGD(lr=0.5)" in text
    assert text.startswith("MNIST: 500 training, 200 validation and 1000 test images, from ")
    assert re.search(r"Test accuracy: (\d+\.\d\d)% \(on the 1000 test points of MNIST, used "
                     r"neither to train nor to validate\)\nWall time: [\d.]+ s\n$", text)
    assert result.accuracy > 0.2 and len(result.reports) == 4
    assert f"{result.accuracy * 100:.2f}%" in text


def test_a_terminal_gets_a_plain_progress_bar_without_tqdm(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    out = FakeTerminal()
    mnist.main(["--train-points", "200", "--validation-points", "50", "--epochs", "1",
                "--report-every", "100"], out=out)
    text = out.getvalue()
    assert "\r[###############...............] 100/200 points" in text
    assert "Training error:" in text
    out = FakeTerminal()
    mnist.main(["--train-points", "100", "--validation-points", "50", "--epochs", "1",
                "--no-progress"], out=out)
    assert "\r" not in out.getvalue()


def test_a_terminal_gets_tqdms_bar_when_installed():
    pytest.importorskip("tqdm")
    out = FakeTerminal()
    mnist.main(["--train-points", "200", "--validation-points", "50", "--epochs", "1",
                "--report-every", "100"], out=out)
    assert "pt/s" in out.getvalue() or "pt]" in out.getvalue()
    assert "Validation error:" in out.getvalue()


def test_bad_arguments_are_refused(capsys):
    with pytest.raises(SystemExit) as e:
        mnist.main(["--epochs", "0"])
    assert e.value.code == 2 and "must be a positive integer" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        mnist.main(["--data", "x", "--download"])
    assert "not allowed with" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        mnist.main(["--lr", "-1"])
    assert "--lr: lr must be a positive finite number, got -1.0" in capsys.readouterr().err


# -- the IDX reader --------------------------------------------------------------------------

def good_images(n=3):
    return idx_bytes(np.arange(n * 4).reshape(n, 2, 2))


@pytest.mark.parametrize("name, content, message", [
    ("bad-magic", b"\0\0\x07\x01\0\0\0\x01\x05", "not an IDX file"),
    ("html.gz", b"<html><body>404 Not Found</body></html>", r"not an IDX file \(it starts with b'<htm'"),
    ("empty", b"", "truncated header: the file has 0 bytes"),
    ("short-header", b"\0\0\x08\x03\0\0\0\x02\0\0", r"truncated header: 3 dimensions need 16 header bytes"),
    ("short-body", good_images()[:-1], r"truncated: the header declares shape \(3, 2, 2\).*holds only 11"),
    ("long-body", good_images() + b"\0\0", "2 unexpected bytes after the data"),
    ("zero-dims", b"\0\0\x08\x00", "declares 0 dimensions"),
    ("cut.gz", gzip.compress(good_images(50))[:-12], "corrupt or truncated gzip data"),
    ("garbled.gz", b"\x1f\x8b" + bytes(40), "corrupt or truncated gzip data"),
])
def test_malformed_idx_files_raise_a_clear_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as e:
        idx.read_idx(path)
    assert str(e.value).startswith(str(path))


def test_compression_is_detected_by_content_not_by_name(tmp_path):
    (tmp_path / "raw.gz").write_bytes(good_images())
    (tmp_path / "packed").write_bytes(gzip.compress(good_images()))
    expected = np.arange(12, dtype=np.uint8).reshape(3, 2, 2)
    np.testing.assert_array_equal(idx.read_idx(tmp_path / "raw.gz"), expected)
    np.testing.assert_array_equal(idx.read_idx(tmp_path / "packed"), expected)


def test_other_idx_types_are_read_big_endian(tmp_path):
    data = struct.pack(">BBBBI", 0, 0, 0x0D, 1, 3) + np.array([1.5, -2.0, 3.25], ">f4").tobytes()
    (tmp_path / "floats").write_bytes(data)
    out = idx.read_idx(tmp_path / "floats")
    np.testing.assert_array_equal(out, [1.5, -2.0, 3.25])
    assert out.dtype == np.float32 and out.dtype.isnative


def test_image_and_label_files_are_checked_together(tmp_path):
    (tmp_path / "images").write_bytes(good_images(3))
    (tmp_path / "labels").write_bytes(idx_bytes([1, 2]))
    (tmp_path / "labels3").write_bytes(idx_bytes([1, 2, 10]))
    with pytest.raises(ValueError, match=r"images holds 3 images but .*labels holds 2 labels"):
        mnist.load_pair(tmp_path / "images", tmp_path / "labels")
    with pytest.raises(ValueError, match=r"labels3: label 10 is outside 0-9"):
        mnist.load_pair(tmp_path / "images", tmp_path / "labels3")
    with pytest.raises(ValueError, match=r"labels: expected images \(a 3-dimensional"):
        mnist.load_pair(tmp_path / "labels", tmp_path / "labels")
    with pytest.raises(ValueError, match=r"images: expected labels \(a 1-dimensional"):
        mnist.load_pair(tmp_path / "images", tmp_path / "images")


def test_a_folder_of_idx_files_splits_train_to_train_and_validate_and_tests_on_t10k(tmp_path, digits):
    folder = tmp_path / "fashion"
    write_dataset(folder, digits, train=300, test=100, compress=False)
    data = mnist.load_dir(folder)
    assert data.train_x.shape == (275, 784) and data.validation_x.shape == (25, 784)
    np.testing.assert_array_equal(data.train_y, digits[1][:275])
    np.testing.assert_array_equal(data.validation_y, digits[1][275:300])
    np.testing.assert_array_equal(data.test_y, digits[1][300:400])
    assert data.name == "fashion" and "the last 25 validate; t10k files test" in data.source
    out = io.StringIO()
    result = mnist.main(["--data", str(folder), "--epochs", "1", "--report-every", "150"], out=out)
    assert out.getvalue().startswith("fashion: 275 training, 25 validation and 100 test images")
    assert "(on the 100 test points of fashion," in out.getvalue()
    assert len(result.reports) == 2
    out = io.StringIO()
    mnist.main(["--data", str(folder), "--name", "Fashion-MNIST", "--epochs", "1"], out=out)
    assert out.getvalue().startswith("Fashion-MNIST: 275 training") and "digits" not in out.getvalue()


def test_the_shipped_splits_are_disjoint():
    data = mnist.load_bundled()
    rows = [{r.tobytes() for r in x} for x in (data.train_x, data.validation_x, data.test_x)]
    assert [len(r) for r in rows] == [len(set(r)) for r in rows]  # no repeats within a split
    assert not (rows[0] & rows[1]) and not (rows[0] & rows[2]) and not (rows[1] & rows[2])


def test_a_folder_with_missing_or_bad_files_is_a_clear_error(tmp_path, digits):
    with pytest.raises(ValueError, match="no t10k-images-idx3-ubyte"):
        mnist.load_dir(tmp_path)
    write_dataset(tmp_path, digits, train=10, test=10)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte.gz has no partner: "
                                         r"train-labels-idx1-ubyte\[.gz\] is missing"):
        mnist.load_dir(tmp_path)
    images = digits[0][:10, :20, :20]  # 400 pixels, not 784
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(idx_bytes(digits[1][:10]))
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(idx_bytes(images))
    with pytest.raises(ValueError, match=r"images of 400 pixels but .*t10k-images-idx3-ubyte.gz "
                                         r"holds images of 784"):
        mnist.load_dir(tmp_path)
    (tmp_path / "train-images-idx3-ubyte.gz").unlink()
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(ValueError, match="10 images are too few to hold out 1000 to validate and 1000 to test"):
        mnist.load_dir(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(SystemExit, match=r"^error: .*t10k-labels-idx1-ubyte.gz: corrupt or truncated gzip"):
        mnist.main(["--data", str(tmp_path)], out=io.StringIO())


def test_the_shipped_files_match_the_standard_checksums():
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        assert mnist._md5(mnist.DATA_DIR / name) == mnist.MNIST_MD5[name]
    assert "CC BY-SA 3.0" in (mnist.DATA_DIR / "README.md").read_text() or \
        "Attribution-Share Alike 3.0" in (mnist.DATA_DIR / "README.md").read_text()


# -- --download against a local server --------------------------------------------------------

class Server:
    """An HTTP server on 127.0.0.1 serving a folder, counting requests; special paths misbehave."""

    def __init__(self, folder):
        self.requests = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self):
                server.requests.append(self.path)
                if self.path.startswith("/cut/"):  # promises more bytes than it sends
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.wfile.write(b"\x1f\x8b" + bytes(500))
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path / "served")
    yield s
    s.close()


def test_download_checks_caches_and_reuses_the_files(tmp_path, server, digits):
    sums = write_dataset(tmp_path / "served", digits)
    cache = tmp_path / "cache"
    log = []
    assert mnist.download(cache, mirrors=[server.url], checksums=sums, log=log.append) == cache
    assert sorted(p.name for p in cache.iterdir()) == sorted(sums)  # no leftover .part files
    assert len(server.requests) == 4 and sum("Downloading" in line for line in log) == 4
    data = mnist.load_dir(cache)
    assert (len(data.train_x), len(data.validation_x), len(data.test_x)) == (275, 25, 100)
    # A second run reuses the cache: no request, even with the server gone.
    server.close()
    log.clear()
    mnist.download(cache, mirrors=[server.url], checksums=sums, log=log.append)
    assert len(server.requests) == 4 and all("cached, checksum ok" in line for line in log)


def test_a_corrupted_download_is_rejected_and_not_kept(tmp_path, server, digits):
    sums = write_dataset(tmp_path / "served", digits)
    bad = tmp_path / "served" / "t10k-labels-idx1-ubyte.gz"
    blob = bytearray(bad.read_bytes())
    blob[-12] ^= 0xFF
    bad.write_bytes(bytes(blob))
    cache = tmp_path / "cache"
    with pytest.raises(mnist.DownloadError, match=r"could not download t10k-labels-idx1-ubyte.gz:\n"
                       r"  http://127.0.0.1:\d+/t10k-labels-idx1-ubyte.gz: checksum mismatch .*"
                       r"expected " + sums["t10k-labels-idx1-ubyte.gz"] + r"\); the file was not kept"):
        mnist.download(cache, mirrors=[server.url], checksums=sums, log=None)
    assert {p.name for p in cache.iterdir()} == set(sums) - {bad.name}  # nothing else was kept
    # A cached file that went bad is fetched again.
    (cache / "train-labels-idx1-ubyte.gz").write_bytes(b"junk")
    bad.write_bytes(gzip.compress(idx_bytes(digits[1][300:400]), mtime=0))
    log = []
    mnist.download(cache, mirrors=[server.url], checksums=sums, log=log.append)
    assert any("fails its checksum; downloading it again" in line for line in log)
    assert mnist._md5(cache / "train-labels-idx1-ubyte.gz") == sums["train-labels-idx1-ubyte.gz"]


def test_an_interrupted_download_is_never_taken_for_a_good_file(tmp_path, server):
    cache = tmp_path / "cache"
    with pytest.raises(mnist.DownloadError, match=r"cut/f.gz: incomplete download: .* after 502 of 100000 bytes"):
        mnist.download(cache, mirrors=[server.url + "cut"], checksums={"f.gz": "0" * 32}, log=None)
    assert list(cache.iterdir()) == []


def test_mirrors_are_tried_in_order_and_every_failure_is_reported(tmp_path, server, digits):
    sums = write_dataset(tmp_path / "served", digits, train=5, test=5)
    missing = server.url + "nowhere/"
    mnist.download(tmp_path / "a", mirrors=[missing, server.url], checksums=sums, log=None)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(sums)
    with pytest.raises(mnist.DownloadError) as e:
        mnist.download(tmp_path / "b", mirrors=[missing, "http://127.0.0.1:1/"], checksums=sums,
                       log=None)
    assert "nowhere/train-images-idx3-ubyte.gz: HTTP Error 404" in str(e.value)
    assert "http://127.0.0.1:1/train-images-idx3-ubyte.gz:" in str(e.value)
    assert "--mirror URL" in str(e.value)


def test_the_command_line_download(tmp_path, server, digits, monkeypatch):
    sums = write_dataset(tmp_path / "served", digits)
    monkeypatch.setattr(mnist, "MNIST_MD5", sums)
    out = io.StringIO()
    args = ["--download", "--mirror", server.url, "--cache-dir", str(tmp_path / "cache"),
            "--epochs", "1", "--report-every", "300"]
    result = mnist.main(args, out=out)
    assert out.getvalue().count("Downloading http://127.0.0.1") == 4
    assert "MNIST: 275 training, 25 validation and 100 test images" in out.getvalue()
    assert len(result.reports) == 1
    out = io.StringIO()
    mnist.main(args, out=out)
    assert out.getvalue().count("cached, checksum ok") == 4 and len(server.requests) == 4
    monkeypatch.setattr(mnist, "MNIST_MD5", {"t10k-labels-idx1-ubyte.gz": "0" * 32})
    with pytest.raises(SystemExit, match="^error: could not download t10k-labels-idx1-ubyte.gz"):
        mnist.main(args + ["--cache-dir", str(tmp_path / "other")], out=io.StringIO())


def test_the_default_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("WENGERT_CACHE", str(tmp_path))
    assert mnist.default_cache_dir() == tmp_path / "mnist"
    monkeypatch.delenv("WENGERT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert mnist.default_cache_dir() == tmp_path / "xdg" / "wengert" / "mnist"


# -- --plot --------------------------------------------------------------------------------------

def test_plot_without_matplotlib_says_how_to_install_it_before_training(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    out = io.StringIO()
    with pytest.raises(SystemExit, match=r'--plot needs matplotlib.*pip install "wengert\[plot\]"'):
        mnist.main(["--plot", str(tmp_path / "e.png")], out=out)
    assert out.getvalue() == "" and not (tmp_path / "e.png").exists()


def test_plot_writes_the_error_curves(tmp_path):
    pytest.importorskip("matplotlib")
    out = io.StringIO()
    mnist.main(["--train-points", "200", "--validation-points", "50", "--epochs", "2",
                "--report-every", "100", "--plot", str(tmp_path / "e.png")], out=out)
    assert (tmp_path / "e.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"Wrote the error curves to {tmp_path / 'e.png'}." in out.getvalue()


def test_blas_threads_are_limited_while_training_and_restored():
    setters = mnist._openblas_setters()
    if setters is None:
        pytest.skip("NumPy does not use a bundled OpenBLAS here")
    get, _ = setters
    before = get()
    with mnist.limit_blas_threads(1):
        assert get() == 1
    assert get() == before


def test_ctrl_c_stops_training_cleanly_and_prints_the_scores_so_far():
    import signal
    import subprocess
    # Ctrl-C as from a terminal: a process inherits an ignored SIGINT from its parent (a
    # long test session may have left it so), and Python then never raises KeyboardInterrupt.
    # The child puts Python's own handler back before running the example.
    run_example = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                   "runpy.run_module('wengert.examples.mnist', run_name='__main__')")
    args = [sys.executable, "-u", "-c", run_example, "--train-points", "2000",
            "--validation-points", "200", "--report-every", "200", "--epochs", "1000",
            "--no-progress"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while "(Batch 2)" not in lines:  # training is under way: two reports printed
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line.strip())
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # a failure above: end the child and close its pipes here, so
            proc.kill()          # that no later test meets its ResourceWarnings
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    match = re.search(r"Interrupted \(Ctrl-C\) after (\d+) training points; the scores so far:\n"
                      r"Test accuracy: \d+\.\d\d% \(on the 1000 test points of MNIST, used neither "
                      r"to train nor to validate\)\nWall time: [\d.]+ s\n$", rest)
    assert match, rest
    assert int(match.group(1)) >= 400 and int(match.group(1)) % 200 == 0


def test_the_readme_lists_every_option():
    from pathlib import Path
    readme = Path(__file__).resolve().parents[1] / "README.md"
    if not readme.exists():
        pytest.skip("needs the source tree's README.md")
    text = readme.read_text(encoding="utf-8")
    options = [o for action in mnist._parser()._actions for o in action.option_strings
               if o.startswith("--") and o != "--help"]
    assert len(options) >= 16
    assert [o for o in options if f"`{o}" not in text] == []
