"""``numpy.emath``: ``sqrt``, ``log``, ``log2``, ``log10``, ``logn``, ``power``,
``arccos``, ``arcsin`` and ``arctanh``, which switch a real input to complex numbers where
it leaves the real domain (a negative number for the roots and logarithms, ``|x| > 1`` for
the inverse sine, cosine and hyperbolic tangent).

Each is NumPy's own code, step for step, on Vars: the decision (any real element outside
the domain?) is a NumPy call on the Var, which ``wengert.jit`` keeps as a guard; the switch
is a recorded cast to NumPy's complex dtype (``complex64`` from ``float32``, else
``complex128``), and the function is then the plain ufunc. So a real input inside the
domain gets exactly the plain function's gradient, and outside it the gradient follows the
project's complex convention: the holomorphic function's derivative with no conjugate
(``g * f'(z)``), and, through the cast, the real part of that for a real input (a real
input always gets a real gradient: how the real part of the loss moves with ``x``).
"""
import numpy as np

from ..primitive import defcomposite
from ..structured import is_traced
from ._util import dtype_of, own_function
from .shape import astype

_emath = np.emath


def _to_complex(x):
    """NumPy's ``_tocomplex``: ``complex64`` from single precision (and small integers), else
    ``complex128``."""
    single = issubclass(dtype_of(x).type, (np.single, np.byte, np.short, np.ubyte, np.ushort, np.csingle))
    return astype(x, np.complex64 if single else np.complex128)


def _fix(outside):
    """NumPy's ``_fix_real_lt_zero`` / ``_fix_real_abs_gt_1``: ``x`` made complex if one of
    its elements is real and ``outside`` the domain (a complex ``x`` stays as it is)."""
    def fix(x):
        x = x if is_traced(x) else np.asarray(x)
        if dtype_of(x).kind == "c" or not np.any(outside(x)):
            return x
        return _to_complex(x)
    return fix


_fix_real_lt_zero = _fix(lambda x: x < 0)
_fix_real_abs_gt_1 = _fix(lambda x: abs(x) > 1)


def _fix_int_lt_zero(p):
    """NumPy's ``_fix_int_lt_zero``: an integer exponent with a negative element as floats (a
    Var holds floating-point numbers already)."""
    if is_traced(p):
        return p
    p = np.asarray(p)
    return p * 1.0 if np.any(np.isreal(p) & (p < 0)) else p


def _unary(name, fix):
    ufunc = getattr(np, name)

    def emath_function(x):
        return ufunc(fix(x))
    emath_function.__name__ = emath_function.__qualname__ = f"_emath_{name}"
    emath_function.__doc__ = f"np.emath.{name} on Vars: np.{name} of x, made complex first outside the real domain."
    defcomposite(getattr(_emath, name), emath_function, names=(f"numpy.emath.{name}",))


for _name in ("sqrt", "log", "log2", "log10"):
    _unary(_name, _fix_real_lt_zero)
_unary("arctanh", _fix_real_abs_gt_1)  # 1 / (1 - z**2): one value on both sides of the cut


# arcsin and arccos of a real x with |x| > 1: NumPy evaluates them at x + 0j, on their branch
# cuts, where the value is the limit from the upper half plane (C99's signed zero). The plain
# complex rule 1 / sqrt(1 - z**2) takes the other side there (1 - z**2 gets a +0j imaginary
# part), which gives the imaginary part of the derivative the wrong sign. The derivative
# along the real line, from above: 1 / (sqrt(1 - z) * sqrt(1 + z)) with 1 - z just below the
# real axis, i.e. conj(sqrt(1 - x + 0j)) * sqrt(1 + x + 0j) for real x (real for |x| < 1).

def _arcsin_derivative(x):
    """d/dx of np.emath.arcsin(x) for real ``x`` (complex where |x| > 1; internal)."""
    complex_dtype = np.complex64 if dtype_of(x) == np.float32 else np.complex128
    return 1.0 / (np.conj(np.sqrt(astype(1.0 - x, complex_dtype))) * np.sqrt(astype(1.0 + x, complex_dtype)))


def _on_cut(name, sign):
    emath_function = getattr(_emath, name)

    def on_cut(x):
        return emath_function(x)
    on_cut.__name__ = on_cut.__qualname__ = f"_emath_{name}_on_cut"

    def vjp(ans, x):
        dtype = dtype_of(x)
        return lambda g: astype(np.real(g * (sign * _arcsin_derivative(x))), dtype)
    return own_function(on_cut, f"numpy.emath.{name}", vjp)


def _inverse_sine(name, sign):
    ufunc, on_cut = getattr(np, name), _on_cut(name, sign)

    def emath_function(x):
        x = x if is_traced(x) else np.asarray(x)
        if dtype_of(x).kind == "c" or not np.any(abs(x) > 1):
            return ufunc(x)  # complex already, or real inside the domain: the plain function
        return on_cut(x)
    emath_function.__name__ = emath_function.__qualname__ = f"_emath_{name}"
    emath_function.__doc__ = (f"np.emath.{name} on Vars: np.{name}, or for a real x with |x| > 1 its value at "
                              "x + 0j with the derivative along the real line.")
    defcomposite(getattr(_emath, name), emath_function, names=(f"numpy.emath.{name}",))


_inverse_sine("arcsin", 1.0)
_inverse_sine("arccos", -1.0)


def _logn(n, x):
    """np.emath.logn on Vars: ``log(x) / log(n)``, each made complex first where negative."""
    x = _fix_real_lt_zero(x)
    n = _fix_real_lt_zero(n)
    return np.log(x) / np.log(n)


def _power(x, p):
    """np.emath.power on Vars: ``x ** p``, ``x`` made complex first where negative."""
    return np.power(_fix_real_lt_zero(x), _fix_int_lt_zero(p))


defcomposite(_emath.logn, _logn, names=("numpy.emath.logn",))
defcomposite(_emath.power, _power, names=("numpy.emath.power",))
