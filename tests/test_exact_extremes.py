"""Derivatives at extreme magnitudes, where an intermediate of a rule overflowed, underflowed
or cancelled although the true derivative is an ordinary number (``tools/probe_extremes.py``
finds them; the values here are mpmath's at 50 digits).

Each was silently wrong before: ``arcsinh'(1e200)`` was 0 (``x * x`` overflowed, the truth
is 1e-200), complex ``arcsin``/``arcsinh`` at ``1e200 + 1e200j`` NaN, ``arctan2``'s partials
0 or inf where ``x * x + y * y`` left the double range, ``expm1'(-30)`` 2e-4 off and
``logistic'(30)`` 1e-3 off (``ans + 1``, ``1 - ans`` cancel), ``tanh'(10)`` 3e-8 off and
``tanh'(30)`` 0 (``1 - ans * ans``), ``logistic''(1e-20)`` 0 (the truth -1.25e-21), ``arcsin'`` and ``arctanh'`` at
``1 - 1e-10`` 3e-7 and 5e-7 off (``1 - x * x`` cancels), ``dawsn'(1e300)`` 1.1e-16 (the
truth -5e-601) and ``dawsn''`` there -2.2e284, ``log_ndtr''(-1e20)`` 1e20 (the truth -1).
Every derivative is taken on every
path: reverse and forward mode, first and second order, a Python float (the scalar fast
path where there is one) and a one-element array.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
import wengert.scipy  # noqa: F401  (the rules of scipy.special)


def _first(f, x):
    """name -> f'(x) on every first-order path."""
    one = 1.0 if isinstance(x, float) else complex(1.0, 0.0)
    a, ones = np.array([x]), np.array([one])
    out = {"jvp, float": wg.jvp(f, (x,), (one,))[1], "jvp, array": wg.jvp(f, (a,), (ones,))[1][0],
           "vjp, array": wg.vjp(f, a)[1](ones)[0][0]}
    if isinstance(x, float):
        out["grad, float"] = wg.grad(f)(x)
        out["grad, array"] = wg.grad(lambda v: np.sum(f(v)))(a)[0]
    else:
        out["vjp, complex"] = wg.vjp(f, x)[1](one)[0]
    return out


def _second(f, x):
    """name -> f''(x) on every second-order path (real x)."""
    a = np.array([x])
    return {"reverse over reverse": wg.grad(wg.grad(f))(x),
            "forward over reverse": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
            "forward over forward": wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (x,), (1.0,))[1],
            "hessian of an array": wg.hessian(lambda v: np.sum(f(v)))(a)[0, 0],
            "hvp of an array": wg.hvp(lambda v: np.sum(f(v)), a, np.ones(1))[0]}


def _second_complex(f, z):
    one = complex(1.0, 0.0)
    d = lambda t: wg.vjp(f, t)[1](one)[0]  # noqa: E731
    return {"forward over reverse": wg.jvp(d, (z,), (one,))[1],
            "forward over forward": wg.jvp(lambda t: wg.jvp(f, (t,), (one,))[1], (z,), (one,))[1]}


def _assert_all(got, want, rtol):
    for path, value in got.items():
        value = complex(np.asarray(value))
        assert abs(value - want) <= rtol * abs(want) + 1e-323, (path, value, want)


def assert_derivatives(f, x, first, second, rtol):
    """``f'(x)`` and ``f''(x)`` (None: not checked) on every path, to ``rtol`` of the truth."""
    with np.errstate(over="ignore", under="ignore"):
        _assert_all(_first(f, x), first, rtol)
        if second is not None:
            _assert_all(_second(f, x), second, rtol)


def logistic(x):
    return wg.logistic(x)


#: (function, x, f'(x), f''(x) (None: not checked), relative tolerance), the truths from mpmath
CASES = [
    (np.arcsinh, 1e200, 1e-200, 0.0, 1e-13),  # was 0.0 (x * x overflowed)
    (np.arcsinh, -1e300, 1e-300, 0.0, 1e-13),  # was 0.0
    (np.arcsinh, 1e150, 1e-150, -1e-300, 1e-13),  # second derivative was 0.0
    (wg.arcsinh, 1e200, 1e-200, 0.0, 1e-13),  # the scalar fast path: was 0.0
    (wg.arcsinh, 1e150, 1e-150, -1e-300, 1e-13),
    (np.arcsinh, 0.7, 1.0 / np.sqrt(1.49), -0.7 / 1.49 ** 1.5, 1e-15),  # an ordinary point
    (np.arcsin, 1.0 - 1e-10, 70710.67519510884, 353553346704731.44, 1e-13),  # was 3e-7 off
    (np.arccos, 1.0 - 1e-10, -70710.67519510884, -353553346704731.44, 1e-13),
    (np.arctanh, 1.0 - 1e-10, 4999999586.54818, 4.999999172596393e+19, 1e-13),  # was 5e-7 off
    (np.arctan, 1e155, 1e-310, 0.0, 1e-4),  # was 0.0 (a subnormal truth: its precision)
    (np.expm1, -30.0, 9.357622968840175e-14, 9.357622968840175e-14, 1e-14),  # was 9.3592e-14
    (logistic, 30.0, 9.357622968838423e-14, -9.357622968836672e-14, 1e-13),  # was 9.3481e-14
    (logistic, 40.0, 4.248354255291589e-18, -4.248354255291589e-18, 1e-13),  # was 0.0
    (scipy.special.expit, 30.0, 9.357622968838423e-14, -9.357622968836672e-14, 1e-13),
    (scipy.special.expit, 40.0, 4.248354255291589e-18, -4.248354255291589e-18, 1e-13),
    (logistic, -40.0, 4.248354255291589e-18, 4.248354255291589e-18, 1e-13),
    (logistic, 1e-20, 0.25, -1.25e-21, 1e-13),  # second derivative was 0.0 (1 - 2 ans cancels)
    (logistic, 1e-8, 0.25, -1.25e-09, 1e-13),  # was 6e-9 off
    (scipy.special.expit, 1e-20, 0.25, -1.25e-21, 1e-13),
    # tanh' = 1 - ans * ans cancels as ans nears 1
    (np.tanh, 10.0, 8.244614455767397e-09, -1.6489228843561127e-08, 1e-13),  # was 3e-8 off
    (wg.tanh, 30.0, 3.502604305078608e-26, -7.005208610157216e-26, 1e-13),  # was 0.0 and 0.0
    (np.tanh, 30.0, 3.502604305078608e-26, -7.005208610157216e-26, 1e-13),
    (wg.tanh, 1e-20, 1.0, -2e-20, 1e-13),  # (exact at tiny x, as it was)
    # each side of the floats' shortcut (1 - ans * ans where |ans| < 0.8: |x| < 1.0986)
    (wg.tanh, 1.0986, 0.36000707832284609, -0.57600813999983736, 1e-15),
    (wg.tanh, -1.1, 0.35920131616027489, 0.57508060440286144, 1e-15),
    (np.tanh, 20.0, 1.6993417021166356e-17, -3.3986834042332711e-17, 1e-13),  # was 0.0
    # each side of the floats' shortcut (ans * (1 - ans) where x < 0.75) and the far tails
    (logistic, 0.75, 0.21789499376181403, -0.078084283078144409, 1e-15),
    (logistic, -20.0, 2.0611536139418493e-9, 2.0611536054451409e-9, 1e-13),
    (logistic, -745.0, 5e-324, 5e-324, 0.0),  # (the truth 2.8e-324, rounded)
    (logistic, 1e-300, 0.25, -1.25e-301, 1e-13),
    (logistic, -1e-300, 0.25, 1.25e-301, 1e-13),
    # 1 - 2 x dawsn(x) and 2 x erfcx(x) - 2 / sqrt(pi) cancel: their asymptotic series
    (scipy.special.dawsn, 1e8, -5.0000000000000005e-17, 1.0000000000000003e-24, 1e-13),  # was 0.0, -1e-8
    (scipy.special.dawsn, 1e300, 0.0, 0.0, 0.0),  # truth -5e-601: was 1.1e-16, and -2.2e284
    (scipy.special.dawsn, -30.0, -0.000556484063550548, -3.716101091452277e-05, 1e-13),  # was 2e-12 off
    (scipy.special.erfcx, 1e8, -5.641895835477562e-17, 1.1283791670955122e-24, 1e-13),  # was 0.0, 1.1e-8
    (scipy.special.erfcx, 30.0, -0.0006258354105074841, 4.165309238445888e-05, 1e-13),
    # from 2 to 10 the difference 1 - sqrt(pi) x erfcx(x) from erfc's continued fraction: the closed form's second
    # derivative was (2 x^2)^2 ulps off (1.7e-12 at 9.6)
    (scipy.special.erfcx, 5.0, -0.02133278976482631, 0.008081377817874151, 1e-15),
    (scipy.special.erfcx, 9.6, -0.006024814291103017, 0.001235477361281402, 1e-15),  # was 1.7e-12 off
    (scipy.special.erfcx, 9.99, -0.0055702857724733235, 0.0010989716797006395, 1e-15),
    (scipy.special.erfcx, 2.0, -0.1067964618534896, 0.0836055052070531, 2e-15),  # each side of the switch
    (scipy.special.erfcx, 1.999, -0.10688011376238205, 0.08369833435915235, 1e-14),  # (the closed form's 64 ulps)
    # log_ndtr' = pdf / cdf, a difference of two numbers near -x^2 / 2 in the left tail
    (scipy.special.log_ndtr, -1e20, 1e20, -1.0, 1e-13),  # second derivative was 1e20
    (scipy.special.log_ndtr, -1e150, 1e150, -1.0, 1e-13),  # was inf, and NaN
    (scipy.special.log_ndtr, 30.0, 1.4736461348785476e-196, -4.420938404635642e-195, 1e-12),
    # sinc' = (cos(pi x) - sinc(x)) / x with pi x rounded (pi |x| eps): 6x off at 1e8 (second
    # derivative), a random number from 1e16 on (-4.3e-301 for 1e-300 at 1e300)
    (np.sinc, 1e8, 1e-8, -2e-16, 1e-13),
    (np.sinc, 100000001.0, -9.999999900000001e-09, 1.9999999600000006e-16, 1e-13),
    (np.sinc, 100000000.5, -3.1830988300069183e-17, -3.14159263788183e-08, 1e-13),
    (np.sinc, 4503599627370497.0, -2.2204460492503126e-16, 9.8607613152626432e-32, 1e-13),
    (np.sinc, 1e20, 1e-20, -2e-40, 1e-13),
    (np.sinc, 1e300, 1e-300, 0.0, 1e-13),  # the second derivative's truth -2e-600 is below the doubles
]


def _label(f, x):
    module = "wg." if f in (wg.arcsinh, wg.tanh, logistic) else "np." if f is getattr(np, f.__name__, None) else "special."
    return f"{module}{f.__name__}({x})"


@pytest.mark.parametrize("f, x, first, second, rtol", CASES, ids=[_label(*c[:2]) for c in CASES])
def test_real_derivatives_at_extreme_magnitudes(f, x, first, second, rtol):
    assert_derivatives(f, x, first, second, rtol)


#: (function, z, f'(z), f''(z), relative tolerance), the truths from mpmath
COMPLEX_CASES = [
    (np.arcsinh, 1e200 + 1e200j, 5e-201 - 5e-201j, 0j, 1e-13),  # was NaN
    (np.arcsin, 1e200 + 1e200j, 5e-201 + 5e-201j, 0j, 1e-13),  # was NaN
    (np.arccos, 1e200 + 1e200j, -5e-201 - 5e-201j, 0j, 1e-13),  # was NaN
    (np.arcsin, 3 - 1e155j, 1e-155 - 3e-310j, -1e-310j, 1e-13),  # was 0
    (np.arctan, 1e200 + 1e200j, 0j, 0j, 0.0),  # truth 5e-401j, below the doubles: was NaN
    (np.arctanh, 1e200 + 1e200j, 0j, 0j, 0.0),  # was NaN
    (np.arctanh, 0.5 + 1e60j, 1e-120 + 1e-180j, -3e-240 + 2e-180j, 1e-13),
    # dawsn's asymptotic series holds near the real axis only: was 0.0038 + 0.0025j
    (scipy.special.dawsn, 3 + 10j, -5.062449507840358e+40 + 3.4723066784838844e+40j,
     1.0000005738975945e+42 + 8.097516306859977e+41j, 1e-12),
    (np.tanh, 1e155 + 1j, 0j, 0j, 0.0),  # truth below the doubles (NaN in the making, kept 0)
    (np.tanh, 0.5 + 0.5j, 0.8449425563546417 - 0.4556623625229433j, -1.3213165288461186 - 0.16847569329597914j,
     1e-14),
    # 1 - ans * ans cancels in the tails of complex x too (0 from |Re x| ~ 19 on)
    (np.tanh, 20 + 1j, -7.071756735484742e-18 - 1.545207037032231e-17j,
     1.4143513470969485e-17 + 3.090414074064462e-17j, 1e-13),
    (np.tanh, -20 + 1j, -7.071756735484742e-18 + 1.545207037032231e-17j,
     -1.4143513470969485e-17 + 3.090414074064462e-17j, 1e-13),
    (logistic, 30 + 1j, 5.0559452675097424e-14 - 7.874168215049342e-14j,
     -5.055945267510471e-14 + 7.874168215047749e-14j, 1e-12),
    (logistic, -30 + 1j, 5.0559452675097424e-14 + 7.874168215049342e-14j,
     5.055945267510471e-14 + 7.874168215047749e-14j, 1e-12),
    (np.sinc, 1e300 - 1e-300j, 1e-300 + 0j, 0j, 1e-13),  # was -4.3e-301
    (np.sinc, 1e155 + 1j, 1.159195327552152e-154 - 1.52680311858965e-309j,
     -5.946534127402727e-309 - 3.6281434722984255e-154j, 1e-13),  # was -5.4e-155 - 1.0e-154j
]


@pytest.mark.parametrize("f, z, first, second, rtol", COMPLEX_CASES,
                         ids=[f"{c[0].__name__}({c[1]})" for c in COMPLEX_CASES])
def test_complex_derivatives_at_extreme_magnitudes(f, z, first, second, rtol):
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        _assert_all(_first(f, z), first, rtol)
        _assert_all(_second_complex(f, z), second, rtol)


@pytest.mark.parametrize("y, x, dy, dx", [
    (1.0, 1e300, 1e-300, -1e-300 * 1e-300),  # d/dy was 0.0 (x * x + y * y overflowed)
    (1e-300, 1e-300, 5e299, -5e299),  # was inf and -inf (it underflowed)
    (3.0, 4.0, 4.0 / 25.0, -3.0 / 25.0),
])
def test_arctan2_partials_without_overflow(y, x, dy, dx):
    with np.errstate(over="ignore", under="ignore"):
        for argnum, want in ((0, dy), (1, dx)):
            got = {"grad, float": wg.grad(np.arctan2, argnum)(y, x),
                   "grad, array": wg.grad(lambda a, b: np.sum(np.arctan2(a, b)), argnum)(np.array([y]), np.array([x]))[0],
                   "jvp": wg.jvp(lambda t: np.arctan2(t, x) if argnum == 0 else np.arctan2(y, t),
                                 ((y, x)[argnum],), (1.0,))[1]}
            _assert_all(got, want, 1e-15)


def test_the_second_derivative_of_arctan2_is_finite_at_tiny_points():
    # d2/dy2 arctan2(y, x) = -2 x y / (x^2 + y^2)^2: -0.5e600 at (1e-300, 1e-300), out of
    # range (inf is right); at (1e-200, 1e-100), -2e-300 / 1e-400 = -2e100
    with np.errstate(over="ignore", under="ignore"):
        got = wg.grad(wg.grad(np.arctan2))(1e-200, 1e-100)
    assert got == pytest.approx(-2e100, rel=1e-13, abs=0)


def test_sinc_second_derivative_is_finite_far_out():
    # sinc's rule computed its series near 0 at every point: x^12 overflowed from |x| = 1e25 on
    # and reverse over reverse gave NaN (0 * inf through where); forward over reverse did not
    for x in (1e26, 1e150, -1e300):
        with np.errstate(over="ignore", invalid="ignore"):
            rr = wg.grad(wg.grad(np.sinc))(x)
            fr = wg.jvp(wg.grad(np.sinc), (x,), (1.0,))[1]
        assert np.isfinite(rr) and rr == pytest.approx(fr, rel=1e-12, abs=0), (x, rr, fr)
    assert wg.grad(wg.grad(np.sinc))(0.0) == pytest.approx(-np.pi ** 2 / 3, rel=1e-15, abs=0)


def test_logistic_of_float_arrays_where_exp_overflows_and_its_pullback():
    # wnp.logistic's in-place 1 / (1 + exp(-x)) was 0 from x = -709.8 on (exp overflowed),
    # where the truth is the subnormal exp(x); its pullback reads the forward's exp(-x)
    # (no second exp), scipy.special.expit's computes it: the same numbers
    import wengert.numpy as wnp
    x = np.array([-800.0, -720.0, -40.0, -1e-300, 0.0, 1e-300, 3.0, 40.0, 745.0])
    value = [0.0, 2.0322308024e-313, 4.248354255291589e-18, 0.5, 0.5, 0.5, 0.9525741268224333, 1.0, 1.0]
    first = [0.0, 2.0322308024e-313, 4.248354255291589e-18, 0.25, 0.25, 0.25, 0.04517665973091213,
             4.248354255291589e-18, 5e-324]
    for f in (wnp.logistic, scipy.special.expit):
        if f is scipy.special.expit:  # (SciPy's own value is 0 at -720)
            x, value, first = x[2:], value[2:], first[2:]
        ones = np.ones_like(x)
        np.testing.assert_allclose(f(x), value, rtol=1e-15, atol=1e-323)
        for path, got in (("grad", wg.grad(lambda v: np.sum(f(v)))(x)), ("vjp", wg.vjp(f, x)[1](ones)[0]),
                          ("jvp", wg.jvp(f, (x,), (ones,))[1])):
            np.testing.assert_allclose(got, first, rtol=4e-16, atol=1e-323, err_msg=f"{f.__name__} {path}")


def test_the_exp_logistic_keeps_for_its_pullback_only_where_a_pullback_may_read_it():
    # logistic_array keeps exp(-x) beside its result while a tape records (and while a
    # wengert.jit replay stages pullbacks: test_jit), and it goes with its result; a plain
    # call keeps nothing (it kept every result's exp alive, an array of its size each).
    # The entries made here are told from earlier tests' by their weak references (held in
    # `before`, so no new one takes their identity), not by the table's length: an earlier
    # test's garbage holding a kept exp, collected by a gc pass inside this test, took its
    # entry out (the length one short, at 12 of 133 gc thresholds)
    from wengert.ops import elementwise
    before = [ref for ref, _, _ in list(elementwise._SAVED_EXP.values())]

    def made_here():
        return [(ref(), e) for ref, e, _ in list(elementwise._SAVED_EXP.values())
                if not any(ref is old for old in before)]
    x = np.array([1.0, -2.0])
    plain = elementwise.logistic_array(x)
    assert elementwise.saved_exp(plain) is None and made_here() == []
    kept = []

    def f(v):
        ans = elementwise.logistic_array(x)  # (a plain call while the tape records)
        kept.append((ans, elementwise.saved_exp(ans)))
        return np.sum(wg.logistic(v))
    assert np.array_equal(wg.grad(f)(x), plain * np.exp(-x) * plain)
    ans, e = kept.pop()
    np.testing.assert_array_equal(e, np.exp(-x))
    np.testing.assert_array_equal(ans, plain)
    assert elementwise.saved_exp(ans.copy()) is None and elementwise.saved_exp(x) is None
    (entry,) = made_here()  # (one entry: ans's, holding e)
    assert entry[0] is ans and entry[1] is e
    del ans, e, entry
    assert made_here() == []


def test_logistics_pullback_writes_into_its_saved_exp_and_then_computes_it_anew():
    # The pullback uses up the exp(-x) logistic_array kept (its product with ans written into
    # it, and g times that in place by NumPy's elision of temporaries: no new array of its
    # size); called again it finds none and computes exp(-x) afresh, the same bits. At batch
    # 128 the array it made put a replay's heap over glibc's trim threshold (840 page faults
    # a call).
    import tracemalloc
    x = np.linspace(-40.0, 40.0, 50_000)
    x[:3] = [-800.0, 0.0, 1e-20]
    ans, pullback = wg.vjp(wg.logistic, x)
    g = np.ones_like(x)
    tracemalloc.start()
    first = pullback(g)[0]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 0.5 * x.nbytes, peak  # (one array of its size before)
    second = pullback(g)[0]
    np.testing.assert_array_equal(first, second)
    with np.errstate(over="ignore", invalid="ignore"):
        np.testing.assert_array_equal(first, ans * np.fmin(np.exp(-x) * ans, 1.0))
    assert first[0] == 0.0 and first[1] == 0.25 and first[2] == 0.25
    np.testing.assert_array_equal(pullback(2.0 * g)[0], 2.0 * first)


@pytest.mark.parametrize("dtype, low", [(np.float64, -709.8), (np.float32, -88.8), (np.float16, -11.1)])
def test_logistic_of_arrays_where_exp_overflows_at_any_length_and_stride(dtype, low):
    # Where exp(-x) overflows, logistic_array's value is exp(x), found by the floating-point
    # overflow flag of that exp (no pass over the result): at every length, position and
    # stride the vectorized loops take (their tails too), and in every float precision
    from wengert.ops.elementwise import logistic_array
    for n in range(1, 20):
        for k in range(n):
            base = np.linspace(-3.0, 3.0, 2 * n).astype(dtype)
            base[2 * k] = low - 2.0  # (exp(x) there: subnormal, not 0)
            for x in (base[::2], np.ascontiguousarray(base[::2]), base[:n]):
                got = logistic_array(x)
                assert got.dtype == dtype
                with np.errstate(over="ignore"):
                    expected = np.where(x < low, np.exp(x), 1.0 / (1.0 + np.exp(-x))).astype(dtype)
                np.testing.assert_array_equal(got, expected, err_msg=f"{dtype} n={n} k={k}")


def test_tanh_array_derivative_takes_the_shortcut_entry_by_entry():
    # The array rule computes 1 - ans^2 where |ans| < 0.8 and the exact form only on the
    # entries beyond (one array mixing both): each entry equals the scalar core's derivative.
    x = np.array([0.0, -0.3, 1.0986, 1.0987, -5.0, 19.2, 30.0, np.inf, np.nan])
    g = wg.grad(lambda v: np.sum(np.tanh(v)))(x)
    scalar = [wg.grad(wg.tanh)(float(v)) for v in x]
    np.testing.assert_array_equal(g, scalar)
    assert g[6] == pytest.approx(4.0 * np.exp(-60.0), rel=1e-14, abs=0)  # 1 - ans^2 would be 0


#: u f(u) with u = k v, k = 1e100, where f is flat (its partial below e^-8000: wengert.ops._util.flat_beyond) and
#: the product of the cotangent u and k overflows: the Hessian at v = +-1e200 was NaN (inf * 0) by jacrev(jacrev) and
#: jacrev(jacfwd) for tanh and logistic, on every second-order path for erf, erfc and ndtr; the truth 0 (e^-1e300 f's
#: polynomials). Beside them v = 3e-101 (u = 0.3): the closed forms there, from mpmath
FLAT_TAILS = {"tanh": (np.tanh, "tanh"), "wg.tanh": (wg.tanh, "tanh"), "logistic": (wg.logistic, "expit"),
              "expit": (scipy.special.expit, "expit"), "erf": (scipy.special.erf, "erf"),
              "erfc": (scipy.special.erfc, "erfc"), "ndtr": (scipy.special.ndtr, "ndtr")}


@pytest.mark.parametrize("name", list(FLAT_TAILS))
def test_hessian_of_u_times_a_flat_tail_with_an_overflowing_cotangent(name):
    mp = pytest.importorskip("mpmath")
    f, kind = FLAT_TAILS[name]
    k, v = 1e100, np.array([3e-101, 1e200, -1e200])
    with mp.workdps(50):
        g = {"tanh": mp.tanh, "expit": lambda u: 1 / (1 + mp.exp(-u)), "erf": mp.erf, "erfc": mp.erfc,
             "ndtr": mp.ncdf}[kind]
        near = float(mp.mpf(k) ** 2 * mp.diff(lambda u: u * g(u), mp.mpf(k * v[0]), 2))
    truth = np.diag([near, 0.0, 0.0])

    def F(v):
        return np.sum((k * v) * f(k * v))
    for outer in (wg.jacrev, wg.jacfwd):
        for inner in (wg.jacrev, wg.jacfwd):
            np.testing.assert_allclose(outer(inner(F))(v), truth, rtol=1e-14, atol=0, err_msg=f"{outer.__name__}({inner.__name__})")
    np.testing.assert_allclose(wg.jvp(wg.grad(F), (v,), (np.ones(3),))[1], np.diag(truth), rtol=1e-14, atol=0)
    for x in (1e200, -1e200):  # (Python floats: the scalar fast path's first order)
        assert wg.grad(wg.grad(lambda t: (k * t) * f(k * t)))(x) == 0.0
