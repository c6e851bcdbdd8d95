"""Second derivatives at switching points: right, or refused by name, never silently wrong.

Every case of the second-order survey (``tools/probe_kinks.py --second``, cases in
``second_order_cases``) is checked at the switching point through every transform
(``hessian``, ``jacfwd(grad)``, ``hvp``, forward over reverse, reverse over reverse, and
``wengert.jit`` recorded away from the point and replayed at it), and near it against
central finite differences. The policy (docs/guide/numpy.md, "Second derivatives at
kinks"): a first-order rule that takes a convention at its kink (sign(0) = 0, x / |x| as 0
at 0, ties sharing equally) refuses to be differentiated again there, with
NoGradientRule naming the function; one-sided conventions (a bound of clip counts as
inside, sort's stable order, remainder's piece, the branch a user's ``where`` takes) give
the one-sided second derivative of that piece.
"""
import pathlib
import sys

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import probe_kinks  # noqa: E402

CASES = {c[0]: c for c in probe_kinks.second_order_cases()}

#: The function each refusal must name (the rule whose convention is differentiated).
REFUSED = {
    "abs**2": "absolute", "fabs**2": "absolute", "abs*abs": "absolute", "abs**3": "absolute",
    "x*abs": "absolute", "abs": "absolute", "abs_linear": "absolute", "abs_scalar**2": "absolute",
    "abs_complex**2": "absolute", "copysign**2": "copysign",
    "normNone**2": "norm", "norm2**2": "norm", "norm1**2": "norm", "norm3**2": "norm",
    "norm1.5**2": "norm", "norminf**2": "norm", "norm-inf**2": "norm", "norm1_partial0": "norm",
    "norm_inf_tie": "norm", "norm_axis_zero_row": "norm", "vector_norm**2": "norm",
    "mnorm_fro**2": "norm", "mnorm_None**2": "norm", "mnorm_1**2": "norm", "mnorm_-1**2": "norm",
    "mnorm_inf**2": "norm", "mnorm_-inf**2": "norm", "mnorm_1_tie": "norm",
    # the 2/-2/nuc norms of a zero matrix: the norm's own refusal (the SVD's LinAlgError came first on three paths)
    "mnorm_nuc**2": "norm", "mnorm_2**2": "norm", "mnorm_-2**2": "norm",
    "hypot**2": "hypot", "hypot_x0**2": "hypot", "std**2": "std", "nanstd**2": "std", "std_ax**2": "std",
    "maximum_tie**2": "maximum", "maximum_sum_sq": "maximum", "minimum_tie**2": "minimum",
    "minimum_sum_sq": "minimum", "fmax_tie**2": "fmax", "fmax_sum_sq": "fmax", "fmin_tie**2": "fmin",
    "fmin_sum_sq": "fmin", "relu**2": "maximum", "relu_net": "maximum", "max_tie**2": "max",
    "amax_tie**2": "amax", "min_tie**2": "min", "nanmax_tie**2": "nanmax", "nanmin_tie**2": "nanmin",
    "ptp_tie**2": "max|min", "i0e**2": "i0e", "i1e": "i0e", "ive0": "i0e", "sort_tie_2nd": "sort",
    # (edges15) Huber's loss at |r| = delta: 1 inside, 0 beyond
    "huber_switch": "huber", "huber_switch_delta": "huber",
}
#: No Hessian, and none of the pieces' either: NaN, never a finite number (roots at 0,
#: arctan2 at the origin, where it is not even continuous).
NAN = {"arctan2", "sqrt**2", "cbrt**3", "sqrt_sq", "x**0.5**2"}
#: Documented, not fixed: heaviside has no gradient (a constant to the program), and its
#: value 0.5 at 0 is no piece's, so heaviside(x, 0.5) * x**2 gets 0.5 * 2 = 1 at 0, where
#: the one-sided second derivatives are 0 and 2 (docs/guide/numpy.md says so).
PINNED = {"heaviside*x**2": np.eye(3)}
TRANSFORMS = probe_kinks.SECOND_ORDER_TRANSFORMS


def test_every_case_has_an_expectation():
    for name, (_, _, _, true_grad, one_sided) in CASES.items():
        known = (name in REFUSED) + (name in NAN) + (name in PINNED)
        assert known + (true_grad is not None and name not in REFUSED) + (one_sided is not None) >= 1, name
        assert not (name in REFUSED and one_sided is not None), name


@pytest.mark.parametrize("how", TRANSFORMS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_at_the_switching_point(name, how):
    _, f, x0, true_grad, one_sided = CASES[name]
    if name in PINNED:
        one_sided = PINNED[name]
    verdict, detail = probe_kinks.classify(name, f, x0, true_grad, one_sided, how)
    if name in REFUSED:
        assert verdict == "refused", (verdict, detail)
        assert any(word in detail for word in REFUSED[name].split("|")), detail
    elif name in NAN:
        assert verdict == "nan", (verdict, detail)
    elif true_grad is not None:
        assert verdict == "right", (verdict, detail)
    else:
        assert verdict == "one-sided", (verdict, detail)


@pytest.mark.parametrize("name", sorted(CASES))
def test_near_the_switching_point(name):
    # a step of 1e-3 along a fixed direction: every case is smooth there, and its second
    # derivatives (reverse over reverse, forward over reverse) match central differences
    _, f, x0, _, _ = CASES[name]
    x0 = np.asarray(x0, dtype=float)
    if name in NAN:
        x0 = np.abs(x0) + 0.5  # the roots' domain
    step = 1e-3 * np.random.default_rng(7).uniform(0.5, 1.0, x0.shape) * np.where(np.arange(x0.size) % 2, 1, -1)
    x = x0 + step.reshape(x0.shape)
    if name.startswith(("nanstd", "std")) or "sqrt" in name or "cbrt" in name or "**0.5" in name:
        x = np.abs(x) + 0.5 if name not in ("std**2", "nanstd**2", "std_ax**2") else x
    check_grads(f, x, order=2, modes=("rev", "fwd"), rtol=1e-4, atol=1e-5)


def test_the_spectral_norms_refuse_at_their_kinks_by_name():
    # norm(x, 2 / -2 / 'nuc') at a zero matrix and where the singular value(s) the gradient reads tie or vanish: its
    # convention (0, a subgradient) is not differentiated again, NoGradientRule on every path; the SVD's second-order
    # rule refused the tied singular values first with a LinAlgError (hessian, jacfwd(jacfwd), jacfwd(grad))
    q1, q2 = np.linalg.qr(np.arange(1.0, 10.0).reshape(3, 3) ** 2)[0], np.linalg.qr(np.eye(3)[::-1] + 0.1)[0]
    points = [(o, np.zeros((2, 3))) for o in ("nuc", 2, -2)] + [
        ("nuc", q1 @ np.diag([3.0, 1.0, 0.0]) @ q2), (2, q1 @ np.diag([3.0, 3.0, 1.0]) @ q2),
        (-2, q1 @ np.diag([3.0, 1.0, 1.0]) @ q2)]
    paths = (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
             lambda f: wg.jacfwd(wg.grad(f)))
    for o, x in points:
        for path in paths:
            with pytest.raises(wg.NoGradientRule, match=f"norm\\(..., ord={o!r}\\) has no second derivative"):
                path(lambda v: np.linalg.norm(v, o))(x)


def test_the_refusal_says_what_to_write_instead():
    cases = [(lambda x: np.linalg.norm(x) ** 2, np.zeros(3), r"np\.dot\(x, x\)"),
             (lambda x: np.sum(np.abs(x) ** 2), np.zeros(2), r"np\.square\(x\)"),
             (lambda x: np.std(x) ** 2, np.ones(3), r"np\.var\(x\)"),
             (lambda x: np.hypot(x[0], x[1]) ** 2, np.zeros(2), r"x \* x \+ y \* y")]
    for f, x, advice in cases:
        with pytest.raises(wg.NoGradientRule, match=advice):
            wg.hessian(f)(x)
    # and names the entries at the kink
    with pytest.raises(wg.NoGradientRule, match=r"entries \(1,\)"):
        wg.hessian(lambda x: np.sum(np.abs(x) ** 2))(np.array([1.0, 0.0, -2.0]))


def test_first_order_conventions_are_unchanged_under_every_runner():
    x = np.array([0.0, 1.0, -2.0])
    np.testing.assert_array_equal(wg.grad(lambda v: np.sum(np.abs(v)))(x), [0.0, 1.0, -1.0])
    assert wg.jvp(lambda v: np.sum(np.abs(v)), (x,), (np.ones(3),))[1] == 0.0
    np.testing.assert_array_equal(wg.grad(lambda v: np.linalg.norm(v))(np.zeros(3)), np.zeros(3))
    np.testing.assert_array_equal(wg.jit(wg.grad(lambda v: np.sum(np.maximum(v, 0.0))))(np.zeros(2)), [0.5, 0.5])
    # jit over a first-order gradient records the marker on its tape, and never sweeps it
    jitted = wg.jit(lambda v: wg.grad(lambda u: np.sum(np.abs(u)))(v))
    np.testing.assert_array_equal(jitted(x), [0.0, 1.0, -1.0])


def test_a_direction_that_leaves_the_kink_still_keeps_the_convention():
    # forward over reverse along a direction that does not move the entry at 0: the
    # gradient's derivative along it exists (f = |x| y: d/dy of (y sign(x), |x|) is (0, 0))
    f = lambda v: np.abs(v[0]) * v[1]  # noqa: E731
    np.testing.assert_array_equal(wg.hvp(f, np.array([0.0, 2.0]), np.array([0.0, 1.0])), [0.0, 0.0])
    with pytest.raises(wg.NoGradientRule, match="absolute"):
        wg.hvp(f, np.array([0.0, 2.0]), np.array([1.0, 0.0]))


def test_jit_replays_reaching_the_kink_refuse_as_recordings_do():
    f = lambda v: np.sum(np.abs(v) ** 2)  # noqa: E731
    jitted = wg.jit(lambda v: np.sum(wg.grad(f)(v)))
    d = wg.grad(jitted)
    np.testing.assert_array_equal(d(np.array([1.0, -2.0])), [2.0, 2.0])
    np.testing.assert_array_equal(d(np.array([3.0, -1.0])), [2.0, 2.0])
    # Today a recording with a runner inside is not replayable (every call records), so the
    # kink is met by a fresh recording; were it replayed, the test of where the kink is
    # reads Vars and is a guard: a replay reaching it fails the guard and records afresh.
    assert jitted.stats["replays"] + jitted.stats["not_replayable"] >= 1
    with pytest.raises(wg.NoGradientRule, match="absolute"):
        d(np.array([0.0, -1.0]))
    np.testing.assert_array_equal(d(np.array([3.0, -1.0])), [2.0, 2.0])


def test_jit_inside_a_hessian_refuses_at_the_kink():
    jitted = wg.jit(lambda v: np.sum(np.abs(v) ** 2))
    np.testing.assert_array_equal(wg.hessian(jitted)(np.array([1.0, -2.0])), 2.0 * np.eye(2))
    with pytest.raises(wg.NoGradientRule, match="absolute"):
        wg.hessian(jitted)(np.array([0.0, -2.0]))


def test_third_order_refuses_too():
    with pytest.raises(wg.NoGradientRule, match="absolute"):
        wg.grad(wg.grad(wg.grad(lambda x: abs(x) ** 3)))(0.0)
    assert wg.grad(wg.grad(wg.grad(lambda x: abs(x) ** 3)))(0.5) == pytest.approx(6.0, rel=1e-15, abs=0.0)


def test_max_tied_with_its_initial_value_refuses_at_second_order():
    f = lambda x: np.max(x, initial=1.0) ** 2  # noqa: E731
    np.testing.assert_array_equal(wg.grad(f)(np.array([1.0, 0.0])), [1.0, 0.0])  # half of 2 * 1
    with pytest.raises(wg.NoGradientRule, match=r"numpy\.max.*tied"):
        wg.hessian(f)(np.array([1.0, 0.0]))
    np.testing.assert_array_equal(wg.hessian(f)(np.array([1.5, 0.0])), [[2.0, 0.0], [0.0, 0.0]])


@pytest.mark.parametrize("mode", ["maximum", "minimum"])
def test_pad_with_a_tied_statistic_refuses_its_second_derivative(mode):
    # review: the pad rule's tie shares were differentiated as constants (3.0 where the
    # sides give 2 and 6); first order keeps the shares, second order refuses at the tie
    f = lambda x: np.sum(np.pad(np.stack([x, 0 * x]), (1, 1), mode=mode) ** 2)
    assert wg.grad(f)(0.0) == 0.0
    with pytest.raises(wg.NoGradientRule, match="no second derivative at its kink"):
        wg.grad(wg.grad(f))(0.0)
    side = 1.0 if mode == "maximum" else -1.0
    np.testing.assert_allclose(wg.grad(wg.grad(f))(0.5 * side), 6.0, rtol=1e-15)  # away from the tie


_SECOND_ORDER_KINKS = [np.abs, np.fabs, lambda y: np.maximum(y, 0.0), lambda y: np.minimum(y, 0.0),
                       lambda y: np.fmax(y, 0.0), lambda y: np.hypot(y, 0.0), lambda y: np.copysign(y, y),
                       lambda y: np.linalg.norm(y) * np.ones(1), lambda y: np.linalg.norm(y, 1) * np.ones(1),
                       lambda y: np.linalg.norm(y, 3) * np.ones(1), lambda y: np.linalg.norm(y, 0.5) * np.ones(1),
                       lambda y: np.max(np.stack([y, -y]), axis=0), lambda y: np.ptp(np.stack([y, 0 * y]), axis=0),
                       lambda y: np.std(np.stack([y, 0 * y]), axis=0), lambda y: np.nanstd(np.stack([y, 0 * y]), axis=0),
                       lambda y: np.abs(y + 0j)]


def test_a_kink_reached_at_second_order_refuses_on_the_forward_outer_paths():
    # y = x0 ** 2 sits at the kink with a zero first-order tangent but a nonzero second-order
    # term: the convention (sign(0) = 0, a tie's 1/2) met that term, and jacfwd(jacfwd),
    # hessian and jacfwd(grad) gave 0 (abs, truth 2 as |x0 ** 2| = x0 ** 2), 1 (relu, truth 2),
    # 0.5 off the diagonal for relu(x0 x1) (not twice differentiable). y = x0 ** 3 has no
    # second-order term: 0 exactly. (jacrev(jacfwd), jacrev(grad) refused already.)
    x = np.zeros(2)
    paths = (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)))
    for kink in _SECOND_ORDER_KINKS:
        for path in paths:
            for inner in (lambda x: x[:1] ** 2, lambda x: -(x[:1] ** 2), lambda x: x[:1] * x[1:]):
                with pytest.raises(wg.NoGradientRule, match="kink"):
                    path(lambda x: np.sum(kink(inner(x))))(x)
            np.testing.assert_array_equal(path(lambda x: np.sum(kink(x[:1] ** 3)))(x), np.zeros((2, 2)))
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f))):  # |sin(x0) ** 2| at 0: 2, not 0
        with pytest.raises(wg.NoGradientRule, match="absolute"):
            path(lambda x: np.sum(np.abs(np.sin(x) ** 2)))(np.array([0.0, 1.0]))
    # a direction that leaves the kink still keeps the convention (forward over reverse)
    np.testing.assert_array_equal(wg.hvp(lambda v: np.abs(v[0]) + v[1] ** 2, np.zeros(2), np.array([0.0, 1.0])),
                                  [0.0, 2.0])


def _nuclear_hessian(u, s, vt):
    # the polar factor U V^T's derivative (the 'nuc' norm's Hessian, all s > 0): U W V^T with
    # W = (X - X^T) / (s_i + s_j), X = U^T E V, plus (I - U U^T) E V S^-1 V^T for a tall matrix
    m, n = u.shape[0], vt.shape[1]
    out = np.zeros((m, n, m, n))
    for a, b in np.ndindex(m, n):
        e = np.zeros((m, n))
        e[a, b] = 1.0
        x = u.T @ e @ vt.T
        out[:, :, a, b] = u @ ((x - x.T) / (s[:, None] + s)) @ vt + (np.eye(m) - u @ u.T) @ e @ vt.T @ (vt / s[:, None])
    return out


def _top_singular_hessian(a):
    # s_1 is the largest eigenvalue of B = [[0, a], [a^T, 0]], simple: its Hessian 2 w^T E_i R E_j w,
    # R = (s_1 I - B)^+, w its unit eigenvector
    m, n = a.shape
    b = np.block([[np.zeros((m, m)), a], [a.T, np.zeros((n, n))]])
    lam, w = np.linalg.eigh(b)
    w, r = w[:, -1], np.linalg.pinv(lam[-1] * np.eye(m + n) - b, rcond=1e-10, hermitian=True)
    e = [np.eye(m + n)[:, [i]] @ np.eye(m + n)[[m + j]] for i, j in np.ndindex(m, n)]
    e = [x + x.T for x in e]
    return np.array([[2.0 * w @ ei @ r @ ej @ w for ej in e] for ei in e]).reshape(m, n, m, n)


def test_the_spectral_norms_are_twice_differentiable_at_ties_they_do_not_see():
    # 'nuc' wherever every singular value is nonzero, ties or not (its gradient U V^T divides by s_i + s_j);
    # ord 2 wherever the largest is simple, whatever ties or zeros below it. The SVD's second-order rule
    # refused every tie (LinAlgError on all five paths); ord 2 of a tall rank-deficient matrix too
    q1, q2 = np.linalg.qr(np.arange(1.0, 10.0).reshape(3, 3) ** 2)[0], np.linalg.qr(np.eye(3)[::-1] + 0.1)[0]
    rotation = np.array([[0.6, -0.8], [0.8, 0.6]])
    s = np.array([3.0, 2.0, 2.0])
    tied, tall_tied, tall_rank_1 = q1 @ np.diag(s) @ q2, 2.0 * q1[:, :2] @ rotation, q1[:, :2] @ np.diag([2.0, 0.0]) @ rotation
    cases = [("nuc", tied, _nuclear_hessian(q1, s, q2)), (2, tied, _top_singular_hessian(tied)),
             ("nuc", tall_tied, _nuclear_hessian(q1[:, :2], np.array([2.0, 2.0]), rotation)),
             (2, tall_rank_1, _top_singular_hessian(tall_rank_1))]
    paths = {"hessian": wg.hessian, "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f)),
             "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)), "jacrev(jacfwd)": lambda f: wg.jacrev(wg.jacfwd(f)),
             "jacrev(grad)": lambda f: wg.jacrev(wg.grad(f))}
    for o, a, truth in cases:
        for name, path in paths.items():
            np.testing.assert_allclose(path(lambda v: np.linalg.norm(v, o))(a), truth, rtol=0, atol=1e-14,
                                       err_msg=f"{o} {name}")


@pytest.mark.parametrize("name, z", [("ive", 2j), ("ive", complex(-0.0, -1.5)), ("jve", 0.5 + 0j), ("yve", complex(2.0, -0.0))])
def test_scaled_bessel_of_a_complex_z_refuses_at_its_kink(name, z):
    # ive's e^-|Re z| has a kink where Re z = 0, jve's and yve's e^-|Im z| where Im z = 0: the gradient there is the
    # mean of the two sides' (sign(0) = 0), kept; its derivative was returned as a second derivative, which it is of
    # neither side nor their mean (Hessian of Re jve(1.5, x + iy) at 0.5 + 0j [[a, 0], [0, -a]], a = J'' = 0.2019,
    # where both sides' d2/dy2 is -0.1102: mpmath at 30 digits, -Re J'' + jve), so now it raises, as at real x = 0.
    import scipy.special as sc
    from opcheck import lazy_mp as mp
    fun = getattr(sc, name)
    f = lambda u: np.real(fun(1.5, u))  # noqa: E731
    r = lambda v: f(v[0] + 1j * v[1])  # noqa: E731
    v = np.array([z.real, z.imag])
    with mp.workdps(30):  # the first order: the mean of the two sides' (an unscaled function's derivative times 1)
        w = mp.mpc(z.real, z.imag)
        unscaled = {"ive": mp.besseli, "jve": mp.besselj, "yve": mp.bessely}[name]
        d = mp.diff(lambda t: unscaled(1.5, t), w)
        scale = mp.exp(-abs(w.real)) if name == "ive" else mp.exp(-abs(w.imag))
        fx, fy = mp.re(d * scale), mp.re(1j * d * scale)  # (the kink's +-F in the one-sided partial cancels in the mean)
    np.testing.assert_allclose(wg.grad(f)(z), complex(fx, -fy), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.grad(r)(v), [float(fx), float(fy)], rtol=1e-14, atol=1e-15)
    second = {
        "hessian": lambda: wg.hessian(r)(v), "jacfwd(jacrev)": lambda: wg.jacfwd(wg.jacrev(r))(v),
        "jacrev(jacrev)": lambda: wg.jacrev(wg.jacrev(r))(v),
        "jvp(grad) 1": lambda: wg.jvp(wg.grad(f), (z,), (1 + 0j,)), "jvp(grad) 1j": lambda: wg.jvp(wg.grad(f), (z,), (1j,)),
        "grad(grad)": lambda: wg.grad(lambda u: np.real(wg.grad(f)(u)))(z),
    }
    for path, run in second.items():
        with pytest.raises(wg.NoGradientRule, match=f"scipy.special.{name} has no second derivative at its kink"):
            run()
            raise AssertionError(path)
    replayed = wg.jit(wg.grad(lambda v: wg.grad(r)(v)[0]))  # recorded away from the kink, replayed at it
    replayed(v + 0.25)
    with pytest.raises(wg.NoGradientRule, match="no second derivative at its kink"):
        replayed(v)
    # beside it the one-sided second derivative (d2/dx2 for ive, d2/dy2 for jve / yve; mpmath at 30 digits)
    off = z + (1e-3 if name == "ive" else 1e-3j)
    with mp.workdps(30):
        w = mp.mpc(off.real, off.imag)
        # (the side's F is G(z) e^(i Im z), G = I e^-z, for ive; G(z) e^(-i Re z), G = J e^(iz), for jve, yve: so
        # d2F/dx2 = G'' e^(i Im z) and d2F/dy2 = -G'' e^(-i Re z))
        side = mp.diff(lambda t: unscaled(1.5, t) * (mp.exp(-t if name == "ive" else 1j * t)), w, 2)
        want = float(mp.re(side * mp.expj(w.imag))) if name == "ive" else float(mp.re(-side * mp.expj(-w.real)))
    k = 0 if name == "ive" else 1
    assert wg.hessian(r)(np.array([off.real, off.imag]))[k, k] == pytest.approx(want, rel=1e-13)
