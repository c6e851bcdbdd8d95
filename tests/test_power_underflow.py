"""Second (and third) derivatives of ``x ** y`` where ``x ** y`` underflows or overflows and its derivatives do not.

d/dy x**y = x**y log x was ``ans * log(x)``: its derivative in x through ``ans`` is ``y x**(y-1) log x + ans / x``,
and ``ans / x = x**(y-1)`` was lost with ``ans`` (0 at x = 1e-200, y = 2: the Hessian's mixed entry -9.2103e-198
for -9.2003e-198; inf at x = 1e200 for 9.22e202). Now ``wengert.power_log`` (``elementwise.power_log``), whose
derivatives are computed from x and y. Truths: closed forms in mpmath (50 digits).
"""
import operator
from fractions import Fraction

import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
import wengert.numpy as wnp
from wengert.ops import elementwise
from opcheck import lazy_mp as mp

POWERS = {"**": operator.pow, "np.power": np.power, "np.float_power": np.float_power}
PATHS = {"hessian": wg.hessian, "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f)),
         "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)), "jacrev(jacfwd)": lambda f: wg.jacrev(wg.jacfwd(f))}
TINY = 5e-324


def _hessian_truth(x, y):
    with mp.workdps(50):
        x, y = mp.mpf(x), mp.mpf(y)
        log_x = mp.log(x)
        dxdy = float(x ** (y - 1) * (1 + y * log_x))
        return np.array([[float(y * (y - 1) * x ** (y - 2)), dxdy], [dxdy, float(x ** y * log_x ** 2)]])


def _close(ours, truth, rtol):
    # relative, and within 4 of the smallest subnormal steps where the truth is subnormal or 0
    np.testing.assert_allclose(ours, truth, rtol=rtol, atol=4 * TINY)


@pytest.mark.parametrize("name", POWERS)
@pytest.mark.parametrize("x, y", [(1e-200, 2.0), (1e-170, 1.9)])
def test_hessian_where_the_power_underflows(name, x, y):
    # (1e-170, 1.9): x**y = 1e-323, d2/dy2 = x**y log(x)**2 = 1.532e-318 was 1.514e-318 (the subnormal x**y, 1.2%
    # off, times log(x)**2)
    power = POWERS[name]
    truth = _hessian_truth(x, y)
    for path, how in PATHS.items():
        ours = np.asarray(how(lambda p: power(p[0], p[1]))([x, y]), dtype=float)
        _close(ours, truth, 1e-13)


@pytest.mark.parametrize("name", ["np.power", "np.float_power"])
def test_hessian_where_the_power_overflows(name):
    # np.power(1e200, 2.0) is inf; its d2/dx dy, x**(y-1) (1 + y log x) = 9.22e202, was inf by jacrev(jacrev) (d/dx
    # of ans log x); d2/dy2 is inf (the truth 2.1e405). (A scalar Var's ** raises OverflowError there, as Python's.)
    power = POWERS[name]
    truth = _hessian_truth(1e200, 2.0)
    assert truth[1, 1] == np.inf
    for path, how in PATHS.items():
        # (jacrev(jacfwd): the inner tangent's 0 * inf along x, a traced product's value, which no entry reads)
        with np.errstate(over="ignore", invalid="ignore" if path == "jacrev(jacfwd)" else "warn"):
            ours = np.asarray(how(lambda p: power(p[0], p[1]))(np.array([1e200, 2.0])), dtype=float)
            np.testing.assert_allclose(ours[:, 0], truth[:, 0], rtol=1e-13)
            assert ours[0, 1] == pytest.approx(truth[0, 1], rel=1e-13, abs=0)
            assert ours[1, 1] == np.inf


def test_third_derivatives_where_the_power_underflows():
    # power_log's own derivatives: at (1e-200, 2) d3/dx2 dy = x**(y-2) ((y - 1) (1 + y log x) + y) = -918.03 and
    # d3/dx dy2 = x**(y-1) log x (2 + y log x) = 4.232e-195, through x**y = 1e-400 = 0 before
    x, y = 1e-200, 2.0
    with mp.workdps(50):
        X, Y = mp.mpf(x), mp.mpf(y)
        L = mp.log(X)
        dxxy = float(X ** (Y - 2) * ((Y - 1) * (1 + Y * L) + Y))
        dxyy = float(X ** (Y - 1) * L * (2 + Y * L))
    for how in (lambda f: wg.jacfwd(wg.hessian(f)), lambda f: wg.jacrev(wg.jacfwd(wg.grad(f)))):
        third = np.asarray(how(lambda p: p[0] ** p[1])([x, y]), dtype=float)
        for i, j, k in ((0, 0, 1), (0, 1, 0), (1, 0, 0)):
            assert third[i, j, k] == pytest.approx(dxxy, rel=1e-13, abs=0)
        for i, j, k in ((0, 1, 1), (1, 0, 1), (1, 1, 0)):
            assert third[i, j, k] == pytest.approx(dxyy, rel=1e-13, abs=0)


def test_power_log_values_near_the_underflow_and_overflow_thresholds():
    # x**y log(x)**n where x**y is subnormal, 0 or infinite and the product is a normal number: (x**(y/2) log(x)**n)
    # x**(y/2); ans * log(x) was 9.7e-321 for 1.67e-318 and inf for 9.7e299
    points = [(1e-170, 1.9, 1), (1e-170, 1.9, 2), (1e-300, 1.035, 1), (1.0 + 2.0 ** -40, 7.9e14, 1), (0.5, 3.0, 2)]
    for x, y, n in points:
        with mp.workdps(50):
            truth = float(mp.mpf(x) ** mp.mpf(y) * mp.log(mp.mpf(x)) ** n)
        assert elementwise.power_log(x, y, n) == pytest.approx(truth, rel=1e-14, abs=4 * TINY)
    ours = elementwise.power_log(np.array([p[0] for p in points]), np.array([p[1] for p in points]), 1)
    assert np.isfinite(ours).all() and ours[3] > 1e299


@pytest.mark.parametrize("x, y", [(1e-170, 1.9), (1e-160, 2.0)])
def test_first_derivative_in_the_exponent_where_the_power_is_subnormal(x, y):
    # d/dy x**y = x**y log x where x**y is subnormal: log(x) times the rounded x**y was -3.87e-321 for -3.914e-321 at
    # (1e-170, 1.9), 1.1e-5 off at (1e-160, 2.0); now within a subnormal step or two, from the core's scalar ** (Var
    # and Dual, x ** y and the constant's c ** y), its replay (wengert.jit) and np.power on arrays
    with mp.workdps(50):
        truth = float(mp.mpf(x) ** mp.mpf(y) * mp.log(mp.mpf(x)))
    power, power_of_x = wg.jit(lambda a, b: a ** b), wg.jit(lambda b: x ** b)
    replayed = [(wg.grad(power, 1)(x, y), wg.grad(power_of_x)(y)) for _ in range(3)][-1]
    assert power.stats["replays"] == 2 and power_of_x.stats["replays"] == 2
    for ours in (wg.grad(lambda p: p[0] ** p[1])([x, y])[1], wg.jacfwd(lambda p: p[0] ** p[1])([x, y])[1],
                 wg.grad(lambda v: x ** v)(y), wg.jacfwd(lambda v: x ** v)(y), *replayed,
                 wg.grad(lambda p: np.sum(np.power(p[:1], p[1:])))(np.array([x, y]))[1]):
        assert float(ours) == pytest.approx(truth, rel=1e-14, abs=2 * TINY)


def _special():
    pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional extra of wengert")
    from wengert.scipy import special
    return special


def test_powm1_and_boxcox_where_the_power_underflows():
    # powm1's d/dy was xlogy(x**y, x) and d/dx boxcox = base**(l-1)'s d/dl ans * log(base): their derivatives in x lost
    # x**y / x (base**(l-1) / base) with the underflowed power, -9.2103e-198 for -9.2003e-198 at x = 1e-200, y = 2
    # (powm1's d2/dx dy; boxcox's d3/dx2 dl at l = 3)
    special = _special()
    x = 1e-200
    with mp.workdps(50):
        truth = float(mp.mpf(x) * (1 + 2 * mp.log(mp.mpf(x))))
    functions = (lambda p: special.powm1(p[0], p[1]), lambda p: wg.grad(lambda q: special.boxcox(q[0], q[1] + 1.0))(p)[0])
    for f in functions:
        for path, how in PATHS.items():
            h = np.asarray(how(f)([x, 2.0]), dtype=float)
            assert h[0, 1] == pytest.approx(truth, rel=1e-13, abs=0) and h[1, 0] == pytest.approx(truth, rel=1e-13, abs=0), path


@pytest.mark.parametrize("name", POWERS)
def test_second_derivative_in_a_scaled_base(name):
    # (p S) ** y at p = 1, y a constant: its second derivative y (y - 1) S^y is x**(y - 2) (under- or overflowing at x
    # = S) times the tangent S twice: it was 0 (x = 1e200, y = -0.5: 0 for 7.5e-101) or an overflow warning (1e-200),
    # now c g h x^e from mantissas and exponents apart (elementwise.scaled_power). Reverse mode where the first
    # derivative y x**(y - 1) is a normal number (its cotangent), forward over forward everywhere.
    power = POWERS[name]
    points = [(1e200, -0.5, True), (1e-200, -0.5, True), (1e300, -0.5, False), (1e-300, 0.5, True),
              (1e300, 0.5, True), (1e100, -2, True), (1e-300, -0.25, False)]
    for s, y, reverse in points:
        with mp.workdps(50):
            truth = float(mp.mpf(y) * (mp.mpf(y) - 1) * mp.mpf(s) ** mp.mpf(y))

        def f(p):
            return power(p * s, y)
        for path, make in PATHS.items():
            if reverse or path == "jacfwd(jacfwd)":
                np.testing.assert_allclose(make(f)(1.0), truth, rtol=1e-14, err_msg=f"{path} at {s}, {y}")


def test_jacfwd_of_a_vector_in_a_scaled_base():
    # (jacfwd's basis tangents have zeros: elementwise._power_far took scaled_power only for a tangent without one, so
    # jacfwd(jacfwd) of sum((1e200 x) ** -0.5) at x = [1, 2] was 0 for diag(7.5e-101, 1.33e-101), its jacfwd at 1e-300
    # x ** 0.5 an overflow; a zero tangent where the partial is finite adds an exact 0 in scaled_power too)
    x = np.array([1.0, 2.0, 0.5])
    for s, y in ((1e200, -0.5), (1e-200, -0.5), (1e-300, 0.5), (1e300, 0.5)):
        with mp.workdps(50):
            d1 = [float(mp.mpf(y) * mp.mpf(s) ** mp.mpf(y) * mp.mpf(v) ** (mp.mpf(y) - 1)) for v in x]
            d2 = [float(mp.mpf(y) * (mp.mpf(y) - 1) * mp.mpf(s) ** mp.mpf(y) * mp.mpf(v) ** (mp.mpf(y) - 2)) for v in x]

        def f(p):
            return np.sum((p * s) ** y)
        with np.errstate(over="ignore", under="ignore"):
            np.testing.assert_allclose(wg.jacfwd(lambda p: (p * s) ** y)(x), np.diag(d1), rtol=1e-14, atol=0)
            for path in ("jacfwd(jacfwd)", "hessian"):
                np.testing.assert_allclose(PATHS[path](f)(x), np.diag(d2), rtol=1e-14, atol=0, err_msg=f"{path} {s}")


def _hessian_by(path, f, a, b):
    ab = (0, 1)
    if path == "jvp(grad)":
        zero = np.zeros_like(a) if isinstance(a, np.ndarray) else 0.0
        return [wg.jvp(wg.grad(f, argnums=ab), (a, b), t)[1] for t in ((zero + 1.0, zero), (zero, zero + 1.0))]
    if path == "grad(grad)":
        return [wg.jacrev(lambda p, q: wg.grad(f, argnums=ab)(p, q)[i], argnums=ab)(a, b) for i in range(2)]
    outer, inner = {"jacfwd(jacrev)": (wg.jacfwd, wg.jacrev), "jacrev(jacfwd)": (wg.jacrev, wg.jacfwd),
                    "jacfwd(jacfwd)": (wg.jacfwd, wg.jacfwd)}[path]
    return outer(inner(f, argnums=ab), argnums=ab)(a, b)


@pytest.mark.parametrize("path", ["grad(grad)", "jacfwd(jacrev)", "jacrev(jacfwd)", "jacfwd(jacfwd)", "jvp(grad)"])
@pytest.mark.parametrize("form", ["float", "0-d", "array"])
def test_second_derivative_in_the_base_with_a_traced_exponent(path, form):
    # (a traced y: _power_far took scaled_power for a constant y only, so y (y - 1) x**(y - 2) formed x**(y - 2) alone,
    # 1e400: the Hessian of a ** b at (1e-200, 1e-200) by every path with both traced was -inf in (a, a), the truth
    # -1e200 (jvp of grad(x ** x) there the same); now scaled_power with its derivatives in its exponent and factor.
    # (0.4, 2.5): the ordinary case)
    for a, b in ((1e-200, 1e-200), (0.4, 2.5)):
        truth = _hessian_truth(a, b)
        if form == "float":
            h = _hessian_by(path, operator.pow, a, b)
        elif form == "0-d":
            h = _hessian_by(path, np.power, np.array(a), np.array(b))
        else:
            h = [[np.diag(np.asarray(e))[0] if np.ndim(e) == 2 else np.asarray(e)[0] for e in row] for row in _hessian_by(
                path, lambda p, q: np.sum(p ** q), np.array([a, 1.5]), np.array([b, 0.5]))]
        np.testing.assert_allclose(np.array(h, dtype=float), truth, rtol=1e-14, atol=0, err_msg=f"{path} {form} {a}")
    if path == "jvp(grad)":  # (x ** x: both tangents at once, the sum of the four entries at a = b)
        x = {"float": 1e-200, "0-d": np.array(1e-200), "array": np.array([1e-200])}[form]
        d2 = wg.jvp(wg.grad(lambda p: np.sum(p ** p)), (x,), (np.ones_like(x),))[1]
        np.testing.assert_allclose(d2, np.sum(_hessian_truth(1e-200, 1e-200)) + 0 * x, rtol=1e-14, atol=0)


def test_jacobian_where_the_power_overflows_and_the_partial_does_not():
    # (|y| < 1: y x**(y - 1) is finite where x**(y - 1) overflows; _power_far asked x**(y - 1) for jacfwd's basis
    # tangents, which have zeros, so jacfwd of x ** 1e-3 at [1e-310, 2] was inf in (0, 0), the truth 4.8978e306)
    x = np.array([1e-310, 2.0])
    with mp.workdps(50):
        d1 = [float(mp.mpf(1e-3) * mp.mpf(v) ** (mp.mpf(1e-3) - 1)) for v in x]
    for jac in (wg.jacfwd, wg.jacrev):
        np.testing.assert_allclose(jac(lambda p: p ** 1e-3)(x), np.diag(d1), rtol=1e-14, atol=0, err_msg=str(jac))


def test_an_overflowing_derivative_warns_nothing():
    # (x**(y - 1) where y x**(y - 1) overflows too: the rule's own infinity. jacrev / jacfwd of x ** -0.7 at
    # [1e-300, 1] warned 'overflow encountered in power' from power_less, an error under -W error; the values as before)
    x = np.array([1e-300, 1.0])
    for jac in (wg.jacfwd, wg.jacrev):
        np.testing.assert_array_equal(jac(lambda p: p ** -0.7)(x), [[-np.inf, 0.0], [0.0, -0.7]], err_msg=str(jac))


def test_jacobian_at_a_negative_base_where_the_power_is_far():
    # (v ** y at v < 0 and a non-integer y is NaN, its partial too; _power_far read |v|**(y - 1) only, finite at
    # -2 ** 1.5, and took scaled_power for jacfwd's and jacrev's basis tangents, whose zeros keep a NaN partial there:
    # jacfwd and jacrev of v ** [3, 2.5] at v = [-1e-155, -2] were NaN off the diagonal, the truth 0, with y traced too)
    x, y = np.array([-1e-155, -2.0]), np.array([3.0, 2.5])
    with mp.workdps(50):
        d = float(3 * mp.mpf(-1e-155) ** 2)  # (subnormal: 3e-310)
    for jac in (wg.jacfwd, wg.jacrev):
        with np.errstate(invalid="ignore"):
            ours = np.asarray(jac(lambda v: v ** y)(x))
            both = np.asarray(jac(lambda p: p[:2] ** p[2:])(np.concatenate([x, y])))
        np.testing.assert_array_equal(np.isnan(ours), [[False, False], [False, True]], err_msg=str(jac))
        np.testing.assert_allclose(ours[0], [d, 0.0], rtol=1e-14, atol=0, err_msg=str(jac))
        assert ours[1, 0] == 0.0
        # (d/dy at v < 0: NaN, x**y log x not real; every entry off the diagonals 0)
        np.testing.assert_array_equal(np.isnan(both), [[False, False, True, False], [False, True, False, True]])
        np.testing.assert_allclose(both[0, :2], [d, 0.0], rtol=1e-14, atol=0, err_msg=str(jac))
        np.testing.assert_array_equal(both[:, [1, 0, 3, 2]][[0, 1], [0, 1]], 0.0, err_msg=str(jac))


INF = np.inf
#: x -> the limit of d/dx x**y = y x**(y - 1) as y -> +inf and -inf along the floats (all even integers from 2^53 on,
#: as np.power(x, +-inf) = |x|**(+-inf) itself): sign(x) y |x|**y, 0 where |x|**y vanishes
AT_INFINITY = [(-INF, -INF, 0.0), (-3.0, -INF, 0.0), (-1.0, -INF, INF), (-0.5, 0.0, INF), (-1e-310, 0.0, INF),
               (-0.0, 0.0, INF), (0.0, 0.0, -INF), (1e-310, 0.0, -INF), (0.5, 0.0, -INF), (1.0, INF, -INF),
               (3.0, INF, 0.0), (1e300, INF, 0.0), (INF, INF, 0.0)]


def _jit_grad_replayed(f, x, y):
    g = wg.jit(wg.grad(f))
    g(2.0, 1.5)  # (the recording; the call below replays it)
    return g(x, y)


@pytest.mark.parametrize("y", [INF, -INF])
def test_derivative_in_the_base_at_an_infinite_exponent(y):
    # (grad of np.power(x, y) at x = 3, y = inf was NaN (scaled_power split the exponent inf), jacfwd NaN too, while
    # x ** y's scalar core gave inf; at 0.5 ** inf y x**(y - 1) = inf * 0 = NaN everywhere, the limit 0; at 1e-310,
    # -inf jacfwd NaN, grad -inf. Now the limit on every path and both cores; the second derivative's limit,
    # y (y - 1) |x|**(y - 2) along the even floats, inf or 0, follows)
    for x, up, down in AT_INFINITY:
        truth = up if y > 0 else down
        ways = {"np.power grad": lambda: wg.grad(np.power)(x, y),
                "array grad": lambda: wg.grad(lambda v: np.sum(v ** np.array([y, 2.0])))(np.array([x, 2.0]))[0],
                "jacfwd": lambda: wg.jacfwd(np.power)(x, y), "jvp": lambda: wg.jvp(lambda v: np.power(v, y), (x,), (1.0,))[1],
                "jit": lambda: _jit_grad_replayed(np.power, x, y)}
        if not (x == 0 and y < 0):  # (Python's 0.0 ** -inf raises ZeroDivisionError)
            ways.update({"** grad": lambda: wg.grad(operator.pow)(x, y), "** jacfwd": lambda: wg.jacfwd(operator.pow)(x, y),
                         "** jvp": lambda: wg.jvp(lambda v: v ** y, (x,), (1.0,))[1],
                         "** jit": lambda: _jit_grad_replayed(operator.pow, x, y)})
        second = {"grad(grad)": lambda: wg.grad(wg.grad(np.power))(x, y),
                  "jacfwd(grad)": lambda: wg.jacfwd(wg.grad(np.power))(x, y),
                  "jacfwd(jacfwd)": lambda: wg.jacfwd(wg.jacfwd(np.power))(x, y)} if abs(x) < INF else {}
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for way, f in ways.items():
                assert float(f()) == truth, (way, x, y, f(), truth)
            for way, f in second.items():  # (an infinite x: no second derivative there)
                assert float(f()) == (0.0 if truth == 0 else INF), (way, x, y, f())


@pytest.mark.parametrize("path", ["grad(grad)", "jacfwd(jacrev)", "jacrev(jacfwd)", "jacfwd(jacfwd)", "jvp(grad)"])
@pytest.mark.parametrize("form", ["float", "0-d"])
def test_mixed_second_derivative_where_both_of_its_terms_overflow(path, form):
    # (d/dy of y x**(y - 1) = x**(y - 1) + y x**(y - 1) log x, two terms beyond the largest float where their sum,
    # x**(y - 1) (1 + y log x) = 1.26e319, is +inf too: the Hessian's mixed entry of a ** b at (1e-320, 1e-3) was
    # inf - inf = NaN on every path (scaled_power's derivatives in its exponent and its factor, or y * power_less's
    # product rule); now elementwise.power_poly, whose derivatives are one product each)
    truth = _hessian_truth(1e-320, 1e-3)
    assert truth[0, 1] == np.inf
    a, b = (1e-320, 1e-3) if form == "float" else (np.array(1e-320), np.array(1e-3))
    with np.errstate(over="ignore"):
        h = np.array(_hessian_by(path, operator.pow if form == "float" else np.power, a, b), dtype=float)
    np.testing.assert_allclose(h, truth, rtol=1e-14, atol=0, err_msg=path)


def _third(x, y, i):
    # d3/dx^i dy^(3 - i) of x**y, closed forms in mpmath
    with mp.workdps(50):
        x, y = mp.mpf(x), mp.mpf(y)
        log_x = mp.log(x)
        return float({3: y * (y - 1) * (y - 2) * x ** (y - 3), 2: x ** (y - 2) * (2 * y - 1 + y * (y - 1) * log_x),
                      1: x ** (y - 1) * log_x * (2 + y * log_x), 0: x ** y * log_x ** 3}[i])


@pytest.mark.parametrize("x, y", [(1e-310, 1e-3), (1e-310, 0.5), (1e-310, 1.0), (1e-100, -2.5), (1e-100, 1e-3),
                                  (1e-200, 0.5)])
def test_third_derivatives_with_a_traced_exponent_where_the_power_is_far(x, y):
    # (the mixed ones were inf - inf = NaN where two terms overflow and their sum does too: d3/dx2 dy at (1e-310, 1e-3),
    # -1.4e619, by grad(grad(grad)) and jvp(jvp(grad)), d3/dx dy2 there, -4.5e312; at (1e-310, 0.5), (1e-310, 1) and
    # (1e-100, -2.5) by grad(grad(grad)) in x, x, y; the finite ones: power_poly's products to a few ulp)
    def ggg(order):
        f = operator.pow
        for a in order:
            f = wg.grad(f, argnums=a)
        return f(x, y)

    def jjg(order):
        t = [(1.0, 0.0) if a == 0 else (0.0, 1.0) for a in order]
        inner = lambda p, q: wg.jvp(wg.grad(operator.pow, argnums=order[0]), (p, q), t[1])[1]
        return wg.jvp(inner, (x, y), t[2])[1]
    with np.errstate(over="ignore"):
        for i in (3, 2, 1, 0):
            truth = _third(x, y, i)
            for order in {(0,) * i + (1,) * (3 - i), (1,) * (3 - i) + (0,) * i}:
                for way, f in (("grad(grad(grad))", ggg), ("jvp(jvp(grad))", jjg)):
                    np.testing.assert_allclose(float(f(order)), truth, rtol=1e-15 * 4, atol=0, err_msg=f"{way} {order}")


@pytest.mark.parametrize("x, y, i", [(0.5, 3.0, 1), (2.0, -2.5, 2), (1.3078862642087439, -3.8040745800530944, None)])
def test_derivatives_with_a_traced_exponent_where_their_terms_cancel(x, y, i):
    # (power_poly's factor in double-double, log x too: x**(y - 1) log x (2 + y log x) at (0.5, 3), 2 + y log x 26
    # times smaller than y log x, was 25 ulp off on every path; d3/dx2 dy at (2, -2.5) 33 ulp; the Hessian's mixed
    # entry x**(y - 1) (1 + y log x) at (1.31, -3.80) 30 ulp)
    if i is None:
        with mp.workdps(50):
            truth = float(mp.mpf(x) ** (mp.mpf(y) - 1) * (1 + mp.mpf(y) * mp.log(mp.mpf(x))))
        ours = [wg.grad(wg.grad(operator.pow, argnums=a), argnums=1 - a)(x, y) for a in (0, 1)]
    else:
        truth = _third(x, y, i)
        ours = []
        for order in {(0,) * i + (1,) * (3 - i), (1,) * (3 - i) + (0,) * i}:
            f = operator.pow
            for a in order:
                f = wg.grad(f, argnums=a)
            ours.append(f(x, y))
    np.testing.assert_allclose(np.array(ours, dtype=float), truth, rtol=4 * 2.0 ** -52, atol=0)


def _power_log_derivative(x, y, n, a, b):
    # d^(a + b) / dx^a dy^b of x**y log(x)**n (n = 0: x ** y itself) in mpmath: x**(y - a) P(log x), P from
    # d/dx (x**(y - k) P) = x**(y - k - 1) ((y - k) P + P')
    with mp.workdps(60):
        x, y = mp.mpf(x), mp.mpf(y)
        p = [mp.mpf(0)] * (n + b) + [mp.mpf(1)]
        for k in range(a):
            p = [(y - k) * c + (i + 1) * (p[i + 1] if i + 1 < len(p) else 0) for i, c in enumerate(p)]
        return float(x ** (y - a) * sum(c * mp.log(x) ** i for i, c in enumerate(p)))


@pytest.mark.parametrize("x, y, n, order", [
    (0.36787944117144233, 1.0, 1, (0, 0, 1)), (0.36787944117144233, 1.0, 1, (1, 0, 0)),
    (0.6065306597126334, 2.0, 0, (0, 1)), (0.6065306597126334, 4.0, 0, (0, 1, 1)),
    (0.0024787521766663585, 0.5, 2, (0, 1))])
def test_derivatives_where_y_log_x_cancels_a_constant(x, y, n, order):
    # (power_poly's log x in double-double too (log_dd): its float64 log of the mantissa, ~3e-17 absolute, was all
    # of 1 + y log x or 2 + y log x at x near e^(-1 / y), e^(-2 / y): d3/dx2 dy of power_log (x**y log x) at
    # (1/e, 1), x**-1 (2 + 2 log x), -7.30e-16 for -6.37e-16; the Hessian's mixed entry of x ** y at (e^-0.5, 2),
    # x (1 + 2 log x), 5.54e-18 for 1.32e-18; d3/dx dy2 at (e^-0.5, 4) -2.04e-18 for -4.85e-19; d2/dx dy of
    # x**y log(x)**2 at (e^-6, 0.5) 1.49e-14 for 9.87e-15. Within 8 ulp now: log x to ~1e-32 relative, against
    # cancellations of up to 8e16)
    f = np.power if n == 0 else (lambda a, b: elementwise.power_log(a, b, n))
    for a in order:
        f = wg.grad(f, argnums=a)
    truth = _power_log_derivative(x, y, n, order.count(0), order.count(1))
    np.testing.assert_allclose(float(f(x, y)), truth, rtol=8 * 2.0 ** -52, atol=0)


NAN = np.nan
REFUSED = "refused"
#: (x, y) -> the limits along the floats of (d2/dx2, d2/dx dy, d2/dy2) and (d3/dx3, d3/dx2 dy, d3/dx dy2, d3/dy3) of
#: x ** y as y -> +-inf. Beyond 2^53 every float is an even integer, x**y = |x|**y; each derivative is x**(y - k)
#: Q(y, log x) (d2/dx dy: x**(y - 1) (1 + y log x); d3/dx2 dy: x**(y - 2) (2y - 1 + y (y - 1) log x); d3/dx dy2:
#: x**(y - 1) log x (2 + y log x)): 0 where |x|**y vanishes (a polynomial times an exponential), Q(y, 0) at x = 1
#: (1 + y 0 = 1; y (y - 1) -> inf; log x (...) = 0), else the infinity of Q's leading term in y, signed as
#: x**(y - k) (x < 0: (-1)**k). At x = 0, y = +inf every derivative is 0 (x**y and its x-derivatives are 0 for
#: y > 3); at x = 0, y = -inf (a pole in x at every y < 0) d3/dx3 = y (y - 1) (y - 2) 0**(y - 3) = -inf and
#: d2/dx2 = inf, a derivative in y refuses. x < 0: a derivative in y has log x, NaN at every finite y (np.power's
#: convention, d/dy at (-0.5, 2) is NaN), so NaN in the limit too; those in x alone are the limits.
SECOND_AT_INFINITY = {
    (0.0, INF): (0.0, 0.0, 0.0), (0.5, INF): (0.0, 0.0, 0.0), (1.0, INF): (INF, 1.0, 0.0), (2.0, INF): (INF, INF, INF),
    (-0.5, INF): (0.0, NAN, NAN), (-1.0, INF): (INF, NAN, NAN),
    (0.0, -INF): (INF, REFUSED, REFUSED), (0.5, -INF): (INF, INF, INF), (1.0, -INF): (INF, 1.0, 0.0),
    (2.0, -INF): (0.0, 0.0, 0.0), (-0.5, -INF): (INF, NAN, NAN), (-1.0, -INF): (INF, NAN, NAN)}
THIRD_AT_INFINITY = {
    (0.0, INF): (0.0, 0.0, 0.0, 0.0), (0.5, INF): (0.0, 0.0, 0.0, 0.0), (1.0, INF): (INF, INF, 0.0, 0.0),
    (2.0, INF): (INF, INF, INF, INF), (-0.5, INF): (0.0, NAN, NAN, NAN), (-1.0, INF): (-INF, NAN, NAN, NAN),
    (0.0, -INF): (-INF, REFUSED, REFUSED, REFUSED), (0.5, -INF): (-INF, -INF, -INF, -INF),
    (1.0, -INF): (-INF, -INF, 0.0, 0.0), (2.0, -INF): (0.0, 0.0, 0.0, 0.0), (-0.5, -INF): (INF, NAN, NAN, NAN),
    (-1.0, -INF): (INF, NAN, NAN, NAN)}


def _same(ours, truth):
    # exact, NaN equal to NaN, or the refusal
    if truth is REFUSED:
        with pytest.raises(wg.NoGradientRule), np.errstate(divide="ignore"):  # (0.0 ** -inf's own warning)
            ours()
        return
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        got = float(ours())
    assert got == truth or (np.isnan(truth) and np.isnan(got)), (got, truth)


@pytest.mark.parametrize("y", [INF, -INF])
@pytest.mark.parametrize("form", ["float", "0-d"])
def test_second_derivatives_at_an_infinite_exponent(y, form):
    # (with y traced: the mixed entry was NaN at (0.5, inf) and (1, +-inf) on every path, the limits 0 and 1 (d/dx of
    # power_log's (1 + y log x) and d/dy of y x**(y - 1), inf * 0), NaN at (2, +-inf), (0.5, -inf) by d/dx of
    # d/dy for inf and 0, at (0, -inf) by d/dy of d/dx (inf - inf) and 0 by d/dx of d/dy (the convention's 0 at
    # x = 0) where the Hessian refuses; at x < 0 d/dy of d/dx was the |x|-form's 0 or -inf beside d/dx of d/dy's
    # NaN. Now power_poly's limits along the floats)
    f = np.power if form == "0-d" else operator.pow
    for (x, y0), (xx, xy, yy) in SECOND_AT_INFINITY.items():
        if y0 != y or (x == 0 and y < 0 and form == "float"):  # (Python's 0.0 ** -inf raises ZeroDivisionError)
            continue
        a, b = (x, y) if form == "float" else (np.array(x), np.array(y))
        at = {"x": (1.0, 0.0), "y": (0.0, 1.0)}
        for path, ours, truth in [
                ("hessian", lambda: wg.hessian(f, argnums=(0, 1))(a, b)[0][1], xy),
                ("jacfwd(grad)", lambda: wg.jacfwd(wg.grad(f, argnums=(0, 1)), argnums=(0, 1))(a, b)[1][0], xy),
                ("jacrev(grad)", lambda: wg.jacrev(wg.grad(f, argnums=(0, 1)), argnums=(0, 1))(a, b)[0][1], xy),
                ("grad(grad) x then y", lambda: wg.grad(wg.grad(f, argnums=0), argnums=1)(a, b), xy),
                ("grad(grad) y then x", lambda: wg.grad(wg.grad(f, argnums=1), argnums=0)(a, b), xy),
                ("jvp(grad) x along y", lambda: wg.jvp(wg.grad(f, argnums=0), (a, b), at["y"])[1], xy),
                ("jvp(grad) y along x", lambda: wg.jvp(wg.grad(f, argnums=1), (a, b), at["x"])[1], xy),
                ("grad(grad) xx", lambda: wg.grad(wg.grad(f, argnums=0), argnums=0)(a, b), xx),
                ("grad(grad) yy", lambda: wg.grad(wg.grad(f, argnums=1), argnums=1)(a, b), yy)]:
            try:
                _same(ours, truth)
            except AssertionError as e:
                raise AssertionError(f"{path} at ({x}, {y}): {e}") from None


@pytest.mark.parametrize("y", [INF, -INF])
def test_second_derivatives_at_an_infinite_exponent_on_arrays(y):
    # (every x at once: where power_poly takes the positive x beside the others, np.where's untaken side at (1, 2))
    points = [(x, t) for (x, y0), t in SECOND_AT_INFINITY.items() if y0 == y and t[1] is not REFUSED]
    xs = np.array([x for x, _ in points])
    ys = np.full(xs.shape, y)
    f = lambda a, b: np.sum(a ** b)
    want = np.array([t for _, t in points]).T
    with np.errstate(over="ignore", invalid="ignore"):
        for path, h in [("hessian", wg.hessian(f, argnums=(0, 1))(xs, ys)),
                        ("jacfwd(grad)", wg.jacfwd(wg.grad(f, argnums=(0, 1)), argnums=(0, 1))(xs, ys)),
                        ("jacrev(grad)", wg.jacrev(wg.grad(f, argnums=(0, 1)), argnums=(0, 1))(xs, ys))]:
            got = np.array([np.diag(np.asarray(h[i][j], dtype=float)) for i, j in ((0, 0), (0, 1), (1, 1))])
            np.testing.assert_array_equal(got, want, err_msg=path)
            np.testing.assert_array_equal(np.diag(np.asarray(h[1][0], dtype=float)), want[1], err_msg=path)
        jvp = wg.jvp(wg.grad(f, argnums=0), (xs, ys), (np.zeros_like(xs), np.ones_like(ys)))[1]
        np.testing.assert_array_equal(jvp, want[1], err_msg="jvp(grad)")


@pytest.mark.parametrize("y", [INF, -INF])
def test_third_derivatives_at_an_infinite_exponent(y):
    # (grad(grad(grad)) in both orders of each mixed derivative, and jvp(jvp(grad)): d3/dx2 dy at (1, inf) NaN for inf, d3/dx dy2
    # there NaN for 0, at (0.5, inf) NaN for 0; d/dy of d2/dx2 at (0, inf) refused by grad(grad(grad)) (x = 0 beside the
    # stand-in y = 2 marked a kink) where jvp(jvp(grad)) gave 0)
    def ggg(f, x, order):
        for a in order:
            f = wg.grad(f, argnums=a)
        return f(x, y)

    def jjg(f, x, order):
        t = [(1.0, 0.0) if a == 0 else (0.0, 1.0) for a in order]
        return wg.jvp(lambda p, q: wg.jvp(wg.grad(f, argnums=order[0]), (p, q), t[1])[1], (x, y), t[2])[1]
    for (x, y0), truths in THIRD_AT_INFINITY.items():
        if y0 != y:
            continue
        for f in (np.power, operator.pow):
            if f is operator.pow and x == 0 and y < 0:
                continue
            for n_y, truth in enumerate(truths):
                orders = {(0,) * (3 - n_y) + (1,) * n_y, (1,) * n_y + (0,) * (3 - n_y)}
                for order in orders:
                    for way in (ggg, jjg) if f is np.power else (ggg,):
                        try:
                            _same(lambda: way(f, x, order), truth)
                        except AssertionError as e:
                            raise AssertionError(f"{way.__name__} {order} {f.__name__} at ({x}, {y}): {e}") from None


def test_second_derivatives_at_a_huge_finite_exponent():
    # (scaled_power's mantissa-and-exponent split: y (y - 1) x**(y - 2) at y = 1e300 met y (y - 1) = inf with
    # 0.5**1e300 = 0, NaN at (0.5, 1e300) for 0 (a polynomial times 0.5**1e300) and at (1, 1e300) for inf (1e600);
    # k e beyond int64 (x = m 2^k): the mixed entry x**(y - 1) (1 + y log x) at (2, -1e300) NaN for 0, at
    # (1 + 2^-52, 1e200) 0 for inf)
    with np.errstate(over="ignore"):
        for x, y, truth in ((0.5, 1e300, 0.0), (1.0, 1e300, INF)):
            assert float(wg.hessian(np.power, argnums=(0, 1))(x, y)[0][0]) == truth
            assert float(wg.grad(wg.grad(operator.pow))(x, y)) == truth
        for x, y, truth in ((2.0, -1e300, 0.0), (1.0 + 2.0 ** -52, 1e200, INF), (1.0, 1e300, 1.0)):
            h = wg.hessian(np.power, argnums=(0, 1))(x, y)
            assert float(h[0][1]) == float(h[1][0]) == truth


@pytest.mark.parametrize("y", [-2.0, -INF])
def test_derivative_in_the_exponent_at_0_warns_nothing(y):
    # (x ** y = inf at x = 0, y < 0 times log 1 (the stand-in x there) warned 'invalid value' at first order; the
    # convention's 0 unchanged)
    with np.errstate(divide="ignore"):  # (0.0 ** y's own)
        for a, b in ((0.0, y), (np.array(0.0), np.array(y)), (np.array([0.0, 2.0]), np.array([y, y]))):
            assert np.asarray(wg.grad(lambda p, q: np.sum(np.power(p, q)), argnums=1)(a, b)).flat[0] == 0.0


def test_one_point_takes_the_arrays_operations():
    # (log_dd and power_poly's Q(y, log x) at one point run in Python floats, ~10 times faster than on 0-d arrays:
    # the same operations, so the same bits as on an array of that point)
    for x in (0.36787944117144233, 0.6065306597126334, 0.0024787521766663585, 5e-324, 2.5e-308, 1e300, 1.0, 0.75):
        one, array = elementwise.log_dd(x), elementwise.log_dd(np.array([x, x]))
        np.testing.assert_array_equal(np.array(one).view(np.uint64), np.array(array)[:, 0].view(np.uint64))
    terms = ((1.0, 1, (0.0,)), (2.0, 2, ()), (-1.0, 0, (1.0, 2.0)))
    for x, y in ((0.36787944117144233, 1.0), (0.6065306597126334, 2.0), (1e-300, -2.5), (3.0, 1e-3)):
        one = elementwise.power_poly(np.array(x), np.array(y), 1.0, 1.0, 1, terms)
        array = elementwise.power_poly(np.array([x, x]), np.array([y, y]), 1.0, 1.0, 1, terms)
        np.testing.assert_array_equal(np.array([one, one]).view(np.uint64), array.view(np.uint64))


@pytest.mark.parametrize("x, y, k", [(0.5, 1100.0, 1e300), (2.0, -1100.5, 1e300), (1.0 + 1e-10, 1e13, 1e-300)])
def test_derivative_in_the_base_at_an_exponent_beyond_the_float_range(x, y, k):
    """d/dx of k x**y on an array where x**(y - 1) leaves the float range and k y x**(y - 1) does not: scaled_power
    took x^(y - 1) as m^(y - 1) 2^(e (y - 1)), whose mantissa's power underflowed or overflowed for |y| beyond ~1074
    (0.5^1099 = 0: 0.0 for 1.6e-28; -inf for -2.9e-29 at (2, -1100.5)) and at x near 1, split as 0.5 2^1 (0.0 for 2.0e147).
    (A Python float x: test_scalar_derivative_in_the_base_where_the_partial_leaves_the_range.) mpmath at 50 digits."""
    with mp.workdps(50):
        truth = float(mp.mpf(k) * y * mp.mpf(x) ** (mp.mpf(y) - 1))
    with np.errstate(over="ignore", under="ignore"):  # (the value k x**y itself leaves the range)
        got = wg.grad(lambda v: np.sum(k * v ** y))(np.array([x]))
    assert float(got[0]) == pytest.approx(truth, rel=4e-16, abs=0.0)


def _scaled_base_truth(k, x, y, order=1):
    # d^order/dx^order of k x**y, mpmath at 50 digits
    with mp.workdps(50):
        x, y = mp.mpf(x), mp.mpf(y)
        return float(mp.mpf(k) * (y if order == 1 else y * (y - 1)) * x ** (y - order))


@pytest.mark.parametrize("x, y", [(0.5, 1100.0), (2.0, -1100.5), (-0.5, 1101.0), (-0.5, 1100.0), (1e-200, 2.6), (1e25, -1e-310)])
def test_scalar_derivative_in_the_base_where_the_partial_leaves_the_range(x, y):
    """d/dx of k x**y on a Python float where y x**(y - 1) is 0, subnormal or inf and k y x**(y - 1) a normal number:
    the scalar cores formed the partial alone, then the cotangent (or tangent) times it: wg.grad(lambda v: 1e300 *
    v ** 1100.0)(0.5) was 0.0 for 1.62e-28, 0.0 for -2.9e-29 at (2, -1100.5); the arrays' scaled_power at a negative
    base 0.0 for 8.1e-29 at (-0.5, 1101); a subnormal partial lost its bits (2.6 * 1e-200**1.6 = 2.6e-320: 1.5e-4 off); a subnormal y made y x**(y - 1) 0 on
    arrays too (-0.0 for -1e-35 at (1e25, -1e-310)).
    Now Var's and Dual's ** take NumPy's rule there, and a replay records
    afresh: every path at once, against mpmath."""
    k = 1e300
    truth = _scaled_base_truth(k, x, y)
    f = lambda v: k * v ** y
    got = {"grad": wg.grad(f)(x), "grad array": float(wg.grad(lambda v: np.sum(k * v ** y))(np.array([x]))[0]),
           "jvp": wg.jvp(lambda v: v ** y, (x,), (k,))[1]}
    jitted = wg.jit(wg.grad(f))
    got["jit replay"] = (jitted(x), jitted(x))[1]
    jitted = wg.jit(wg.grad(f))
    jitted(1.0)  # (recorded where the partial is in range: the replay at x records afresh)
    got["jit recorded at 1"] = jitted(x)
    if x > 0:  # (a Var exponent: below 0 the scalar core keeps its partial, NaN in y; NumPy's rule warns there)
        got["Var ** Var"] = wg.grad(lambda v: k * v ** (0.0 * v + y))(x)
    with np.errstate(under="ignore", over="ignore"):
        for path, value in got.items():
            assert value == pytest.approx(truth, rel=4e-16, abs=0.0), path
    assert jitted(1.0) == pytest.approx(k * y, rel=4e-16)  # (and back)


@pytest.mark.parametrize("path", ["hessian", "jacfwd(grad)", "jvp(grad)"])
def test_scalar_second_derivative_in_the_base_where_the_partial_leaves_the_range(path):
    # (the second order took NumPy's rule before: pinned with the first, 3.56e-25 from mpmath)
    f = lambda v: 1e300 * v ** 1100.0
    got = {"hessian": lambda: wg.hessian(f)(0.5), "jacfwd(grad)": lambda: wg.jacfwd(wg.grad(f))(0.5),
           "jvp(grad)": lambda: wg.jvp(wg.grad(f), (0.5,), (1.0,))[1]}[path]()
    assert float(got) == pytest.approx(_scaled_base_truth(1e300, 0.5, 1100.0, 2), rel=4e-16, abs=0.0)



_QUOTIENTS = {  # form: (k, g, x, d/dx of k g(x) at x by mpmath; Var / Var through a traced constant, u = 0 v + c)
    "x / c": (1e-100, lambda v: v / 1e-310, 1.0, lambda x: mp.mpf(1e-100) / mp.mpf(1e-310)),
    "c / x": (1e300, lambda v: 1.0 / v, 1e200, lambda x: -mp.mpf(1e300) / mp.mpf(x) ** 2),
    "u / x": (1e300, lambda v: (0.0 * v + 1.0) / v, 1e200, lambda x: -mp.mpf(1e300) / mp.mpf(x) ** 2),
    "x / u": (1e-100, lambda v: v / (0.0 * v + 1e-310), 1e-300, lambda x: mp.mpf(1e-100) / mp.mpf(1e-310)),
}


@pytest.mark.parametrize("form", list(_QUOTIENTS))
def test_scalar_quotient_where_its_partial_leaves_the_range(form):
    """d/dx of k g(x), g a quotient, on Python floats where g's partial 1 / y or -x / y^2 is 0, subnormal or inf and k
    times it a normal number: the scalar cores stored the partial alone (the twin of ** above): wg.grad(lambda v:
    1e-100 * (v / 1e-310))(1.0) was inf for 1.0000000000000031e210, wg.grad(lambda v: 1e300 * (1 / v))(1e200) 0.0 for
    -1e-100. Now Var's / takes NumPy's rule there (g / y, -g x / y^2 as one product) and a replay records afresh;
    jvp of g with tangent k (Dual's t / y, t q / y) was right already (pinned). mpmath at 50 digits."""
    k, g, x, truth = _QUOTIENTS[form]
    f = lambda v: k * g(v)
    x0 = 1e-299 if form == "x / u" else 1.0  # (a point where the value is finite: x / u's overflows at 1)
    with mp.workdps(50):
        want, want_at_x0 = float(truth(x)), float(truth(x0))
    with np.errstate(over="ignore"):  # (1 / 1e-310: the value overflows, NumPy's rule says so)
        got = {"grad": wg.grad(f)(x), "grad array": float(wg.grad(lambda v: np.sum(f(v)))(np.array([x]))[0]),
               "jvp": wg.jvp(g, (x,), (k,))[1]}
        jitted = wg.jit(wg.grad(f))
        got["jit replay"] = (jitted(x), jitted(x))[1]
        jitted = wg.jit(wg.grad(f))
        at_x0 = jitted(x0)  # (in range for c / x, u / x: the replay at x records afresh)
        got["jit recorded at x0"] = jitted(x)
        assert at_x0 == jitted(x0) == pytest.approx(want_at_x0, rel=4e-16, abs=0.0)
    for path, value in got.items():
        assert value == pytest.approx(want, rel=4e-16, abs=0.0), path


_FAR_QUOTIENTS = [  # (k, c, x): d/dx of k (c / x) = -k c / x^2, exact (fractions), where c / x or k (c / x) is not normal
    (1e-300, 1e200, 1e-200),  # (c / x overflows: the value is inf, its derivative -1e300)
    (1e-300, 1e-300, 1e-200),  # (k (c / x) underflows: jvp along k was 0, the truth -1e-200)
    (1e100, 1e-310, 3.0),  # (c / x subnormal: -(c / x) / x had lost its bits)
    (1.0, 1e-320, 3e-10),  # (c / x subnormal, -(c / x) / x normal: the scalar core's partial had lost its bits)
    (1e300, 1e-300, 1e100),  # (the scalar core's partial -c / x^2 = 1e-500 underflows: 0 for -1e-200)
]


@pytest.mark.parametrize("k, c, x", _FAR_QUOTIENTS)
def test_quotient_where_the_quotient_or_its_product_with_the_cotangent_leaves_the_range(k, c, x):
    """d/dx of k (c / x) where c / x or k (c / x) leaves the normal range while -k c / x^2 is a normal number: the
    rules formed -g (c / x) / x (NumPy's and the scalar cores' partial -q / x, Dual's t q / x) and lost bits, or gave
    0 or inf: grad(lambda v: 1e-300 * (1e200 / v))(1e-200) was -inf (truth -1e300), jvp(lambda v: 1e-300 / v,
    (1e-200,), (1e-300,)) -0.0 (truth -1e-200). Every path: grad on a float (scalar core), Var / Var, a one- and a
    three-entry array (NumPy's rule), jvp on a float (Dual) and on an array, a jit replay."""
    want = float(-Fraction(k) * Fraction(c) / (Fraction(x) * Fraction(x)))
    f = lambda v: k * (c / v)
    with np.errstate(over="ignore", under="ignore"):  # (the value c / x itself overflows in the first case)
        got = {"grad": wg.grad(f)(x), "grad u / v": wg.grad(lambda u, v: k * (u / v), 1)(c, x),
               "grad array": wg.grad(lambda v: np.sum(f(v)))(np.array([x]))[0],
               "grad 3 entries": wg.grad(lambda v: np.sum(f(v)))(np.array([2.0, x, 0.5]))[1],
               "jvp": wg.jvp(lambda v: c / v, (x,), (k,))[1],
               "jvp array": wg.jvp(lambda v: c / v, (np.array([x, 2.0]),), (np.array([k, 1.0]),))[1][0]}
        jitted = wg.jit(wg.grad(f))
        got["jit replay"] = (jitted(x), jitted(x))[1]
    for path, value in got.items():
        assert float(value) == pytest.approx(want, rel=4e-16, abs=0.0), path


@pytest.mark.parametrize("k, c, x", [(1e300, 1.0, 1e200), (1e-300, 1e200, 1e-100), (1e-300, 1e-300, 1e-100),
                                     (1.0, 1.7e308, 3.0)])
def test_second_derivative_of_a_quotient_where_its_factors_leave_the_range(k, c, x):
    """d2/dx2 of k (c / x) = 2 k c / x^3 (exact, fractions), where the quotient rule's -g ans / y met ans's tangent
    -c / x^2 alone (underflowed: wg.hessian(lambda v: 1e300 * (1 / v))(1e200) was 1e-300, truth 2e-300), g ans or
    c / x out of range (inf at (1e-300, 1e200, 1e-100), truth 2e200), the first derivative -k c / x^2 itself
    underflowing (0 at (1e-300, 1e-300, 1e-100), truth 2e-300), or -2 (-c) overflowing (inf at c = 1.7e308). Every
    second-order path, on a float and on arrays."""
    want = float(2 * Fraction(k) * Fraction(c) / Fraction(x) ** 3)
    f = lambda v: k * (c / v)
    fa = lambda v: np.sum(k * (c / v))
    a = np.array([x])
    with np.errstate(over="ignore", under="ignore"):  # (the values c / x and k c / x^2 may leave the range)
        got = {"hessian": wg.hessian(f)(x), "grad(grad)": wg.grad(wg.grad(f))(x),
               "jvp(grad)": wg.jvp(wg.grad(f), (x,), (1.0,))[1], "hessian array": wg.hessian(fa)(a)[0, 0],
               "jacfwd(jacrev) array": wg.jacfwd(wg.jacrev(fa))(a)[0, 0],
               "grad(grad) array": wg.grad(lambda v: np.sum(wg.grad(fa)(v)))(a)[0]}
    for path, value in got.items():
        assert float(value) == pytest.approx(want, rel=4e-16, abs=0.0), path


@pytest.mark.parametrize("k, b, e", [(1e300, 0.5, 1100.0), (1e300, 2.0, -1100.0), (1e-300, 2.0, 1100.0)])
def test_derivative_in_the_exponent_where_the_power_or_its_log_factor_leaves_the_range(k, b, e):
    """d/de and d2/de2 of k b**e, k b**e log(b)**n (mpmath, 50 digits), where the partial b**e log b (or its tangent
    b**e log(b)**2) underflows or overflows before it meets the cotangent k: wg.grad(lambda e: 1e300 * 0.5 ** e)(1100.0)
    was 0.0, truth -5.1e-32; at (1e-300, 2, 1100) on arrays inf (b**e itself overflows: the scalar core refuses the
    value, as Python's float **). Every path: the scalar core (c ** v, u ** v in v, a jit replay), Dual's (jvp of c ** v
    and of u ** v along v), NumPy's rule (one- and three-entry arrays, jvp of an array), and second order."""
    with mp.workdps(50):
        want = [float(mp.mpf(k) * mp.power(b, e) * mp.log(b) ** n) for n in (1, 2)]
    f, fa = (lambda v: k * b ** v), (lambda v: np.sum(k * np.power(b, v)))
    got = {1: {}, 2: {}}
    with np.errstate(over="ignore"):  # (b**e overflows in the third case)
        if np.isfinite(np.power(b, e)):  # (a value in range: the scalar paths)
            jitted = wg.jit(wg.grad(f))
            got[1] = {"grad": wg.grad(f)(e), "grad u ** v": wg.grad(lambda u, v: k * u ** v, 1)(b, e),
                      "jvp": wg.jvp(lambda v: b ** v, (e,), (k,))[1],
                      "jvp u ** v": wg.jvp(lambda u, v: u ** v, (b, e), (0.0, k))[1], "jit replay": (jitted(e), jitted(e))[1]}
            got[2] = {"hessian": wg.hessian(f)(e), "grad(grad)": wg.grad(wg.grad(f))(e),
                      "jvp(grad)": wg.jvp(wg.grad(f), (e,), (1.0,))[1]}
        got[1].update({"grad array": wg.grad(fa)(np.array([e]))[0], "grad 3 entries": wg.grad(fa)(np.array([2.0, e, 0.5]))[1],
                       "jvp array": wg.jvp(lambda v: np.power(b, v), (np.array([e, 2.0]),), (np.array([k, 1.0]),))[1][0]})
        got[2].update({"hessian array": wg.hessian(fa)(np.array([e, 2.0]))[0, 0],
                       "jacfwd(jacrev) array": wg.jacfwd(wg.jacrev(fa))(np.array([e]))[0, 0]})
    for n in (1, 2):
        for path, value in got[n].items():
            assert float(value) == pytest.approx(want[n - 1], rel=4e-16, abs=0.0), (n, path)


@pytest.mark.parametrize("k, c, x", [(1e-30, 1e-38, 1e-20), (1e30, 1e30, 1e20), (1e-30, 1e-30, -1e-20),
                                     (1e-30, 1e-45, 1e-20)])
def test_float32_quotient_where_its_factors_leave_float32s_range(k, c, x):
    """d/dx and d2/dx2 of k (c / x) in float32 (exact, fractions, of the float32 inputs; float32's rounding): the rule's
    -g (c / x) / x met c / x or g (c / x) out of float32's range, or ans's tangent -c / x^2 alone: grad at
    (1e-30, 1e-38, 1e-20) was -0.0 for -1e-28, at (1e30, 1e30, 1e20) -inf for -1e20, at (1e-30, 1e-30, -1e-20) 5e-6
    off; the Hessian 1e-8 for 2e-8, inf for 2. Reverse, forward and second order on float32 arrays."""
    k, c, x = (np.float32(v) for v in (k, c, x))
    want = [-Fraction(float(k)) * Fraction(float(c)) / Fraction(float(x)) ** 2,
            2 * Fraction(float(k)) * Fraction(float(c)) / Fraction(float(x)) ** 3]
    fa, a = (lambda v: np.sum(k * (c / v))), np.array([x, np.float32(2.0)])
    with np.errstate(over="ignore", under="ignore"):  # (the value c / x may leave float32's range)
        got = {1: {"grad": wg.grad(fa)(a), "jvp": wg.jvp(lambda v: c / v, (a,), (np.array([k, 1], np.float32),))[1]},
               2: {"hessian": np.diagonal(wg.hessian(fa)(a)), "jacfwd(jacrev)": np.diagonal(wg.jacfwd(wg.jacrev(fa))(a)),
                   "grad(grad)": wg.grad(lambda v: np.sum(wg.grad(fa)(v)))(a)}}
    for n in (1, 2):
        for path, value in got[n].items():
            assert value.dtype == np.float32, (n, path)
            assert float(value[0]) == pytest.approx(float(want[n - 1]), rel=2.0 ** -23, abs=0.0), (n, path)


@pytest.mark.parametrize("k, x", [(1e300, -744.0), (1e300, -800.0), (1e100, -720.0)])
def test_exp_times_a_far_cotangent_where_e_to_the_x_is_subnormal_or_zero(k, x):
    """d/dx and d2/dx2 of k e^x (mpmath, 50 digits) where e^x is subnormal or 0 and k e^x a normal number: the rules
    formed g * e^x after e^x had lost its bits: wg.grad(lambda x: 1e300 * np.exp(x))(-744.0) was 9.88e-24 for
    7.67e-24, grad of sum(1e300 * np.exp(x)) at [-800] 0 for 3.67e-48. Every path: the scalar core (wengert.exp, a
    jit replay, one recorded at 0), Dual's (jvp with the tangent k), NumPy's rule (np.exp and np.expm1 on arrays, jvp
    of an array) and second order."""
    with mp.workdps(50):
        want = float(mp.mpf(k) * mp.exp(x))
    f = lambda v: k * wg.exp(v)  # noqa: E731
    jitted, moved = wg.jit(wg.grad(f)), wg.jit(wg.grad(f))
    moved(0.0)
    got = {"grad": wg.grad(f)(x), "grad np.exp": wg.grad(lambda v: k * np.exp(v))(x),
           "jvp": wg.jvp(wg.exp, (x,), (k,))[1], "jit replay": (jitted(x), jitted(x))[1], "jit moved": moved(x),
           "grad array": wg.grad(lambda v: np.sum(k * np.exp(v)))(np.array([0.0, x]))[1],
           "grad expm1": wg.grad(lambda v: np.sum(k * np.expm1(v)))(np.array([x]))[0],
           "jvp array": wg.jvp(np.exp, (np.array([x, 1.0]),), (np.array([k, 1.0]),))[1][0],
           "hessian": wg.hessian(f)(x), "jvp(grad)": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
           "hessian array": wg.hessian(lambda v: np.sum(k * np.exp(v)))(np.array([x, 2.0]))[0, 0],
           "jacfwd(jacrev) array": wg.jacfwd(wg.jacrev(lambda v: np.sum(k * np.exp(v))))(np.array([x]))[0, 0]}
    for path, value in got.items():
        assert float(value) == pytest.approx(want, rel=4e-16, abs=0.0), path


@pytest.mark.parametrize("k, x", [(1e300, -1100.0), (1e300, -1074.5)])
def test_exp2_times_a_far_cotangent_where_two_to_the_x_is_subnormal_or_zero(k, x):
    """d/dx and d2/dx2 of k 2^x (mpmath, 50 digits: k 2^x log(2)^n) where 2^x is subnormal or 0: np.exp2's rule formed
    g * 2^x * log 2 after 2^x had lost its bits: grad of sum(1e300 * np.exp2(x)) at [-1100] was 0.0 for 5.1e-32, at
    [-1074.5] 3.42e-24 for 2.42e-24."""
    with mp.workdps(50):
        want = [float(mp.mpf(k) * mp.mpf(2) ** x * mp.log(2) ** n) for n in (1, 2)]
    fa, a = (lambda v: np.sum(k * np.exp2(v))), np.array([x, 1.0])
    got = {1: {"grad": wg.grad(fa)(a)[0], "grad float": wg.grad(lambda v: k * np.exp2(v))(x),
               "jvp": wg.jvp(np.exp2, (a,), (np.array([k, 1.0]),))[1][0]},
           2: {"hessian": wg.hessian(fa)(a)[0, 0], "jacfwd(jacrev)": wg.jacfwd(wg.jacrev(fa))(a)[0, 0]}}
    for n in (1, 2):
        for path, value in got[n].items():
            assert float(value) == pytest.approx(want[n - 1], rel=4e-16, abs=0.0), (n, path)


def _logistic_class_truth(name, x, order):
    # d^order/dx^order of tanh, logistic, log_expit or softplus at x (mpmath, 50 digits; closed forms without
    # cancellation: s = logistic(x), c = logistic(-x))
    with mp.workdps(50):
        x = mp.mpf(x)
        s, c, e = 1 / (1 + mp.exp(-x)), 1 / (1 + mp.exp(x)), mp.exp(-2 * abs(x))
        return {"tanh": [4 * e / (1 + e) ** 2, -8 * mp.tanh(x) * e / (1 + e) ** 2], "logistic": [s * c, s * c * (c - s)],
                "log_expit": [c, -s * c], "softplus": [s, s * c]}[name][order - 1]


@pytest.mark.parametrize("x", [-745.0, 800.0, 372.5])
def test_logistic_and_tanh_times_a_far_cotangent_where_their_derivative_is_subnormal_or_zero(x):
    """d/dx and d2/dx2 of 1e300 f(x) (mpmath, 50 digits) for f = tanh, logistic (wengert's, wengert.numpy's, SciPy's
    expit), log_expit and softplus where f' (e^-|x| or 4 e^-2|x| far out) is subnormal or 0 and 1e300 f' a normal
    number: the rules formed g * f' after f' had lost its bits: grad(lambda x: np.sum(1e300 * scipy.special.expit(x)))
    at [-745.0] was 0, its truth 2.82e-24; of 1e300 * logistic(x) at 745 4.94e-24; of 1e300 * tanh at 400 0 for
    1.47e-47. Every path: the scalar core, Dual's, a jit replay (and one recorded at 0), NumPy's rule on a one-entry
    array (its C shortcut) and a mixed one, and second order."""
    k = 1e300
    functions = {"tanh": [wg.tanh, np.tanh], "logistic": [wg.logistic, wnp.logistic, sc.expit],
                 "log_expit": [sc.log_expit], "softplus": [lambda v: np.logaddexp(0.0, v)]}
    for name, fns in functions.items():
        want = [float(k * _logistic_class_truth(name, x, n)) for n in (1, 2)]
        if abs(want[0]) < 2.3e-308:
            continue  # (tanh at -745 and 800: 1e300 f' rounds to 0)
        for fn in fns:
            f, fa = (lambda v: k * fn(v)), (lambda v: np.sum(k * fn(v)))
            jitted, moved = wg.jit(wg.grad(f)), wg.jit(wg.grad(f))
            moved(0.0)
            got = {1: {"grad": wg.grad(f)(x), "jvp": wg.jvp(fn, (x,), (k,))[1], "jit replay": (jitted(x), jitted(x))[1],
                       "jit moved": moved(x), "grad one entry": wg.grad(fa)(np.array([x]))[0],
                       "grad array": wg.grad(fa)(np.array([0.5, x]))[1]},
                   2: {"hessian": wg.hessian(f)(x), "jvp(grad)": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
                       "jacfwd(jacrev) array": wg.jacfwd(wg.jacrev(fa))(np.array([x, 0.5]))[0, 0]}}
            for n in (1, 2):
                for path, value in got[n].items():
                    assert float(value) == pytest.approx(want[n - 1], rel=4e-16, abs=0.0), (name, fn, n, path)


def test_a_far_rows_scalar_partial_is_below_eight_smallest_normals_there():
    # The compiled replay tests |partial| < 8 2^-1022 before a far row's condition (csrc/wengert/_replay.pyx): a row's
    # far must imply it (exp's e^x, logistic's e^-|x| m^2, tanh's e^-2|x| (1 + |ans|)^2), at its ends too
    from wengert import _scalar_py
    rows = [f for f in map(_scalar_py.scalar_op, _scalar_py.OP_CODES.values()) if f.far is not None]
    assert {f.name for f in rows} >= {"exp", "tanh", "logistic"}
    points = np.concatenate([s * np.geomspace(300.0, 1600.0, 400) for s in (1.0, -1.0)] + [
        [-708.3964185322641, -708.39641853226, 354.19820926613205, 354.198209266132, 708.3964185322641, 749.99]])
    for f in rows:
        for x in points:
            if f.name == "exp" and x > 700.0:
                continue  # (e^x overflows: the scalar core raises, as math.exp)
            v = f.forward(float(x))
            if f.far(float(x), v):
                assert abs(f.partial(float(x), v)) < 8 * 2.2250738585072014e-308, (f.name, x)
