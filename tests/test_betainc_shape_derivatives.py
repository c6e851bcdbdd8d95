"""The derivatives of the regularized incomplete beta function in its shapes ``a`` and ``b``
(``betainc``, ``betaincc``) and what is built on them (``stdtr`` and ``scipy.stats.t`` in
``df``, ``scipy.stats.beta``'s tails in ``a`` and ``b``, ``scipy.stats.f``'s in ``dfn`` and
``dfd``; the inverses ``betaincinv``, ``betainccinv``, ``stdtrit`` and the quantiles of those
distributions, by the implicit function theorem), against mpmath (50 digits: ``mp.diff`` of ``mp.betainc``, and for a, b from 1e4 on
quadrature of the density's derivatives), first and second order, reverse and forward.

They were refused (``NoGradientRule``) until the continued fraction of betainc was carried
with its derivatives in a and b (``ops/scipy_special.py``). Measured worst relative errors
over TABLE: first derivatives 3.0e-13 for a, b up to 1e4, 1.6e-11 up to 1e7 (where they stop:
ValueError beyond); second derivatives, relative to the largest of the three, 1.6e-13 up to
a, b = 1e3 (2.4e-11 at the centre x = 1/2 of a = b = 1e3, which TABLE does not have) and 3.7e-10 at
the centre of a = b = 1e4 (where they stop). The third is refused. (Until the fraction's convergence test
was relative to each entry's rounding: 2.6e-13, 6.3e-12, 2.2e-11 and 1.3e-9. At the centre of a = b = 1e4
the first derivatives are the forward recurrence's accumulated rounding, about 1,400 ulps of F_b, which
either test samples at its own step: 2.6e-13 at step 238 then, 3.0e-13 at step 252 now.)

Since F is summed as its hypergeometric series where that converges in 2^17 terms (every term of one sign for b > 1)
and the prefactor's slopes are taken from (a + b) x - a: first derivatives within 1.5e-13 over TABLE (x = 1e-100 and a
far tail; 6.4e-14 at a = b = 1e7), second 1.1e-13 of the largest (the centre of a = b = 1e4); CENTRE below.

The truths are tables (CI installs no mpmath); ``test_the_tables_are_mpmaths`` recomputes
the moderate rows where mpmath is installed.
"""
import functools

import numpy as np
import pytest

import wengert as wg
import wengert.scipy  # noqa: F401  (registers the rules)
import scipy.special as sc
from wengert.scipy import stats
from wengert.testing import check_grads

#: (a, b, x, dI/da, dI/db, d2I/da2, d2I/dadb, d2I/db2) for I = betainc(a, b, x): small and large
#: shapes, x near 0 and 1, both sides of the switch x = (a + 1) / (a + b + 2) between the
#: fraction of I and that of 1 - I (10, 20: 0.34375; 3, 4: 0.4444), an integer b (where the
#: fraction ends but not its derivatives), a tiny a or b
TABLE = [
    (2.0, 3.0, 0.3, -0.2460937277467235, 0.1295450609648719, 0.1318018671727777, -0.030286638966075346, -0.009503625625889786),
    (0.5, 0.5, 0.9, -0.2768155243583512, 0.5926200221433794, 0.2995770821207097, 0.47342123086420335, -1.8537435126871828),
    (10.0, 20.0, 0.343, -0.10276041876204384, 0.052061087951727036, 0.0006251060866667719, 0.0023821886938108078, -0.0025343274375978176),
    (10.0, 20.0, 0.345, -0.10217212726495825, 0.05199218713390051, 2.423976447399347e-05, 0.0026817731370104504, -0.002689691275878767),
    (0.001, 2.0, 0.5, -0.19335968097167094, 0.00021612767703389155, -0.2123067293104594, 0.21613531056892293, -0.00028107051173866557),
    (100.0, 200.0, 0.3, -0.01579154131969264, 0.007306944329466244, 0.0017176009076696392, -0.0007577507405526115, 0.00033214726077443723),
    (1.0, 1.0, 0.5, -0.34657359027997264, 0.34657359027997264, 0.24022650695910072, 0.0, -0.24022650695910072),
    (3.0, 0.001, 0.99, -0.00038374033007421024, 3.1165727785523587, 0.00015337647225200897, -0.3824735693878949, -8.538886102286735),
    (50.0, 50.0, 0.5, -0.040060974249332894, 0.040060974249332894, 0.00040395500395302845, 0.0, -0.00040395500395302845),
    (5.0, 2.0, 1e-05, -6.807698714354814e-24, 8.69987750021429e-25, 7.722524685276908e-23, -9.778980232379354e-24, 9.666441112161117e-25),
    (2.0, 5.0, 0.999999, -8.699987751253012e-30, 8.189299528183476e-29, -9.666644112511464e-30, 1.1782350478097412e-28, -1.1175780441927404e-27),
    (1e-10, 1e-10, 0.5, -2500000000.0, 2500000000.0, 2.5e+19, 0.0, -2.5e+19),
    (1e-10, 2.0, 0.3, -0.5039728043495372, 3.6913209599737496e-11, -0.23601141236996814, 0.3691320959791121, -3.5933429164523646e-11),
    (2.0, 1e-10, 0.7, -3.691320959973749e-11, 0.5039728043495371, 3.5933429164523646e-11, -0.36913209597911206, 0.2360114123699682),
    (0.5, 0.5, 1e-10, -0.00015049409121949787, 8.825424006040948e-06, 0.0035621344225238764, -0.00019815713452257832, -8.70931549050852e-06),
    (3.0, 4.0, 1e-100, -4.592836852654758e-297, 1.2333333333333334e-299, 1.0547049121996278e-294, -2.8291784889112476e-297, 5.0000000000000006e-300),
    (4.0, 3.0, 0.5, -0.1367068433174812, 0.16060700390913077, 0.03998520248314285, -0.024905382338237116, -0.0011012934917685392),
    (3.0, 4.0, 0.444, -0.1823557869146917, 0.1390974898015225, 0.02320590685844639, 0.00861397826751038, -0.025818404126976075),
    (3.0, 4.0, 0.445, -0.1820729289723757, 0.13915597384206296, 0.0227547518435462, 0.008934138502545711, -0.026081458825117053),
    (0.2, 0.3, 0.999, -0.18012461280683273, 0.471347838958823, 0.5565735606862443, 1.3000964568011117, -4.307309211235674),
    (7.5, 0.5, 0.95, -0.03267731636050183, 0.7108382933843249, 0.0039204840376865936, -0.02995845681129587, -0.44610854955710727),
    (1000.0, 1000.0, 0.49, -0.006041047012048269, 0.005921424296404131, 0.00012507236984166483, -0.00011963369052947934, 0.00011430269617710399),
    (1e-05, 1000.0, 0.01, -3.956514911819393e-06, 4.3411468410353333e-13, -2.3448718797673323e-05, 4.3412718133117656e-08, -4.797325442312004e-15),
    (10000.0, 10000.0, 0.5, -0.002821006688412662, 0.002821006688412662, 1.4105621158057765e-07, 1.5316396352635735e-57, -1.4105621158057765e-07),
    (10000.0, 10000.0, 0.495, -0.001042961973858977, 0.0010325841567220997, 1.0534312064787297e-05, -1.0377860385061159e-05, 1.0222965442769286e-05),
    (100000.0, 100000.0, 0.5, -0.0008920639165419336, 0.0008920639165419336, 4.460338167394419e-09, -2.0078218472870966e-57, -4.460338167394419e-09),
    (100000.0, 100000.0, 0.501, -0.0005973706759738344, 0.0005985666130635453, -1.1905618326829844e-06, 1.1959381859959352e-06, -1.2013253027672102e-06),
    (100000.0, 10.0, 0.9999, -1.2510440052742984e-05, 0.12720252080915107, 1.252176211685507e-10, -6.370628822613166e-07, -9.593729291073838e-05),
    (0.5, 100000.0, 1e-05, -0.3898352077161819, 2.075540081485375e-06, -0.2134964522646965, 4.075333381722746e-06, -3.1133230944011367e-11),
    (1e-10, 100000.0, 1e-06, -1.8229280300090467, 9.048423492603807e-16, 1.8661604271929255, 9.04842349104261e-06, -9.953311535566137e-21),
    (100000.0, 200000.0, 0.34, -1.160522974905493e-16, 5.889943628586552e-17, -2.2977548280951507e-18, 1.1664619151573034e-18, -5.921555303476798e-19),
    (1000000.0, 1000000.0, 0.5, -0.00028209485054363567, 0.00028209485054363567, 1.4104748404158463e-10, -8.563999374721386e-59, -1.4104748404158463e-10),
    (1000000.0, 1000000.0, 0.4995, -0.00010382876712282557, 0.00010372499023549833, 1.0393263487550772e-07, -1.037768916512824e-07, 1.0362130409245293e-07),
    (10000000.0, 10000000.0, 0.5, -8.92062076661012e-05, 8.92062076661012e-05, 4.460310569151328e-12, -7.38688701645892e-60, -4.460310569151328e-12),
    (10000000.0, 10000000.0, 0.4999, -5.980268921927167e-05, 5.979072987738194e-05, 1.1964724241561273e-08, -1.1959341999359113e-08, 1.1953960833497747e-08),
    (2000.0, 1000000.0, 0.002, -0.008867622059204433, 1.7751532550453094e-05, -1.7709234240451914e-05, 3.988814616319395e-08, -8.872238142522784e-11),]

#: Rows as TABLE's where the old test of the fraction's convergence (each entry moved by at most 2 ulps of itself for
#: max(16, k / 4) steps in a row) ran the second-order fraction 31,774 and 13,748 steps, its converged values drifting
#: by rounding meanwhile: d2I/da2 was 7.1e-7 and 4.8e-8 off (relative), dI/da 2.5e-12; the fraction has
#: converged by k = 145 and 44, where the test now stops
DRIFT = [
    (1000.0, 0.001, 0.999, -3.6827520778564555e-07, 0.2198322990872721, 7.3655017002419e-10, -0.00036848680865979555, 0.44826998826967096),
    (1000.0, 2.5, 0.9964, -0.0005036285807797051, 0.17809115970925973, 1.0614576607967902e-06, -0.0002917401206894384, 0.06501320436629676)]

#: (a, b, x) whose db is far below I's own scale: I = 1 - 9e-16 and dI/db = 9.0e-16, a difference
#: of terms of 1e-6 (log(1 - x) and the fraction's derivative): its relative error is 1.2e-6,
#: 1.1e-21 absolute
_TINY_DB = (1e-10, 1e5, 1e-6)


def _first_rtol(a, b):
    return 3.5e-13 if max(a, b) <= 1e4 else 2e-11  # (3.0e-13 at a = b = 1e4, x = 1/2: see the docstring)


@functools.lru_cache(maxsize=None)
def _betainc_gradient(a, b, x):
    """betainc's reverse-mode gradient in (a, b) at x: computed once for test_first_derivatives and
    test_worst_relative_error_over_the_table (the same call; the latter took 21 s repeating the table's)."""
    return wg.grad(lambda p, q: sc.betainc(p, q, x), argnums=(0, 1))(a, b)


@functools.lru_cache(maxsize=None)
def _betainc_hessian(a, b, x):
    """betainc's reverse-over-reverse Hessian in (a, b) at x: computed once for test_second_derivatives and
    test_worst_relative_error_over_the_table (a copy is handed out)."""
    return wg.hessian(lambda v: sc.betainc(v[0], v[1], x))(np.array([a, b]))


def _param(row):
    return pytest.param(*row, marks=pytest.mark.slow) if max(row[:2]) > 1e5 else row


@pytest.mark.parametrize("a, b, x, i_a, i_b, i_aa, i_ab, i_bb", [_param(r) for r in TABLE])
def test_first_derivatives(a, b, x, i_a, i_b, i_aa, i_ab, i_bb):
    rtol = _first_rtol(a, b)
    for fn, sign in ((sc.betainc, 1.0), (sc.betaincc, -1.0)):
        g_a, g_b = (_betainc_gradient(a, b, x) if fn is sc.betainc
                    else wg.grad(lambda p, q: fn(p, q, x), argnums=(0, 1))(a, b))
        assert g_a == pytest.approx(sign * i_a, rel=rtol, abs=0), (fn.__name__, "a")
        assert g_b == pytest.approx(sign * i_b, rel=1.3e-6 if (a, b, x) == _TINY_DB else rtol, abs=0), (fn.__name__, "b")
    # forward mode: the same numbers along (1, 1)
    tangent = wg.jvp(lambda p, q: sc.betainc(p, q, x), (a, b), (1.0, 1.0))[1]
    assert tangent == pytest.approx(i_a + i_b, rel=0, abs=rtol * (abs(i_a) + abs(i_b)))


@pytest.mark.parametrize("a, b, x, i_a, i_b, i_aa, i_ab, i_bb", [r for r in TABLE if max(r[:2]) <= 1e4])
def test_second_derivatives(a, b, x, i_a, i_b, i_aa, i_ab, i_bb):
    truth = np.array([[i_aa, i_ab], [i_ab, i_bb]])
    rtol = 1e-11 if max(a, b) <= 1e3 else 2e-9
    f = lambda v: sc.betainc(v[0], v[1], x)  # noqa: E731
    point = np.array([a, b])
    for hessian in (_betainc_hessian(a, b, x).copy(),  # reverse over reverse
                    np.array([wg.jvp(wg.grad(f), (point,), (np.eye(2)[i],))[1] for i in range(2)])):  # fwd over rev
        assert np.max(np.abs(hessian - truth)) <= rtol * np.max(np.abs(truth)), (hessian, truth)


@pytest.mark.parametrize("a, b, x, i_a, i_b, i_aa, i_ab, i_bb", DRIFT)
def test_where_the_fraction_drifted(a, b, x, i_a, i_b, i_aa, i_ab, i_bb):
    assert _betainc_gradient(a, b, x) == pytest.approx([i_a, i_b], rel=1e-11, abs=0)
    h = _betainc_hessian(a, b, x)
    assert h[[0, 0, 1], [0, 1, 1]] == pytest.approx([i_aa, i_ab, i_bb], rel=2e-10, abs=0)


@pytest.mark.parametrize("a, b, x, cap", [(2.5, 0.7, 0.3365, 40), (10.0, 20.0, 0.343, 40), (1000.0, 2.5, 0.9964, 60),
                                          (1000.0, 0.001, 0.999, 200)])
def test_the_fraction_stops_once_converged(monkeypatch, a, b, x, cap):
    """With the fraction capped at ``cap`` steps, the Hessian is the uncapped one: the fraction stops once every entry
    of its jet moves by no more than its rounding, at k = 18, 29, 44 and 145 here (the old test ran 239, 186, 13,748
    and 31,774 steps: the cap raised its ValueError)."""
    from wengert.ops import scipy_special

    monkeypatch.setattr(scipy_special, "_BETA_MAX_STEPS", cap // 2)  # (its cap is 2 * _BETA_MAX_STEPS steps)
    capped = wg.hessian(lambda v: sc.betainc(v[0], v[1], x))(np.array([a, b]))
    assert np.array_equal(capped, _betainc_hessian(a, b, x))


def test_worst_relative_error_over_the_table():
    """The numbers the module's docstring and the commit quote (a, b up to 1e4)."""
    worst_first, worst_second = 0.0, 0.0
    for a, b, x, *truth in TABLE:
        if max(a, b) > 1e4:
            continue  # (in test_first_derivatives, within 2e-11; those above 1e5 under -m slow)
        g = _betainc_gradient(a, b, x)
        worst_first = max(worst_first, *(abs(v - t) / abs(t) for v, t in zip(g, truth[:2]) if t != 0))
        h = _betainc_hessian(a, b, x).copy()
        second = np.array(truth[2:])
        worst_second = max(worst_second, np.max(np.abs(h[[0, 0, 1], [0, 1, 1]] - second)) / np.max(np.abs(second)))
    assert worst_first < 3.5e-13 and worst_second < 5e-10, (worst_first, worst_second)


def test_arrays_broadcast_and_both_modes_to_second_order():
    a, b, x = np.array([0.5, 2.0, 30.0]), np.array([[1.5], [7.0]]), np.array([0.2, 0.6, 0.81])
    for fn in (sc.betainc, sc.betaincc):
        check_grads(fn, a, b, x, order=2, modes=("rev", "fwd"))


def test_at_the_ends_of_x():
    # I is 0 at x = 0 and 1 at x = 1 for every a, b: its derivatives in them are 0
    for x in (0.0, 1.0):
        assert wg.grad(lambda p, q: sc.betainc(p, q, x), argnums=(0, 1))(2.5, 0.7) == (0.0, 0.0)
    # d/dx of dI/da at the ends: I_x(a, 1) = x^a, I_a = x^a log x, d/dx at x = 1: 1; I_x(1, b) =
    # 1 - (1 - x)^b, I_b = -(1 - x)^b log(1 - x), d/dx at x = 0: 1; a > 1 at x = 0: 0
    mixed = lambda f, p, x: wg.grad(lambda x_: wg.grad(f)(p, x_), 0)(x)  # noqa: E731
    assert mixed(lambda p, x: sc.betainc(p, 1.0, x), 3.0, 1.0) == pytest.approx(1.0, rel=1e-15, abs=0.0)
    assert mixed(lambda q, x: sc.betainc(1.0, q, x), 2.5, 0.0) == pytest.approx(1.0, rel=1e-15, abs=0.0)
    assert mixed(lambda p, x: sc.betainc(p, 2.0, x), 3.0, 0.0) == 0.0
    assert mixed(lambda p, x: sc.betainc(p, 2.0, x), 0.5, 0.0) == -np.inf
    # NaN where betainc is NaN (x outside [0, 1])
    assert np.isnan(wg.grad(lambda p: sc.betainc(p, 2.0, 1.5))(2.0))


def test_refusals():
    with pytest.raises(ValueError, match=r"betainc / betaincc: the derivatives in a and b are computed for a > 0"):
        wg.grad(lambda p: sc.betainc(p, 2.0, 0.3))(0.0)
    with pytest.raises(ValueError, match=r"the derivatives in a and b are computed for a, b up to 1e\+07"):
        wg.grad(lambda q: sc.betainc(2.0, q, 0.3))(2e7)
    with pytest.raises(ValueError, match=r"the second derivatives in a and b are computed for a, b up to 10000"):
        wg.hessian(lambda v: sc.betainc(v[0], v[1], 0.5))(np.array([2e4, 2e4]))
    with pytest.raises(wg.NoGradientRule, match=r"betainc / betaincc has no gradient with respect to a at third order"):
        wg.grad(wg.grad(wg.grad(lambda p: sc.betainc(p, 2.0, 0.3))))(2.0)
    with pytest.raises(wg.NoGradientRule, match=r"b at third order"):
        wg.grad(wg.grad(wg.grad(lambda q: sc.betaincc(2.0, q, 0.3))))(2.0)


#: (df, t, d/d df stdtr(df, t), d2/d df2), mpmath (stdtr through mp.betainc, mp.diff)
STDTR = [
    (3.0, 0.5, 0.00529909273003018, -0.003230230453055587),
    (3.0, -2.0, -0.015255481525655007, 0.009534425966934195),
    (0.7, 10.0, 0.14591071539302303, -0.4033213312977736),
    (50.0, 0.001, 3.968735497664363e-08, -1.583209198754332e-09),
    (2.5, -1000000.0, -9.365732789985324e-15, 1.2212197784409342e-13),
    (4.0, 1e-08, 5.694807290020509e-11, -2.6862969191029546e-11),
    (1000.0, -3.0, -3.367402917998611e-08, None),  # (the second derivative is refused above df = 100)
]


@pytest.mark.parametrize("df, t, first, second", STDTR)
def test_stdtr_and_t_in_df(df, t, first, second):
    rtol = 3e-11 if df > 100 else 4e-13
    assert wg.grad(lambda v: sc.stdtr(v, t))(df) == pytest.approx(first, rel=rtol, abs=0)
    assert wg.grad(lambda v: stats.t.cdf(t, v))(df) == pytest.approx(first, rel=rtol, abs=0)
    assert wg.grad(lambda v: stats.t.sf(-t, v))(df) == pytest.approx(first, rel=rtol, abs=0)
    if second is not None:
        assert wg.grad(wg.grad(lambda v: sc.stdtr(v, t)))(df) == pytest.approx(second, rel=4e-13, abs=0)
        assert wg.jvp(wg.grad(lambda v: stats.t.cdf(t, v)), (df,), (1.0,))[1] == pytest.approx(second, rel=4e-13, abs=0)


def test_stdtr_at_t_0_and_beyond_its_range():
    # stdtr(df, 0) = 1/2 and stdtr(df, +-inf) = 1, 0 for every df
    for t in (0.0, np.inf, -np.inf):
        assert wg.grad(lambda v: sc.stdtr(v, t))(3.0) == 0.0
    # but not its derivative in t at t = 0: d/d df of the density at 0 (mpmath; it was 0 in a first
    # version), here divided by the scale 1.5
    mixed = wg.grad(lambda x: wg.grad(lambda v: stats.t.cdf(x, v, 0.2, 1.5))(1.5))(0.2)
    assert mixed == pytest.approx(0.02177758564156551, rel=1e-14, abs=0.0)
    # (beyond df = 1e3, 100, outside the series in 1/df: t^4 > 8 df below df = 1e5)
    with pytest.raises(ValueError, match=r"stdtr \(Student's t\): its derivative in df is computed for df up to 1000"):
        wg.grad(lambda v: stats.t.cdf(25.0, v))(1e4)
    with pytest.raises(ValueError, match=r"its second derivative in df is computed for df up to 100"):
        wg.grad(wg.grad(lambda v: sc.stdtr(v, 10.0)))(300.0)


#: (x, dfn, dfd, d/d dfn f.cdf, d/d dfd f.cdf), mpmath
F_CDF = [
    (1.0, 2.0, 4.0, -0.04591082092632676, 0.016029283283295788),
    (0.05, 3.0, 0.5, -0.012524099132228479, -0.008170053857771024),
    (30.0, 7.0, 12.0, 2.991311022319831e-07, 9.2173960206758e-07),
    (1000000.0, 3.0, 0.5, -0.0005122358561048585, 0.1633523611313978),
]


@pytest.mark.parametrize("x, dfn, dfd, d_dfn, d_dfd", F_CDF)
def test_f_tails_in_the_degrees_of_freedom(x, dfn, dfd, d_dfn, d_dfd):
    for method, sign in (("cdf", 1.0), ("sf", -1.0)):
        got = wg.grad(lambda n, d: getattr(stats.f, method)(x, n, d), argnums=(0, 1))(dfn, dfd)
        assert (got[0] == pytest.approx(sign * d_dfn, rel=1e-14, abs=0.0)
                and got[1] == pytest.approx(sign * d_dfd, rel=1e-14, abs=0.0))
    with pytest.raises(ValueError, match=r"f.cdf: its derivative in dfd is computed for dfd up to 300"):
        wg.grad(lambda d: stats.f.cdf(1.0, 3.0, d))(1e4)
    # (dfn = 1e3 far above dfd: 1.9e-9 off mpmath at x = 2, dfd = 3, with no error before)
    with pytest.raises(ValueError, match=r"f.cdf: its derivative in dfn is computed for dfn up to 300"):
        wg.grad(lambda n: stats.f.cdf(2.0, n, 3.0))(1e3)
    with pytest.raises(ValueError, match=r"f.logsf: its second derivative in dfn is computed for dfn up to 100"):
        wg.grad(wg.grad(lambda n: stats.f.logsf(1.0, n, 3.0)))(300.0)


def test_distributions_check_grads_in_their_shapes():
    modes = ("rev", "fwd")
    for m in ("cdf", "sf", "logcdf", "logsf"):
        check_grads(lambda x, a, b, _m=m: getattr(stats.beta, _m)(x, a, b, 0.1, 2.0), np.array([0.3, 1.1, 1.9]), 2.5,
                    np.array([[0.8], [4.0]]), order=2, modes=modes)
        check_grads(lambda x, dfn, dfd, _m=m: getattr(stats.f, _m)(x, dfn, dfd), np.array([0.3, 1.1, 4.0]),
                    np.array([[0.8], [5.0]]), 7.5, order=2, modes=modes)
        check_grads(lambda x, df, _m=m: getattr(stats.t, _m)(x, df, 0.2, 1.5), np.array([-3.0, 0.1, 0.3, 4.0]),
                    np.array([[0.8], [5.0], [60.0]]), order=2, modes=modes)
    check_grads(sc.stdtr, np.array([[0.8], [5.0], [60.0]]), np.array([-3.0, -0.1, 0.05, 4.0]), order=2, modes=modes)


@pytest.mark.slow
@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for a, b, x, *truth in TABLE + DRIFT:
            if max(a, b) > 1e3:
                continue  # (the quadrature rows: minutes each)
            a_, b_, x_ = mp.mpf(a), mp.mpf(b), mp.mpf(x)
            values = [mp.diff(lambda p, q: mp.betainc(p, q, 0, x_, regularized=True), (a_, b_), o)
                      for o in ((1, 0), (0, 1), (2, 0), (1, 1), (0, 2))]
            for v, t in zip(values, truth):
                assert float(v) == pytest.approx(t, rel=1e-12, abs=1e-300), (a, b, x)

        def stdtr(df, t):
            half = mp.betainc(df / 2, mp.mpf(0.5), 0, df / (df + t * t), regularized=True) / 2
            return half if t < 0 else 1 - half
        for df, t, first, second in STDTR:
            assert float(mp.diff(lambda v: stdtr(v, mp.mpf(t)), mp.mpf(df))) == pytest.approx(first, rel=1e-12)
        for x, dfn, dfd, d_dfn, d_dfd in F_CDF:
            def cdf(n, d, x=mp.mpf(x)):
                return mp.betainc(n / 2, d / 2, 0, n * x / (n * x + d), regularized=True)
            assert float(mp.diff(cdf, (mp.mpf(dfn), mp.mpf(dfd)), (1, 0))) == pytest.approx(d_dfn, rel=1e-12)


#: (function, a, b, y, dx/da, dx/db) for x = betaincinv(a, b, y) (betainccinv: 1 - I = y), the truth
#: -I_a / I_x and -I_b / I_x in mpmath (mp.diff of mp.betainc, 50 digits) at SciPy's x: tails (x
#: near 1e-300 and 1e-287), an x near 1, a tiny and a large shape
INVERSES = [
    ('betaincinv', 2.0, 3.0, 0.3, 0.13752211378441107, -0.06799256991321104),
    ('betainccinv', 2.0, 3.0, 0.3, 0.12907703612107185, -0.10352257131613046),
    ('betaincinv', 0.001, 2.0, 0.5, 2.3809629125784005e-296, -2.2146553248028017e-302),
    ('betainccinv', 0.001, 2.0, 0.5, 2.3809629125784005e-296, -2.2146553248028017e-302),
    ('betaincinv', 0.7, 5.0, 1e-200, 3.261163439768428e-284, -7.138767438937714e-288),
    ('betaincinv', 3.0, 0.5, 0.999, 1.0261182439486901e-07, -7.967898572305693e-06),
    ('betainccinv', 3.0, 0.5, 0.999, 0.09830709142679815, -0.1393278287148437),
    ('betaincinv', 50.0, 20.0, 0.5, 0.004091180849992202, -0.01033098295295969),
    ('betainccinv', 50.0, 20.0, 0.5, 0.004091180849992202, -0.01033098295295969),
    ('betaincinv', 0.5, 0.5, 0.02, 0.014863109529964337, -0.0027339862077964206),
    ('betainccinv', 0.5, 0.5, 0.02, 0.0027339862077961174, -0.014863109529962906),
]


@pytest.mark.parametrize("name, a, b, y, d_a, d_b", INVERSES)
def test_inverses_in_the_shapes(name, a, b, y, d_a, d_b):
    fn = getattr(sc, name)
    got = wg.grad(lambda p, q: fn(p, q, y), argnums=(0, 1))(a, b)
    assert got[0] == pytest.approx(d_a, rel=2e-14, abs=0) and got[1] == pytest.approx(d_b, rel=2e-14, abs=0)
    assert wg.jvp(lambda p: fn(p, b, y), (a,), (1.0,))[1] == pytest.approx(d_a, rel=2e-14, abs=0)


def test_inverses_where_scipys_x_is_below_the_normal_range():
    # SciPy's betaincinv(0.5, 3, 1.9e-155) is 2.2e-308 (clamped: the truth is 1.03e-310); dx/da is read
    # from p there: -x (log x - digamma(a + 1) + digamma(a + b)) / a with log x = (log p + log(a B)) / a
    assert sc.betaincinv(0.5, 3.0, 1.9e-155) == pytest.approx(2.2250738585072014e-308, rel=1e-15, abs=0.0)
    assert wg.grad(lambda p: sc.betaincinv(p, 3.0, 1.9e-155))(0.5) == pytest.approx(1.4636809559414524e-307, rel=1e-12,
                                                                                    abs=0.0)
    assert wg.grad(lambda q: sc.betaincinv(0.5, q, 1.9e-155))(3.0) == pytest.approx(-3.7042859976466e-311, rel=1e-9,
                                                                                    abs=0.0)
    with pytest.raises(wg.NoGradientRule, match=r"betaincinv / betainccinv: the derivative of dx/da, dx/db where the "
                       "result x is at an end of its range"):
        wg.grad(wg.grad(lambda p: sc.betaincinv(p, 3.0, 1.9e-155)))(0.5)
    # at y = 0 and 1, x is 0 or 1 for every a, b
    assert wg.grad(lambda p, q: sc.betaincinv(p, q, 0.0), argnums=(0, 1))(2.0, 3.0) == (0.0, 0.0)
    with pytest.raises(wg.NoGradientRule, match=r"betaincinv / betainccinv has no gradient with respect to a at third"):
        wg.grad(wg.grad(wg.grad(lambda p: sc.betaincinv(p, 3.0, 0.4))))(2.0)


def test_quantiles_check_grads_in_their_shapes():
    # (not q = 1/2: SciPy 1.13's stdtrit(df, 0.5) is 7.7e-17, not 0, and there NumPy 2.0 warns of an
    # invalid multiply in the second derivative of t.ppf; its values there are right, t = 0 is below)
    modes, q = ("rev", "fwd"), np.array([0.1, 0.3, 0.45, 0.8])
    for fn in (sc.betaincinv, sc.betainccinv):
        check_grads(fn, np.array([0.5, 2.0, 30.0]), np.array([[1.5], [7.0]]), np.array([0.2, 0.6, 0.81]), order=2,
                    modes=modes)
    for m in ("ppf", "isf"):
        check_grads(lambda q, a, b, _m=m: getattr(stats.beta, _m)(q, a, b, 0.1, 2.0), q, 2.5, np.array([[1.5], [4.0]]),
                    order=2, modes=modes)
        check_grads(lambda q, n, d, _m=m: getattr(stats.f, _m)(q, n, d), q, np.array([[0.8], [5.0]]), 7.5, order=2,
                    modes=modes)
        check_grads(lambda q, df, _m=m: getattr(stats.t, _m)(q, df, 0.2, 1.5), q, np.array([[1.5], [5.0], [60.0]]),
                    order=2, modes=modes)
    check_grads(sc.stdtrit, np.array([[1.5], [5.0], [60.0]]), q, order=2, modes=modes)
    # t.ppf at q = 1/2 (t = 0): d^2 t / (dq d df) = -d/d df (1 / density(0)), mpmath: -0.4220450429...
    assert wg.grad(lambda p: wg.grad(lambda d: stats.t.ppf(p, d, 0.2, 1.5))(1.5))(0.5) == pytest.approx(
        -0.42204504293562201, rel=1e-14, abs=0.0)
    # the ends of q: the quantile is +-inf for every df
    assert wg.grad(lambda d: sc.stdtrit(d, 0.0))(3.0) == 0.0


def test_stdtr_in_df_with_t_on_both_sides_of_sqrt_df():
    # one array with t^2 < df and t^2 > df: each form was evaluated at the other's points (df stood
    # in for itself), where w rounded to 1 and betainc's shape derivative there is inf: 0 * inf gave
    # NaN (and a warning) at every element; each element must equal its scalar
    t = np.array([1e-9, 3.0])
    scalars = [wg.grad(wg.grad(lambda d: sc.stdtr(d, s)))(1.5) for s in t]
    got = wg.jacobian(wg.grad(lambda d: np.sum(sc.stdtr(d, t))))(1.5)
    assert got == pytest.approx(sum(scalars), rel=1e-14, abs=0.0) and np.isfinite(got)
    mixed = wg.grad(lambda t: wg.grad(lambda d: np.sum(sc.stdtr(d, t)))(1.5))(t)
    assert mixed == pytest.approx([wg.grad(lambda s: wg.grad(lambda d: sc.stdtr(d, s))(1.5))(s) for s in t], rel=1e-14,
                                  abs=0.0)
    q = np.array([0.5, 0.9])
    got = wg.grad(lambda q: wg.grad(lambda d: np.sum(stats.t.ppf(q, d, 0.2, 1.5)))(1.5))(q)
    # d2 t.ppf / (dq d df) at q = 1/2, df = 1.5, scale 1.5: mpmath's -0.42204504293562201
    assert got[0] == pytest.approx(-0.42204504293562201, rel=1e-14, abs=0.0) and np.isfinite(got).all()


def test_stdtr_in_df_far_out():
    # t^2 overflowed from |t| = 1.3e154: NaN (and warnings) where the derivative is 0 to the
    # smallest float, and at every element of an array holding such a t
    assert wg.grad(lambda d: sc.stdtr(d, 1e155))(3.0) == 0.0
    assert wg.grad(lambda d: sc.stdtr(d, -1e200))(2.0) == 0.0
    near = wg.grad(lambda d: sc.stdtr(d, 1.0))(3.0)
    assert wg.grad(lambda d: np.sum(sc.stdtr(d, np.array([1.0, 1e200]))))(3.0) == pytest.approx(near, rel=1e-15,
                                                                                                abs=0.0)
    np.testing.assert_allclose(wg.jacfwd(lambda d: sc.stdtr(d, np.array([1.0, 1e200])))(3.0), [near, 0.0], rtol=1e-15)
    # below df = 2 the derivative there is not negligible (w^(df/2) with w ~ df / t^2): refused
    with pytest.raises(ValueError, match=r"df / t\^2 < 1e-300"):
        wg.grad(lambda d: sc.stdtr(d, 1e160))(0.5)
    # (df and t of two shapes: the message's lookup raised IndexError)
    with pytest.raises(ValueError, match=r"df / t\^2 < 1e-300 \(\|t\| = np.float64\(1e\+160\)\)"):
        wg.grad(lambda d: np.sum(sc.stdtr(d, np.array([1.0, 1e160]))))(np.array([[0.5], [0.7]]))


#: (a, b, x, dI/da, dI/db, d2I/da2, d2I/dadb, d2I/db2): mpmath at 50 digits (mp.diff of mp.betainc, of the smaller
#: tail's side). The centre of a large beta distribution, where d2I/da2 = I (S_a^2 + S_aa) is a small difference (35
#: to 475 times smaller than its terms), and points near the switch for a large and a small shape, where the
#: continued fraction served: the fraction's jet kept its rounding (F_aa 1.9e-14 relative at (100, 100, 1/2)), and
#: log x - digamma(a + 1) + digamma(a + b) its logarithms' (4.4 at (13, 1000)). Before (relative to the largest
#: of each order): d2I/da2 3.1e-13, 1.2e-11 (d2I/db2 2.4e-11), 1.4e-12, 4.1e-11, dI/da 5.7e-12 at the fourth row;
#: now within 2e-14 (3e-14 of the largest second derivative: d2I/dadb is 0 at x = 1/2, 8.5e-20 at (1000, 1000), its
#: terms 5e-4; 6e-14 at (13, 1000)) (F's series, every term of one sign, and the slopes from (a + b) x - a).
CENTRE = [
    (100.0, 100.0, 0.5, -0.028268341193576664, 0.028268341193576664, 0.00014193124584526505, 0.0,
     -0.00014193124584526505),
    (1000.0, 1000.0, 0.5, -0.008922479336000141, 0.008922479336000141, 4.4630987157590205e-06, 0.0,
     -4.4630987157590205e-06),
    (13.0, 1000.0, 0.012833168805528134, -0.1106790432702119, 0.0014207199243477038, 0.00016518048682218964,
     5.394026373880199e-05, -1.4031844639045586e-06),
    (10000.0, 1.5, 0.999740089968511, -3.5142273638869196e-05, 0.19621144570712504, 7.377946891171594e-09,
     -3.228609869462878e-05, 0.10677905625058165),
    (3874.06917760887, 0.7204737707973068, 0.9993291452715581, -3.0133528151577554e-05, 0.09935875486173326,
     2.239631046970037e-08, -6.383315478811856e-05, 0.12816369849414436),
    (0.2432114617474824, 4102.725790189135, 0.00046800801826802523, -0.09823394043317221, 1.1216572065827198e-05,
     -0.18859811498729148, 5.607678079569687e-05, -7.3198734088140045e-09),
]


@pytest.mark.parametrize("a, b, x, i_a, i_b, i_aa, i_ab, i_bb", CENTRE)
def test_the_centre_and_the_switch_in_every_mode(a, b, x, i_a, i_b, i_aa, i_ab, i_bb):
    f = lambda v: sc.betainc(v[0], v[1], x)  # noqa: E731
    point = np.array([a, b])
    first, second = np.array([i_a, i_b]), np.array([[i_aa, i_ab], [i_ab, i_bb]])
    replayed = wg.jit(wg.grad(f))
    for got in (wg.grad(f)(point), replayed(point), replayed(point),
                np.array([wg.jvp(f, (point,), (np.eye(2)[i],))[1] for i in range(2)])):
        assert np.max(np.abs(got - first) / np.abs(first)) <= 2e-14, got
    # (at the mean of (13, 1000) d2I/da2 is 475 times smaller than its terms: 6e-14 there)
    scale = np.max(np.abs(second)) * (1e-13 if a == 13.0 else 3e-14)
    for got in (wg.hessian(f)(point), np.array([wg.jvp(wg.grad(f), (point,), (np.eye(2)[i],))[1] for i in range(2)])):
        assert np.max(np.abs(got - second)) <= scale, (got, second)
    # betaincc: the same with the sign changed
    assert np.max(np.abs(wg.hessian(lambda v: sc.betaincc(v[0], v[1], x))(point) + second)) <= scale
