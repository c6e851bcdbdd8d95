"""SciPy functions: ``scipy.signal``'s ``stft``, ``istft``, ``csd`` and ``welch`` (every boundary,
detrend, scaling, side and average; real and complex signals).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.signal as ss  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, crand, gradient_test, listing_test, rand  # noqa: E402

SIGNAL = ("stft", "istft", "csd", "welch")

SIG, SIG_Y = rand((29,), seed=180), rand((25,), seed=181)
SIG_2D = rand((2, 21), seed=182)
SIG_COMPLEX = crand((21,), seed=183)


def _power(z):
    """|z|^2 written without abs (whose kink at 0 has no second derivative)."""
    return np.real(z) ** 2 + np.imag(z) ** 2


def _spectrum(kwargs):
    return lambda x: _power(wss.stft(x, **kwargs)[2])


def _inverse(kwargs, stft_kwargs):
    return lambda x: wss.istft(wss.stft(x, **stft_kwargs)[2], **kwargs)[1]


STFT_OPTIONS = [{"nperseg": 8}, {"nperseg": 8, "noverlap": 3}, {"nperseg": 7, "nfft": 10},
                {"nperseg": 8, "boundary": "even"}, {"nperseg": 8, "boundary": "odd"},
                {"nperseg": 8, "boundary": "constant"}, {"nperseg": 8, "boundary": None, "padded": False},
                {"nperseg": 8, "detrend": "linear"}, {"nperseg": 8, "scaling": "psd", "fs": 3.0},
                {"nperseg": 8, "return_onesided": False}, {"window": "hamming", "nperseg": 9},
                {"window": np.hanning(6), "nperseg": 6}, {"nperseg": 1, "noverlap": 0}]
WELCH_OPTIONS = [{"nperseg": 8}, {"nperseg": 8, "noverlap": 2}, {"nperseg": 7, "nfft": 9},
                 {"nperseg": 8, "detrend": "linear"}, {"nperseg": 8, "detrend": False},
                 {"nperseg": 8, "scaling": "spectrum"}, {"nperseg": 8, "return_onesided": False},
                 {"nperseg": 8, "average": "median"}, {"nperseg": 6, "average": "median", "nfft": 11},
                 {"nperseg": 29}]

CASES = [
    # -- stft (linear: squared magnitudes), istft of it (linear), welch (quadratic), csd (bilinear)
    *[case(wss.stft, _spectrum(kw), SIG, id=f"stft-{k}") for k, kw in enumerate(STFT_OPTIONS)],
    case(wss.stft, lambda x: _power(wss.stft(x, nperseg=8, axis=0)[2]), SIG_2D.T, id="stft-axis0"),
    case(wss.istft, _inverse({"nperseg": 8}, {"nperseg": 8}), SIG, id="istft"),
    case(wss.istft, _inverse({"nperseg": 8, "noverlap": 5}, {"nperseg": 8, "noverlap": 5}), SIG, id="istft-noverlap"),
    case(wss.istft, _inverse({"nperseg": 7, "nfft": 10, "scaling": "psd"}, {"nperseg": 7, "nfft": 10, "scaling": "psd"}),
         SIG, id="istft-nfft-psd"),
    case(wss.istft, _inverse({"nperseg": 8, "input_onesided": False}, {"nperseg": 8, "return_onesided": False}),
         SIG, id="istft-twosided"),
    case(wss.istft, lambda z: wss.istft(z, nperseg=8, freq_axis=0, time_axis=2)[1],
         np.moveaxis(ss.stft(SIG_2D, nperseg=8)[2], 1, 0), id="istft-axes"),
    *[case(wss.welch, lambda x, kw=kw: wss.welch(x, **kw)[1], SIG, id=f"welch-{k}") for k, kw in enumerate(WELCH_OPTIONS)],
    case(wss.welch, lambda x: wss.welch(x, nperseg=8, axis=-1)[1], SIG_2D, id="welch-2d"),
    *[case(wss.csd, lambda x, y, kw=kw: _power(wss.csd(x, y, **kw)[1]), SIG, SIG_Y, id=f"csd-{k}")
      for k, kw in enumerate(WELCH_OPTIONS[:8])],
    case(wss.csd, lambda x, y: _power(wss.csd(x, y, nperseg=8, return_onesided=False)[1]), SIG_COMPLEX, SIG_COMPLEX[::-1],
         id="csd-complex"),
    case(wss.welch, lambda x: wss.welch(x, nperseg=8, return_onesided=False)[1], SIG_COMPLEX, id="welch-complex"),
    case(wss.stft, lambda x: _power(wss.stft(x, nperseg=8, return_onesided=False)[2]), SIG_COMPLEX, id="stft-complex"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test([f"signal.{n}" for n in SIGNAL],
                                                           [getattr(wss, n) for n in SIGNAL], CASES)


# -- stft, istft, csd, welch: SciPy's values ---------------------------------------------------------

def _outputs_with_vars(f, *args):
    """Every output of ``f(*args)``, computed with Vars (wengert's formula)."""
    box = {}

    def record(*traced):
        out = f(*traced)
        box["value"] = tuple(np.asarray(wg.stop_gradient(o)) for o in out)
        return np.sum(_power(out[-1]))
    wg.grad_bp(record, *args)
    return box["value"]


def _same(ours, theirs):
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.shape == t.shape
        np.testing.assert_allclose(o, t, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("kwargs", STFT_OPTIONS, ids=repr)
def test_stft_and_istft_are_scipys(kwargs):
    _same(_outputs_with_vars(lambda x: wss.stft(x, **kwargs), SIG), ss.stft(SIG, **kwargs))
    if kwargs.get("nperseg") == 1 or kwargs.get("padded") is False:
        return  # (not invertible: SciPy's NOLA warning)
    back = {k: v for k, v in kwargs.items() if k not in ("boundary", "padded", "detrend", "return_onesided")}
    back["input_onesided"] = kwargs.get("return_onesided", True)
    z = ss.stft(SIG, **kwargs)[2]
    _same(_outputs_with_vars(lambda z: wss.istft(z, **back), z), ss.istft(z, **back))


@pytest.mark.parametrize("axes", [(-2, -1), (1, 2), (2, 1), (0, 2)])
def test_istft_axes_and_stft_axis_are_scipys(axes):
    z = np.moveaxis(ss.stft(SIG_2D, nperseg=8)[2], (1, 2), axes)
    kw = {"nperseg": 8, "freq_axis": axes[0], "time_axis": axes[1]}
    _same(_outputs_with_vars(lambda z: wss.istft(z, **kw), z), ss.istft(z, **kw))
    _same(_outputs_with_vars(lambda x: wss.stft(x, nperseg=8, axis=0), SIG_2D.T), ss.stft(SIG_2D.T, nperseg=8, axis=0))


@pytest.mark.parametrize("kwargs", WELCH_OPTIONS, ids=repr)
def test_welch_and_csd_are_scipys(kwargs):
    _same(_outputs_with_vars(lambda x: wss.welch(x, **kwargs), SIG), ss.welch(SIG, **kwargs))
    _same(_outputs_with_vars(lambda x, y: wss.csd(x, y, **kwargs), SIG, SIG_Y), ss.csd(SIG, SIG_Y, **kwargs))
    _same(_outputs_with_vars(lambda x: wss.welch(x, axis=0, **kwargs), np.tile(SIG, (2, 1)).T),
          ss.welch(np.tile(SIG, (2, 1)).T, axis=0, **kwargs))


def test_spectral_functions_of_complex_signals_are_scipys():
    with pytest.warns(UserWarning, match="switching to return_onesided=False"):
        ours = _outputs_with_vars(lambda x: wss.stft(x, nperseg=8), SIG_COMPLEX)
    with pytest.warns(UserWarning, match="switching to return_onesided=False"):
        theirs = ss.stft(SIG_COMPLEX, nperseg=8)
    _same(ours, theirs)
    _same(_outputs_with_vars(lambda x, y: wss.csd(x, y, nperseg=8, return_onesided=False), SIG_COMPLEX, SIG_COMPLEX[::-1]),
          ss.csd(SIG_COMPLEX, SIG_COMPLEX[::-1], nperseg=8, return_onesided=False))


def test_spectral_functions_refuse_what_scipy_refuses():
    with pytest.raises(ValueError, match="noverlap must be less than nperseg"):
        wg.grad_bp(lambda x: np.sum(wss.welch(x, nperseg=4, noverlap=4)[1]), SIG)
    with pytest.raises(ValueError, match="nfft must be greater"):
        wg.grad_bp(lambda x: np.sum(_power(wss.stft(x, nperseg=8, nfft=4)[2])), SIG)
    with pytest.raises(ValueError, match="average"):
        wg.grad_bp(lambda x: np.sum(wss.welch(x, nperseg=8, average="mode")[1]), SIG)
    with pytest.raises(ValueError, match="Unknown boundary"):
        wg.grad_bp(lambda x: np.sum(_power(wss.stft(x, nperseg=8, boundary="wrap")[2])), SIG)
    with pytest.raises(ValueError, match="at least 2d"):
        wg.grad_bp(lambda z: np.sum(wss.istft(z)[1]), SIG)
    with pytest.warns(UserWarning, match="nperseg = 256 is greater than input length"):
        f, p = wss.welch(SIG, nperseg=256)
    assert p.shape == (15,)
