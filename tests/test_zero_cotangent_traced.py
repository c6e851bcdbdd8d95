"""The convention of ``tests/test_zero_cotangent_unary.py`` (a zero cotangent adds nothing where
a unary rule's partial is infinite) and the cotangents it does not read: a traced cotangent keeps
the product (the transposed pullback differentiates at u = 0: forward mode inside a runner must
give inf, not 0, at sqrt's 0), and a tangent of an ndarray subclass is read as an array.
"""
import numpy as np

import wengert as wg


def test_a_finite_partial_keeps_its_derivative_in_a_zero_cotangent():
    # d/dc of grad(sum(sin(x) c)) is diag(cos x), also at c = 0
    h = lambda c: wg.grad(lambda x: np.sum(np.sin(x) * c))(np.array([0.3, 0.7]))  # noqa: E731
    for jac in (wg.jacfwd, wg.jacrev):
        np.testing.assert_allclose(jac(h)(np.array([0.0, 1.0])), np.diag(np.cos([0.3, 0.7])), rtol=1e-15)


def test_a_tangent_of_an_ndarray_subclass():
    # type(g) is np.ndarray was False for a subclass, which fell to `g != 0` (ValueError)
    tangent = np.ones(2).view(type("Sub", (np.ndarray,), {}))
    primal, t = wg.jvp(np.exp, (np.array([1.0, 2.0]),), (tangent,))
    np.testing.assert_allclose(np.asarray(t), np.exp([1.0, 2.0]), rtol=1e-15)


def test_forward_mode_inside_a_runner_is_not_masked():
    # the transposed pullback's variable is 0 in value and traced: not a zero cotangent
    f = lambda x: np.sum(wg.jvp(np.sqrt, (x,), (np.ones(2),))[1])  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):  # (0 * inf in the transposition's value)
        value, _ = wg.vjp(f, np.array([0.0, 4.0]))
    assert value == np.inf


def test_untaken_branch_adds_exactly_zero_at_second_order():
    # np.where's untaken branch: an infinite (or 0 / 0) partial there met the traced cotangent's
    # structural 0 (forward over reverse, reverse over forward) as 0 * inf = NaN or a warning;
    # the Hessian's row and column of the masked entry are 0, the other entry its closed form
    from wengert.scipy import special
    from opcheck import lazy_mp as mp

    def quiet(e):
        with np.errstate(all="ignore"):
            return e()

    with mp.workdps(40):  # (d2/dx2 of h(x) x = 2 h' + x h'')
        psi = float(2 * mp.polygamma(1, 2) + 2 * mp.polygamma(2, 2))
        y = mp.erfinv(mp.mpf(0.5))  # (erfcinv(0.5); erfcinv' = -sqrt(pi) e^(y^2) / 2, erfcinv'' = 2 y erfcinv'^2)
        d1 = -mp.sqrt(mp.pi) * mp.exp(y * y) / 2
        erfcinv = float(2 * d1 + mp.mpf(0.5) * 2 * y * d1 * d1)
    cases = [
        (lambda x: np.where(x < 700, quiet(lambda: np.exp(x)), 0.0) * x, [1000.0, 1.0], 3 * np.e),
        (lambda x: np.where(x < 700, quiet(lambda: np.exp(x) * x), 0.0), [1000.0, 1.0], 3 * np.e),
        (lambda x: np.where(x != 0, quiet(lambda: 1 / x), 0.0) * x, [0.0, 2.0], 0.0),
        (lambda x: np.where(x > 0, quiet(lambda: special.digamma(x)), 0.0) * x, [0.0, 2.0], psi),
        (lambda x: np.where(x < 2, quiet(lambda: special.erfcinv(x)), 0.0) * x, [2.0, 0.5], erfcinv),
        (lambda x: np.where(x != 0, quiet(lambda: np.arctan2(x, x)), 0.0) * x, [0.0, 2.0], 0.0),
        (lambda x: np.where(x > 0, quiet(lambda: np.log(x)), 0.0) * x, [0.0, 2.0], 0.5),
    ]
    paths = (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
             lambda f: wg.jacrev(wg.jacfwd(f)))
    for f, x, truth in cases:
        for path in paths:
            h = path(lambda v: np.sum(f(v)))(np.array(x))
            np.testing.assert_allclose(h, [[0.0, 0.0], [0.0, truth]], rtol=1e-13, atol=1e-15)


def test_a_pole_at_zero_under_a_mask_at_second_order():
    # the numerator infinite over y = 0 in np.where's untaken branch: the quotient's partial in x, g / y (a plain
    # g's structural 0 over a traced y), and 1 / x's -g ans / y through np.negative were not marked untaken, so
    # log's and reciprocal's rules formed 0 / 0 there: NaN in x0's column by jacrev(grad), jacfwd(grad) and
    # jvp(grad) on main; the truth is the taken entry's d2/dx2 and 0 elsewhere. So a unary rule's product with
    # a plain g's structural 0 and a traced partial (exp's g ans over log(0))
    cases = [(lambda x: np.log(x) / x, (2 * np.log(2.0) - 3) / 8),  # ((2 log x - 3) / x^3 at 2)
             (lambda x: -(1 / x) / x, -6 / 16),  # (-6 / x^4)
             (lambda x: np.exp(2 * np.log(x)), 2.0)]  # (x^2: exp's g ans, traced, unmarked before log's g / x)
    paths = (wg.hessian, lambda f: wg.jacrev(wg.grad(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
             lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: lambda x: np.diag(wg.jvp(wg.grad(f), (x,), (np.ones(2),))[1]))
    for g, truth in cases:
        def f(x):
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.sum(np.where(x > 0, g(x), 0.0))
        for path in paths:
            np.testing.assert_allclose(path(f)(np.array([0.0, 2.0])), [[0.0, 0.0], [0.0, truth]], rtol=1e-15, atol=0)


def test_power_overflowing_second_derivative_reverse_over_forward():
    # d2/dy2 of x ** y at (1e200, 2) is x^y log(x)^2 = inf: the transposed pullback's u = 0
    # times it warned (invalid value); the truth [[2, 9.22e202], [9.22e202, inf]]
    def f(v):
        with np.errstate(over="ignore"):
            return np.power(v[0], v[1])
    h = wg.jacrev(wg.jacfwd(f))(np.array([1e200, 2.0]))
    mixed = 1e200 * (1 + 2 * np.log(1e200))
    np.testing.assert_allclose(h, [[2.0, mixed], [mixed, np.inf]], rtol=1e-13)
