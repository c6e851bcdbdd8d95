"""Adversarial probe: derivatives of order 1-3 at switching points, reverse vs forward.

Every case is a function ``f`` of an array and a point ``x0`` (a switching point: a zero, a
tie, a knot...). Along a random direction ``v`` it becomes ``g(t) = <w, f(x0 + t v)>``, a
function of one float, differentiated three times by reverse mode (``wg.grad`` nested) and
by forward over reverse (``wg.jvp`` of the reverse derivative). Each derivative at ``t = 0``
is compared with its one-sided limits, the same derivative at ``t = +-h``: it must be
finite where both limits are finite, and lie between them (inclusive, within a tolerance).
Forward and reverse must agree. Usage::

    PYTHONPATH=src python tools/probe_kinks.py [-v] [-d] [name-substring]
    PYTHONPATH=src python tools/probe_kinks.py --second [-v] [name-substring]

``--defective`` sweeps eig's derivatives of order 1 to 3 near defective matrices instead
(:func:`main_defective`: [[1, 1], [d, 1]] for d from 1e-2 to 1e-16, 3x3 / 4x4 near-Jordan
matrices, badly scaled and complex ones) against mpmath (60 digits), printing each path's
relative error or its refusal by cond(V).

``--close`` sweeps the second derivatives through eigh's and svd's vectors as two values close
in (trace(V w^3 V^T), sum(U s^3 V^T): closed forms) and pinv's and lstsq's as a 3x2 matrix
loses rank (mpmath, 40 digits): :func:`main_close`.

``--second`` runs the second-order pass instead (:func:`second_order_cases`): each case is
a scalar composite of a function with a switching point and a smooth one, at the switching
point, with its true Hessian (from central differences of its analytic gradient) or None
where it has none. It is computed through ``hessian``, ``hvp``, reverse over reverse,
forward over reverse, ``jacfwd(grad)``, reverse over forward (``grad(jvp)``,
``jacobian(jacfwd)``), forward over forward (``jvp(jvp)``) and ``wg.jit`` recorded away from
the point and replayed at it, and classified: ``right``, ``refused`` (NoGradientRule or LinAlgError, the
policy at a kink: see docs/guide/numpy.md), ``one-sided`` (no Hessian, and the value is the
one-sided Hessian of the piece the first-order convention picks), or ``WRONG`` (a number
that is neither). ``tests/test_exact_kinks.py`` turns every case into a test.

What it still reports, and why that is expected: ``*_3`` (several entries at their kink
along one direction: each takes its own convention, so the sum need not lie between the
directional limits), ``x**2.5`` d2 (the true value is 0: the limits tend to it),
``norm_ord-1/-2_partial0`` (a negative-order norm with a zero entry: NaN, documented),
``var_sq`` (``var(x)**0.5`` at 0: sqrt's infinite derivative times 0, NaN). ``norm_sq``
(``norm(x)**2`` at 0, whose second derivative came out 0) was reported here until second
derivatives at kinks were refused (the ``--second`` pass below).
"""
import sys
import warnings

import numpy as np

import wengert as wg

H = 1e-6
TOL = 1e-4
DUMP = "-d" in sys.argv  # print every derivative (to compare the compiled and pure cores)
VERBOSE = "-v" in sys.argv
#: errors that refuse clearly (a missing rule, a derivative that does not exist there)
REFUSALS = ("NoGradientRule", "LinAlgError")


def _directional(f, x0, v, w):
    x0 = np.asarray(x0, dtype=float)

    def g(t):
        out = f(x0 + t * v)
        return np.sum(w * out) if np.ndim(out) else out * w.flat[0]
    return g


def _derivatives(g, order=3):
    """[g', g'', g'''] by reverse mode, and the same by forward over reverse."""
    rev, fwd = [g], []
    for _ in range(order):
        rev.append(wg.grad(rev[-1]))
    for k in range(order):
        fwd.append(lambda t, k=k: wg.jvp(rev[k], (t,), (1.0,))[1])
    return rev[1:], fwd


def _value(fn, t):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return float(np.real(fn(t)))
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__}: {str(e)[:90]}"


def _between(x, a, b):
    lo, hi = min(a, b), max(a, b)
    scale = 1.0 + max(abs(lo), abs(hi))
    return lo - TOL * scale <= x <= hi + TOL * scale


def probe(name, f, x0, seed=0, order=3, exact=None):
    """Findings for ``f`` at ``x0``: a list of strings (empty: nothing wrong).

    ``exact``: known derivatives at t=0 along the direction, [d1, d2, d3] (None entries skipped).
    """
    rng = np.random.default_rng(seed)
    x0 = np.asarray(x0, dtype=float)
    v = rng.standard_normal(x0.shape)
    w = rng.standard_normal(np.shape(f(x0)) or (1,))
    g = _directional(f, x0, v, w)
    rev, fwd = _derivatives(g, order)
    findings = []
    if DUMP:
        print(name, [_value(d, t) for d in rev + fwd for t in (-H, 0.0, H)])
    for k in range(order):
        at, left, right = _value(rev[k], 0.0), _value(rev[k], -H), _value(rev[k], H)
        fw = _value(fwd[k], 0.0)
        tag = f"{name} d{k + 1}"
        if isinstance(at, str):
            if not at.startswith(REFUSALS) or VERBOSE:  # a clear refusal is not a finding
                findings.append(f"{tag}: reverse raised {at} (limits {left}, {right})")
            continue
        if isinstance(left, str) or isinstance(right, str):
            continue
        far_l, far_r = _value(rev[k], -100 * H), _value(rev[k], 100 * H)
        singular = any(isinstance(a, str) or not np.isfinite(a) or abs(b) > 3 * abs(a) + 1e-3
                       for a, b in ((far_l, left), (far_r, right)))
        if np.isfinite(left) and np.isfinite(right) and not singular:
            if not np.isfinite(at):
                findings.append(f"{tag}: {at} with finite one-sided limits {left:.6g}, {right:.6g}")
            elif not _between(at, left, right):
                findings.append(f"{tag}: {at:.6g} outside its one-sided limits {left:.6g}, {right:.6g}")
        if exact is not None and k < len(exact) and exact[k] is not None:
            e = exact[k](v, w) if callable(exact[k]) else exact[k]
            if not (isinstance(at, float) and abs(at - e) <= TOL * (1 + abs(e))):
                findings.append(f"{tag}: {at} but the convention gives {e:.6g}")
        if isinstance(fw, str):
            findings.append(f"{tag}: forward raised {fw}")
        elif not (fw == at or (np.isnan(fw) and np.isnan(at))
                  or abs(fw - at) <= TOL * (1 + abs(at))):
            findings.append(f"{tag}: forward {fw:.6g} != reverse {at:.6g}")
    findings += _probe_jit(name, g, rev)
    return findings


def _probe_jit(name, g, rev):
    """``wg.grad(wg.jit(g))`` recorded on one side of the switching point (or at it) and
    replayed at the others, against fresh recordings (only the outermost tape replays)."""
    findings = []
    for first, then in ((H, 0.0), (0.0, H), (0.0, -H), (-H, 0.0), (0.5, 0.0)):
        jitted = wg.jit(g)
        d1 = wg.grad(jitted)
        _value(d1, first)
        got, want = _value(d1, then), _value(rev[0], then)
        if isinstance(got, str) or isinstance(want, str):
            if isinstance(got, str) != isinstance(want, str):
                findings.append(f"{name} d1 jit recorded at {first}, replayed at {then}: "
                                f"{got} but fresh {want}")
            continue
        if not (got == want or (np.isnan(got) and np.isnan(want))
                or abs(got - want) <= 1e-9 * (1 + abs(want))):
            findings.append(f"{name} d1 jit recorded at {first}, replayed at {then}: "
                            f"{got:.9g} but fresh {want:.9g} {jitted.stats}")
    return findings


def cases():
    """(name, f, x0) triples at switching points."""
    z3 = np.zeros(3)
    tie = np.array([1.0, 1.0, 0.5])
    tie2 = np.array([[1.0, 1.0, 0.5], [0.2, 0.7, 0.6]])
    out = []
    add = out.append
    # elementwise kinks at 0
    for nm, fn in [("abs", np.abs), ("fabs", np.fabs), ("sqrt", np.sqrt), ("cbrt", np.cbrt),
                   ("relu", lambda x: np.maximum(x, 0.0)), ("relu_r", lambda x: np.maximum(0.0, x)),
                   ("min0", lambda x: np.minimum(x, 0.0)), ("fmax0", lambda x: np.fmax(x, 0.0)),
                   ("clip", lambda x: np.clip(x, 0.0, 1.0)), ("clip_hi", lambda x: np.clip(x - 1.0, -1.0, 0.0)),
                   ("where", lambda x: np.where(x > 0, x * x, -x)),
                   ("x**0", lambda x: x ** 0.0), ("x**1", lambda x: x ** 1.0), ("x**2", lambda x: x ** 2.0),
                   ("x**3", lambda x: x ** 3.0), ("x**0.5", lambda x: x ** 0.5), ("x**2int", lambda x: x ** 2),
                   ("x**3int", lambda x: x ** 3), ("power2", lambda x: np.power(x, 2.0)),
                   ("float_power2", lambda x: np.float_power(x, 2.0)), ("square", np.square),
                   ("x*abs", lambda x: x * np.abs(x)), ("hypot0", lambda x: np.hypot(x, 0.0)),
                   ("hypot_xx", lambda x: np.hypot(x, x)), ("copysign", lambda x: np.copysign(x, 1.0)),
                   ("sinc", np.sinc), ("logistic", wg.logistic), ("arctan2", lambda x: np.arctan2(x, 1.0)),
                   ("2**x", lambda x: 2.0 ** x), ("0**x", lambda x: 0.0 ** (x + 1.0)),
                   ("x**x+1", lambda x: (x + 1.0) ** x),
                   ]:
        add((nm, fn, np.zeros(1)))
        add((nm + "_3", fn, z3))
    add(("abs_at_1", lambda x: np.abs(x - 1.0), np.ones(1)))
    add(("sqrt_sq", lambda x: np.sqrt(x * x + 1.0), z3))
    add(("x**1.5", lambda x: np.abs(x) ** 1.5, z3))
    add(("x**2.5", lambda x: np.abs(x) ** 2.5, z3))
    # scalar (float) fast path
    for nm, fn in [("fabs_scalar", lambda x: abs(x[0]) + abs(x[1])),
                   ("pow2_scalar", lambda x: x[0] ** 2 + x[1] ** 2.0),
                   ("pow0.5_scalar", lambda x: x[0] ** 0.5),
                   ("pow1_scalar", lambda x: x[0] ** 1.0 + x[1] ** 1),
                   ("pow3_scalar", lambda x: x[0] ** 3.0),
                   ("sqrt_scalar", lambda x: wg.sqrt(x[0]))]:
        add((nm, fn, np.zeros(2)))
    # maximum/minimum ties
    add(("maximum_tie", lambda x: np.maximum(x[:2], x[2:]), np.array([1.0, 2.0, 1.0, 2.0])))
    add(("maximum_tie_sq", lambda x: np.maximum(x[:2], x[2:]) ** 2, np.array([1.0, 2.0, 1.0, 2.0])))
    add(("fmin_tie_sq", lambda x: np.fmin(x[:2], x[2:]) ** 2, np.array([1.0, 2.0, 1.0, 2.0])))
    # reductions with ties
    for nm, fn in [("max", np.max), ("min", np.min), ("amax", np.amax), ("nanmax", np.nanmax),
                   ("max_ax", lambda x: np.max(x, axis=-1)), ("max_kd", lambda x: np.max(x, axis=0, keepdims=True)),
                   ("max_sq", lambda x: np.max(x * x)),
                   ("sort", np.sort), ("sort_sq", lambda x: np.sort(x) ** 2), ("sort_ax0", lambda x: np.sort(x, axis=0)),
                   ("median", np.median), ("median_sq", lambda x: np.median(x) ** 2),
                   ("median_ax", lambda x: np.median(x, axis=-1)),
                   ("percentile", lambda x: np.percentile(x, 50.0)), ("percentile30", lambda x: np.percentile(x, 30.0)),
                   ("quantile", lambda x: np.quantile(x, 0.5)), ("quantile_sq", lambda x: np.quantile(x, 0.25) ** 2),
                   ("quantile_ax", lambda x: np.quantile(x, 0.5, axis=-1)),
                   ("partition", lambda x: np.partition(x.ravel(), 2)),
                   ("nanmedian", np.nanmedian), ("nanpercentile", lambda x: np.nanpercentile(x, 40.0))]:
        add((nm + "_tie", fn, tie))
        add((nm + "_tie2d", fn, tie2))
    for method in ("linear", "lower", "higher", "nearest", "midpoint"):
        add((f"quantile_{method}", lambda x, m=method: np.quantile(x, 0.3, method=m), tie))
        add((f"quantile_{method}_sq", lambda x, m=method: np.quantile(x * x, 0.5, method=m), np.array([1.0, -1.0, 0.5, 2.0])))
    # norms
    for ordv in (None, 1, 2, 3, 1.5, 0.5, np.inf, -np.inf, 0, -1, -2, 4):
        add((f"norm_ord{ordv}_0", lambda x, o=ordv: np.linalg.norm(x, ord=o), z3))
        add((f"norm_ord{ordv}_partial0", lambda x, o=ordv: np.linalg.norm(x, ord=o), np.array([0.0, 1.0, -2.0])))
        add((f"norm_ord{ordv}_tie", lambda x, o=ordv: np.linalg.norm(x, ord=o), np.array([1.0, -1.0, 0.5])))
        add((f"norm_ord{ordv}_ax", lambda x, o=ordv: np.linalg.norm(x, ord=o, axis=-1),
             np.array([[0.0, 0.0, 0.0], [1.0, -1.0, 0.5]])))
    for ordm in (None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf):
        add((f"mnorm_{ordm}_0", lambda x, o=ordm: np.linalg.norm(x.reshape(2, 2), ord=o), np.zeros(4)))
        add((f"mnorm_{ordm}_tie", lambda x, o=ordm: np.linalg.norm(x.reshape(2, 2), ord=o), np.array([1.0, 0.0, 0.0, 1.0])))
    # std / var at zero variance
    for ddof in (0, 1):
        add((f"std_ddof{ddof}", lambda x, d=ddof: np.std(x, ddof=d), np.ones(3)))
        add((f"var_ddof{ddof}", lambda x, d=ddof: np.var(x, ddof=d), np.ones(3)))
        add((f"std_ax_ddof{ddof}", lambda x, d=ddof: np.std(x.reshape(2, 2), axis=-1, ddof=d), np.array([1.0, 1.0, 2.0, 3.0])))
        add((f"nanstd_ddof{ddof}", lambda x, d=ddof: np.nanstd(x, ddof=d), np.ones(3)))
    add(("std_size1", lambda x: np.std(x), np.ones(1)))
    # logsumexp / softmax with -inf
    from wengert import numpy as wnp
    add(("logsumexp_ninf", lambda x: wnp.logsumexp(x + np.array([0.0, -np.inf, 1.0])), np.zeros(3)))
    add(("softmax_ninf", lambda x: wnp.softmax(x + np.array([0.0, -np.inf, 1.0])), np.zeros(3)))
    add(("log_softmax_ninf", lambda x: wnp.log_softmax(x + np.array([0.0, -np.inf, 1.0]))[[0, 2]], np.zeros(3)))
    add(("logaddexp_ninf", lambda x: np.logaddexp(x[0] + np.array([0.0, -np.inf]), x[1:]), np.zeros(3)))
    add(("logaddexp_tie", lambda x: np.logaddexp(x[:1], x[1:2]), np.zeros(3)))
    # prod with zeros
    add(("prod_0", np.prod, np.array([0.0, 2.0, 3.0])))
    add(("prod_00", np.prod, np.array([0.0, 0.0, 3.0])))
    add(("prod_000", np.prod, np.array([0.0, 0.0, 0.0])))
    add(("cumprod_0", np.cumprod, np.array([2.0, 0.0, 3.0, 0.0])))
    add(("prod_ax_0", lambda x: np.prod(x.reshape(2, 2), axis=-1), np.array([0.0, 2.0, 0.0, 0.0])))
    # diff / gradient
    add(("diff2", lambda x: np.diff(x * x, n=2), np.array([0.0, 1.0, 3.0, 0.0])))
    add(("gradient_eo2", lambda x: np.gradient(x * x, edge_order=2), np.array([0.0, 1.0, 3.0, 0.0])))
    add(("gradient_sp", lambda x: np.gradient(x * x, 0.5, edge_order=1), np.array([0.0, 1.0, 3.0, 0.0])))
    # mixed
    add(("max_minus", lambda x: np.max(x) - np.min(x), tie))
    add(("norm_sq", lambda x: np.linalg.norm(x) ** 2, z3))
    add(("eigvalsh_tie", lambda x: np.linalg.eigvalsh(np.diag(x)), np.array([1.0, 1.0, 2.0])))
    add(("svd_zero", lambda x: np.linalg.svd(x.reshape(2, 2), compute_uv=False), np.zeros(4)))
    add(("det_zero", lambda x: np.linalg.det(x.reshape(2, 2)), np.zeros(4)))
    add(("slogdet_sing", lambda x: np.linalg.slogdet(x.reshape(2, 2) + np.eye(2))[1], np.zeros(4)))
    add(("remainder", lambda x: np.remainder(x, 1.0), np.array([1.0, 2.0, 0.0])))
    add(("fmod", lambda x: np.fmod(x, 1.0), np.array([1.0, -2.0, 0.0])))
    add(("arccosh1", lambda x: np.arccosh(x + 1.0) ** 2, np.array([0.5, 1.0, 2.0])))
    add(("var_sq", lambda x: np.var(x) ** 0.5, np.ones(3)))
    add(("hypot_both", lambda x: np.hypot(x[:2], x[1:]), z3))
    add(("logaddexp_2ninf", lambda x: np.logaddexp(np.logaddexp(x[0] - np.inf, x[1] - np.inf), x[2]), z3))
    add(("where_0d", lambda x: np.where(x[0] > -1, x[0] ** 3, 0.0), np.full(1, 0.5)))
    out.extend(_scipy_cases())
    out.extend(_switch_cases())
    return out


def _scipy_cases():
    """scipy.special and wengert.scipy.stats at the ends of their domains and at 0."""
    import scipy.special as sc
    from wengert.scipy import stats
    one = np.zeros(1)
    return [
        ("i0e", sc.i0e, one), ("i1e", sc.i1e, one), ("ive0", lambda x: sc.ive(0.0, x), one),
        ("ive1", lambda x: sc.ive(1.0, x), one), ("rgamma_0", sc.rgamma, one),
        ("rgamma_-2", lambda x: sc.rgamma(x - 2.0), one), ("xlogy_x0_y1", lambda x: sc.xlogy(x, x + 1.0), one),
        ("betainc_a2_at0", lambda x: sc.betainc(2.0, 2.0, x * x + x), one),
        ("gammainc_a2_at0", lambda x: sc.gammainc(2.0, x * x + x), one),
        ("gamma.pdf_a2_at0", lambda x: stats.gamma.pdf(x * x + x, 2.0), one),
        ("beta.pdf_at1", lambda x: stats.beta.pdf(1.0 - x * x - x, 2.0, 2.0), one),
        ("poisson.pmf_mu0", lambda x: stats.poisson.pmf(1, x * x + x), one),
        # special functions where their rules switch form
        ("spence_at1", lambda x: sc.spence(1.0 + x), one), ("poch_z_pole", lambda x: sc.poch(x - 2.0, 0.5), one),
        ("kl_div_y_x0", lambda x: sc.kl_div(0.0, x + 1.0), one),
        ("gammaincinv_a1_at0", lambda x: sc.gammaincinv(1.0, x * x + x), one),
        ("expon.cdf_at0", lambda x: stats.expon.cdf(x), one), ("expon.logpdf_at0", lambda x: stats.expon.logpdf(x), one),
        ("laplace.logpdf_at0", lambda x: stats.laplace.logpdf(x), one),
        ("laplace.cdf_at0", lambda x: stats.laplace.cdf(x), one), ("laplace.ppf_half", lambda x: stats.laplace.ppf(0.5 + x), one),
        ("uniform.cdf_at0", lambda x: stats.uniform.cdf(x), one), ("lognorm.pdf_at0", lambda x: stats.lognorm.pdf(x, 0.7), one),
        ("truncnorm.cdf_at_a", lambda x: stats.truncnorm.cdf(x - 1.0, -1.0, 1.0), one),
        ("pareto.cdf_at1", lambda x: stats.pareto.cdf(x + 1.0, 2.0), one),
        ("bernoulli.logpmf_p0", lambda x: stats.bernoulli.logpmf(0, x * x + x), one),
    ]


def _switch_cases():
    """Smooth functions at the points where their rules switch forms (a series near 0, an
    asymptotic form, a recurrence, a reflection) or where their arguments are 0, 1, a
    half: the derivatives of orders 1-3 must be the same from both sides and at the point,
    by reverse mode and by forward over reverse."""
    import wengert.scipy.special as sc  # (the functions that are not ufuncs need wengert's)
    from wengert.scipy import stats
    one = np.zeros(1)
    return [
        ("exprel_0", lambda x: sc.exprel(x), one), ("exprel_sq", lambda x: sc.exprel(x * x + x), one),
        ("expm1_0", sc.expm1, one), ("log1p_0", sc.log1p, one), ("cosm1_0", sc.cosm1, one),
        ("boxcox_lmbda0", lambda x: sc.boxcox(2.0, x), one), ("boxcox1p_lmbda0", lambda x: sc.boxcox1p(0.5, x), one),
        ("inv_boxcox_lmbda0", lambda x: sc.inv_boxcox(0.5, x), one), ("inv_boxcox1p_lmbda0", lambda x: sc.inv_boxcox1p(0.5, x), one),
        ("boxcox_x_lmbda0", lambda x: sc.boxcox(x + 2.0, x), one),
        ("huber_at_delta", lambda x: sc.huber(1.0, x + 1.0), one), ("huber_at_0", lambda x: sc.huber(1.0, x), one),
        ("huber_delta_at_r", lambda x: sc.huber(x + 1.0, 1.0), one),
        ("pseudo_huber_0", lambda x: sc.pseudo_huber(1.0, x), one),
        ("entr_1", lambda x: sc.entr(x + 1.0), one), ("xlogy_1", lambda x: sc.xlogy(x + 1.0, x + 1.0), one),
        ("softplus_0", sc.softplus, one),
        ("log_expit_0", sc.log_expit, one), ("logit_half", lambda x: sc.logit(0.5 + x), one), ("expit_0", sc.expit, one),
        ("erfcx_0", sc.erfcx, one), ("erf_0", sc.erf, one), ("erfinv_0", sc.erfinv, one), ("ndtri_half", lambda x: sc.ndtri(0.5 + x), one),
        ("log_ndtr_0", sc.log_ndtr, one), ("ndtr_0", sc.ndtr, one), ("dawsn_0", sc.dawsn, one), ("erfi_0", sc.erfi, one),
        ("wrightomega_0", sc.wrightomega, one), ("lambertw_0", lambda x: sc.lambertw(x).real, one),
        ("lambertw_e", lambda x: sc.lambertw(x + np.e).real, one),
        ("spherical_jn0_0", lambda x: sc.spherical_jn(0, x), one), ("spherical_jn1_0", lambda x: sc.spherical_jn(1, x), one),
        ("spherical_jn2_0", lambda x: sc.spherical_jn(2, x), one),
        ("spherical_jn0d_0", lambda x: sc.spherical_jn(0, x, derivative=True), one),
        ("spherical_jn1d_0", lambda x: sc.spherical_jn(1, x, derivative=True), one),
        ("spherical_in0_0", lambda x: sc.spherical_in(0, x), one), ("spherical_in1_0", lambda x: sc.spherical_in(1, x), one),
        ("spherical_in1d_0", lambda x: sc.spherical_in(1, x, derivative=True), one),
        ("spherical_yn0_1", lambda x: sc.spherical_yn(0, x + 1.0), one), ("spherical_kn1d_1", lambda x: sc.spherical_kn(1, x + 1.0, derivative=True), one),
        ("jve0_0", lambda x: sc.jve(0.0, x), one), ("jve1_0", lambda x: sc.jve(1.0, x), one), ("jv2_0", lambda x: sc.jv(2.0, x), one),
        ("iv2_0", lambda x: sc.iv(2.0, x), one), ("ive2_0", lambda x: sc.ive(2.0, x), one), ("jn1_0", lambda x: sc.jn(1, x), one),
        ("j0_0", sc.j0, one), ("j1_0", sc.j1, one), ("i0_0", sc.i0, one), ("i1_0", sc.i1, one),
        ("jv_v0", lambda x: sc.jv(x, 1.0), one), ("iv_v0", lambda x: sc.iv(x, 1.0), one), ("kv_v0", lambda x: sc.kv(x, 1.0), one),
        ("kv_v0.5", lambda x: sc.kv(x + 0.5, 1.0), one), ("yv_v0", lambda x: sc.yv(x, 1.0), one),
        ("gammaln_1", lambda x: sc.gammaln(x + 1.0), one), ("gammaln_2", lambda x: sc.gammaln(x + 2.0), one),
        ("digamma_1", lambda x: sc.digamma(x + 1.0), one), ("rgamma_1", lambda x: sc.rgamma(x + 1.0), one),
        ("loggamma_1", lambda x: sc.loggamma(x + 1.0), one), ("gamma_1", lambda x: sc.gamma(x + 1.0), one),
        ("zeta_q1", lambda x: sc.zeta(2.0, x + 1.0), one), ("polygamma1_1", lambda x: sc.polygamma(1, x + 1.0), one),
        ("spence_0.5", lambda x: sc.spence(x + 0.5), one), ("spence_2", lambda x: sc.spence(x + 2.0), one),
        ("exp1_1", lambda x: sc.exp1(x + 1.0), one), ("expi_0.5", lambda x: sc.expi(x + 0.5), one),
        ("sinc_0", np.sinc, one), ("sindg_0", sc.sindg, one), ("cosdg_90", lambda x: sc.cosdg(x + 90.0), one),
        ("tandg_45", lambda x: sc.tandg(x + 45.0), one), ("cotdg_45", lambda x: sc.cotdg(x + 45.0), one),
        ("ellipk_0", sc.ellipk, one), ("ellipe_0", sc.ellipe, one), ("ellipkm1_half", lambda x: sc.ellipkm1(x + 0.5), one),
        ("owens_t_a0", lambda x: sc.owens_t(0.5, x), one), ("owens_t_h0", lambda x: sc.owens_t(x, 0.5), one),
        ("hyp2f1_z0", lambda x: sc.hyp2f1(1.0, 2.0, 3.0, x), one), ("hyp1f1_z0", lambda x: sc.hyp1f1(0.5, 1.5, x), one),
        ("betainc_half", lambda x: sc.betainc(2.0, 3.0, x + 0.5), one), ("gammainc_1", lambda x: sc.gammainc(2.0, x + 1.0), one),
        ("gammaincc_a", lambda x: sc.gammaincc(x + 2.0, 1.0), one), ("gammainc_a", lambda x: sc.gammainc(x + 2.0, 1.0), one),
        ("betaln_a10", lambda x: sc.betaln(x + 10.0, 0.5), one),
        ("binom_k0", lambda x: sc.binom(3.0, x), one), ("binom_n_int", lambda x: sc.binom(x + 3.0, 2.0), one),
        ("poch_m0", lambda x: sc.poch(2.0, x), one), ("powm1_y0", lambda x: sc.powm1(2.0, x), one),
        ("xlog1py_0", lambda x: sc.xlog1py(x + 1.0, x), one), ("kl_div_eq", lambda x: sc.kl_div(x + 1.0, 1.0), one),
        ("rel_entr_eq", lambda x: sc.rel_entr(x + 1.0, 1.0 + 0 * x), one),
        ("stdtr_0", lambda x: sc.stdtr(3.0, x), one), ("stdtrit_half", lambda x: sc.stdtrit(3.0, x + 0.5), one),
        ("chdtr_1", lambda x: sc.chdtr(3.0, x + 1.0), one), ("pdtr_1", lambda x: sc.pdtr(2, x + 1.0), one),
        ("gdtr_1", lambda x: sc.gdtr(1.0, 2.0, x + 1.0), one),
        ("gennorm_pdf_b2", lambda x: stats.gennorm.logpdf(0.3, x + 2.0), one),
        ("gennorm_entropy_b1", lambda x: stats.gennorm.entropy(x + 1.0), one),
        ("t_logpdf_df", lambda x: stats.t.logpdf(0.5, x + 1.0), one), ("t_cdf_0", lambda x: stats.t.cdf(x, 3.0), one),
        ("norm_logcdf_0", lambda x: stats.norm.logcdf(x), one), ("norm_logsf_0", lambda x: stats.norm.logsf(x), one),
        ("logistic_logcdf_0", lambda x: stats.logistic.logcdf(x), one), ("logistic_logsf_0", lambda x: stats.logistic.logsf(x), one),
        ("norm_ppf_half", lambda x: stats.norm.ppf(0.5 + x), one), ("logistic_ppf_half", lambda x: stats.logistic.ppf(0.5 + x), one),
        ("cauchy_ppf_half", lambda x: stats.cauchy.ppf(0.5 + x), one), ("gumbel_r_logsf_0", lambda x: stats.gumbel_r.logsf(x), one),
        ("gumbel_l_logcdf_0", lambda x: stats.gumbel_l.logcdf(x), one), ("skewnorm_a0", lambda x: stats.skewnorm.logpdf(0.5, x), one),
        ("vonmises_k0", lambda x: stats.vonmises.logpdf(0.5, x * x + 1e-3), one),
        ("lognorm_entropy", lambda x: stats.lognorm.entropy(x + 0.5), one), ("lognorm_var_s", lambda x: stats.lognorm.var(x + 1e-3), one),
        ("gennorm_var", lambda x: stats.gennorm.var(x + 2.0), one), ("gennorm_median", lambda x: stats.gennorm.median(1.5, x), one),
        ("chi2_entropy_df2", lambda x: stats.chi2.entropy(x + 2.0), one), ("poisson_entropy", lambda x: stats.poisson.entropy(x + 1.0), one),
        ("halfnorm_interval", lambda x: stats.halfnorm.interval(0.5 + x)[1], one),
        ("weibull_median_c", lambda x: stats.weibull_min.median(x + 1.0), one),
        ("pareto_median_b", lambda x: stats.pareto.median(x + 1.0), one),
        ("invgamma_median", lambda x: stats.invgamma.median(2.0, x), one),
    ]


# -- the second-order pass ------------------------------------------------------------------

def _central_hessian(grad_f, x0, h=1e-6):
    """The Jacobian of an analytic gradient by central differences (None: no Hessian)."""
    x0 = np.asarray(x0, dtype=float)
    cols = []
    for i in range(x0.size):
        e = np.zeros(x0.size)
        e[i] = h
        cols.append((np.asarray(grad_f(x0 + e.reshape(x0.shape)), dtype=float)
                     - np.asarray(grad_f(x0 - e.reshape(x0.shape)), dtype=float)).ravel() / (2 * h))
    return np.array(cols).T


def second_order_cases():
    """(name, f, x0, true_grad or None, one_sided) for the second-order pass.

    ``true_grad``: the composite's analytic gradient where its Hessian exists at ``x0``
    (None where it does not). ``one_sided``: for a composite with no Hessian, the Hessian
    of the piece the first-order convention follows (a bound of clip counts as inside, a
    user's ``where`` takes its branch, sort follows its stable permutation), which is then
    the expected value; None where the convention is no piece (a subgradient), so the
    value must be refused."""
    z2, z3 = np.zeros(2), np.zeros(3)
    I3 = np.eye(3)
    out = []
    add = out.append
    sq = lambda x: 2.0 * x  # noqa: E731  (the gradient of sum(x**2))
    # abs and relatives at 0
    add(("abs**2", lambda x: np.sum(np.abs(x) ** 2), z3, sq, None))
    add(("fabs**2", lambda x: np.sum(np.fabs(x) ** 2), z3, sq, None))
    add(("abs*abs", lambda x: np.sum(np.abs(x) * np.abs(x)), z3, sq, None))
    add(("abs**3", lambda x: np.sum(np.abs(x) ** 3), z3, lambda x: 3.0 * x * np.abs(x), None))
    add(("x*abs", lambda x: np.sum(x * np.abs(x)), z3, None, None))
    add(("abs", lambda x: np.sum(np.abs(x)), z3, None, None))
    add(("abs_linear", lambda x: np.abs(np.dot(np.array([1.0, -2.0, 0.5]), x)) ** 2, z3,
         lambda x: 2.0 * np.dot(np.array([1.0, -2.0, 0.5]), x) * np.array([1.0, -2.0, 0.5]), None))
    add(("abs_scalar**2", lambda x: abs(x[0]) ** 2 + x[1], z2, lambda x: np.array([2.0 * x[0], 1.0]), None))
    add(("copysign**2", lambda x: np.sum(np.copysign(x, 1.0) ** 2), z3, sq, None))
    add(("abs_complex**2", lambda x: np.abs(x[0] + 1j * x[1]) ** 2, z2, sq, None))
    # norms at 0 and at ties
    for o in (None, 2):
        add((f"norm{o}**2", lambda x, o=o: np.linalg.norm(x, ord=o) ** 2, z3, sq, None))
    for o in (1, 3, 1.5, np.inf, -np.inf):
        add((f"norm{o}**2", lambda x, o=o: np.linalg.norm(x, ord=o) ** 2, z3, None, None))
    add(("norm0", lambda x: np.linalg.norm(x, ord=0), z3, lambda x: np.zeros(3), None))
    add(("norm1_partial0", lambda x: np.linalg.norm(x, ord=1), np.array([0.0, 1.0, -2.0]), None, None))
    add(("norm2_partial0", lambda x: np.linalg.norm(x), np.array([0.0, 1.0, -2.0]),
         lambda x: x / np.linalg.norm(x), None))
    add(("norm_inf_tie", lambda x: np.linalg.norm(x, ord=np.inf), np.array([1.0, -1.0, 0.5]), None, None))
    add(("norm_axis_zero_row", lambda x: np.sum(np.linalg.norm(x.reshape(2, 2), axis=-1) ** 2),
         np.array([0.0, 0.0, 1.0, 2.0]), sq, None))
    if hasattr(np.linalg, "vector_norm"):
        add(("vector_norm**2", lambda x: np.linalg.vector_norm(x) ** 2, z3, sq, None))
    for o in ("fro", None):
        add((f"mnorm_{o}**2", lambda x, o=o: np.linalg.norm(x.reshape(2, 2), ord=o) ** 2, np.zeros(4), sq, None))
    for o in ("nuc", 2, -2, 1, -1, np.inf, -np.inf):
        add((f"mnorm_{o}**2", lambda x, o=o: np.linalg.norm(x.reshape(2, 2), ord=o) ** 2, np.zeros(4), None, None))
    add(("mnorm_1_tie", lambda x: np.linalg.norm(x.reshape(2, 2), ord=1), np.array([1.0, 0.0, 0.0, 1.0]), None, None))
    # hypot, arctan2, std at 0
    add(("hypot**2", lambda x: np.hypot(x[0], x[1]) ** 2, z2, sq, None))
    add(("hypot_x0**2", lambda x: np.sum(np.hypot(x, 0.0) ** 2), z3, sq, None))
    add(("arctan2", lambda x: np.arctan2(x[0], x[1]), z2, None, None))
    add(("std**2", lambda x: np.std(x) ** 2, np.ones(3), lambda x: 2.0 * (x - np.mean(x)) / 3.0, None))
    add(("nanstd**2", lambda x: np.nanstd(x) ** 2, np.ones(3), lambda x: 2.0 * (x - np.mean(x)) / 3.0, None))
    add(("std_ax**2", lambda x: np.sum(np.std(x.reshape(2, 2), axis=-1) ** 2), np.array([1.0, 1.0, 2.0, 3.0]),
         lambda x: (x - np.repeat(x.reshape(2, 2).mean(-1), 2)) / 1.0, None))
    # max/min and their ties
    tie = np.array([1.0, 1.0, 0.5])
    for nm, fn in (("maximum", np.maximum), ("minimum", np.minimum), ("fmax", np.fmax), ("fmin", np.fmin)):
        add((f"{nm}_tie**2", lambda x, fn=fn: np.sum(fn(x[:2], x[2:]) ** 2), np.array([1.0, 2.0, 1.0, 2.0]), None, None))
        add((f"{nm}_sum_sq", lambda x, fn=fn: np.sum(fn(x[:2], x[2:]) ** 2 + (x[:2] + x[2:] - fn(x[:2], x[2:])) ** 2),
             np.array([1.0, 2.0, 1.0, 2.0]), sq, None))
    add(("relu**2", lambda x: np.sum(np.maximum(x, 0.0) ** 2), z3, None, None))
    add(("relu_net", lambda w: np.sum(np.maximum(w.reshape(2, 2) @ np.array([1.0, 0.0]), 0.0) ** 2),
         np.array([0.0, 1.0, 0.0, 1.0]), None, None))
    for nm, fn in (("max", np.max), ("amax", np.amax), ("min", np.min), ("nanmax", np.nanmax),
                   ("nanmin", np.nanmin), ("ptp", np.ptp)):
        add((f"{nm}_tie**2", lambda x, fn=fn: fn(x) ** 2, tie if "min" not in nm else -tie, None, None))
    add(("max_unique**2", lambda x: np.max(x) ** 2, np.array([1.0, 0.5, 0.2]),
         lambda x: np.array([2.0 * x[0], 0.0, 0.0]), None))
    # one-sided conventions, differentiable again
    add(("clip_lo**2", lambda x: np.sum(np.clip(x, 0.0, 1.0) ** 2), z3, None, 2.0 * I3))
    add(("clip_hi**2", lambda x: np.sum(np.clip(x, -1.0, 0.0) ** 2), z3, None, 2.0 * I3))
    add(("where_relu**2", lambda x: np.sum(np.where(x > 0, x, 0.0) ** 2), z3, None, 0.0 * I3))
    add(("sort_w_tie", lambda x: np.sum(np.sort(x) ** 2 * np.array([1.0, 2.0, 3.0])), np.array([1.0, 1.0, 0.5]),
         None, np.diag([4.0, 6.0, 2.0])))
    add(("sort_sq_tie", lambda x: np.sum(np.sort(x) ** 2), np.array([1.0, 1.0, 0.5]), sq, None))
    # a tie reached only at second order: no move keeps the stable order (the larger of x0 ** 2 and 0)
    add(("sort_tie_2nd", lambda x: np.sum(np.sort(np.stack([x[:1] ** 2, 0.0 * x[:1]]), axis=0)[1]) + x[1], z2,
         lambda x: np.array([2.0 * x[0], 1.0]), None))
    add(("median_tie**2", lambda x: np.median(x) ** 2, np.array([1.0, 1.0, 0.5]), None,
         np.diag([2.0, 0.0, 0.0])))
    add(("percentile_tie**2", lambda x: np.percentile(x, 50.0) ** 2, np.array([1.0, 1.0, 0.5]), None,
         np.diag([2.0, 0.0, 0.0])))
    add(("remainder_jump**2", lambda x: np.sum(np.remainder(x, 1.0) ** 2), z3, None, 2.0 * I3))
    add(("fmod_0**2", lambda x: np.sum(np.fmod(x, 1.0) ** 2), z3, sq, None))
    # roots and powers at 0
    add(("sqrt**2", lambda x: np.sum(np.sqrt(x) ** 2), z3, lambda x: np.ones(3), None))
    add(("cbrt**3", lambda x: np.sum(np.cbrt(x) ** 3), z3, lambda x: np.ones(3), None))
    add(("sqrt_sq", lambda x: np.sum(np.sqrt(x * x)), z3, None, None))
    for p in (0.0, 1.0, 2.0, 3.0, 2, 3):
        add((f"x**{p!r}", lambda x, p=p: np.sum(x ** p), z3,
             lambda x, p=p: p * x ** (p - 1) if p else np.zeros(3), None))
    add(("x**0.5**2", lambda x: np.sum((x ** 0.5) ** 2), z3, lambda x: np.ones(3), None))
    # exponentially scaled Bessel functions at 0 (exp(-|x|) I(x): a kink)
    import scipy.special as sc
    add(("i0e**2", lambda x: np.sum(sc.i0e(x) ** 2), z2, None, None))
    add(("i1e", lambda x: np.sum(sc.i1e(x)), z2, None, None))
    add(("ive0", lambda x: np.sum(sc.ive(0.0, x)), z2, None, None))
    # smooth functions at their numerically delicate points
    # H(x) x**2 at 0: f'' is 2 H(x) (x delta(x) = 0), so 2 H(0) = 1 with the caller's H(0) = 0.5
    # (the mean of the one-sided 0 and 2): a step's derivative is 0, its value at 0 the caller's
    add(("heaviside*x**2", lambda x: np.sum(np.heaviside(x, 0.5) * x ** 2), z3, None, I3))
    add(("logistic_far", lambda x: np.sum(wg.logistic(x)), np.array([-40.0, 40.0, 0.0]),
         lambda x: np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x))) ** 2, None))
    add(("softplus_far", lambda x: np.sum(np.logaddexp(0.0, x)), np.array([-40.0, 40.0, 0.0]),
         lambda x: 1.0 / (1.0 + np.exp(-x)), None))
    out.extend(_scipy_second_order_cases())
    return out


def _scipy_second_order_cases():
    """scipy.special and wengert.scipy.stats at their switching points and the ends of their
    domains, for the second-order pass: mostly composites through x**2, which
    keep the argument at the end of the domain on both sides (a true Hessian exists), and
    the kinks themselves (huber at |r| = delta, expon.cdf at 0), which must be refused or
    one-sided."""
    import scipy.special as sc
    from wengert.scipy import stats
    one, two = np.zeros(1), np.zeros(2)
    e = np.exp
    sq2 = np.sqrt(2.0)

    def mills(t):  # d/dt log ndtr(t) = pdf / cdf, from log_ndtr (plain floats)
        return e(-0.5 * t * t - 0.5 * np.log(2.0 * np.pi) - sc.log_ndtr(t))

    return [
        # x log y and the entropies at their conventions (0 where x = 0, even at y = 0)
        ("xlogy_0_y2", lambda x: sc.xlogy(0.0, x[0] ** 2) + x[1], two, lambda x: np.array([0.0, 1.0]), None),
        ("xlogy_x0_y1", lambda x: sc.xlogy(x[0], 1.0 + x[1]), two,
         lambda x: np.array([np.log1p(x[1]), x[0] / (1.0 + x[1])]), None),
        ("xlog1py_0_y-1", lambda x: sc.xlog1py(0.0, x[0] ** 2 - 1.0), one, lambda x: 0.0 * x, None),
        ("kl_div_0_y2", lambda x: sc.kl_div(0.0, x[0] ** 2), one, lambda x: 2.0 * x, None),
        ("rel_entr_0_y2", lambda x: sc.rel_entr(0.0, x[0] ** 2), one, lambda x: 0.0 * x, None),
        # Huber losses: smooth at 0; at |r| = delta the second derivative jumps (1 inside, 0 out)
        ("huber_r0", lambda x: sc.huber(2.0, x[0]), one, lambda x: x, None),  # (jit records at r = 1 < 2)
        ("huber_switch", lambda x: sc.huber(1.0, 1.0 + x[0]), one, None, None),
        ("huber_switch_delta", lambda x: sc.huber(1.0 + x[0], 1.0 + x[1]), two, None, None),
        ("pseudo_huber_r0", lambda x: sc.pseudo_huber(1.0 + x[0], x[1]), two,
         lambda x: np.array([(1.0 + x[0]) * (np.sqrt(1.0 + (x[1] / (1.0 + x[0])) ** 2) - 1.0) ** 2
                             / np.sqrt(1.0 + (x[1] / (1.0 + x[0])) ** 2),
                             x[1] / np.sqrt(1.0 + (x[1] / (1.0 + x[0])) ** 2)]), None),
        # regularized incomplete gamma and beta functions at the ends of [0, inf) and [0, 1]
        ("gammainc1_x2", lambda x: sc.gammainc(1.0, x[0] ** 2), one, lambda x: 2.0 * x * e(-x * x), None),
        ("gammainc2_x2", lambda x: sc.gammainc(2.0, x[0] ** 2), one, lambda x: 2.0 * x ** 3 * e(-x * x), None),
        ("gammaincc1_x2", lambda x: sc.gammaincc(1.0, x[0] ** 2), one, lambda x: -2.0 * x * e(-x * x), None),
        ("betainc11_x2", lambda x: sc.betainc(1.0, 1.0, x[0] ** 2), one, lambda x: 2.0 * x, None),
        ("betainc12_x2", lambda x: sc.betainc(1.0, 2.0, x[0] ** 2), one, lambda x: 4.0 * x - 4.0 * x ** 3, None),
        ("betainc21_at1", lambda x: sc.betainc(2.0, 1.0, 1.0 - x[0] ** 2), one,
         lambda x: -4.0 * x * (1.0 - x * x), None),
        # cdfs at the ends of their supports
        ("expon.cdf_x2", lambda x: stats.expon.cdf(x[0] ** 2), one, lambda x: 2.0 * x * e(-x * x), None),
        ("uniform.cdf_x2", lambda x: stats.uniform.cdf(x[0] ** 2), one, lambda x: 2.0 * x, None),
        ("gamma.cdf_a1_x2", lambda x: stats.gamma.cdf(x[0] ** 2, 1.0), one, lambda x: 2.0 * x * e(-x * x), None),
        ("chi2.cdf_df2_x2", lambda x: stats.chi2.cdf(x[0] ** 2, 2.0), one, lambda x: x * e(-0.5 * x * x), None),
        ("beta.cdf_at1", lambda x: stats.beta.cdf(1.0 - x[0] ** 2, 2.0, 1.0), one,
         lambda x: -4.0 * x * (1.0 - x * x), None),
        ("halfnorm.logsf_x2", lambda x: stats.halfnorm.logsf(x[0] ** 2), one,
         lambda x: -2.0 * x * np.sqrt(2.0 / np.pi) * e(-0.5 * x ** 4) / sc.erfc(x * x / sq2), None),
        ("expon.cdf_at0", lambda x: stats.expon.cdf(x[0]), one, None, -np.eye(1)),
        # discrete distributions' pmf with the probability at 0 or 1
        ("bernoulli.pmf1_p0", lambda x: stats.bernoulli.pmf(1, x[0] ** 2), one, lambda x: 2.0 * x, None),
        ("bernoulli.pmf0_p0", lambda x: stats.bernoulli.pmf(0, x[0] ** 2), one, lambda x: -2.0 * x, None),
        ("bernoulli.logpmf0_p0", lambda x: stats.bernoulli.logpmf(0, x[0] ** 2), one,
         lambda x: -2.0 * x / (1.0 - x * x), None),
        ("binom.pmf0_p0", lambda x: stats.binom.pmf(0, 3, x[0] ** 2), one,
         lambda x: -6.0 * x * (1.0 - x * x) ** 2, None),
        ("geom.pmf2_p1", lambda x: stats.geom.pmf(2, 1.0 - x[0] ** 2), one, lambda x: 2.0 * x - 4.0 * x ** 3, None),
        ("poisson.pmf1_mu0", lambda x: stats.poisson.pmf(1, x[0] ** 2), one,
         lambda x: (2.0 * x - 2.0 * x ** 3) * e(-x * x), None),
        ("poisson.logpmf0_mu0", lambda x: stats.poisson.logpmf(0, x[0] ** 2), one, lambda x: -2.0 * x, None),
        ("nbinom.pmf1_p1", lambda x: stats.nbinom.pmf(1, 2, 1.0 - x[0] ** 2), one,
         lambda x: 4.0 * x * (1.0 - x * x) ** 2 - 8.0 * x ** 3 * (1.0 - x * x), None),
        # log cdfs far in their tails
        ("norm.logcdf_-40", lambda x: stats.norm.logcdf(x[0] - 40.0), one, lambda x: mills(x - 40.0), None),
        ("norm.logsf_40", lambda x: stats.norm.logsf(x[0] + 40.0), one, lambda x: -mills(-x - 40.0), None),
        # (the reference's exp(-t^2/2 - log_ndtr(t)) cancels: its differences hold ~1e-13 at |t| ~ 40)
        ("gennorm2.logcdf_-30", lambda x: stats.gennorm.logcdf(x[0] - 30.0, 2.0), one,
         lambda x: sq2 * mills(sq2 * (x - 30.0)), None),
        ("gennorm2.logsf_30", lambda x: stats.gennorm.logsf(x[0] + 30.0, 2.0), one,
         lambda x: -sq2 * mills(-sq2 * (x + 30.0)), None),
    ]


def _second(f, x0, how, v):
    """The Hessian (or ``H v``, or ``v^T H v``) of ``f`` at ``x0`` through ``how``."""
    if how == "hessian":
        return wg.hessian(f)(x0)
    if how == "jacfwd(grad)":
        return wg.jacfwd(wg.grad(f))(x0)
    if how == "hvp":
        return wg.hvp(f, x0, v)
    if how == "jvp(grad)":
        return wg.jvp(wg.grad(f), (x0,), (v,))[1]
    if how == "grad(grad)":
        line = lambda t: f(x0 + t * v)  # noqa: E731
        return wg.grad(wg.grad(line))(0.0)
    if how == "grad(jvp)":  # reverse over forward: wengert.jvp inside a runner transposes the pullback
        return wg.grad(lambda x: wg.jvp(f, (x,), (v,))[1])(x0)
    if how == "jacobian(jacfwd)":
        return wg.jacobian(wg.jacfwd(f))(x0)
    if how == "jvp(jvp)":  # forward over forward, along v twice
        return wg.jvp(lambda x: wg.jvp(f, (x,), (v,))[1], (x0,), (v,))[1]
    if how == "jit":  # recorded 1 (or 1/2) away from x0, replayed at x0 (the outermost tape replays)
        jitted = wg.jit(lambda x: np.sum(wg.grad(f)(x) * v))
        for step in (1.0, 0.5):
            try:
                wg.grad(jitted)(x0 + step)
                break
            except ValueError:  # invalid parameters 1 away (geom's p = 1 - x^2 at x = 1: p = 0, refused)
                continue
        return wg.grad(jitted)(x0)
    raise ValueError(how)


SECOND_ORDER_TRANSFORMS = ("hessian", "jacfwd(grad)", "hvp", "jvp(grad)", "grad(grad)", "grad(jvp)",
                           "jacobian(jacfwd)", "jvp(jvp)", "jit")


def _project(hess, how, v):
    return {"hvp": hess @ v, "jvp(grad)": hess @ v, "jit": hess @ v, "grad(jvp)": hess @ v,
            "grad(grad)": v @ hess @ v, "jvp(jvp)": v @ hess @ v}.get(how, hess)


def classify(name, f, x0, true_grad, one_sided, how, seed=0):
    """("right" | "refused" | "one-sided" | "WRONG" | "nan", detail) for one transform."""
    x0 = np.asarray(x0, dtype=float)
    v = np.random.default_rng(seed).standard_normal(x0.shape)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                got = np.asarray(_second(f, x0, how, v), dtype=float)
    except Exception as e:  # noqa: BLE001
        if type(e).__name__ in REFUSALS:
            return "refused", str(e)[:100]
        return "WRONG", f"raised {type(e).__name__}: {str(e)[:100]}"
    n = x0.size
    if true_grad is not None:
        want = _project(_central_hessian(true_grad, x0).reshape(n, n), how, v.ravel())
    elif one_sided is not None:
        want = _project(np.asarray(one_sided, dtype=float).reshape(n, n), how, v.ravel())
    else:
        want = None
    got_flat = got.reshape(np.shape(want) if want is not None else got.shape)
    if want is not None and np.allclose(got_flat, want, rtol=1e-5, atol=1e-5):
        return ("right" if true_grad is not None else "one-sided"), ""
    if not np.all(np.isfinite(got)):
        return "nan", f"{got.ravel()[:4]}"
    return "WRONG", f"{got.ravel()[:6]} but {None if want is None else np.ravel(want)[:6]}"


def main_second(pats):
    counts = {}
    for name, f, x0, true_grad, one_sided in second_order_cases():
        if pats and not any(p in name for p in pats):
            continue
        row = []
        for how in SECOND_ORDER_TRANSFORMS:
            verdict, detail = classify(name, f, x0, true_grad, one_sided, how)
            counts[verdict] = counts.get(verdict, 0) + 1
            row.append(f"{how}={verdict}")
            if verdict in ("WRONG", "nan") or VERBOSE:
                print(f"{name} {how}: {verdict} {detail}")
        print(f"{name}: {'; '.join(row)}" if VERBOSE else "", end="\n" if VERBOSE else "")
    print(f"second order: {counts}")


def _defective_matrices(rng):
    """(name, matrix) near defective ones, and badly scaled ones that are not (no exact zeros:
    those are refused for the eigenvalue order)."""
    for d in (1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14, 1e-16):
        yield f"2x2 [[1, 1], [{d:g}, 1]]", np.array([[1.0, 1.0], [d, 1.0]])
        yield f"2x2 [[1, 1], [-{d:g}, 1]] (complex pair)", np.array([[1.0, 1.0], [-d, 1.0]])
    for n, ds in ((3, (1e-3, 1e-6, 1e-9)), (4, (1e-4, 1e-8, 1e-12))):
        b = rng.standard_normal((n, n))
        for d in ds:
            j = np.eye(n) + np.eye(n, k=1)
            j[-1, 0] = d
            yield f"{n}x{n} B J{n}(d={d:g}) B^-1", b @ j @ np.linalg.inv(b)
    for c in (1e2, 1e3, 1e4, 1e5):
        yield f"2x2 [[1, {c:g}], [1e-3, 2]] (scaled)", np.array([[1.0, c], [1e-3, 2.0]])


def main_defective(pats):
    """eig's derivatives near defective matrices, each path's relative error against mpmath."""
    import mpmath as mp
    rng = np.random.default_rng(0)
    functions = (("sum(w^3)", lambda w: np.real(np.sum(w ** 3)), lambda ws: mp.re(sum(x ** 3 for x in ws))),
                 ("max(Re w)", lambda w: np.max(np.real(w)), lambda ws: max(mp.re(x) for x in ws)))
    for name, a in _defective_matrices(rng):
        if pats and not any(p in name for p in pats):
            continue
        u, t = rng.standard_normal(a.shape), rng.standard_normal(a.shape)
        print(f"{name}: cond(V) {np.linalg.cond(np.linalg.eig(a)[1]):.3g}")
        for fname, f_np, f_mp in functions:
            f = lambda m, f_np=f_np: f_np(np.linalg.eigvals(m))  # noqa: E731
            with mp.workdps(60):
                a0, um, tm = (mp.matrix(x.tolist()) for x in (a, u, t))
                g = lambda s, r: f_mp(mp.eig(a0 + s * um + r * tm, left=False, right=False))  # noqa: E731
                truths = [float(mp.diff(lambda s: g(s, 0), 0)), float(mp.diff(g, (0, 0), (1, 1))),
                          float(mp.diff(lambda s: g(s, 0), 0, 3))]
            mixed = lambda h: float(np.einsum("ij,ijkl,kl->", u, h, t))  # noqa: E731
            paths = (("grad", 0, lambda: np.sum(wg.grad(f)(a) * u)),
                     ("jacfwd", 0, lambda: np.sum(wg.jacfwd(f)(a) * u)),
                     ("jacrev(grad)", 1, lambda: mixed(wg.jacrev(wg.grad(f))(a))),
                     ("jacfwd(grad)", 1, lambda: mixed(wg.jacfwd(wg.grad(f))(a))),
                     ("jacrev(jacfwd)", 1, lambda: mixed(wg.jacrev(wg.jacfwd(f))(a))),
                     ("jacfwd(jacfwd)", 1, lambda: mixed(wg.jacfwd(wg.jacfwd(f))(a))),
                     ("jvp(grad)", 1, lambda: float(np.sum(wg.jvp(wg.grad(f), (a,), (t,))[1] * u))),
                     ("grad^3", 2, lambda: wg.grad(wg.grad(wg.grad(lambda s: f(a + s * u))))(0.0)))
            row = []
            for how, k, fn in paths:
                got = _value(lambda _: fn(), 0.0)
                row.append(f"{how} {got[:8]}" if isinstance(got, str) else
                           f"{how} {abs(got - truths[k]) / (1 + abs(truths[k])):.1e}")
            print(f"  {fname:9s} " + ", ".join(row))


def main_close(pats):
    """Second derivatives through vectors of close values and pinv / lstsq near rank loss,
    each path's relative error against a closed form or mpmath, or its refusal."""
    import mpmath as mp
    rng = np.random.default_rng(0)
    q, r = (np.linalg.qr(rng.standard_normal((3, 3)))[0] for _ in range(2))
    u, v = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))

    def eigh_cubes(m):
        w, vec = np.linalg.eigh(m)
        return np.sum(np.diagonal((vec * w ** 3) @ vec.T))

    def svd_cubes(m):
        left, s, right = np.linalg.svd(m)
        return np.sum((left * s ** 3) @ right)

    def paths(f, a, x, y):
        mixed = lambda h: float(np.einsum("ij,ijkl,kl->", x, h, y))  # noqa: E731
        return (("grad", 0, lambda: np.sum(wg.grad(f)(a) * x)),
                ("jacrev(grad)", 1, lambda: mixed(wg.jacrev(wg.grad(f))(a))),
                ("jacfwd(jacfwd)", 1, lambda: mixed(wg.jacfwd(wg.jacfwd(f))(a))),
                ("jvp(grad)", 1, lambda: float(np.sum(wg.jvp(wg.grad(f), (a,), (y,))[1] * x))))

    def show(name, f, a, x, y, truths):
        if pats and not any(p in name for p in pats):
            return
        row = []
        for how, k, fn in paths(f, a, x, y):
            got = _value(lambda _: fn(), 0.0)
            row.append(f"{how} {got[:8]}" if isinstance(got, str) else
                       f"{how} {abs(got - truths[k]) / (1 + abs(truths[k])):.1e}")
        print(f"{name}: " + ", ".join(row))
    for gap in (1e-2, 1e-4, 1e-5, 1e-7, 3e-8):
        sym = q @ np.diag([1.0, 1.0 + gap, 2.0]) @ q.T
        sym, x, y = (sym + sym.T) / 2, u + u.T, v + v.T
        show(f"eigh V w^3 V^T, gap {gap:g}", eigh_cubes, sym, x, y,
             (3 * np.trace(sym @ sym @ x), 3 * np.trace(sym @ (x @ y + y @ x))))
        gen = q @ np.diag([2.0, 1.0 + gap, 1.0]) @ r.T
        terms = (u @ v.T @ gen, u @ gen.T @ v, v @ u.T @ gen, gen @ u.T @ v, v @ gen.T @ u, gen @ v.T @ u)
        show(f"svd U s^3 V^T, gap {gap:g}", svd_cubes, gen, u, v,
             (np.sum(u @ gen.T @ gen + gen @ u.T @ gen + gen @ gen.T @ u), sum(np.sum(t) for t in terms)))
    w32, b3 = rng.standard_normal((2, 3)), np.array([1.0, -2.0, 0.5])
    x, y = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    for e in (1e-2, 1e-4, 1e-6, 1e-8):
        a = np.array([[1.0, 2.0], [2.0, 4.0 + e], [0.5, 1.0]])
        for name, f, g in (("pinv", lambda m: np.sum(w32 * np.linalg.pinv(m)),
                            lambda x_: mp.fsum(w32[i, j] * x_[i, j] for i in range(2) for j in range(3))),
                           ("lstsq", lambda m: np.sum(np.linalg.lstsq(m, b3, rcond=None)[0]),
                            lambda x_: mp.fsum(x_ * mp.matrix(b3.tolist())))):
            with mp.workdps(40):
                def h(s, t, g=g):
                    m = mp.matrix(a.tolist()) + s * mp.matrix(x.tolist()) + t * mp.matrix(y.tolist())
                    return g((m.T * m) ** -1 * m.T)
                truths = (float(mp.diff(lambda s: h(s, 0), 0)), float(mp.diff(h, (0, 0), (1, 1))))
            sizes = np.linalg.svd(a, compute_uv=False)
            show(f"{name} 3x2, kappa {sizes[0] / sizes[-1]:.3g}", f, a, x, y, truths)


def main(argv):
    verbose = VERBOSE
    pats = [a for a in argv if not a.startswith("-")]
    if "--second" in argv:
        return main_second(pats)
    if "--defective" in argv:
        return main_defective(pats)
    if "--close" in argv:
        return main_close(pats)
    n = bad = 0
    for name, f, x0 in cases():
        if pats and not any(p in name for p in pats):
            continue
        n += 1
        try:
            found = probe(name, f, x0)
        except Exception as e:  # noqa: BLE001
            found = [f"{name}: probe raised {type(e).__name__}: {str(e)[:120]}"]
        if found:
            bad += 1
            print("\n".join(found))
        elif verbose:
            print(f"{name}: ok")
    print(f"{n} cases x 3 orders x (reverse, forward, limits): {bad} with findings")


if __name__ == "__main__":
    main(sys.argv[1:])
