"""``scipy.special``, as wengert differentiates it.

The ufuncs here are SciPy's own (``wsp.gammaln is scipy.special.gammaln``): called on a
Var they record themselves, with or without this namespace. ``polygamma``,
``multigammaln``, ``logsumexp``, ``softmax``, ``log_softmax``, ``zeta``, ``lambertw``, ``comb``,
``factorial``, ``spherical_jn``, ``spherical_yn``, ``spherical_in``, ``spherical_kn`` (and
``softplus``, SciPy >= 1.15) are Python functions in SciPy that convert their arguments to
arrays, which a Var refuses (``scipy.special.zeta(3.0, q)`` raises, naming this namespace's);
wengert's versions here take the same arguments and give the same values.

Gradients are in the real arguments only: the order of a Bessel function (``iv``,
``ive``, ``jv``/``jn``, ``yn``) or of ``polygamma``, the
exponent ``x`` of ``zeta`` (differentiated in ``q``), the order ``n`` of ``expn``, ``a`` and
``b`` of ``hyp1f1`` (differentiated in ``z``) are
refused with :class:`~wengert.NoGradientRule`; ``gammasgn`` has no gradient (it returns
plain values). See ``wengert.ops.scipy_special`` for the conventions at the ends of the
domains (``xlogy(0, y)``, ``logit(0)``, ``i0e`` at 0).
So are the order of ``kv``/``kve`` and ``a``, ``b``, ``c`` of ``hyp2f1`` (differentiated in ``z``).
``betainc``/``betaincc`` are differentiated in ``a`` and ``b`` too, to second order, for
``0 < a, b <= 1e7`` (second order: up to 1e4; beyond, ``ValueError``: their continued fraction
loses digits there), and ``stdtr`` in ``df`` through them (up to ``df = 1e3``, second order up
to 100, where its two terms cancel) or, for ``df >= 50`` where ``t^4 <= 8 df`` and for ``df >= 1e5``,
its series in ``1/df`` (every df, every order); so are their inverses ``betaincinv``, ``betainccinv`` and
``stdtrit`` (``dx/da = -I_a / I_x``); their third derivative in the shapes is refused. ``stdtrit``'s
derivatives are refused where SciPy's root is not the root (beyond ``|t| = 1e99``, or infinite, or of the
wrong sign): ``wengert.scipy.stats.t.ppf`` computes it there.
``boxcox``, ``boxcox1p``, ``inv_boxcox``, ``inv_boxcox1p`` (in both arguments, exact
at ``lmbda = 0``; the last two are wengert's own functions here, within 3 ulp where SciPy's round
``lmbda y`` and the exponent, and SciPy's ufuncs record that value on a Var), ``wofz``, ``ellipk``, ``ellipkm1``, ``ellipe`` (exact at ``m = 0``) and
``owens_t`` (in ``h`` and ``a``), ``ellipkinc`` and ``ellipeinc`` (in ``phi``; ``m`` refused) are
differentiated too (``wengert.ops.scipy_special_more``).
``gammainc``/``gammaincc`` are differentiated in ``a`` too, to second order (and the mixed
second derivative in ``a`` and ``x``), at any ``a`` (from ``a = 1e3`` on near ``x = a`` by Temme's
uniform expansion: within 1.5e-15 of mpmath there, up to 1.9e-13 in the far tails); their third
derivative in ``a`` is refused. So are
``gammaincinv``/``gammainccinv``: ``dx/da = -P_a / P_x``, to second order in ``a`` and ``y``; and
``chdtr``, ``chdtrc``, ``chdtri``, ``gdtr``, ``gdtrc``, ``pdtr``, ``pdtrc``, ``pdtri`` (those
functions of scaled arguments; the count ``k`` of ``pdtr`` refused), ``sindg``, ``cosdg``,
``tandg``, ``cotdg``, ``powm1``, ``yv`` and ``kn`` (in x; orders refused). So are ``lambertw``
(every branch ``k``, in ``z``; refused at ``z = 0`` for ``k != 0``), ``exprel``, ``spherical_jn``,
``spherical_yn``, ``spherical_in``, ``spherical_kn`` (in ``z``, also with ``derivative=True``;
SciPy's versions convert the order to an array, so call these), ``jve`` and ``yve`` (in ``z``), the
Hankel functions ``hankel1``, ``hankel2``, ``hankel1e``, ``hankel2e`` (in ``z``, real or complex, with
complex values; the order refused, and ``z = 0``, their pole; for the scaled ones with ``|v| > 30``
also ``|v| < |z| < v**2 / 8``, where no exact form is implemented; elsewhere within 9.2e-13 of mpmath
at orders up to 300) and ``wright_bessel`` (in ``x``; ``a`` and ``b`` refused). So are the binomial
and negative binomial distribution functions ``bdtr``, ``bdtrc``, ``bdtri``, ``nbdtr``, ``nbdtrc``,
``nbdtri`` (in ``p`` or ``y``; the counts ``k`` and ``n`` refused) and the F distribution's ``fdtr``,
``fdtrc``, ``fdtri`` (in ``x`` or ``p``, and in ``dfn`` and ``dfd`` up to 300, second order up to 100,
as ``wengert.scipy.stats.f``'s tails), from the beta density (``wengert.ops.scipy_special_dist``).

>>> import numpy as np, wengert as wg, wengert.scipy.special as wsp
>>> float(wg.grad_bp(wsp.gammaln, 3.0))  # digamma(3) = 1.5 - Euler's gamma
0.9227843350984671
>>> round(float(wg.grad_bp(lambda x: wsp.polygamma(1, x), 2.0)), 6)  # polygamma(2, 2)
-0.404114

.. versionadded:: 0.1
"""
from typing import Any as _Any

import numpy as np
import scipy.special as _sc

from .. import numpy as _wnp
from ..ops import scipy_special as _scipy_special  # noqa: F401  (declares SciPy's ufuncs and polygamma)
from ..ops import scipy_special_dist as _scipy_special_dist  # noqa: F401  (bdtr, nbdtr, fdtr and their kin)
from ..errors import NoGradientRule as _NoGradientRule
from ..ops._util import zero_moving_with as _zero_moving_with
from ..primitive import bind as _bind
from ..primitive import defcomposite as _defcomposite
from ..primitive import no_such_name as _no_such_name
from ..structured import is_traced as _is_traced
from ..structured import peek as _peek
from ..structured import plain_tree as _stop_gradient


def multigammaln(a, d):
    """The log of the multivariate gamma function of dimension ``d``, differentiable in ``a``.

    ``d(d-1)/4 log(pi) + sum_{j=1..d} gammaln(a - (j-1)/2)``, as SciPy computes it, with
    SciPy's check that ``a > (d-1)/2``.

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> round(float(wg.grad_bp(lambda a: wsp.multigammaln(a, 2), 3.0)), 6)
    1.625941

    .. versionadded:: 0.1
    """
    if not np.isscalar(d) or np.floor(d) != d:
        raise ValueError("multigammaln: d should be a positive integer (dimension)")
    if np.any(np.asarray(_stop_gradient(a)) <= 0.5 * (d - 1)):
        raise ValueError(f"multigammaln: a must be greater than (d-1)/2 = {0.5 * (d - 1)}")
    total = (d * (d - 1) * 0.25) * np.log(np.pi)
    for j in range(1, int(d) + 1):
        total = total + _sc.gammaln(a - (j - 1.0) / 2.0)
    return total


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """``log(sum(b * exp(a), axis))`` without overflow, as ``scipy.special.logsumexp``.

    Differentiable in ``a`` and ``b``. With ``return_sign=True`` it returns
    ``(log|s|, sign(s))`` for ``s = sum(b * exp(a))`` (the sign is a plain value);
    without it a negative ``s`` gives NaN, as in SciPy.

    >>> import numpy as np, wengert as wg, wengert.scipy.special as wsp
    >>> wg.grad_bp(lambda a: wsp.logsumexp(a, b=np.array([1.0, 3.0])), np.zeros(2))
    array([0.25, 0.75])

    .. versionadded:: 0.1
    """
    if b is None and not return_sign:
        return _wnp.logsumexp(a, axis=axis, keepdims=keepdims)
    if b is not None and not _is_traced(b):
        # Terms with a constant b == 0 are left out, as SciPy does (their a gets gradient
        # 0, exactly); a b that is differentiated keeps them: d/db = exp(a - result) there.
        a = np.where(np.asarray(b) == 0, -np.inf, a)
    # Slices of no finite maximum follow the b-less rule's conventions (a 0 / 0 or inf / inf
    # in the chain rule otherwise): one with a term a = +inf (b != 0) is +inf, moving as
    # log(sum b exp(a)) over those terms along their diagonal (weights b / their sum, the limit
    # of softmax(a + log b)); one of no term (a = -inf or a constant b = 0 throughout) is -inf,
    # gradient 0.
    plain = np.asarray(_stop_gradient(a))
    plain_b = 1.0 if b is None else np.asarray(_stop_gradient(b))
    top = (plain == np.inf) & (plain_b != 0)
    full = np.any(top, axis=axis, keepdims=True)
    if b is not None and np.any((plain == np.inf) & ~full):  # (only a traced b = 0 gets here)
        raise _NoGradientRule(
            "scipy.special.logsumexp: a differentiated b is 0 where a is +inf, in a slice with no "
            "other term at +inf: the result jumps to +inf for any b > 0 there (NaN for b < 0), "
            "so it has no derivative in b. Pass that b as a constant (its term is then left "
            "out, as SciPy does), or keep a finite")
    if np.any(full):  # (a traced b = 0 at +inf moves with the others there: d/db = 1 / their sum of b)
        a = np.where(full & (plain == np.inf), _zero_moving_with(a), np.where(full, -np.inf, a))
        plain = np.asarray(_stop_gradient(a))
    none = np.all(plain == -np.inf, axis=axis, keepdims=True)  # (a traced b = 0 is a term: d/db there)
    if np.any(none):  # stand-ins of a finite value, replaced below (0 / 0 in its gradient else)
        a, plain = np.where(none, 0.0, a), np.where(none, 0.0, plain)
        b = np.where(none, 1.0, 1.0 if b is None else b)
    shift = np.max(plain, axis=axis, keepdims=True) if plain.size else np.zeros(none.shape)
    shift = np.where(np.isfinite(shift), shift, 0.0)
    terms = np.exp(a - shift)
    total = np.sum(terms if b is None else b * terms, axis=axis, keepdims=True)
    sign = np.sign(_stop_gradient(total))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(total * sign if return_sign else total) + shift
    if np.any(full) or np.any(none):
        out = np.where(none, -np.inf, out + np.where(full, np.inf, 0.0))
        sign = np.where(none, 0.0, sign)
    if not keepdims:
        out = np.squeeze(out, axis=axis)[()]
        sign = np.squeeze(sign, axis=axis)[()]
    return (out, sign) if return_sign else out


def softmax(x, axis=None):
    """``exp(x) / sum(exp(x), axis)`` without overflow; ``axis=None`` (SciPy's default)
    normalizes over the whole array.

    >>> import numpy as np, wengert.scipy.special as wsp
    >>> wsp.softmax(np.array([[1000.0, 1000.0], [0.0, 0.0]]))
    array([[0.5, 0.5],
           [0. , 0. ]])

    .. versionadded:: 0.1
    """
    return _wnp.softmax(x, axis=axis)


def log_softmax(x, axis=None):
    """``x - logsumexp(x, axis, keepdims=True)`` without overflow (SciPy's default: the whole array).

    >>> import numpy as np, wengert.scipy.special as wsp
    >>> wsp.log_softmax(np.array([1000.0, 1000.0]))
    array([-0.69314718, -0.69314718])

    .. versionadded:: 0.1
    """
    return _wnp.log_softmax(x, axis=axis)


def softplus(x, **kwargs):
    """``log(1 + exp(x))`` without overflow, as ``scipy.special.softplus`` (SciPy 1.15 and
    later; declared only there): ``np.logaddexp(0, x)``, whose derivative is ``expit(x)``.
    ``kwargs`` (``out``, ``where``...) are NumPy's ufunc keywords, as in SciPy.

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> float(wg.grad_bp(wsp.softplus, 0.0))
    0.5

    .. versionadded:: 0.1
    """
    return np.logaddexp(0.0, x, **kwargs)


# -- factorial and comb, through gamma and binom --------------------------------------

def _refuse_exact(name, exact, *args):
    if exact and any(_is_traced(a) for a in args):
        raise TypeError(f"scipy.special.{name}(..., exact=True) computes Python integers, which "
                        "have no gradient; call it with exact=False (floating point, "
                        "differentiable) or on plain values")


def factorial(n, exact=False, **kwargs):
    """``n!`` as ``scipy.special.factorial``: ``gamma(n + 1)`` for ``n >= 0`` and 0 below
    (``exact=False``), differentiable in ``n`` (``gamma(n + 1) digamma(n + 1)``; 0 where
    ``n < 0``). At ``n = 0``, where the value jumps from 0 to 1, the derivative is the
    right-hand one (the gamma function's). ``exact=True`` (Python integers) is for plain
    values only; a Var there is refused with a ``TypeError``.

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> round(float(wg.grad_bp(wsp.factorial, 3.0)), 6)  # 6 * digamma(4)
    7.536706

    .. versionadded:: 0.1
    """
    if not _is_traced(n):
        return _sc.factorial(n, exact=exact, **kwargs)
    _refuse_exact("factorial", exact, n)
    if kwargs.get("extend", "zero") != "zero":
        raise ValueError("scipy.special.factorial: wengert differentiates extend='zero' (0 for "
                         f"n < 0, SciPy's default), not extend={kwargs['extend']!r}; use "
                         "scipy.special.gamma(n + 1) for the extension to every n")
    if np.iscomplexobj(_peek(n)):
        raise TypeError("scipy.special.factorial: n is complex; factorial takes real numbers "
                        "(use scipy.special.gamma(n + 1) for the complex gamma function)")
    # (comparisons of the Var, which wengert.jit replays, not reads of its values; NaN is not
    # negative: it stays NaN, as in SciPy)
    negative = n < 0
    return np.where(negative, 0.0, _sc.gamma(np.where(negative, 0.0, n) + 1.0))


#: whether the installed SciPy's comb(..., repetition=True) is binom(N + k - 1, k) everywhere
#: (SciPy 1.15 on) or comb(N + k - 1, k), 0 outside 0 <= k <= N + k - 1 (before)
_BINOM_WITH_REPETITION = bool(_sc.comb(0.5, 0.3, repetition=True) != 0)


def comb(N, k, exact=False, repetition=False, **kwargs):
    """The number of combinations of ``N`` things taken ``k`` at a time, as
    ``scipy.special.comb``: ``binom(N, k)`` where ``0 <= k <= N`` and 0 elsewhere
    (``exact=False``; ``repetition=True`` is ``comb(N + k - 1, k)``, or from SciPy 1.15 on
    ``binom(N + k - 1, k)`` everywhere, following the installed SciPy), differentiable in ``N``
    and ``k`` through :func:`scipy.special.binom`'s rule (digamma differences). Where ``k``
    reaches 0 or ``N`` the value jumps to 0 outside: the derivative there is the one inside
    (of ``binom``). ``exact=True`` is for plain values only (a Var is refused).

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> round(float(wg.grad_bp(lambda n: wsp.comb(n, 2.0), 5.0)), 6)  # d/dN N (N - 1) / 2 = N - 1/2
    4.5

    .. versionadded:: 0.1
    """
    if not (_is_traced(N) or _is_traced(k)):
        return _sc.comb(N, k, exact=exact, repetition=repetition, **kwargs)
    _refuse_exact("comb", exact, N, k)
    # (comparisons of the Vars, which wengert.jit replays, not reads of their values)
    if repetition and _BINOM_WITH_REPETITION:
        # SciPy >= 1.15 (its newer rule): binom(N + k - 1, k) everywhere, 1 where k == 0 <= N.
        # binom is 1 there too (with its derivative in k) except at its pole N + k - 1 == -1:
        # only there the constant, not at every k == 0 (d/dk was 0 for psi(N) - psi(1)).
        n = N + k - 1.0
        return np.where((k == 0) & (N >= 0) & (n == -1.0), 1.0, _sc.binom(n, k))
    if repetition:
        N = N + k - 1
    inside = (k <= N) & (N >= 0) & (k >= 0)
    # outside, binom at (1, 0) (away from its poles), then 0: no gradient reaches there
    return np.where(inside, _sc.binom(np.where(inside, N, 1.0), np.where(inside, k, 0.0)), 0.0)


# The functions written here with differentiable calls (derivatives by composition),
# declared beside the ufuncs and polygamma of wengert.ops.scipy_special; this namespace is
# every name declared under scipy.special.
for _fn in (multigammaln, logsumexp, softmax, log_softmax, factorial, comb):
    _defcomposite(_fn, _fn, names=(f"scipy.special.{_fn.__name__}",))
if hasattr(_sc, "softplus"):  # SciPy >= 1.15; older SciPy has no such name
    _defcomposite(softplus, softplus, names=("scipy.special.softplus",))
else:
    del softplus
__all__ = _bind(globals(), "scipy.special")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
