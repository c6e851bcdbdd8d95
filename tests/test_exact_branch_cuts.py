"""Derivatives on branch cuts and at the ends of domains.

On a branch cut NumPy's value is on one side, picked by the sign of the zero imaginary
part (``np.arcsin(2 + 0j)`` is ``pi/2 + 1.317j``, ``np.arcsin(2 - 0j)`` is
``pi/2 - 1.317j``); the derivative is that side's, at every order. The rules computed
``1 - z * z`` and ``z + 1`` with NumPy's ``1.0`` (cast to ``1 + 0j``), which turns a
``-0.0`` imaginary part into ``+0.0``: ``arcsin``, ``arccos``, ``arccosh`` and
``arcsinh`` gave the other side's derivative (the opposite sign) at half of the points
below, with no error. The expected values are central differences along the cut, which
keep the signed zero (a step across the cut would see the jump), and the closed forms.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
import wengert.scipy  # noqa: F401  (the rules of scipy.special)

SQRT3 = np.sqrt(3.0)

#: (function, the point on its cut, its derivative there on NumPy's side (closed form))
ON_CUTS = [
    (np.arcsin, complex(2.0, 0.0), 1j / SQRT3), (np.arcsin, complex(2.0, -0.0), -1j / SQRT3),
    (np.arcsin, complex(-2.0, 0.0), -1j / SQRT3), (np.arcsin, complex(-2.0, -0.0), 1j / SQRT3),
    (np.arccos, complex(2.0, 0.0), -1j / SQRT3), (np.arccos, complex(2.0, -0.0), 1j / SQRT3),
    (np.arccos, complex(-2.0, 0.0), 1j / SQRT3), (np.arccos, complex(-2.0, -0.0), -1j / SQRT3),
    (np.arccosh, complex(-2.0, 0.0), -1 / SQRT3), (np.arccosh, complex(-2.0, -0.0), -1 / SQRT3),
    (np.arccosh, complex(0.5, 0.0), -2j / SQRT3), (np.arccosh, complex(0.5, -0.0), 2j / SQRT3),
    (np.arcsinh, complex(0.0, 2.0), -1j / SQRT3), (np.arcsinh, complex(-0.0, 2.0), 1j / SQRT3),
    (np.arcsinh, complex(0.0, -2.0), 1j / SQRT3), (np.arcsinh, complex(-0.0, -2.0), -1j / SQRT3),
    (wg.arcsinh, complex(-0.0, 2.0), 1j / SQRT3), (wg.arcsinh, complex(0.0, -2.0), 1j / SQRT3),
    (np.sqrt, complex(-2.0, 0.0), -0.5j / np.sqrt(2.0)), (np.sqrt, complex(-2.0, -0.0), 0.5j / np.sqrt(2.0)),
    (np.log, complex(-2.0, -0.0), -0.5), (np.arctanh, complex(2.0, -0.0), -1 / 3.0),
    (lambda z: z ** 0.5, complex(-2.0, -0.0), 0.5j / np.sqrt(2.0)),
    (lambda z: np.power(z, 2.5), complex(-2.0, -0.0), 2.5 * np.power(complex(-2.0, -0.0), 1.5)),
]
IDS = [f"{getattr(f, '__name__', 'power')}({z})" for f, z, _ in ON_CUTS]


def _along_the_cut(z, h):
    # a step along the cut, keeping the signed zero of the other part
    return complex(z.real + h, z.imag) if z.imag == 0 else complex(z.real, z.imag + h)


def _central_difference(f, z, h=1e-6):
    step = h if z.imag == 0 else 1j * h
    return (f(_along_the_cut(z, h)) - f(_along_the_cut(z, -h))) / (2 * step)


def _derivatives(f, z):
    """f'(z) by forward mode, reverse mode, on a 1-element array; f''(z) the same and
    forward over reverse."""
    one = 1.0 + 0.0j
    first = lambda t: wg.jvp(f, (t,), (one,))[1]  # noqa: E731
    first_rev = lambda t: wg.vjp(f, t)[1](one)[0]  # noqa: E731
    array = np.array([z])
    return {
        "fwd": first(z), "rev": first_rev(z),
        "array": wg.vjp(lambda a: f(a), array)[1](np.ones(1, complex))[0][0],
    }, {
        "fwd": wg.jvp(first, (z,), (one,))[1], "rev": wg.vjp(first_rev, z)[1](one)[0],
        "fwd_rev": wg.jvp(first_rev, (z,), (one,))[1],
        "array": wg.jvp(lambda a: wg.jvp(f, (a,), (np.ones(1, complex),))[1], (array,),
                        (np.ones(1, complex),))[1][0],
    }


@pytest.mark.parametrize("f, z, closed_form", ON_CUTS, ids=IDS)
def test_the_derivative_on_a_branch_cut_is_the_one_of_numpys_side(f, z, closed_form):
    first, second = _derivatives(f, z)
    want_first = _central_difference(f, z)
    assert abs(want_first - closed_form) < 1e-8 * abs(closed_form)
    for mode, got in first.items():
        assert abs(got - closed_form) <= 1e-14 * abs(closed_form), (mode, got, closed_form)
    # the second derivative: central differences of the (now right) first one, along the cut
    want_second = _central_difference(lambda t: wg.jvp(f, (t,), (1.0 + 0.0j,))[1], z)
    for mode, got in second.items():
        assert abs(got - want_second) <= 1e-7 * abs(want_second), (mode, got, want_second)


def test_complex64_keeps_its_side_and_its_precision():
    z = np.array([complex(2.0, -0.0), complex(2.0, 0.0)], dtype=np.complex64)
    (g,) = wg.vjp(np.arcsin, z)[1](np.ones(2, np.complex64))
    assert g.dtype == np.complex64
    np.testing.assert_allclose(g, [-1j / SQRT3, 1j / SQRT3], rtol=1e-6)


def test_real_arcsin_and_arccos_at_their_ends_are_still_infinite():
    # (1.0 - x * x is +0.0 at x = 1; the complex 1 - 0j is for complex inputs only)
    with np.errstate(divide="ignore"):
        assert wg.grad(np.arcsin)(1.0) == np.inf and wg.grad(np.arccos)(-1.0) == -np.inf
        assert wg.grad(np.arcsin)(np.float32(1.0)).dtype == np.float32


# -- arccosh at 1 and logit at 0 and 1, ends of domains -------------------------------------------------------

def _second_derivatives_at(f, x):
    grad2 = wg.grad(wg.grad(f))
    yield "reverse over reverse, float", grad2(x)
    yield "reverse over reverse, float64", grad2(np.float64(x))
    yield "forward over reverse", wg.jvp(wg.grad(f), (x,), (1.0,))[1]
    yield "forward over forward", wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (x,), (1.0,))[1]
    yield "hvp of an array", wg.hvp(lambda v: np.sum(f(v)), np.array([x]), np.ones(1))[0]
    yield "hessian of an array", wg.hessian(lambda v: np.sum(f(v)))(np.array([x]))[0, 0]


@pytest.mark.parametrize("f, x, first, second", [
    (np.arccosh, 1.0, np.inf, -np.inf),  # was NaN by reverse over reverse (0 * inf)
    (scipy.special.logit, 0.0, np.inf, -np.inf), (scipy.special.logit, 1.0, np.inf, np.inf),  # the same
    (np.sqrt, 0.0, np.inf, -np.inf), (np.arcsin, 1.0, np.inf, np.inf),
    (np.arcsin, -1.0, np.inf, -np.inf), (np.arccos, 1.0, -np.inf, -np.inf),
    (np.arctanh, 1.0, np.inf, np.inf),
], ids=lambda v: getattr(v, "__name__", None) or str(v))
def test_ends_of_domains_have_the_one_sided_infinite_limits_on_every_path(f, x, first, second):
    with np.errstate(divide="ignore", invalid="ignore"):
        assert wg.grad(f)(x) == first and wg.jvp(f, (x,), (1.0,))[1] == first
        for path, got in _second_derivatives_at(f, x):
            assert got == second, (path, got)
        if f is np.arccosh:  # and the third derivative, (2 x^2 + 1) / (x^2 - 1)^(5/2) -> +inf
            assert wg.grad(wg.grad(wg.grad(f)))(x) == np.inf


def test_logit_keeps_its_precision():
    x = np.array([1e-300, 0.25, 0.5, 1.0 - 2.0 ** -40])
    np.testing.assert_allclose(wg.grad(lambda v: np.sum(scipy.special.logit(v)))(x), 1.0 / (x * (1.0 - x)), rtol=1e-15)
    g32 = wg.grad(lambda v: np.sum(scipy.special.logit(v)))(np.float32([0.25]))
    assert g32.dtype == np.float32 and g32[0] == np.float32(16.0 / 3.0)


def test_arccosh_near_1_keeps_its_precision():
    # two reciprocals for one: the same value to rounding (arccosh'' = -x / (x^2 - 1)^(3/2))
    x = 1.0 + 2.0 ** -20
    assert wg.grad(np.arccosh)(x) == pytest.approx(1.0 / np.sqrt((x - 1.0) * (x + 1.0)), rel=1e-15, abs=0)
    assert wg.grad(wg.grad(np.arccosh))(x) == pytest.approx(-x / ((x - 1.0) * (x + 1.0)) ** 1.5, rel=1e-14, abs=0)
