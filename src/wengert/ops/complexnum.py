"""Complex numbers: real and imaginary parts, conjugate, angle, and their VJPs.

wengert follows autograd's and JAX's convention. A cotangent ``c`` of a complex value
``z`` stands for the linear map ``dz -> Re(c * dz)``, so that:

* a holomorphic function pulls back ``g * f'(z)``, with no conjugate (the transpose of
  the derivative, not its Hermitian transpose);
* for a real-valued ``f`` of ``z = x + iy`` the gradient is ``df/dx - i df/dy``, the
  conjugate of the steepest-ascent direction: ``grad(lambda z: abs(z)**2)(z) == 2*conj(z)``;
* a real value's cotangent is real: a complex cotangent that reaches a real value is
  replaced by its real part (see ``wengert.structured.real_like``).

The functions that are not holomorphic conjugate where that convention needs it, as in
autograd's ``numpy_vjps.py``: ``real`` pulls back ``g``, ``imag`` ``-1j * g``, ``conj``
``conj(g)``, ``abs`` ``g * conj(z) / |z|``, ``angle`` ``g * -1j / z``.
"""
import numpy as np

from ..errors import NoGradientRule
from ..primitive import defvjp
from ..structured import is_complex
from ._util import at_kink, shape_of

__all__ = ["is_complex", "refuse_complex", "conj_if_complex", "LEXICOGRAPHIC"]


#: why an ordering of complex numbers is refused (maximum, clip, max, ...).
LEXICOGRAPHIC = ("NumPy orders complex numbers lexicographically, so the result jumps from "
                 "one value to another where real parts cross")


def refuse_complex(name, *values, why=LEXICOGRAPHIC):
    """Raise a clear error if any of ``values`` is complex: ``name`` is not differentiated there.

    >>> refuse_complex("numpy.maximum", 1.0, 2.0)
    >>> refuse_complex("numpy.maximum", 1j)
    Traceback (most recent call last):
    ...
    wengert.errors.NoGradientRule: numpy.maximum of complex numbers has no gradient in wengert: ...
    """
    for v in values:  # (a loop, not any() of a generator: max's rule calls it on every recording)
        if is_complex(v):
            raise NoGradientRule(
                f"{name} of complex numbers has no gradient in wengert: {why}. Apply it to a real "
                "function of z instead (np.real(z), np.abs(z)), or pass z.value if no gradient "
                "should flow")


def conj_if_complex(x):
    """``np.conj(x)`` for a complex ``x``; ``x`` itself otherwise (no copy).

    >>> conj_if_complex(np.array([1 + 2j])), conj_if_complex(1.5)
    (array([1.-2.j]), 1.5)
    """
    return np.conj(x) if is_complex(x) else x


# -- real, imag, conj ------------------------------------------------------------------------

defvjp(np.real, lambda ans, x: lambda g: g, properties=("real",))


def _vjp_imag(ans, x):
    if not is_complex(x):  # imag of a real value is 0 whatever the value
        shape = shape_of(x)
        return lambda g: np.zeros(shape) if shape else 0.0 * g
    return lambda g: -1j * g


defvjp(np.imag, _vjp_imag, properties=("imag",))
defvjp(np.conjugate, lambda ans, x, **kwargs: lambda g: np.conjugate(g), aliases=("conj",),
       methods=("conj", "conjugate"))


# -- angle -----------------------------------------------------------------------------------

def _vjp_angle(ans, z, deg=False):
    """d angle(z) = Im(dz / z), so the cotangent is ``g * -1j / z`` (``g * conj(-1j z) / |z|^2``).

    The angle of a real number is constant (0 or pi) away from 0, so it gets 0. At
    ``z = 0`` the angle has no derivative; the rule gives 0 there, as ``abs`` does, and a
    second derivative there raises (:func:`~wengert.ops._util.at_kink`).
    """
    scale = 180.0 / np.pi if deg else 1.0
    if not is_complex(z):
        shape = shape_of(z)
        return lambda g: np.zeros(shape) if shape else 0.0 * g
    safe = np.where(z == 0, 1.0, z)
    # (marked: differentiated again at 0 it raises, as abs does, where it gave 0s for no derivative)
    return lambda g: at_kink(np.where(z == 0, 0.0, (-1j * scale) * g / safe), z, lambda: z == 0, _ANGLE_AT_0, g)


_ANGLE_AT_0 = ("numpy.angle", "0 at z = 0, where the angle has no limit",
               "Evaluate away from 0, or write the composite without the angle (np.real and np.imag of z)")


defvjp(np.angle, _vjp_angle)


# -- real_if_close ---------------------------------------------------------------------------
# It returns np.real(a) when every imaginary part is negligible, else a unchanged: either
# way the cotangent passes through (a real cotangent for a complex a is its real part's).

defvjp(np.real_if_close, lambda ans, a, tol=100: lambda g: g)


# -- forward mode: real, imag and conj are linear over the reals (wengert.forward) ----------
from ..forward import declare_jvp  # noqa: E402  (after the rules it declares)

declare_jvp("linear", np.real, np.imag, np.conjugate)
