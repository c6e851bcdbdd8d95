"""Second derivatives at extreme scales where a rule's partial over- or underflows before the factor it meets.

sqrt's rule g * (0.5 / ans): under an outer tape or forward mode its derivative in x formed -0.25 x**-1.5 before g
met it, so the Hessian of sum(sqrt(v) * (v * k)) was -inf at v = 1e-250, k = 1e70 (truth 7.5e194) and 1e-225 at
v = 1e250, k = 1e-100 (truth 7.5e-226: the term lost). Truths: the closed form 0.75 k / sqrt(v) in mpmath (50 digits).
"""
import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import lazy_mp as mp

REVERSE_PATHS = {"hessian": wg.hessian, "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
                 "jacrev(jacfwd)": lambda f: wg.jacrev(wg.jacfwd(f)), "jacrev(jacrev)": lambda f: wg.jacrev(wg.jacrev(f))}


def _sqrt_times_scaled(v, k):
    with mp.workdps(50):
        return [float(mp.mpf(3) / 4 * mp.mpf(k) / mp.sqrt(mp.mpf(x))) for x in v]


def test_sqrt_times_a_scaled_factor():
    # (not forward over forward: there the factor v k meets sqrt's second derivative -0.25 v**-1.5 only after it has
    # over- or underflowed, a limit of that order of evaluation)
    for v, k in (([1e-250, 1.0, 4.0], 1e70), ([1e250, 1.0, 4.0], 1e-100)):
        truth = np.diag(_sqrt_times_scaled(v, k))
        x = np.array(v)
        for path, make in REVERSE_PATHS.items():
            for sqrt in (np.sqrt, wg.sqrt):
                np.testing.assert_allclose(make(lambda p: np.sum(sqrt(p) * (p * k)))(x), truth, rtol=1e-14, atol=0,
                                           err_msg=f"{path} {sqrt} {v[0]}")
        # (a float: the scalar core's Dual through the same rule)
        for path in ("hessian", "jacfwd(grad)"):
            np.testing.assert_allclose(REVERSE_PATHS[path](lambda p: wg.sqrt(p) * (p * k))(v[0]), truth[0, 0],
                                       rtol=1e-14, atol=0, err_msg=f"{path} float {v[0]}")


def test_sqrt_at_zero_keeps_its_conventions():
    # (the scaled form only where every x is positive and finite: at 0 the rule keeps its own form, -0.25 x**-1.5 =
    # -inf there, and a structural zero's product with its infinite partial adds nothing)
    x = np.array([0.0, 4.0])
    for path, make in REVERSE_PATHS.items():
        with np.errstate(divide="ignore", invalid="ignore"):  # (0.5 / 0 and 0 * inf on the way, as before)
            np.testing.assert_array_equal(make(lambda p: np.sum(np.sqrt(p)))(x), [[-np.inf, 0.0], [0.0, -0.03125]], path)
            np.testing.assert_array_equal(make(lambda p: np.sum(np.sqrt(p) * 0.0 + p))(x), np.zeros((2, 2)), path)


def test_arcsinh_times_a_factor_at_large_x():
    # (arcsinh's rule g * (1 / hypot1(x)) formed the derivative -x / hypot1(x)**3 = -1e-400 = 0 before g met it: the
    # Hessian of sum(arcsinh(x) * x) at 1e200 was 2e-200 for 1e-200, of sum(arcsinh(x) * 1e100) there -0 for -1e-300;
    # now the quotient g / hypot1(x))
    v = [1e200, -1e250, 0.5, 0.0]
    with mp.workdps(50):
        d2 = [-x * x / (1 + x * x) ** mp.mpf(1.5) + 2 / mp.sqrt(1 + x * x) for x in map(mp.mpf, v)]
        scaled = [float(mp.mpf(1e100) * -x / (1 + x * x) ** mp.mpf(1.5)) for x in map(mp.mpf, v)]
    x = np.array(v)
    for path, make in REVERSE_PATHS.items():
        np.testing.assert_allclose(make(lambda p: np.sum(np.arcsinh(p) * p))(x), np.diag([float(d) for d in d2]),
                                   rtol=1e-14, atol=0, err_msg=path)
        np.testing.assert_allclose(make(lambda p: np.sum(np.arcsinh(p) * 1e100))(x), np.diag(scaled), rtol=1e-14,
                                   atol=0, err_msg=path)
        np.testing.assert_allclose(make(lambda p: wg.arcsinh(p) * p)(1e200), float(d2[0]), rtol=1e-14, atol=0,
                                   err_msg=f"{path} float")


def test_arccosh_times_a_factor_at_large_x():
    # (arccosh's rule g / sqrt(x - 1) / sqrt(x + 1) as a product of reciprocals formed -0.5 (x - 1)**-1.5 = 0 at 1e250
    # before g met it: the Hessian of sum(arccosh(x) * x) was 2e-250 for 1e-250; now quotients from 1e100 on)
    v = [1e250, 2.0, 1e120, 1e300]
    with mp.workdps(50):
        d2 = [float(-x * x / (x * x - 1) ** mp.mpf(1.5) + 2 / mp.sqrt(x * x - 1)) for x in map(mp.mpf, v)]
    for path, make in REVERSE_PATHS.items():
        np.testing.assert_allclose(make(lambda p: np.sum(np.arccosh(p) * p))(np.array(v)), np.diag(d2), rtol=1e-14,
                                   atol=0, err_msg=path)


def test_sqrt_beside_a_zero():
    # (an array with a 0 beside the far entries: the scaled form on those, the rule's own at 0; the Hessian of
    # sum(sqrt(v) * (v * 1e70)) at v = [0, 1e-250, 4] was -inf for 7.5e194 at 1e-250)
    truth = _sqrt_times_scaled([1e-250, 4.0], 1e70)
    for path, make in REVERSE_PATHS.items():
        with np.errstate(divide="ignore", invalid="ignore"):  # (0.5 / 0 and 0 * inf at 0, as before)
            h = make(lambda p: np.sum(np.sqrt(p) * (p * 1e70)))(np.array([0.0, 1e-250, 4.0]))
        np.testing.assert_allclose(h[1:, 1:], np.diag(truth), rtol=1e-14, atol=0, err_msg=path)


def _u_sqrt_u(v, k):
    # d2/dv2 of (k v) sqrt(k v) = 0.75 k^2 / sqrt(k v)
    with mp.workdps(50):
        return np.diag([float(mp.mpf(3) / 4 * mp.mpf(k) ** 2 / mp.sqrt(mp.mpf(k) * mp.mpf(x))) for x in v])


def test_sqrt_times_its_argument_with_an_extreme_tangent():
    # (forward over reverse: sqrt's rule g * (0.5 / ans) formed 0.5 / ans's tangent alone, out of range where the
    # tangent k and g = u = k v are extreme the opposite ways although their product is not: the Hessian of
    # sum(u * sqrt(u)) by hessian and jacfwd(grad) was -inf at k = 1e70, v = 1e-270 (truth 7.5e239) and 1e-275 at
    # k = 1e-100, v = 1e250 (truth 7.5e-276); now the quotient g / (2 ans). Not forward over forward, which forms
    # sqrt's second derivative before either factor (-inf, 1e-275 there))
    for v, k in (([1e-270, 4e-262], 1e70), ([1e250, 3e230], 1e-100)):
        truth = _u_sqrt_u(v, k)
        for path, make in REVERSE_PATHS.items():
            for sqrt in (np.sqrt, wg.sqrt):
                np.testing.assert_allclose(make(lambda p: np.sum((p * k) * sqrt(p * k)))(np.array(v)), truth,
                                           rtol=1e-14, atol=0, err_msg=f"{path} {sqrt} {v[0]}")
            np.testing.assert_allclose(make(lambda p: (p * k) * wg.sqrt(p * k))(v[0]), truth[0, 0], rtol=1e-14,
                                       atol=0, err_msg=f"{path} float {v[0]}")



def test_power_times_its_base_with_an_extreme_tangent():
    # (forward over reverse: np.power's rule g * (y * x**(y - 1)) formed its partial's tangent y (y - 1) x**(y - 2) x'
    # alone, out of range where x' = k and g = u = k v are extreme the opposite ways: the Hessian of sum(u * u**0.5)
    # by hessian and jacfwd(grad) was -inf at k = 1e100, v = 1e-250 (truth 7.5e274) and 1e-275 at k = 1e-100,
    # v = 1e250 (truth 7.5e-276); now scaled_power for every traced x > 0. Not forward over forward (-inf, 1e-275))
    for v, k, y in (([1e-250, 3e-220], 1e100, 0.5), ([1e250, 3e230], 1e-100, 0.5), ([1e-170, 2e-160], 1e100, 1.0 / 3)):
        with mp.workdps(50):
            truth = np.diag([float(mp.mpf(k) ** 2 * (y + 1) * y * (mp.mpf(k) * mp.mpf(x)) ** (mp.mpf(y) - 1)) for x in v])
        for path, make in REVERSE_PATHS.items():
            np.testing.assert_allclose(make(lambda p: np.sum((p * k) * np.power(p * k, y)))(np.array(v)), truth,
                                       rtol=1e-14, atol=0, err_msg=f"{path} {v[0]} {y}")
            np.testing.assert_allclose(make(lambda p: (p * k) * (p * k) ** y)(v[0]), truth[0, 0], rtol=1e-14, atol=0,
                                       err_msg=f"{path} float {v[0]} {y}")


def test_arctan_at_large_x_with_an_extreme_factor():
    # (arctan's rule beyond |x| = 1e92 was g (1 / x)(1 / x): forward mode formed -2 x' / x**3 alone, reverse mode g's
    # cotangent c / x**2, each out of range where g or x' is extreme the other way: the Hessian of
    # sum(arctan(k v)) * c was -0 by hessian and jacfwd(grad), -inf by jacrev(jacfwd) and jacrev(jacrev), at
    # c = 1e250, k = 1e100, v = 1e100 for -2e-150; at c = 1e200, k = 1, v = 1e150 -0 by the first two for -2e-250. Now
    # the quotients (g / x) / x. Not forward over forward (0 there))
    for v, k, c in (([1e100, 3e95], 1e100, 1e250), ([1e150, -2e140], 1.0, 1e200)):
        with mp.workdps(50):
            truth = np.diag([float(-2 * mp.mpf(c) * mp.mpf(k) ** 2 * u / (1 + u * u) ** 2)
                             for u in (mp.mpf(k) * mp.mpf(x) for x in v)])
        for path, make in REVERSE_PATHS.items():
            np.testing.assert_allclose(make(lambda p: np.sum(np.arctan(p * k)) * c)(np.array(v)), truth, rtol=1e-14,
                                       atol=0, err_msg=f"{path} {v[0]}")
            np.testing.assert_allclose(make(lambda p: np.arctan(p * k) * c)(v[0]), truth[0, 0], rtol=1e-14, atol=0,
                                       err_msg=f"{path} float {v[0]}")


#: (f, its second derivative in mpmath) of the functions whose partial is p0 + a x^2 near 0 (ops.elementwise._near_zero)
NEAR_ZERO = {"sinh": (np.sinh, lambda u: mp.sinh(u)), "sin": (np.sin, lambda u: -mp.sin(u)),
             "tan": (np.tan, lambda u: 2 * mp.tan(u) * mp.sec(u) ** 2),
             "tanh": (np.tanh, lambda u: -2 * mp.tanh(u) * mp.sech(u) ** 2),
             "arcsin": (np.arcsin, lambda u: u / (1 - u * u) ** 1.5), "arccos": (np.arccos, lambda u: -u / (1 - u * u) ** 1.5),
             "arctan": (np.arctan, lambda u: -2 * u / (1 + u * u) ** 2), "arctanh": (np.arctanh, lambda u: 2 * u / (1 - u * u) ** 2),
             "arcsinh": (np.arcsinh, lambda u: -u / (1 + u * u) ** 1.5),
             "logistic": (wnp.logistic, lambda u: -mp.sech(u / 2) ** 2 * mp.tanh(u / 2) / 4),  # (scipy.special.expit's rule)
             "special.erf": ("erf", lambda u: -4 * u / mp.sqrt(mp.pi) * mp.exp(-u * u)),
             "special.erfc": ("erfc", lambda u: 4 * u / mp.sqrt(mp.pi) * mp.exp(-u * u)),
             "special.erfinv": ("erfinv", lambda u: 2 * mp.erfinv(u) * (mp.sqrt(mp.pi) / 2 * mp.exp(mp.erfinv(u) ** 2)) ** 2),
             "special.dawsn": ("dawsn", lambda u: (lambda d: -2 * d - 2 * u * (1 - 2 * u * d))(
                 mp.sqrt(mp.pi) / 2 * mp.exp(-u * u) * mp.erfi(u))),
             "special.sindg": ("sindg", lambda u: -(mp.pi / 180) ** 2 * mp.sin(mp.pi / 180 * u)),
             "special.tandg": ("tandg", lambda u: 2 * (mp.pi / 180) ** 2 * mp.tan(mp.pi / 180 * u) * mp.sec(mp.pi / 180 * u) ** 2)}


def _scipy_special(name):
    import scipy.special

    import wengert.scipy  # noqa: F401  (the rules of scipy.special)
    return getattr(scipy.special, name)


@pytest.mark.parametrize("name", list(NEAR_ZERO))
def test_odd_function_near_zero_with_extreme_factors(name):
    # (c f(k v) at k v = +-1e-300, c = 1e200, k = 1e-100: as g f'(x) forward mode formed f''(x) x' ~ 1e-300 * 1e-100
    # alone, 0, so hessian, jacfwd(grad) and jvp(grad) gave 0 for c k^2 f''(k v) ~ 1e-300; now g (p0 + a x^2) with its
    # x-derivative scaled_power (scipy.special's erf, erfc, erfinv, dawsn, sindg, tandg the same). Not jacfwd(jacfwd): it
    # forms f(k v)'s own second derivative k^2 f'' ~ 1e-500 before c (a chain limit, any sweep forming it as a double
    # loses it). The third entry (k v = 0.3) keeps the own form.)
    f, second = NEAR_ZERO[name]
    f = _scipy_special(f) if isinstance(f, str) else f
    c, k, v = 1e200, 1e-100, np.array([1e-200, -3e-200, 3e99])
    with mp.workdps(50):
        truth = np.diag([float(mp.mpf(c) * mp.mpf(k) ** 2 * second(mp.mpf(k) * mp.mpf(x))) for x in v])
    g = lambda p: np.sum(f(p * k)) * c  # noqa: E731
    paths = dict(REVERSE_PATHS, **{"jvp(grad)": lambda f: lambda p: np.array([wg.jvp(wg.grad(f), (p,), (e,))[1]
                                                                             for e in np.eye(3)])})
    for path, make in paths.items():
        np.testing.assert_allclose(make(g)(v), truth, rtol=1e-14, atol=0, err_msg=path)
    for path, make in (("jacrev(jacrev)", REVERSE_PATHS["jacrev(jacrev)"]), ("hessian", wg.hessian),
                       ("jvp(grad)", lambda f: lambda p: wg.jvp(wg.grad(f), (p,), (1.0,))[1])):
        np.testing.assert_allclose(make(lambda p: f(p * k) * c)(v[1]), truth[1, 1], rtol=1e-14, atol=0,
                                   err_msg=f"{path} float")
