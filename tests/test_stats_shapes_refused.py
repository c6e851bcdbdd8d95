"""gamma, invgamma, chi2 and beta refuse a shape that is not positive, as the other distributions do.

They computed a number there, and its derivatives, where SciPy gives NaN: gamma.logpdf(0.3, -0.5)
was 0.2404, invgamma.logpdf(1e-3, -0.5) -997.8, gamma.logcdf(1e-3, -0.5) 2.88.
"""
import sys

import numpy as np
import pytest

import wengert as wg

st = pytest.importorskip("wengert.scipy.stats")

CALLS = [
    ("gamma.logpdf", lambda: st.gamma.logpdf(0.3, -0.5)),
    ("gamma.logcdf", lambda: st.gamma.logcdf(1e-3, -0.5)),
    ("gamma.ppf", lambda: st.gamma.ppf(0.3, a=-2.0)),
    ("gamma.entropy", lambda: st.gamma.entropy(0.0)),
    ("invgamma.logpdf", lambda: st.invgamma.logpdf(1e-3, -0.5)),
    ("invgamma.sf", lambda: st.invgamma.sf(2.0, np.array([1.0, -1.0]))),
    ("chi2.pdf", lambda: st.chi2.pdf(1.0, 0.0)),
    ("chi2.isf", lambda: st.chi2.isf(0.1, -3.0)),
    ("beta.cdf", lambda: st.beta.cdf(0.3, 2.0, -1.0)),
    ("beta.logpdf", lambda: st.beta.logpdf(0.3, -2.0, 1.0)),
    ("beta.entropy", lambda: st.beta.entropy(2.0, b=-1.0)),
]


@pytest.mark.parametrize("name, call", CALLS, ids=[c[0] for c in CALLS])
def test_nonpositive_shape_is_refused(name, call):
    with pytest.raises(ValueError, match=f"{name}: the shape parameters must be positive"):
        call()


def test_refused_inside_a_gradient_too():
    with pytest.raises(ValueError, match="gamma.logpdf: the shape parameters must be positive"):
        wg.grad(lambda a: st.gamma.logpdf(0.3, a))(-0.5)


def test_positive_shapes_unchanged():
    scipy_stats = pytest.importorskip("scipy.stats")
    assert st.gamma.logpdf(0.3, 2.0) == scipy_stats.gamma.logpdf(0.3, 2.0)
    assert st.beta.ppf(0.3, 2.0, 3.0) == pytest.approx(scipy_stats.beta.ppf(0.3, 2.0, 3.0), rel=1e-15)
    assert wg.grad(lambda a: st.gamma.logpdf(0.3, a))(2.0) == pytest.approx(-1.6267571394244031, rel=1e-15)


def _methods():
    import inspect
    for cls, shapes in ((st.gamma, ("a",)), (st.invgamma, ("a",)), (st.chi2, ("df",)), (st.beta, ("a", "b"))):
        for name, member in sorted(vars(cls).items()):
            if not name.startswith("_") and isinstance(member, staticmethod):
                params = list(inspect.signature(member.__func__).parameters)
                for shape in shapes:
                    yield pytest.param(cls, name, params, shape, id=f"{cls.__name__}.{name}-{shape}")


@pytest.mark.parametrize("cls, name, params, bad", list(_methods()))
def test_every_method_checks_its_shapes_once(monkeypatch, cls, name, params, bad):
    """Every method refuses a non-positive shape, with one check per call (the moments and
    beta's entropy were checked twice: by the wrapper, then by their own check)."""
    from wengert.scipy.stats import _common
    calls = []
    check = _common._shapes_positive

    def counting(*args, **kwargs):
        calls.append(args[0])
        return check(*args, **kwargs)
    # (in every module of the package whose code reads it: each module has the name)
    for module in [m for n, m in sorted(sys.modules.items()) if n.startswith("wengert.scipy.stats.")]:
        if getattr(module, "_shapes_positive", None) is check:
            monkeypatch.setattr(module, "_shapes_positive", counting)
    first = [] if params[0] in ("a", "df") else [2] if params[0] == "order" else [0.5]  # x, q, confidence or a moment's order
    shapes = {p: (-1.0 if p == bad else 2.0) for p in params if p in ("a", "b", "df")}
    with pytest.raises(ValueError, match=rf"{cls.__name__}\.{name}: the shape parameters must be positive \({bad} is not"):
        getattr(cls, name)(*first, **shapes)
    assert calls == [f"{cls.__name__}.{name}"]
    calls.clear()
    getattr(cls, name)(*first, *(2.0 for _ in shapes))  # positional, positive: checked once too
    assert calls == [f"{cls.__name__}.{name}"]
