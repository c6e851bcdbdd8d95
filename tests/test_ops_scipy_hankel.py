"""``scipy.special``'s Hankel functions ``hankel1 hankel2 hankel1e hankel2e`` (in z, real or
complex; the order refused; refused at the pole z = 0) and Wright's generalized Bessel function
``wright_bessel`` (in x; a and b refused).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode, complex inputs for the Hankel functions);
below, the derivatives against mpmath (40 digits) where the scaled functions' recurrence cancels
(beyond |z| = 30, on every side of the origin), and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402,F401  (registers SciPy's ufuncs)
from opcheck import case, gradient_test, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

HANKEL = (sc.hankel1, sc.hankel2, sc.hankel1e, sc.hankel2e)
ORDERS = np.array([-1.5, 0.0, 2.5])
#: complex points in every quadrant, near and beyond |z| = 30 (the scaled functions' series)
ZC = np.array([0.7 + 0.4j, -2.0 - 1.1j, -1.3 + 0.6j, 0.5 - 2.0j])
ZC_FAR = np.array([35.0 + 35.0j, -35.0 + 35.0j, -35.0 - 35.0j, 35.0 - 35.0j, 40.0j, -40.0j])
#: (the unscaled functions grow as e^|Im z|: central differences lose the small entries there)
ZC_NEAR_AXIS = np.array([35.0 + 2.0j, -35.0 + 2.0j, -35.0 - 2.0j, 35.0 - 2.0j, 1.5j, -1.5j])
#: real points on both sides of 0 and of |z| = 30
Z_SWITCH = np.array([-31.0, -29.0, -0.4, 0.3, 29.0, 31.0, 1e4])


def _parts(f):
    """The real and imaginary parts of a complex-valued function, as a pair."""
    return lambda *args: (np.real(f(*args)), np.imag(f(*args)))


def _hankel_cases(fn):
    name = fn.__name__
    return [
        case(fn, _parts(lambda z: fn(ORDERS, z)), rand((2, 3), 0.2, 4.0, seed=1), id=name),
        case(fn, _parts(lambda z: fn(1.0, z)), Z_SWITCH, id=f"{name}-switch"),
        case(fn, _parts(lambda z: fn(0.5, z)), ZC, id=f"{name}-complex"),
        case(fn, _parts(lambda z: fn(np.array([[0.0], [1.0]]), z)), ZC_FAR if name.endswith("e") else ZC_NEAR_AXIS,
             id=f"{name}-complex-far"),
        case(fn, _parts(lambda z: fn(2.0, z)), 1.7, id=f"{name}-float"),
        case(fn, _parts(lambda z: fn(0.5, z)), np.array([3.2]), id=f"{name}-size1"),
        case(fn, _parts(lambda z: fn(0.5, z)), np.zeros((0, 2)), id=f"{name}-empty"),
    ]


CASES = [
    *[c for fn in HANKEL for c in _hankel_cases(fn)],
    case(sc.wright_bessel, lambda x: sc.wright_bessel(0.5, 1.0, x), np.array([1e-3, 0.3, 2.0, 15.0]), id="wright_bessel"),
    case(sc.wright_bessel, lambda x: sc.wright_bessel(np.array([[0.0], [0.2], [3.0]]), np.array([0.0, 1.0, 2.5]), x),
         rand((3, 3), 0.0, 4.0, seed=2), id="wright_bessel-broadcast"),
    case(sc.wright_bessel, lambda x: sc.wright_bessel(1.5, 0.5, x), 0.8, id="wright_bessel-float"),
    case(sc.wright_bessel, lambda x: sc.wright_bessel(1.0, 1.0, x), np.zeros(0), id="wright_bessel-empty"),
]

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("fn", HANKEL, ids=[f.__name__ for f in HANKEL])
def test_hankel_third_order(fn):
    far = ZC_FAR if fn.__name__.endswith("e") else ZC_NEAR_AXIS
    check_grads(_parts(lambda z: fn(1.5, z)), np.concatenate([ZC, far]), order=3, modes=("rev", "fwd"))
    check_grads(_parts(lambda z: fn(0.0, z)), Z_SWITCH, order=3, modes=("rev", "fwd"))


def _derivatives(fn, v, z):
    """The first and second derivatives in z: grad of the real and imaginary parts for a real
    z, forward over forward (holomorphic) for a complex z."""
    if isinstance(z, complex):
        first = lambda t: wg.jvp(lambda u: fn(v, u), (t,), (1.0 + 0j,))[1]  # noqa: E731
        return complex(first(z)), complex(wg.jvp(first, (z,), (1.0 + 0j,))[1])

    def part(k, order):
        g = lambda t: (np.real if k == 0 else np.imag)(fn(v, t))  # noqa: E731
        for _ in range(order):
            g = wg.grad(g)
        return g(z)
    return complex(part(0, 1), part(1, 1)), complex(part(0, 2), part(1, 2))


#: (function, v, z, first derivative, second derivative) by mpmath at 40 digits
#: (test_the_table_is_mpmaths): the scaled functions' derivatives (H_(v-1) - H_(v+1)) / 2 -+ i H
#: cancel as |z| grows (hankel1e'(1, 1e4) was 4.3e-12 off, hankel2e'(0.5, 1e8) 3e-9): beyond 30, on
#: each side of the origin and in each quadrant, Hankel's expansion, continued to the left half-plane
HANKEL_TABLE = [
    ('hankel1', 0.5, 2.0, (-0.3630397445467054+0.45431970896026563j), (-0.2994327557533608-0.4472714579859908j)),
    ('hankel2', -1.5, -3.0, (0.1738509246661701-0.4125447754342155j), (-0.3003383530932621-0.20277099318536498j)),
    ('hankel1', 2.0, (1+2j), (0.02290847553684661-0.19315492318387167j), (0.2827936957554615+0.11919938903900089j)),
    ('hankel2', 0.0, (0.25-0.5j), (0.7856305794853267-0.5437260386366892j), (-1.7377411541376622-1.3349949471400269j)),
    ('hankel1', 1.0, 1e-05, (0.49999999998125+6366197720.133388j), (-3.749999999947917e-06-1273239544703331.5j)),
    ('hankel2e', 3.5, 0.7, (103.58133144149521-191.0089241720768j), (-519.8528907871042+1277.9605188680748j)),
    ('hankel1e', 0.0, 31.0, (-0.00161403922553913+0.001653524658313313j), (7.742526034890857e-05-8.060597634757689e-05j)),
    ('hankel2e', 1.0, 31.0, (0.0015760993979644043-0.0016946452018867068j), (-7.441736088603994e-05+8.397246962891543e-05j)),
    ('hankel1e', 1.0, 10000.0, (2.820630577629052e-07+2.8212652909064937e-07j), (-4.2306285428668886e-11-4.232215326052394e-11j)),
    ('hankel2e', 0.5, 100000000.0, (6.371427770079779e-46-3.9894228040143267e-13j), (-3.006211928515466e-46+5.98413420602149e-21j)),
    ('hankel1e', 0.0, -10000.0, (-2.820842122275918e-07-2.8210536933668555e-07j), (-4.2311573780365115e-11-4.231686305758071e-11j)),
    ('hankel2e', 0.5, -10000.0, (3.989422804014327e-07+6.61154309062568e-45j), (5.98413420602149e-11+3.090206989077813e-44j)),
    ('hankel2e', 1.0, -40.0, (-0.3879824380113283+0.3225267841012883j), (-0.6474581566789881-0.7739197658874767j)),
    ('hankel1e', 0.5, (35+35j), (0.001058402479193336+0.00043840466133118734j), (-3.20744387255255e-05+1.3285667525617473e-05j)),
    ('hankel1e', 1.0, (-35+35j), (-0.001082351083557056-0.0004286873704399396j), (-1.4483016793815043e-05-3.258457852936257e-05j)),
    ('hankel1e', 0.0, (-35-35j), (0.0010664819571563422-0.0004349268249628483j), (1.3701566745607757e-05-3.2237320256238016e-05j)),
    ('hankel2e', 1.0, (35-35j), (0.001082351083557056+0.0004286873704399396j), (-1.4483016793815043e-05-3.258457852936257e-05j)),
    ('hankel2e', 0.0, (-35+35j), (0.0010664819571563422+0.0004349268249628483j), (1.3701566745607757e-05+3.2237320256238016e-05j)),
    ('hankel2e', 0.5, (-35-35j), (-0.00043840466133118734+0.001058402479193336j), (1.3285667525617473e-05+3.20744387255255e-05j)),
    ('hankel1e', 1.0, 40j, -0.0016207491963138154j, (6.18592702898139e-05+0j)),
    ('hankel2e', 0.0, (-0-40j), (0.0015625082993053058+0j), -5.82408970085095e-05j),
    # large orders just beyond v^2 / 4 and far out (by the recurrence up to 25 v^2, the second
    # derivative was 1.1e-3 off at (100, 2.4e5), 3e-7 at (30, 2.3e4), 5.3e-10 at (10, -2400))
    ('hankel1e', 100.0, 240000.0, (-2.5465873993300168e-09+2.2467373562330686e-09j), (1.6518961613547146e-14-1.3395945109133603e-14j)),
    ('hankel2e', 30.0, 23000.0, (8.554065218414764e-08+7.605090717533291e-08j), (-5.778265590581124e-12-4.746893264050495e-12j)),
    ('hankel1e', 10.0, -2400.0, (2.5462826681568263e-06+2.247170594968407e-06j), (1.651607270337512e-09+1.3400707534980444e-09j)),
    ('hankel2e', 10.0, (-2400+1j), (0.007926867707784899-0.003852583310700783j), (0.007711274812676229+0.015857960564621815j)),
    ('hankel1e', 100.0, 2600.0, (9.248755367403204e-06-7.595675874250657e-06j), (-1.5003717766986354e-08-5.855033699402627e-10j)),
    # refused before (30 < |z| <= v^2 / 4): Hankel's expansion from v^2 / 8 on, the recurrence up to |v|
    ('hankel1e', 12.0, 35.0, (0.007442973824770745-0.004506799481561072j), (-0.0008451085470702272-0.00016059161685622554j)),
    ('hankel2e', 12.0, (-20+30j), (-0.0005526327976222871-0.0009763966128072852j), (5.209781814399604e-05-9.50027175518543e-06j)),
    ('hankel1e', 100.0, 1300.0, (1.373222338010508e-05+6.478223171183253e-05j), (1.7198841856676766e-07-1.6608072908278904e-07j)),
    ('hankel2e', 100.0, -1300.0, (0.08568054862335363-0.022241978779076663j), (0.0443218127090893+0.17112594993169722j)),
    ('hankel1e', 50.5, (200+250j), (0.013510243662184573+0.0021175750106931695j), (-0.00024617080380779564+8.007505633647282e-05j)),
    ('hankel2e', 50.5, (-250-200j), (-0.0070543508670736655+0.0018478355994763864j), (-0.00012475436380956446+4.721124031683302e-05j)),
    ('hankel1e', 300.0, 11300.0, (1.8502748496492163e-07+2.660483933275545e-06j), (9.261534103063115e-10-6.523556032204937e-10j)),
    ('hankel1e', 100.0, (80+60j), (-302277825818.0722+10720804915302.398j), (173654056632.2134-5381745472987.739j)),
    ('hankel2e', 300.0, -250.0, (-63854715.68436157-58889344.125106044j), (16211376.16093462-102489619.1428695j)),
    ('hankel2e', 31.5, 31.5, (-0.21010239541149492+0.05124879013358026j), (0.01654538345971742-0.16163103594649658j)),
    # SciPy's hankel2e(120, -115) is 0 (its value near the negative real axis from order 86 on):
    # the recurrence's terms from hankel2 e^(iz) (from SciPy's hankel2e they gave 0 and 0)
    ('hankel2e', 120.0, -115.0, (0.29597205720773045+0.34432653659131074j), (-0.3043773499665648+0.3758578752219527j)),
]


@pytest.mark.parametrize("name, v, z, first, second", HANKEL_TABLE)
def test_hankel_against_mpmath(name, v, z, first, second):
    got_first, got_second = _derivatives(getattr(sc, name), v, z)
    # (the recurrence at 30 < |z| <= |v| keeps SciPy's accuracy at large orders: 1e-13 at v = 100,
    # 300 as tools/sweep_hankel.py measures it)
    rel = 2e-13 if name.endswith("e") and 30 < abs(z) <= abs(v) else 4e-15
    assert abs(got_first - first) <= rel * abs(first)
    assert abs(got_second - second) <= rel * abs(second)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        for name, v, z, first, second in HANKEL_TABLE:
            f = mp.hankel1 if "1" in name else mp.hankel2
            h = [f(mp.mpf(v) + n, mp.mpc(z)) for n in (-2, -1, 0, 1, 2)]
            d1, d2 = (h[1] - h[3]) / 2, (h[0] - 2 * h[2] + h[4]) / 4
            if name.endswith("e"):  # (H e^(s z))' = (H' + s H) e^(s z), s = -+i
                s = -1j if "1" in name else 1j
                d1, d2 = (d1 + s * h[2]) * mp.exp(s * mp.mpc(z)), (d2 + 2 * s * d1 + s * s * h[2]) * mp.exp(s * mp.mpc(z))
            assert abs(complex(d1) - first) <= 1e-16 * abs(first) and abs(complex(d2) - second) <= 1e-16 * abs(second)


#: (a, b, x, first derivative, second derivative) by mpmath (its series at 40 digits): d/dx
#: Phi(a, b; x) = Phi(a, a + b; x), SciPy's own function at a + b; x = 0 is the end of the domain
#: (SciPy's value is NaN below), where central differences cannot look
WRIGHT_TABLE = [
    (0.5, 1.0, 0.0, 1.1283791670955126, 1.0),
    (0.0, 0.0, 2.0, 0.0, 0.0),
    (0.0, 1.0, 3.0, 20.085536923187668, 20.085536923187668),
    (0.2, 0.3, 1e-05, 0.5641972874263841, 0.7703925417063321),
    (1.0, 2.5, 7.0, 1.6343150121611436, 0.3438202559832779),
    (2.0, 0.0, 50.0, 24.67008261337299, 0.8957195181729525),
    (4.9, 10.0, 100.0, 1.4984081378729865e-11, 1.487603576878935e-17),
    (0.1, 0.5, 30.0, 3257164923715.1694, 2936256182946.941),
]


@pytest.mark.parametrize("a, b, x, first, second", WRIGHT_TABLE)
def test_wright_bessel_against_mpmath(a, b, x, first, second):
    f = lambda t: sc.wright_bessel(a, b, t)  # noqa: E731
    assert wg.grad(f)(x) == pytest.approx(first, rel=1e-14, abs=0)
    assert wg.grad(wg.grad(f))(x) == pytest.approx(second, rel=1e-14, abs=0)


def _wright_mpmath(mp, a, b, x):
    return mp.nsum(lambda k: mp.mpf(x) ** k * mp.rgamma(a * k + b) / mp.factorial(k), [0, mp.inf])


def test_the_wright_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        for a, b, x, first, second in WRIGHT_TABLE:
            assert float(_wright_mpmath(mp, a, a + b, x)) == pytest.approx(first, rel=1e-16, abs=0)
            assert float(_wright_mpmath(mp, a, 2 * a + b, x)) == pytest.approx(second, rel=1e-16, abs=0)


def test_refusals():
    for fn in HANKEL:
        with pytest.raises(wg.NoGradientRule, match=f"{fn.__name__} has no gradient with respect to its order"):
            wg.grad(lambda v: np.real(fn(v, 1.5)))(1.0)
        for z in (0.0, 0j, np.array([1.0, 0.0])):
            with pytest.raises(ValueError, match=f"{fn.__name__}.*pole at z = 0"):
                wg.grad(lambda t: np.sum(np.real(fn(0.5, t))))(z)
        with pytest.raises(ValueError, match="pole at z = 0"):
            wg.jvp(lambda t: fn(0.5, t), (0.0,), (1.0,))
    # between max(30, |v|) and v^2 / 8 (orders above 30) neither the recurrence nor the expansion
    # is exact
    for fn in (sc.hankel1e, sc.hankel2e):
        for v, z in ((100.0, 500.0), (40.0, 100.0), (-50.0, -200.0 + 5j)):
            with pytest.raises(ValueError, match=f"{fn.__name__}.*max\\(30, \\|v\\|\\) < \\|z\\| < v\\^2 / 8"):
                wg.jvp(lambda t: fn(v, t), (np.complex128(z),), (1.0 + 0j,))
            with pytest.raises(ValueError, match="max\\(30, "):
                wg.grad(lambda t: np.real(fn(v, t)))(np.real(z))
    for i, argument in enumerate("ab"):
        with pytest.raises(wg.NoGradientRule, match=f"wright_bessel has no gradient with respect to {argument}"):
            wg.grad(lambda t: sc.wright_bessel(*[t if j == i else 1.0 for j in range(2)], 0.5))(1.0)


def test_values_are_scipys_and_real_z_gives_real_gradients():
    z = np.array([0.5, -2.0, 40.0])
    for fn in HANKEL:
        np.testing.assert_array_equal(fn(1.5, wg.stop_gradient(z)), fn(1.5, z))
        g = wg.grad(lambda t: np.sum(np.imag(fn(1.5, t))))(z)
        assert g.dtype == np.float64
