"""Derivatives of ``scipy.special`` functions that tools/probe_special_mpmath.py found silently
wrong against mpmath at 50 digits, at first and second order, reverse and forward mode
(truths computed once with mpmath or exact rationals, written here: no mpmath at test time):

- ``binom`` in n and k and ``poch`` in z: the difference of two digammas, ``psi(n + 1) -
  psi(n - k + 1)``, cancelled where k is small next to n (d/dn binom(1e10, 3) was 4.99997e19 for
  4.999999999e19, d/dz poch(1e10, 2) 20000001656.8 for 20000000001);
- ``poch`` near a pole of gamma(z): d2/dz2 poch(1e-20, 1) (= z'') was -16384 and -inf at 1e-300,
  the truth 0;
- ``pseudo_huber``: (r / d)^2 overflowed or its forms cancelled: d/dr pseudo_huber(1, 1e300) was 0.0
  for 1, d/dd NaN for 1e300; d/dd at (1e-300, 1) NaN for 1; d2/dd2 at (1e-10, 1) -2.0000019 for
  -1.9999999997;
- ``fresnel``: pi z^2 / 2 rounded (z^2 ulps): S'(1e10) was 0.20 for 0 (C' -0.98 for 1), S'(3e7 + 0.123)
  -0.099 for -0.0071, S'(10000.3) off by 1.4e-7;
- ``wrightomega``: omega'' by the quotient rule of omega / (1 + omega) cancelled at large x:
  1.0000006e-20 at 1e10 for 1.0000000043e-20, 0.0 at 1e20 for 1e-40;
- ``beta`` at a tiny shape: ``B (psi(a) - psi(a + b))`` carried the pole 1/a in each factor, which cancel in
  the derivatives of d/da (d2/da db beta(1e-300, 1) -5.9e284 for zeta(3), the Hessian of beta(1e-8, 2) 2.6e-8
  asymmetric); and where both shapes are small (d2/da db beta(1e-20, 1e-18) 0 and -1.7e38 for 2 zeta(3));
- ``wofz``, and ``erfcx``, ``dawsn`` at complex z, far out: w' = -2 z w + 2i / sqrt(pi) cancelled (w''(1e4) 4.9e-13i for
  1.13e-12i, the sign wrong; erfcx''(100 + 1e-10i) 3.1e-8 off), now their asymptotic series with the exponential of the
  sector (the points beside (20, 19.71) pin its weight, where both are of one size);
- ``beta`` at a + b = 0 (beta 0 there): its derivatives were NaN (0 * inf), the truths -2 pi at
  (-0.5, 0.5); beside it with a shape negative its second derivatives lost 8e-8;
- ``entr`` beside 1/e: -(log x + 1) cancelled (0.0 for -3.38e-17); ``log_expit`` beyond x = 709.78: SciPy's expit(-x)
  is 0 there (its derivative 0.0 for 4.48e-309 at 710); ``k0``, ``k1`` at 5e-324: NaN derivatives for -inf / +inf
  (SciPy's k1 is NaN there);
- ``gdtr`` beside its density's modes: the gaps b - 1 - a x and b - a x with a x rounded (d2/da2 at (0.001, 2, 1000)
  0.0 for -7.66e-12, 1 - 4.8 relative off elsewhere); ``betainc`` / ``betaincc`` in x at subnormal x: the log
  density's slope (a - 1) / x overflowed (d2/dx2 at (2, 2, 5e-324) inf for 6); and beside the density's mode, where
  (a - 1) / x - (b - 1) / (1 - x) cancelled (d2/dx2 at (1000, 2, 0.999) 2.3% off, at (5.5, 3.25, 2/3) 21%).
"""
import numpy as np
import pytest

pytest.importorskip("scipy")

import wengert as wg  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402


def _second_orders(f, v):
    """The Hessian of f at the point v by reverse over reverse, forward over reverse
    (the columns of jvp(grad)) and jacfwd(jacrev)."""
    v = np.asarray(v, dtype=float)
    columns = [wg.jvp(wg.grad(f), (v,), (e,))[1] for e in np.eye(len(v))]
    return {"hessian": wg.hessian(f)(v), "jvp(grad)": np.stack(columns, axis=1),
            "jacfwd(jacrev)": wg.jacfwd(wg.jacrev(f))(v)}


def _close(actual, truth, rtol=1e-14, atol=0.0):
    np.testing.assert_allclose(actual, truth, rtol=rtol, atol=atol)


@pytest.mark.parametrize("point, gradient, hessian", [
    # binom(n, 3) = n (n - 1) (n - 2) / 6: d/dn = (3 n^2 - 6 n + 2) / 6, d2/dn2 = n - 1 (exact)
    ((1e10, 3.0), (4.999999999e19, None), ((9999999999.0, None), (None, None))),
    # mpmath, 50 digits
    ((1e-8, 1e-8), (1.6449340548276575e-8, -1.6449340548276575e-8),
     ((-2.4041137467914116e-8, 1.6449340668482262), (1.6449340668482262, -3.2898681096553149))),
])
def test_binom_derivatives_where_k_is_small_next_to_n(point, gradient, hessian):
    f = lambda v: wsp.binom(v[0], v[1])  # noqa: E731
    g = wg.grad(f)(np.array(point))
    for i, t in enumerate(gradient):
        if t is not None:
            _close(g[i], t)
    for path, h in _second_orders(f, point).items():
        for i in range(2):
            for j in range(2):
                if hessian[i][j] is not None:
                    _close(h[i, j], hessian[i][j], rtol=1e-13)


def test_poch_derivative_in_z_where_m_is_small_next_to_z():
    # poch(z, 2) = z (z + 1): d/dz = 2 z + 1, d2/dz2 = 2
    f = lambda v: wsp.poch(v[0], 2.0)  # noqa: E731
    _close(wg.grad(f)(np.array([1e10]))[0], 20000000001.0)
    for h in _second_orders(f, [1e10]).values():
        _close(h[0, 0], 2.0, rtol=1e-13)


@pytest.mark.parametrize("z", [1e-20, 1e-300])
def test_poch_second_derivative_near_a_pole_of_gamma(z):
    # poch(z, 1) = z: d2/dz2 = 0; d2/dz dm = digamma(1) + z trigamma(1) (mpmath)
    f = lambda v: wsp.poch(v[0], v[1])  # noqa: E731
    for h in _second_orders(f, [z, 1.0]).values():
        assert h[0, 0] == 0.0
        _close(h[0, 1], -0.57721566490153286)
        _close(h[1, 0], -0.57721566490153286)
    # beside the pole at -2 (mpmath at 50 digits)
    for h in _second_orders(f, [-1.9999999999, 1.5]).values():
        _close(h, [[12.567326812705135, -0.25870719221444266], [-0.25870719221444266, -6.3355543724309622e-9]],
               rtol=1e-12)


@pytest.mark.parametrize("point, gradient, hessian", [
    # pseudo_huber(d, r) = d H - d^2, H = hypot(d, r): d/dd = H + d^2 / H - 2 d, d/dr = d r / H,
    # d2/dd2 = 3 d / H - d^3 / H^3 - 2, d2/dd dr = r^3 / H^3, d2/dr2 = d^3 / H^3 (closed forms)
    ((1.0, 1e300), (1e300, 1.0), ((-2.0, 1.0), (1.0, 0.0))),     # t = (r / d)^2 overflowed: d/dr was 0
    ((1e-300, 1.0), (1.0, 1e-300), ((-2.0, 1.0), (1.0, 0.0))),   # d/dd was NaN
    ((1e-10, 1.0), (0.9999999998, 1e-10), ((-1.9999999997, 1.0), (1.0, 1e-30))),
    ((1e10, 1.0), (2.5e-31, 1.0), ((-7.5e-41, 1e-30), (1e-30, 1.0))),
])
def test_pseudo_huber_derivatives_far_from_the_kink_scale(point, gradient, hessian):
    f = lambda v: wsp.pseudo_huber(v[0], v[1])  # noqa: E731
    _close(wg.grad(f)(np.array(point)), gradient)
    for h in _second_orders(f, point).values():
        _close(h, hessian, rtol=1e-13)


@pytest.mark.parametrize("z, s1, c1, s2, c2", [
    # S'(z) = sin(pi z^2 / 2), C'(z) = cos(pi z^2 / 2), S'' = pi z C', C'' = -pi z S' (mpmath, 60 digits)
    (10000.3, 0.14090120930684891, 0.99002366093738767, 31103.443676127717, -4426.6748366643553),
    (30000000.123, -0.0071321918644214949, 0.99997456559615009, 94245382.858011365, 672193.24971377608),
    (1e10, 0.0, 1.0, 31415926535.897932, 0.0),  # z^2 / 2 = 5e19, an integer: exact
])
def test_fresnel_derivatives_at_large_z_reduce_the_phase_exactly(z, s1, c1, s2, c2):
    for k, first, second in ((0, s1, s2), (1, c1, c2)):
        f = lambda x, k=k: wsp.fresnel(x)[k]  # noqa: E731
        _close(wg.grad(f)(z), first, rtol=1e-14, atol=1e-30)
        for d2 in (wg.grad(wg.grad(f))(z), wg.jvp(wg.grad(f), (z,), (1.0,))[1], wg.jacfwd(wg.jacrev(f))(z)):
            _close(d2, second, rtol=1e-14, atol=1e-30)


@pytest.mark.parametrize("x, first, second", [
    # omega' = omega / (1 + omega), omega'' = omega / (1 + omega)^3 (mpmath, 50 digits)
    (1e10, 0.99999999990000000, 1.0000000043051702e-20),
    (1e20, 1.0, 1e-40),
    (3.0, 0.68827347451666657, 0.066881892018555849),
])
def test_wrightomega_second_derivative_at_large_x(x, first, second):
    f = wsp.wrightomega
    _close(wg.grad(f)(x), first)
    for d2 in (wg.grad(wg.grad(f))(x), wg.jvp(wg.grad(f), (x,), (1.0,))[1], wg.jacfwd(wg.jacrev(f))(x)):
        _close(d2, second, rtol=1e-13)


@pytest.mark.parametrize("point, gradient, hessian", [
    # beta(a, b) at a + b = 0 (a zero of 1/gamma(a + b)): finite derivatives, was NaN; mpmath, 50 digits
    ((-0.5, 0.5), (-6.2831853071795865, -6.2831853071795865),
     ((-7.712052506289528, 4.854318108069644), (4.854318108069644, 17.420688722428817))),
    # a little above it, b negative: the digamma form's second derivatives lost 8e-8
    ((1.5, -1.499999999), (2.0943951063601434, 2.0943951077564069),
     ((2.5706841644658502, 3.9669475863919503), (3.9669475863919503, 5.363211030850588))),
])
def test_beta_derivatives_at_and_beside_a_zero_of_its_denominator(point, gradient, hessian):
    f = lambda v: wsp.beta(v[0], v[1])  # noqa: E731
    _close(wg.grad(f)(np.array(point)), gradient, rtol=1e-14)
    for h in _second_orders(f, point).values():
        _close(h, hessian, rtol=1e-13)


@pytest.mark.parametrize("point, gradient, hessian", [
    # B(a, 1) = 1/a: d/db = -psi'(1), d2/da db = zeta(3), d2/db2 = 2 zeta(3) (plus O(a))
    ((1e-300, 1.0), (-np.inf, -1.6449340668482264), ((np.inf, 1.2020569031595943), (1.2020569031595943, 2.4041138063191886))),
    # mpmath, 50 and 70 digits
    ((1e-8, 2.0), (-9999999999999998.6, -0.64493405837831683),
     ((1.9999999999999999e24, 0.84699095142153694), (0.84699095142153694, 0.40411380396775301))),
    # b -> 0 at a = 1/2: d/da = -psi'(1/2), d2/da2 = -psi''(1/2), d2/da db = -((psi(1) - psi(1/2)) psi'(1/2) + psi''(1/2) / 2)
    ((0.5, 1e-300), (-4.9348022005446793, -np.inf), ((16.828796644234320, 1.5733098582600435), (1.5733098582600435, np.inf))),
])
def test_beta_derivatives_at_a_tiny_shape(point, gradient, hessian):
    f = lambda v: wsp.beta(v[0], v[1])  # noqa: E731
    _close(wg.grad(f)(np.array(point)), gradient)
    for h in _second_orders(f, point).values():
        _close(h, hessian)


@pytest.mark.parametrize("point, gradient, hessian", [
    # both shapes small: B = 1/a + 1/b + R(a, b), d2/da db -> 2 zeta(3) (was 0 and -1.7e38 at the first, 2.5% off at
    # the second, 1.1e-12 at the third); mpmath's digamma forms at 100 and 140 digits
    ((1e-20, 1e-18), (-1.0000000000000001e40, -9.9999999999999986e35),
     ((2.0000000000000003e60, 2.4041138063191886), (2.4041138063191886, 1.9999999999999996e54))),
    ((1e-5, 2e-5), (-10000000001.64486, -2500000001.6448615),
     ((2000000000000001.9, 2.4040326339313203), (2.4040326339313203, 250000000000002.34))),
    ((0.01, 0.12), (-10001.353592769141, -70.820306419821828),
     ((2000002.0290335985, 2.0961562478119326), (2.0961562478119326, 1159.1612492439696))),
])
def test_beta_derivatives_where_both_shapes_are_small(point, gradient, hessian):
    f = lambda v: wsp.beta(v[0], v[1])  # noqa: E731
    _close(wg.grad(f)(np.array(point)), gradient)
    for h in _second_orders(f, point).values():
        _close(h, hessian)


@pytest.mark.parametrize("n, x, value", [
    # psi^(n)(x) at negative half-integers, mpmath at 60 and 90 digits (= psi^(n)(1 - x) for even n): SciPy's was
    # 1.6e-11, 9.5e-10, 3.6e-13, 2.4e-8 off
    (2, -100.5, -9.8027202627197571e-5), (4, -20.5, -3.079320597340276e-5), (4, -2.5, -0.067995999506731363),
    (4, -100.5, -5.7654111008320969e-8),
])
def test_polygamma_and_its_derivative_at_negative_half_integers(n, x, value):
    _close(wsp.polygamma(n, x), value)
    _close(wg.grad(lambda t: wsp.polygamma(n - 1, t))(x), value)
    if n == 2:
        f = wsp.digamma
        for d2 in (wg.grad(wg.grad(f))(x), wg.jvp(wg.grad(f), (x,), (1.0,))[1], wg.jacfwd(wg.jacrev(f))(x)):
            _close(d2, value)


@pytest.mark.parametrize("n, x", [(1, -5e-324), (2, -1e-310), (3, -1e-320)])
def test_polygamma_at_a_subnormal_negative_x(n, x):
    # psi^(n)(x) ~ (-1)^(n+1) n! / x^(n+1) beyond the doubles: +inf at these x (and its derivative's); the reflection's
    # polynomial of cot(pi x) = -inf was NaN (SciPy's inf before 3f86d18)
    _close(wsp.polygamma(n, x), np.inf)
    _close(wg.grad(lambda t: wsp.polygamma(n - 1, t))(x), np.inf)


@pytest.mark.parametrize("name, z, first, second", [
    # f'(z) and f''(z), mpmath at 50 digits (w = exp(-z^2) erfc(-iz), erfcx(z) = w(iz), dawsn = i sqrt(pi)/2 (e^(-z^2) - w))
    ("wofz", 1e4 + 0j, -5.6418959201060025e-9j, 1.1283792009468889e-12j),
    ("wofz", 100 + 1j, -1.1284919965330051e-6 - 5.6410491983701757e-5j, 3.3857016314827957e-8 + 1.1280404416834229e-6j),
    ("erfcx", 100 + 1e-10j, -5.6410497625993185e-5 + 1.1280407802288337e-16j,
     1.1280407802288336e-6 - 3.3834458206016958e-18j),
    ("dawsn", 100 + 1e-10j, -5.0007501875656545e-5 + 1.0003001125525296e-16j,
     1.0003001125525296e-6 - 3.0015007879728252e-18j),
    ("erfcx", -19.71 + 20j, 0.00089859422778227427 - 0.0013958441052495029j, -0.007853158817073307 + 0.062358561332703604j),
    ("dawsn", 20 + 19.71j, -0.00040220696126850254 + 0.0009355633008011569j, 0.027616240480477884 + 0.0034635846563682422j),
])
def test_faddeeva_family_derivatives_far_out(name, z, first, second):
    f = getattr(wsp, name)
    parts = []
    for part in (np.real, np.imag):  # d/dx of the parts of f(x + i y): the parts of f'
        g = lambda x, part=part: part(f(x + 1j * z.imag))  # noqa: E731
        parts.append(_first_and_second(g, z.real))
    assert abs(complex(parts[0][0], parts[1][0]) - first) <= 1e-13 * abs(first)
    for k in range(3):
        assert abs(complex(parts[0][1][k], parts[1][1][k]) - second) <= 1e-13 * abs(second)


def _signs(z):
    return complex(np.sign(z.real) * np.inf if z.real else 0.0, np.sign(z.imag) * np.inf if z.imag else 0.0)


@pytest.mark.parametrize("f, z, first, second", [
    # f'(z), f''(z) beyond the doubles (mpmath, 50 digits): their parts' infinities. A real cotangent (1 + 0j) times the
    # overflowed partial was NaN + NaN j (1 * inf - 0 * inf), and the weight 2 of erfcx's sector, and c exp(-z^2) times
    # 2z in the second derivative (inf - inf): every derivative NaN
    (wsp.erfcx, -30 + 1j, 3.0485114723177926e+392 - 1.088880034041992e+392j,
     -1.8083564106144259e+394 + 7.1462697228607868e+393j),
    (wsp.dawsn, 10 + 30j, -1.4696468659393924e+349 + 4.1871359690504106e+348j,
     5.4513618072338069e+350 + 7.9852816560209954e+350j),
    (wsp.erf, 10 + 30j, -3.0733801145140944e+347 - 1.3592218900836995e+346j,
     5.3312270949779691e+348 + 1.8712125065101306e+349j),
    (wsp.erfc, 10 + 30j, 3.0733801145140944e+347 + 1.3592218900836995e+346j,
     -5.3312270949779691e+348 - 1.8712125065101306e+349j),
    (np.exp, 800 + 1j, 1.4730664679726825e+347 + 2.2941650961507688e+347j,
     1.4730664679726825e+347 + 2.2941650961507688e+347j),
    (np.expm1, 800 + 1j, 1.4730664679726825e+347 + 2.2941650961507688e+347j,
     1.4730664679726825e+347 + 2.2941650961507688e+347j),
    (wsp.expm1, 800 + 1j, 1.4730664679726825e+347 + 2.2941650961507688e+347j,
     1.4730664679726825e+347 + 2.2941650961507688e+347j),
    # erfi' = 2 / sqrt(pi) e^(z^2) and erfi'' = 2z erfi' (mpmath, 50 digits): g c exp(z * z) was NaN + NaN j beyond the
    # doubles (special56)
    (wsp.erfi, 700 + 0.5j, -1.4582433086137791e+212804 + 9.4534297025006305e+212803j,
     -2.0424859750295408e+212807 + 1.3220219150414745e+212807j),
    (wsp.erfi, -30 + 0.5j, 9.9344632294536274e+389 + 6.3633527245554629e+390j,
     -6.5970132101277228e+391 - 3.8080771715038241e+392j),
    # w's sector below the real axis: g times w' was NumPy's product, (1 + 0j)(-inf - inf j) NaN + NaN j (special56)
    (wsp.wofz, 0.5 - 700j, -2.3432228342967464e+212807 - 3.6202121318616172e+212807j,
     5.0706453767784967e+212810 - 3.2768951070371594e+212810j),
    # (mpmath, 900 digits) the phase of c P(z), -1 here, was lost beside Im z^2 = 2e200 (exp(-z^2 + log(c P))): +inf + inf
    # j for -inf - inf j; at 1e200 + 1j erfi' was NaN ((1 + 0j)(inf + 2e200j): inf + NaN j), dawsn'' NaN (P(z) overflowed,
    # the whole underflows); NumPy's fused x x - y y was 8.8e43 at 1e30 + 1e30j (0: e^(-z^2) of size 1 overflowed)
    (wsp.erfc, 1 + 1e200j, complex(-np.inf, -np.inf), complex(-np.inf, np.inf)),
    (wsp.erfi, 1e200 + 1j, complex(np.inf, -np.inf), complex(np.inf, -np.inf)),
    (wsp.dawsn, 1e200 + 1j, 0j, 0j),
    (wsp.dawsn, 1e30 + 1e30j, 2.2882663988528251e+30 + 1.0232410249109005e+30j,
     -2.5300507478838492e+60 - 6.6230148475274515e+60j),
    # finite, where c 2z e^(+-z^2) is formed as exp(+-z^2 + log(2 c z)) (|Re z^2| >= 600)
    (wsp.erfi, 25 + 2j, 4.8416814477746938e+269 - 2.8431027188904466e+269j,
     2.5345648326429648e+271 - 1.2278841015342355e+271j),
    (wsp.erf, 10 + 27.2j, -7.4758046543110982e+277 + 4.1275562497328716e+277j,
     3.7405515307169017e+279 + 3.241326481998663e+279j),
    (wsp.dawsn, 10 - 27.2j, -2.5457318659332622e+279 - 2.9378223023185686e+279j,
     2.1079700606675257e+281 - 7.984879712530637e+280j),
])
def test_complex_derivatives_where_they_overflow(f, z, first, second):
    with np.errstate(over="ignore", invalid="ignore"):
        first, second = (_signs(first), _signs(second)) if abs(first) > 1e308 else (first, second)
    with np.errstate(over="ignore"):  # (the values overflow: exp(800 + 1j) is inf + inf j)
        _check_complex_derivatives(f, z, first, second)


def _check_complex_derivatives(f, z, first, second):
    rtol = 2e-13  # (|2 z^2| ulps of z's rounding: the condition of f' at z)
    for part in (np.real, np.imag):  # d/dx of the parts of f(x + i y): the parts of f' (and of f'')
        g = lambda x, part=part: part(f(x + 1j * z.imag))  # noqa: E731
        d1, d2s = _first_and_second(g, z.real)
        jitted = wg.jit(wg.grad(g))
        jitted(z.real + 0.5)
        for got, truth in [(d1, part(first)), (wg.jvp(g, (z.real,), (1.0,))[1], part(first)), (jitted(z.real), part(first))] + [
                (d2, part(second)) for d2 in d2s]:
            np.testing.assert_allclose(got, truth, rtol=rtol, atol=0.0)
    # the gradient at z itself: g f'(z) (g = 1 for the real part, -1j for the imaginary part: a zero part each)
    np.testing.assert_allclose(wg.grad(lambda u: np.real(f(u)))(z), first, rtol=rtol, atol=0.0)
    np.testing.assert_allclose(wg.grad(lambda u: np.imag(f(u)))(z), -1j * first if np.isfinite(first) else
                               complex(first.imag, -first.real), rtol=rtol, atol=0.0)


@pytest.mark.parametrize("x, dtype", [(1e200, np.float64), (-1e200, np.float64), (2e154, np.float64), (1e30, np.float32)])
def test_real_erfi_derivatives_where_x_squared_overflows(x, dtype):
    # erfi' = 2 / sqrt(pi) e^(x^2), erfi'' = 2 x erfi': +inf and +-inf (sign(x)) beyond the doubles (exact: e^(x^2)
    # >= e^(1e308)). gaussian_poly's real x x - w was inf - inf where x x overflows (|x| > 1.3e154; float32's w at
    # 1e30), its factor e^NaN: erfi' NaN for inf there in every mode (review56 of 45be0d1d; g c exp(x * x) before)
    x = dtype(x)
    second = np.copysign(np.inf, x)
    with np.errstate(over="ignore"):
        d1, d2s = _first_and_second(wsp.erfi, x)
        jitted = wg.jit(wg.grad(wsp.erfi))
        jitted(dtype(0.5))
        for got in (d1, wg.jvp(wsp.erfi, (x,), (dtype(1.0),))[1], jitted(x)):
            assert got == np.inf
        for d2 in d2s:
            assert d2 == second


@pytest.mark.parametrize("f, z, first", [
    # f'(z) (mpmath, 50 digits) beyond single precision: e^(z^2) overflowed complex64 (from Re z^2 = 88.7 on) in the
    # product c 2z e^(z^2), NaN + NaN j
    (wsp.erfcx, -12 + 1j, -3.0479842168790187e+63 - 5.308676438158215e+63j),
    (wsp.dawsn, 5 + 11j, -9.396819253537938e+42 + 4.7837259093820886e+42j),
])
def test_complex64_derivatives_where_they_overflow(f, z, first):
    with np.errstate(over="ignore"):
        got = wg.grad(lambda u: np.sum(np.real(f(u))))(np.array([z], np.complex64))
    assert got.dtype == np.complex64
    np.testing.assert_array_equal(got, [_signs(first)])


@pytest.mark.parametrize("x, first, second", [
    # rgamma' and rgamma'' (mpmath, 50 and 70 digits): 8.6e310, 2.3e309, -1.5e331, -5.0e308, 3.1e342 beyond the doubles
    (-171.5, -np.inf, np.inf), (-170.8, 6.8003840167584337e307, np.inf), (-180.5, np.inf, -np.inf),
    (-170.5, 1.5520885200916569e308, -np.inf), (-185.5, -np.inf, np.inf),
    # beside a zero of rgamma'' (psi^2 = psi'), rgamma' beyond the doubles (2.06e308)
    (-170.64992507692293, np.inf, -7.4431190083980588e306),
    (-170.75, 1.5452154122479894e308, np.inf),
])
def test_rgamma_derivatives_beyond_the_range(x, first, second):
    # gamma(1 - x) beyond the doubles: each order is now one product (ops.scipy_special._rgamma_far), no
    # cotangent or tangent meets the overflowing factor apart from its small ones. Before, reverse over reverse was
    # NaN at every point here (inf - inf), every path NaN at -170.5 and -185.5, forward over reverse 1.4e-13 off at
    # -170.65, rgamma'(-170.75) 1.6e-13 off and rgamma'(-170.8) 1.7e-13 (21998c9 wrote its truth as 6.800384016759606e307:
    # mpmath at 50 and 70 digits gives 6.8003840167584337e307)
    with np.errstate(over="ignore"):  # (the products that reach the infinity)
        _close(wg.grad(wsp.rgamma)(x), first)
        for d2 in (wg.grad(wg.grad(wsp.rgamma))(x), wg.jvp(wg.grad(wsp.rgamma), (x,), (1.0,))[1],
                   wg.jacfwd(wg.jacrev(wsp.rgamma))(x)):
            _close(d2, second, rtol=1e-13)


def _first_and_second(f, x):
    """f'(x) and f''(x) by reverse over reverse, forward over reverse and jacfwd(jacrev)."""
    return wg.grad(f)(x), (wg.grad(wg.grad(f))(x), wg.jvp(wg.grad(f), (x,), (1.0,))[1], wg.jacfwd(wg.jacrev(f))(x))


@pytest.mark.parametrize("x, first", [
    # entr' = -(log x + 1), cancelling beside 1/e (mpmath, 50 digits, at the float x)
    (0.36787944117144233, -3.3784855259134224e-17),
    (0.3678794411714423, 1.1711009840963588e-16),
    (0.36787944117144245, -3.355747625966744e-16),
])
def test_entr_derivative_beside_one_over_e(x, first):
    d1, d2s = _first_and_second(wsp.entr, x)
    _close(d1, first, rtol=1e-14)
    for d2 in d2s:
        _close(d2, -1.0 / x, rtol=1e-15)


@pytest.mark.parametrize("x, first", [(710.0, 4.47628622567513e-309), (740.0, 4.2e-322), (745.0, 5e-324)])
def test_log_expit_derivative_where_exp_x_overflows(x, first):
    # log_expit' = expit(-x) = 1 / (1 + e^x), subnormal (mpmath, 50 digits); log_expit'' = -expit(-x) expit(x)
    d1, d2s = _first_and_second(wsp.log_expit, x)
    assert d1 == first
    for d2 in d2s:
        assert d2 == -first


@pytest.mark.parametrize("f", [wsp.k0, wsp.k1])
def test_k0_k1_derivatives_at_the_smallest_subnormal(f):
    # k0' = -k1 ~ -1/x, k1' ~ -1/x^2: -inf there, and +inf the second derivatives (SciPy's k1(5e-324) is NaN)
    d1, d2s = _first_and_second(f, 5e-324)
    assert d1 == -np.inf
    for d2 in d2s:
        assert d2 == np.inf


@pytest.mark.parametrize("point, hessian", [
    # gdtr(a, b, x) = P(b, a x) beside the density's mode (a x = b - 1: d2/da2, d2/dx2) and beside the mode of u p(b, u)
    # (a x = b: d2/da dx), a x = 1 + 2e-17, 0.5 + 2.8e-17, 1.5 + 3e-17 in floats (mpmath, 50 and 70 digits agree)
    ((0.001, 2.0, 1000.0), [[-7.658029235151957e-12, -155.53366493206389, 0.36787944117144233],
                            [-155.53366493206389, 0.20511882229077996, -0.0001555336649320639],
                            [0.36787944117144233, -0.0001555336649320639, -7.658029235151957e-24]]),
    ((0.1, 0.5, 5.0), [[-24.197072451914334, 3.0739061811851442, -1.3432073482319192e-17],
                       [3.0739061811851442, 0.15585302936750686, 0.061478123623702884],
                       [-1.3432073482319192e-17, 0.061478123623702884, -0.009678828980765735]]),
    ((0.001, 1.5, 1500.0), [[-462540.98941130785, 170.6661236084696, -9.628568555200025e-18],
                            [170.6661236084696, 0.01267399063596509, 0.00011377741573897973],
                            [-9.628568555200025e-18, 0.00011377741573897973, -2.0557377307169237e-07]]),
])
def test_gdtr_second_derivatives_beside_the_modes(point, hessian):
    f = lambda v: wsp.gdtr(v[0], v[1], v[2])  # noqa: E731
    for h in _second_orders(f, point).values():
        _close(h, hessian, rtol=1e-13)


@pytest.mark.parametrize("f", [wsp.betainc, lambda a, b, x: -wsp.betaincc(a, b, x)])
@pytest.mark.parametrize("a, x, first, second", [
    # d/dx betainc(a, 2, x) = x^(a-1) (1 - x) / B(a, 2) and its derivative at subnormal x (mpmath, 50 digits)
    (2.0, 5e-324, 3e-323, 6.0),
    (2.0, 1e-310, 6e-310, 6.0),
    (1.5, 5e-324, 8.335345310569041e-162, 8.435463364768493e+161),
    (1.5, 1e-310, None, 1.8750000000000028e+155),
])
def test_betainc_second_derivative_in_x_at_subnormal_x(f, a, x, first, second):
    g = lambda t: f(a, 2.0, t)  # noqa: E731
    d1, d2s = _first_and_second(g, x)
    if first is not None:
        _close(d1, first, rtol=1e-14)
    for d2 in d2s:
        _close(d2, second, rtol=1e-14)


@pytest.mark.parametrize("f", [wsp.betainc, lambda a, b, x: -wsp.betaincc(a, b, x)])
@pytest.mark.parametrize("a, b, x, second", [
    # d2/dx2 betainc(3, 2, x) = 12 (2 x - 3 x^2): the density 12 x^2 (1 - x) below the doubles, its slope not (was 0)
    (3.0, 2.0, 1e-300, 2.4e-299),
    # x^998 / B(1e3, 1e3) ~ 1e-300000 and below: 0 (was NaN, the slope 999 / x overflowed times the density's 0)
    (1e3, 1e3, 5e-324, 0.0),
    (1e3, 1e3, 1e-200, 0.0),
])
def test_betainc_second_derivative_in_x_where_the_density_is_below_the_doubles(f, a, b, x, second):
    d1, d2s = _first_and_second(lambda t: f(a, b, t), x)
    assert d1 == 0.0
    for d2 in d2s:
        _close(d2, second, rtol=1e-14)


@pytest.mark.parametrize("f", [wsp.betainc, lambda a, b, x: -wsp.betaincc(a, b, x)])
@pytest.mark.parametrize("a, b, x, first, second", [
    # beside the density's mode (a - 1) / (a + b - 2): its slope x^(a-2) (1-x)^(b-2) ((a-1)(1-x) - (b-1) x) / B(a, b)
    # (mpmath, 50 and 70 digits)
    (1000.0, 2.0, 0.999, 368.4315517474825, 3.2756051391265627e-10),
    (5.5, 3.25, 0.6666666666666666, 2.41829973637698, 2.718412698367803e-15),
])
def test_betainc_second_derivative_in_x_beside_the_mode(f, a, b, x, first, second):
    d1, d2s = _first_and_second(lambda t: f(a, b, t), x)
    _close(d1, first, rtol=1e-14)
    for d2 in d2s:
        _close(d2, second, rtol=1e-13)


@pytest.mark.parametrize("x, truth", [
    # mpmath, 50 digits; SciPy's 1.0e-7, 1.2e-3, 8.9e-4 and 3.7e-11 relative off (tan(pi r), r = x - trunc(x) ~ -1)
    (-0.999999999, -1000000027.8591479),
    (-2.0 + 2.0 ** -50, -1125899906842623.1),
    (-0.9999999999999, -9996891514695.46),
    (-4.999999, -999998.293739445),
])
def test_digamma_value_right_of_a_negative_pole(x, truth):
    import scipy.special as sc
    ours = [wsp.digamma(x), wsp.psi(x), wsp.digamma(np.array([x, 2.0]))[0], wg.backprop(lambda t: sc.digamma(t), x)[0],
            wg.jvp(wsp.digamma, (x,), (1.0,))[0]]
    _close(np.array(ours, dtype=float), truth, rtol=2e-16)


@pytest.mark.parametrize("a, b, value, gradient, second_in_b, log_value", [
    # mpmath, 50 digits; SciPy's beta 2.9e-11 and 1.4e-8 relative off, its betaln 1.3e-12 and 1e-10 (lgamma's sum)
    (1e5, 2.0, 9.99990000099999e-11, (-1.999970000399995e-15, -1.1090045229311135e-09), 1.2363525069702062e-08,
     -23.025860929890456),
    (7850680.22892785, 9.367887724653958, 2.292026509427216e-60, (-2.734977725896528e-66, -3.13850549240791e-59),
     4.3001834768135205e-58, -137.3256692147894),
])
def test_beta_and_betaln_values_where_a_plus_b_is_large(a, b, value, gradient, second_in_b, log_value):
    import scipy.special as sc
    f = lambda v: wsp.beta(v[0], v[1])  # noqa: E731
    # (exp of betaln: |betaln| ulps, 4.2e-14 at the second point)
    _close([wsp.beta(a, b), wg.backprop(lambda t: sc.beta(t, b), a)[0]], value, rtol=1e-13)
    _close(wg.grad(f)(np.array([a, b])), gradient, rtol=1e-13)
    _close(wg.hessian(f)(np.array([a, b]))[1, 1], second_in_b, rtol=1e-13)
    _close([wsp.betaln(a, b), wsp.betaln(np.array([a]), b)[0]], log_value, rtol=4e-16)


@pytest.mark.parametrize("point, index, truth", [
    # mpmath, 50 digits: small second derivatives, differences of terms 500 times larger, whose trigamma(a + b) -
    # trigamma(a + 1) (the swapped side's at the first point) cancelled (1.9e-13 at (1001, 1)): both 1.4e-10 off
    ((1000.0, 2.0, 0.999), 0, 3.6812483215788186e-10),
    ((2.0, 1000.0, 0.001), 1, -3.6812483215756195e-10),
])
def test_betainc_second_derivative_in_a_shape_beside_its_zero(point, index, truth):
    a, b, x = point  # (one path: the plain second derivative is what every path takes)
    _close(wg.hessian(lambda v: wsp.betainc(v[0], v[1], x))(np.array([a, b]))[index, index], truth, rtol=2e-12)


def _jvp_of_jvp(f, x, one):
    return wg.jvp(lambda t: wg.jvp(f, (t,), (one,))[1], (x,), (one,))[1]


@pytest.mark.parametrize("x, first, second", [
    # mpmath, 50 digits; 1 - 2 x D(x) cancelled: d2/dx2 3.3e-13, 1.8e-12, 9e-13 relative off
    (5.0, -0.021340744242768356, 0.009139293579129872),
    (10.0, -0.005076943751970561, 0.001031180664214157),
    (-7.5, -0.00913717466945924, -0.0025059967526273653),
])
def test_dawsn_second_derivative_before_its_asymptotic_series(x, first, second):
    d1, d2s = _first_and_second(wsp.dawsn, x)
    _close(d1, first, rtol=1e-15)
    for d2 in d2s:
        _close(d2, second, rtol=2e-14)


@pytest.mark.parametrize("f, first, second", [
    # mpmath, 50 digits, at 6 + 0.1i: -2 z w + 2i / sqrt(pi) cancelled, w'' 1.1e-11 relative off, dawsn'' 1.1e-11
    (wsp.wofz, -0.0005708013854867131 - 0.01636015563869843j, 0.0003035299416903909 + 0.005700708411716824j),
    (wsp.dawsn, -0.014498810431614618 + 0.0005058595569031227j, 0.005052121288645587 - 0.0002689964069955207j),
])
def test_faddeeva_second_derivative_near_the_real_axis(f, first, second):
    z = 6.0 + 0.1j
    _close(wg.jvp(f, (z,), (1.0 + 0j,))[1], first, rtol=1e-15)
    _close(_jvp_of_jvp(f, z, 1.0 + 0j), second, rtol=1e-14)


@pytest.mark.parametrize("point, entries", [
    # gdtr from b = 10 on beside its density's mode (a x = b - 1 + 1.1e-15, b - 1 + 4e-15, b - 1 - 4.4e-16 in floats):
    # the near-mode form took b - 1 - a x from a x rounded, d2/da2 0.0, -4.95e-14 and -2.4e-17 (mpmath, 50 digits)
    ((0.001, 20.0, 19000.0), {(0, 0): -6.847741295063666e-10, (2, 2): -1.8968812451699906e-24,
                              (0, 1): -45.162013936823115, (1, 2): -2.376948101938059e-06}),
    ((0.1, 50.0, 490.0), {(0, 0): -7.583083430535203e-13, (2, 2): -3.1583021368326544e-20,
                          (0, 1): -0.28350700625673475, (1, 2): -5.785857270545607e-05}),
    ((3.0, 12.0, 11.0 / 3.0), {(0, 0): 6.479551031567414e-17, (2, 2): 4.337550690553393e-17,
                               (0, 1): -0.019595131791476726, (1, 2): -0.016032380556662777}),
])
def test_gdtr_second_derivatives_beside_the_mode_of_a_large_shape(point, entries):
    f = lambda v: wsp.gdtr(v[0], v[1], v[2])  # noqa: E731
    for h in _second_orders(f, point).values():
        for (i, j), truth in entries.items():
            _close([h[i, j], h[j, i]], truth, rtol=1e-13)


@pytest.mark.parametrize("v, x", [(1.5, 700.0), (1.5, 1e6), (0.0, 1e4), (40.0, 700.0), (0.5, 25.0)])
def test_kve_derivatives_far_out(v, x):
    # kve' = kve - (kve_{v-1} + kve_{v+1}) / 2 lost x eps, its derivative x^2 eps (kve''(1.5, 700) 4.7e-11 off, at
    # 1e6 1e-4, kve''(0, 1e4) 2.9e-8); now Hankel's series' derivative there (special56). Truths: mpmath's besselk at
    # 40 digits, differentiated by mp.diff (for v = 1.5: the closed form sqrt(pi / 2x) (1 + 1/x), the same)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        kve = lambda t: mp.besselk(v, t) * mp.exp(t)  # noqa: E731
        first, second = float(mp.diff(kve, x, 1)), float(mp.diff(kve, x, 2))
    f = lambda t: wsp.kve(v, t)  # noqa: E731
    jitted = wg.jit(wg.grad(f))
    jitted(x * 1.25)
    for got in (wg.grad(f)(x), wg.jvp(f, (x,), (1.0,))[1], jitted(x)):
        assert got == pytest.approx(first, rel=1e-14, abs=0)
    for got in _first_and_second(f, x)[1] + (wg.hessian(lambda t: np.sum(wsp.kve(v, t)))(np.array([x, 5.0]))[0, 0],):
        assert got == pytest.approx(second, rel=1e-14, abs=0)
