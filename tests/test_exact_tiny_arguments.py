"""First and second derivatives in x of ``wengert.scipy.stats`` distributions at tiny distances from the lower end of
their support (``x = 1e-300, 1e-200, 1e-100, 1e-20``), against mpmath's closed forms (derivatives by ``mp.diff`` at
1000 digits with a step relative to x; ``test_the_tables_are_mpmaths`` recomputes them where mpmath is installed).

burr's forms (burr, mielke, kappa3; burr12's densities share the leading powers): near 0 the cdf ``z^(c d) (1 +
z^c)^-d`` and the density ``z^e (1 + z^c)^-k`` took ``z^(c d)`` times the second factor's second derivative ``k c (c +
1) z^(c - 2)``, which overflows alone below ``z^(2 - c) = 1e-308``: kappa3.cdf'' at a = 0.5, x = 1e-300 was +inf (the
truth -1.2e151), mielke.pdf'' at k = 2, s = 0.5 +inf (the truth -7.5e150), mielke.cdf'' NaN (the truth 2); the log
kernels ``e log z + b log1p(z^c)`` overflowed apart with opposite signs (kappa3.logcdf'', mielke.logpdf'' and
logcdf'', burr.logcdf'' at c = 0.5: NaN, the truth -inf); burr's logsf ``log1p(-cdf)`` took ``-cdf'' - cdf'^2 = inf -
inf`` (NaN, the truth +inf). Where the truth is infinite, NumPy's overflow warning of the powers' derivatives is the
truth's rounding (as at the end itself, tests/test_stats_burr.py).
"""
import math

import numpy as np
import pytest

import wengert as wg
from test_exact_support_ends_forward import assert_close, paths1, paths2
from wengert.scipy import stats

#: (distribution.method, shapes, x, first derivative in x, second derivative in x)
BURR_FAMILY = [
    ('kappa3.cdf', (0.5,), 1e-300, 4.0, -1.2e+151),
    ('kappa3.cdf', (0.5,), 1e-200, 4.0, -1.2e+101),
    ('kappa3.cdf', (0.5,), 1e-100, 4.0, -1.2e+51),
    ('kappa3.cdf', (0.5,), 1e-20, 3.9999999976, -119999999904.0),
    ('kappa3.logcdf', (0.5,), 1e-300, 9.999999999999999e+299, -np.inf),
    ('kappa3.logcdf', (0.5,), 1e-200, 1e+200, -np.inf),
    ('kappa3.logcdf', (0.5,), 1e-100, 1e+100, -1e+200),
    ('kappa3.logcdf', (0.5,), 1e-20, 9.999999998e+19, -9.999999999000001e+39),
    ('kappa3.logsf', (0.5,), 1e-300, -4.0, 1.2e+151),
    ('kappa3.logsf', (0.5,), 1e-200, -4.0, 1.2e+101),
    ('kappa3.logsf', (0.5,), 1e-100, -4.0, 1.2e+51),
    ('kappa3.logsf', (0.5,), 1e-20, -3.9999999976, 119999999888.0),
    ('kappa3.cdf', (2.0,), 1e-300, 0.7071067811865476, -1.0606601717798213e-300),
    ('kappa3.cdf', (2.0,), 1e-200, 0.7071067811865476, -1.0606601717798212e-200),
    ('kappa3.cdf', (2.0,), 1e-100, 0.7071067811865476, -1.0606601717798213e-100),
    ('kappa3.cdf', (2.0,), 1e-20, 0.7071067811865476, -1.0606601717798213e-20),
    ('mielke.cdf', (2.0, 0.5), 1e-300, 2e-300, 2.0),
    ('mielke.cdf', (2.0, 0.5), 1e-200, 2e-200, 2.0),
    ('mielke.cdf', (2.0, 0.5), 1e-100, 2e-100, 2.0),
    ('mielke.cdf', (2.0, 0.5), 1e-20, 1.999999999e-20, 1.9999999985),
    ('mielke.pdf', (2.0, 0.5), 1e-300, 2.0, -7.5e+150),
    ('mielke.pdf', (2.0, 0.5), 1e-200, 2.0, -7.5e+100),
    ('mielke.pdf', (2.0, 0.5), 1e-100, 2.0, -7.5e+50),
    ('mielke.pdf', (2.0, 0.5), 1e-20, 1.9999999985, -74999999940.0),
    ('mielke.logpdf', (2.0, 0.5), 1e-300, 9.999999999999999e+299, -np.inf),
    ('mielke.logpdf', (2.0, 0.5), 1e-200, 1e+200, -np.inf),
    ('mielke.logpdf', (2.0, 0.5), 1e-100, 1e+100, -1e+200),
    ('mielke.logpdf', (2.0, 0.5), 1e-20, 9.9999999975e+19, -9.999999998750001e+39),
    ('mielke.logcdf', (2.0, 0.5), 1e-300, 1.9999999999999998e+300, -np.inf),
    ('mielke.logcdf', (2.0, 0.5), 1e-200, 2e+200, -np.inf),
    ('mielke.logcdf', (2.0, 0.5), 1e-100, 2e+100, -2e+200),
    ('mielke.logcdf', (2.0, 0.5), 1e-20, 1.9999999998000002e+20, -1.9999999999000001e+40),
    ('mielke.cdf', (0.5, 0.5), 1e-300, 5e+149, -np.inf),
    ('mielke.cdf', (0.5, 0.5), 1e-200, 5e+99, -2.5e+299),
    ('mielke.cdf', (0.5, 0.5), 1e-100, 5e+49, -2.5e+149),
    ('mielke.cdf', (0.5, 0.5), 1e-20, 4999999999.0, -2.5e+29),
    ('mielke.logcdf', (0.5, 0.5), 1e-300, 4.9999999999999995e+299, -np.inf),
    ('mielke.logcdf', (0.5, 0.5), 1e-200, 5e+199, -np.inf),
    ('mielke.logcdf', (0.5, 0.5), 1e-100, 5e+99, -5e+199),
    ('mielke.logcdf', (0.5, 0.5), 1e-20, 4.9999999995000005e+19, -4.9999999997500003e+39),
    ('burr.cdf', (0.5, 0.5), 1e-300, 2.5e+224, -np.inf),
    ('burr.cdf', (0.5, 0.5), 1e-200, 2.5e+149, -np.inf),
    ('burr.cdf', (0.5, 0.5), 1e-100, 2.5e+74, -1.8749999999999999e+174),
    ('burr.cdf', (0.5, 0.5), 1e-20, 249999999962500.0, -1.8749999999062501e+34),
    ('burr.cdf', (0.5, 2.0), 1e-300, 1.0, -1.5e+150),
    ('burr.cdf', (0.5, 2.0), 1e-200, 1.0, -1.5e+100),
    ('burr.cdf', (0.5, 2.0), 1e-100, 1.0, -1.5e+50),
    ('burr.cdf', (0.5, 2.0), 1e-20, 0.9999999997, -14999999994.0),
    ('burr.logcdf', (0.5, 0.5), 1e-300, 2.4999999999999998e+299, -np.inf),
    ('burr.logcdf', (0.5, 0.5), 1e-200, 2.5e+199, -np.inf),
    ('burr.logcdf', (0.5, 0.5), 1e-100, 2.5e+99, -2.5e+199),
    ('burr.logcdf', (0.5, 0.5), 1e-20, 2.4999999997500002e+19, -2.4999999998750002e+39),
    ('burr.logcdf', (0.5, 2.0), 1e-300, 9.999999999999999e+299, -np.inf),
    ('burr.logcdf', (0.5, 2.0), 1e-200, 1e+200, -np.inf),
    ('burr.logcdf', (0.5, 2.0), 1e-100, 1e+100, -1e+200),
    ('burr.logcdf', (0.5, 2.0), 1e-20, 9.999999999000001e+19, -9.999999999500001e+39),
    ('burr.sf', (0.5, 0.5), 1e-300, -2.5e+224, np.inf),
    ('burr.sf', (0.5, 0.5), 1e-200, -2.5e+149, np.inf),
    ('burr.sf', (0.5, 0.5), 1e-100, -2.5e+74, 1.8749999999999999e+174),
    ('burr.sf', (0.5, 0.5), 1e-20, -249999999962500.0, 1.8749999999062501e+34),
    ('burr.logsf', (0.5, 0.5), 1e-300, -2.5e+224, np.inf),
    ('burr.logsf', (0.5, 0.5), 1e-200, -2.5e+149, np.inf),
    ('burr.logsf', (0.5, 0.5), 1e-100, -2.5e+74, 1.8749999999999999e+174),
    ('burr.logsf', (0.5, 0.5), 1e-20, -250002499987499.75, 1.8750124999687502e+34),
    ('burr.logsf', (0.5, 2.0), 1e-300, -1.0, 1.5e+150),
    ('burr.logsf', (0.5, 2.0), 1e-200, -1.0, 1.5e+100),
    ('burr.logsf', (0.5, 2.0), 1e-100, -1.0, 1.5e+50),
    ('burr.logsf', (0.5, 2.0), 1e-20, -0.9999999997, 14999999993.0),
    ('burr.logpdf', (0.5, 2.0), 1e-300, -1.5e+150, np.inf),
    ('burr.logpdf', (0.5, 2.0), 1e-200, -1.5e+100, 7.5e+299),
    ('burr.logpdf', (0.5, 2.0), 1e-100, -1.5e+50, 7.499999999999999e+149),
    ('burr.logpdf', (0.5, 2.0), 1e-20, -14999999998.5, 7.500000000000001e+29),
    ('burr.cdf', (2.0, 0.5), 1e-300, 1.0, -3e-300),
    ('burr.cdf', (2.0, 0.5), 1e-200, 1.0, -3e-200),
    ('burr.cdf', (2.0, 0.5), 1e-100, 1.0, -3e-100),
    ('burr.cdf', (2.0, 0.5), 1e-20, 1.0, -2.9999999999999997e-20),
    ('burr12.pdf', (0.5, 2.0), 1e-300, -np.inf, np.inf),
    ('burr12.pdf', (0.5, 2.0), 1e-200, -5e+299, np.inf),
    ('burr12.pdf', (0.5, 2.0), 1e-100, -5e+149, 7.5e+249),
    ('burr12.pdf', (0.5, 2.0), 1e-20, -5e+29, 7.500000000000001e+49),
    ('burr12.logpdf', (0.5, 2.0), 1e-300, -4.9999999999999995e+299, np.inf),
    ('burr12.logpdf', (0.5, 2.0), 1e-200, -5e+199, np.inf),
    ('burr12.logpdf', (0.5, 2.0), 1e-100, -5e+99, 5e+199),
    ('burr12.logpdf', (0.5, 2.0), 1e-20, -5.0000000015e+19, 5.000000000750001e+39),
]


#: gengamma's tails at c > 0 (w = z^c tiny): (method, (a, c), x, first derivative, second derivative)
GENGAMMA = [
    ('gengamma.cdf', (2.0, 0.5), 1e-300, 0.5, -2.5e+149),
    ('gengamma.cdf', (2.0, 0.5), 1e-200, 0.5, -2.5e+99),
    ('gengamma.cdf', (2.0, 0.5), 1e-100, 0.5, -2.5e+49),
    ('gengamma.cdf', (2.0, 0.5), 1e-20, 0.49999999995, -2499999999.75),
    ('gengamma.logcdf', (2.0, 0.5), 1e-300, 9.999999999999999e+299, -np.inf),
    ('gengamma.logcdf', (2.0, 0.5), 1e-200, 1e+200, -np.inf),
    ('gengamma.logcdf', (2.0, 0.5), 1e-100, 1e+100, -1e+200),
    ('gengamma.logcdf', (2.0, 0.5), 1e-20, 9.999999999666668e+19, -9.999999999833334e+39),
    ('gengamma.sf', (2.0, 0.5), 1e-300, -0.5, 2.5e+149),
    ('gengamma.sf', (2.0, 0.5), 1e-200, -0.5, 2.5e+99),
    ('gengamma.sf', (2.0, 0.5), 1e-100, -0.5, 2.5e+49),
    ('gengamma.sf', (2.0, 0.5), 1e-20, -0.49999999995, 2499999999.75),
    ('gengamma.logsf', (2.0, 0.5), 1e-300, -0.5, 2.5e+149),
    ('gengamma.logsf', (2.0, 0.5), 1e-200, -0.5, 2.5e+99),
    ('gengamma.logsf', (2.0, 0.5), 1e-100, -0.5, 2.5e+49),
    ('gengamma.logsf', (2.0, 0.5), 1e-20, -0.49999999995, 2499999999.5),
    ('gengamma.cdf', (0.5, 0.5), 1e-300, 2.8209479177387815e+224, -np.inf),
    ('gengamma.cdf', (0.5, 0.5), 1e-200, 2.8209479177387817e+149, -np.inf),
    ('gengamma.cdf', (0.5, 0.5), 1e-100, 2.8209479177387815e+74, -2.115710938304086e+174),
    ('gengamma.cdf', (0.5, 0.5), 1e-20, 282094791745668.7, -2.1157109382335626e+34),
    ('gengamma.logcdf', (0.5, 0.5), 1e-300, 2.4999999999999998e+299, -np.inf),
    ('gengamma.logcdf', (0.5, 0.5), 1e-200, 2.5e+199, -np.inf),
    ('gengamma.logcdf', (0.5, 0.5), 1e-100, 2.5e+99, -2.5e+199),
    ('gengamma.logcdf', (0.5, 0.5), 1e-20, 2.4999999998333334e+19, -2.499999999916667e+39),
    ('gengamma.logsf', (0.5, 0.5), 1e-300, -2.8209479177387815e+224, np.inf),
    ('gengamma.logsf', (0.5, 0.5), 1e-200, -2.8209479177387817e+149, np.inf),
    ('gengamma.logsf', (0.5, 0.5), 1e-100, -2.8209479177387815e+74, 2.115710938304086e+174),
    ('gengamma.logsf', (0.5, 0.5), 1e-20, -282097974880447.94, 2.1157268538176653e+34),
    ('gengamma.cdf', (2.0, 2.0), 1e-300, 0.0, 0.0),
    ('gengamma.cdf', (2.0, 2.0), 1e-200, 0.0, 0.0),
    ('gengamma.cdf', (2.0, 2.0), 1e-100, 2e-300, 6e-200),
    ('gengamma.cdf', (2.0, 2.0), 1e-20, 1.9999999999999997e-60, 5.9999999999999996e-40),
    ('gengamma.logcdf', (2.0, 2.0), 1e-300, 3.9999999999999996e+300, -np.inf),
    ('gengamma.logcdf', (2.0, 2.0), 1e-200, 4e+200, -np.inf),
    ('gengamma.logcdf', (2.0, 2.0), 1e-100, 4e+100, -4e+200),
    ('gengamma.logcdf', (2.0, 2.0), 1e-20, 4e+20, -4.0000000000000006e+40),
    ('gengamma.logsf', (1.0, 1.0), 1e-300, -1.0, 0.0),
    ('gengamma.logsf', (1.0, 1.0), 1e-200, -1.0, 0.0),
    ('gengamma.logsf', (1.0, 1.0), 1e-100, -1.0, 0.0),
    ('gengamma.logsf', (1.0, 1.0), 1e-20, -1.0, 0.0),
    ('gengamma.cdf', (1.0, 1.0), 1e-300, 1.0, -1.0),
    ('gengamma.cdf', (1.0, 1.0), 1e-200, 1.0, -1.0),
    ('gengamma.cdf', (1.0, 1.0), 1e-100, 1.0, -1.0),
    ('gengamma.cdf', (1.0, 1.0), 1e-20, 1.0, -1.0),
]


#: exponweib's cdf ``(1 - exp(-z^c))^a``, tails and density near 0, and burr's and gengamma's log sf at a c = 1 (the
#: square of the cdf there): (method, shapes, x, first derivative, second derivative)
EXPONWEIB = [
    ('exponweib.cdf', (2.0, 0.5), 1e-300, 1.0, -7.5e+149),
    ('exponweib.cdf', (2.0, 0.5), 1e-200, 1.0, -7.5e+99),
    ('exponweib.cdf', (2.0, 0.5), 1e-100, 1.0, -7.5e+49),
    ('exponweib.cdf', (2.0, 0.5), 1e-20, 0.99999999985, -7499999998.833334),
    ('exponweib.sf', (2.0, 0.5), 1e-300, -1.0, 7.5e+149),
    ('exponweib.sf', (2.0, 0.5), 1e-200, -1.0, 7.5e+99),
    ('exponweib.sf', (2.0, 0.5), 1e-100, -1.0, 7.5e+49),
    ('exponweib.sf', (2.0, 0.5), 1e-20, -0.99999999985, 7499999998.833334),
    ('exponweib.logsf', (2.0, 0.5), 1e-300, -1.0, 7.5e+149),
    ('exponweib.logsf', (2.0, 0.5), 1e-200, -1.0, 7.5e+99),
    ('exponweib.logsf', (2.0, 0.5), 1e-100, -1.0, 7.5e+49),
    ('exponweib.logsf', (2.0, 0.5), 1e-20, -0.99999999985, 7499999997.833334),
    ('exponweib.cdf', (0.5, 0.5), 1e-300, 2.5e+224, -np.inf),
    ('exponweib.cdf', (0.5, 0.5), 1e-200, 2.5e+149, -np.inf),
    ('exponweib.cdf', (0.5, 0.5), 1e-100, 2.5e+74, -1.8749999999999999e+174),
    ('exponweib.cdf', (0.5, 0.5), 1e-20, 249999999981250.0, -1.8749999999531252e+34),
    ('exponweib.logsf', (0.5, 0.5), 1e-300, -2.5e+224, np.inf),
    ('exponweib.logsf', (0.5, 0.5), 1e-200, -2.5e+149, np.inf),
    ('exponweib.logsf', (0.5, 0.5), 1e-100, -2.5e+74, 1.8749999999999999e+174),
    ('exponweib.logsf', (0.5, 0.5), 1e-20, -250002500006250.0, 1.8750125000156252e+34),
    ('exponweib.pdf', (0.5, 0.5), 1e-300, -np.inf, np.inf),
    ('exponweib.pdf', (0.5, 0.5), 1e-200, -np.inf, np.inf),
    ('exponweib.pdf', (0.5, 0.5), 1e-100, -1.8749999999999999e+174, 3.2812499999999997e+274),
    ('exponweib.pdf', (0.5, 0.5), 1e-20, -1.8749999999531252e+34, 3.281249999941407e+54),
    ('exponweib.pdf', (2.0, 0.5), 1e-200, -7.5e+99, 3.75e+299),
    ('exponweib.pdf', (2.0, 0.5), 1e-100, -7.5e+49, 3.7499999999999997e+149),
    ('exponweib.pdf', (2.0, 0.5), 1e-20, -7499999998.833334, 3.7500000000000004e+29),
    ('exponweib.pdf', (1.0, 1.0), 1e-300, -1.0, 1.0),
    ('exponweib.pdf', (1.0, 1.0), 1e-200, -1.0, 1.0),
    ('exponweib.pdf', (1.0, 1.0), 1e-100, -1.0, 1.0),
    ('exponweib.pdf', (1.0, 1.0), 1e-20, -1.0, 1.0),
    ('exponweib.pdf', (0.5, 2.0), 1e-300, -1.5e-300, -1.5),
    ('exponweib.pdf', (0.5, 2.0), 1e-200, -1.5e-200, -1.5),
    ('exponweib.pdf', (0.5, 2.0), 1e-100, -1.5e-100, -1.5),
    ('exponweib.pdf', (0.5, 2.0), 1e-20, -1.4999999999999998e-20, -1.5),
    ('exponweib.logpdf', (0.5, 0.5), 1e-200, -7.5e+199, np.inf),
    ('exponweib.logpdf', (0.5, 0.5), 1e-100, -7.5e+99, 7.5e+199),
    ('exponweib.logpdf', (0.5, 0.5), 1e-20, -7.500000000375e+19, 7.500000000187501e+39),
    ('burr.logsf', (2.0, 0.5), 1e-300, -1.0, -1.0),
    ('burr.logsf', (2.0, 0.5), 1e-200, -1.0, -1.0),
    ('burr.logsf', (2.0, 0.5), 1e-100, -1.0, -1.0),
    ('burr.logsf', (2.0, 0.5), 1e-20, -1.0, -1.0),
    ('gengamma.logsf', (2.0, 0.5), 1e-300, -0.5, 2.5e+149),
    ('gengamma.logsf', (2.0, 0.5), 1e-200, -0.5, 2.5e+99),
    ('gengamma.logsf', (2.0, 0.5), 1e-100, -0.5, 2.5e+49),
    ('gengamma.logsf', (2.0, 0.5), 1e-20, -0.49999999995, 2499999999.5),
]


#: beta's density near 0 at a < 1 (arcsine's, powerlaw's): through ``z^(a - 1) (1 - z)^(b - 1)`` the second
#: derivative took ``2 (z^(a - 1))' ((1 - z)^(b - 1))'`` (-inf beside the first factor's +inf, or -inf * 0 at b = 1):
#: NaN at 1e-300, the truth +inf; exponpow's density and bradford's log cdf likewise. (method, shapes, x, first derivative,
#: second derivative)
BETA = [
    ('beta.pdf', (0.5, 0.5), 1e-300, -np.inf, np.inf),
    ('beta.pdf', (0.5, 0.5), 1e-100, -1.5915494309189532e+149, 2.38732414637843e+249),
    ('beta.pdf', (0.5, 3.0), 1e-300, -np.inf, np.inf),
    ('beta.pdf', (0.5, 3.0), 1e-200, -4.6875e+299, np.inf),
    ('arcsine.pdf', (), 1e-300, -np.inf, np.inf),
    ('powerlaw.pdf', (0.5,), 1e-300, -np.inf, np.inf),
    ('powerlaw.pdf', (0.5,), 1e-100, -2.5e+149, 3.75e+249),
    # (exponpow's z^(b - 1) exp(1 + w - e^w), w = z^b: its second factor's w'' (1 - e^w) was inf * -w, NaN)
    ('exponpow.pdf', (0.5,), 1e-300, -np.inf, np.inf),
    ('exponpow.pdf', (0.5,), 1e-200, -2.5e+299, np.inf),
    ('exponpow.pdf', (0.5,), 1e-100, -2.5e+149, 3.75e+249),
    # (bradford's log cdf log(z L(c z) / L(c)): its second derivative met 1 / (z L)^2 twice, NaN; now log z + ...)
    ('bradford.logcdf', (0.5,), 1e-300, 9.999999999999999e+299, -np.inf),
    ('bradford.logcdf', (3.0,), 1e-100, 1e+100, -1e+200),
    # (genhalflogistic's log(tanh(v)), v = z R(c z) / 2, likewise; now log z + log(R / 2) + log(tanh(v) / v))
    ('genhalflogistic.logcdf', (0.5,), 1e-300, 9.999999999999999e+299, -np.inf),
    ('genhalflogistic.logcdf', (2.0,), 1e-200, 1e+200, -np.inf),
    # (alpha's -2 log z - (a - 1/z)^2 / 2: its terms' second derivatives +inf and -inf apart, NaN)
    ('alpha.logpdf', (1.0,), 1e-300, np.inf, -np.inf),
    ('alpha.logpdf', (0.3,), 1e-200, np.inf, -np.inf),
    # (betaprime's log sf by its leading power c: through log1p(-exp(log c)) its second derivative was 0 * inf, NaN;
    # at a = 1 the leading power missed the next one's share of the second derivative: a wrong number, now beta's)
    ('betaprime.logsf', (2.0, 3.0), 1e-300, -1.2e-299, -12.0),
    ('betaprime.logsf', (0.5, 3.0), 1e-300, -9.375e+149, np.inf),
    ('betaprime.logsf', (1.0, 2.0), 1e-300, -2.0, 2.0),
    ('betaprime.logsf', (1.0, 2.0), 1e-100, -2.0, 2.0),
    ('betaprime.cdf', (1.0, 2.0), 1e-300, 2.0, -6.0),
]


def _function(name, shapes):
    distribution, method = name.split(".")
    return lambda x: getattr(getattr(stats, distribution), method)(x, *shapes)


def _derivatives_match(name, shapes, x, first, second):
    f = _function(name, shapes)
    for paths, want in ((paths1, first), (paths2, second)):
        if math.isinf(want):  # (the powers' derivatives overflow: the truth's rounding)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                assert_close(paths(f, x), want, 1e-13)
        else:
            assert_close(paths(f, x), want, 1e-13)


@pytest.mark.parametrize("name, shapes, x, first, second", BURR_FAMILY,
                         ids=[f"{c[0]}-{c[1]}-{c[2]!r}" for c in BURR_FAMILY])
def test_burr_family_near_zero(name, shapes, x, first, second):
    _derivatives_match(name, shapes, x, first, second)


@pytest.mark.parametrize("name, shapes, x, first, second", GENGAMMA, ids=[f"{c[0]}-{c[1]}-{c[2]!r}" for c in GENGAMMA])
def test_gengamma_tails_near_zero(name, shapes, x, first, second):
    _derivatives_match(name, shapes, x, first, second)


@pytest.mark.parametrize("name, shapes, x, first, second", BETA, ids=[f"{c[0]}-{c[1]}-{c[2]!r}" for c in BETA])
def test_beta_density_near_zero(name, shapes, x, first, second):
    _derivatives_match(name, shapes, x, first, second)


@pytest.mark.parametrize("name, shapes, x, first, second", EXPONWEIB,
                         ids=[f"{c[0]}-{c[1]}-{c[2]!r}" for c in EXPONWEIB])
def test_exponweib_near_zero(name, shapes, x, first, second):
    _derivatives_match(name, shapes, x, first, second)


FAR_OUT = [  # (distribution.method, shapes, value and derivative at x = 1e300): z ** c on Python floats raised
    # OverflowError; the derivative -c z^(c - 1) where the value is -z^c to rounding
    ("gengamma.logpdf", (2.0, 2.0), -np.inf, -2e300), ("gengamma.logsf", (2.0, 2.0), -np.inf, -2e300),
    ("halfgennorm.logpdf", (2.0,), -np.inf, -2e300), ("halfgennorm.logsf", (2.0,), -np.inf, -2e300),
    ("exponpow.logsf", (2.0,), -np.inf, -np.inf),
    # (these were OverflowError too, then NaN as SciPy's: w - e^w = inf - inf)
    ("exponpow.logpdf", (2.0,), -np.inf, -np.inf), ("exponpow.pdf", (2.0,), 0.0, 0.0),
]


@pytest.mark.parametrize("name, shapes, want, slope", FAR_OUT, ids=[c[0] for c in FAR_OUT])
def test_far_out_a_power_that_overflows_is_its_limit_not_an_error(name, shapes, want, slope):
    f = _function(name, shapes)
    with np.errstate(over="ignore"):
        assert float(f(1e300)) == want
        assert float(np.asarray(f(np.array([1e300])))[0]) == want
        assert float(wg.grad(f)(1e300)) == slope


def test_exponpow_log_density_where_the_exponential_overflows():
    # log b + (b - 1) log z + w - e^w + 1, w = z^b: from w = 700 on -e^w (exact to 1e-300); at w = 705.0 the
    # exponential is finite and w is below rounding beside it
    z = 705.0 ** 0.5
    want = 1.0 + np.log(2.0) + np.log(z) + 705.0 - np.exp(705.0)
    assert float(stats.exponpow.logpdf(z, 2.0)) == pytest.approx(want, rel=1e-15, abs=0.0)
    # d/dz: (b - 1) / z + b z^(b - 1) (1 - e^w)
    assert float(wg.grad(lambda x: stats.exponpow.logpdf(x, 2.0))(z)) == pytest.approx(
        1.0 / z + 2.0 * z * (1.0 - np.exp(705.0)), rel=1e-13, abs=0.0)
    for z in (2.0, 26.0, 26.5):  # (either side of w = 700: the same closed form)
        w = z * z
        assert float(stats.exponpow.logpdf(z, 2.0)) == pytest.approx(1.0 + np.log(2.0) + np.log(z) + w - np.exp(w),
                                                                       rel=1e-15, abs=0.0)


def _double(mp, v):
    """The double nearest the mpf ``v`` (+-inf beyond the largest)."""
    return float(v) if abs(v) < mp.mpf("1.7976931348623157e308") else math.copysign(math.inf, v)


def _closed_forms(mp):
    return {
        "kappa3.cdf": lambda x, a: x * (a + x ** a) ** (-1 / a),
        "kappa3.logcdf": lambda x, a: mp.log(x) - mp.log(a + x ** a) / a,
        "kappa3.logsf": lambda x, a: mp.log1p(-x * (a + x ** a) ** (-1 / a)),
        "mielke.cdf": lambda x, k, s: x ** k * (1 + x ** s) ** (-k / s),
        "mielke.pdf": lambda x, k, s: k * x ** (k - 1) * (1 + x ** s) ** (-1 - k / s),
        "mielke.logpdf": lambda x, k, s: mp.log(k) + (k - 1) * mp.log(x) - (1 + k / s) * mp.log1p(x ** s),
        "mielke.logcdf": lambda x, k, s: k * mp.log(x) - k / s * mp.log1p(x ** s),
        "burr.cdf": lambda x, c, d: (1 + x ** -c) ** -d,
        "burr.logcdf": lambda x, c, d: -d * mp.log1p(x ** -c),
        "burr.sf": lambda x, c, d: 1 - (1 + x ** -c) ** -d,
        "burr.logsf": lambda x, c, d: mp.log1p(-(1 + x ** -c) ** -d),
        "burr.logpdf": lambda x, c, d: mp.log(c * d) - (c + 1) * mp.log(x) - (d + 1) * mp.log1p(x ** -c),
        "burr12.pdf": lambda x, c, d: c * d * x ** (c - 1) * (1 + x ** c) ** (-d - 1),
        "burr12.logpdf": lambda x, c, d: mp.log(c * d) + (c - 1) * mp.log(x) - (d + 1) * mp.log1p(x ** c),
        "gengamma.cdf": lambda x, a, c: mp.gammainc(a, 0, x ** c, regularized=True),
        "gengamma.logcdf": lambda x, a, c: mp.log(mp.gammainc(a, 0, x ** c, regularized=True)),
        "gengamma.sf": lambda x, a, c: mp.gammainc(a, x ** c, mp.inf, regularized=True),
        "gengamma.logsf": lambda x, a, c: mp.log1p(-mp.gammainc(a, 0, x ** c, regularized=True)),
        "beta.pdf": lambda x, a, b: x ** (a - 1) * (1 - x) ** (b - 1) / mp.beta(a, b),
        "arcsine.pdf": lambda x: 1 / (mp.pi * mp.sqrt(x * (1 - x))),
        "powerlaw.pdf": lambda x, a: a * x ** (a - 1),
        "bradford.logcdf": lambda x, c: mp.log(mp.log1p(c * x) / mp.log1p(c)),
        "alpha.logpdf": lambda x, a: -2 * mp.log(x) - (a - 1 / x) ** 2 / 2 - mp.log(2 * mp.pi) / 2 - mp.log(mp.ncdf(a)),
        "betaprime.logsf": lambda x, a, b: mp.log1p(-mp.betainc(a, b, 0, x / (1 + x), regularized=True)),
        "betaprime.cdf": lambda x, a, b: mp.betainc(a, b, 0, x / (1 + x), regularized=True),
        "genhalflogistic.logcdf": lambda x, c: mp.log(mp.tanh(-mp.log1p(-c * x) / (2 * c))),
        "exponpow.pdf": lambda x, b: b * x ** (b - 1) * mp.exp(1 + x ** b - mp.exp(x ** b)),
        "exponweib.cdf": lambda x, a, c: (-mp.expm1(-x ** c)) ** a,
        "exponweib.sf": lambda x, a, c: 1 - (-mp.expm1(-x ** c)) ** a,
        "exponweib.logsf": lambda x, a, c: mp.log1p(-(-mp.expm1(-x ** c)) ** a),
        "exponweib.pdf": lambda x, a, c: a * c * x ** (c - 1) * mp.exp(-x ** c) * (-mp.expm1(-x ** c)) ** (a - 1),
        "exponweib.logpdf": lambda x, a, c: (mp.log(a * c) + (c - 1) * mp.log(x) - x ** c
                                             + (a - 1) * mp.log(-mp.expm1(-x ** c))),
    }


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    forms = _closed_forms(mp)

    with mp.workdps(1000):
        for name, shapes, x, first, second in BURR_FAMILY + GENGAMMA + EXPONWEIB + BETA:
            z, ps = mp.mpf(x), [mp.mpf(s) for s in shapes]
            for n, want in ((1, first), (2, second)):
                got = _double(mp, mp.diff(lambda t: forms[name](t, *ps), z, n, h=z * mp.mpf("1e-150")))
                assert got == want or abs(got - want) <= 1e-15 * abs(want), (name, shapes, x, n, got, want)


#: gumbel_r's log sf ``log(1 - exp(-e^-z))`` far up, (x, value, first, second derivative): through log(-expm1(-u)) it
#: was log(0) = -inf where u = e^-z underflows (from x = 745; SciPy's is -inf too), its derivative NaN (the truth -1)
GUMBEL_FAR = [
    (5.0, -5.003367081836518, -0.9966348098250748, -0.0033614068560331545),
    (30.0, -30.000000000000046, -0.9999999999999533, -4.6788114844199416e-14),
    (700.0, -700.0, -1.0, -4.929838271879885e-305),
    (800.0, -800.0, -1.0, 0.0),
    (1e20, -1e20, -1.0, 0.0),
    (1e300, -1e300, -1.0, 0.0),
]


@pytest.mark.parametrize("x, value, first, second", GUMBEL_FAR, ids=[repr(c[0]) for c in GUMBEL_FAR])
def test_gumbel_log_tails_far_out(x, value, first, second):
    for f, y, sign in ((stats.gumbel_r.logsf, x, 1.0), (stats.gumbel_l.logcdf, -x, -1.0)):
        assert float(f(y)) == pytest.approx(value, rel=1e-15, abs=0.0)
        assert_close(paths1(f, y), sign * first, 1e-14)
        assert_close(paths2(f, y), second, 1e-12)


def test_the_gumbel_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        for x, value, first, second in GUMBEL_FAR:
            # (log(1 - exp(-u)) = -z + log((1 - e^-u) / u): its derivatives -1 - u h'(u) and u (h' + u h''), u = e^-z)
            u = mp.exp(-mp.mpf(x))
            h = (lambda w: mp.log(-mp.expm1(-w) / w)) if u > mp.mpf("1e-40") else (lambda w: -w / 2)
            assert float(-mp.mpf(x) + h(u)) == pytest.approx(value, rel=1e-15, abs=0.0)
            dh = mp.diff(h, u) if u > mp.mpf("1e-40") else mp.mpf(-0.5)
            d2h = mp.diff(h, u, 2) if u > mp.mpf("1e-40") else mp.mpf(1) / 12
            assert float(-1 - u * dh) == pytest.approx(first, rel=1e-15, abs=0.0)
            assert float(u * (dh + u * d2h)) == pytest.approx(second, rel=1e-14, abs=1e-320)


#: invgauss's log density near 0, (x, mu, first, second derivative): its terms' second derivatives 1.5 / x^2 - 1 / x^3
#: overflowed apart below x = 1.5e-154 (NaN, the truth -inf; wald's, mu = 1, too)
INVGAUSS = [
    (1e-300, 0.5, np.inf, -np.inf), (1e-200, 2.0, np.inf, -np.inf), (1e-151, 0.5, 5e301, -np.inf),
    (1e-149, 2.0, 5.0000000000000004e297, -np.inf), (1e-100, 0.5, 5e199, -9.999999999999999e299),
]


@pytest.mark.parametrize("x, mu, first, second", INVGAUSS, ids=[f"{c[0]!r}-{c[1]!r}" for c in INVGAUSS])
def test_invgauss_log_density_near_zero(x, mu, first, second):
    with np.errstate(over="ignore"):
        assert_close(paths1(lambda t: stats.invgauss.logpdf(t, mu), x), first, 1e-15)
        assert_close(paths2(lambda t: stats.invgauss.logpdf(t, mu), x), second, 1e-15)
        assert float(wg.grad(wg.grad(stats.wald.logpdf))(x)) == -np.inf or x == 1e-100
    # d/dmu: (x / mu - 1) / mu^2, as SciPy's terms give
    assert float(wg.grad(lambda m: stats.invgauss.logpdf(x, m))(mu)) == pytest.approx(
        (x / mu - 1.0) / mu ** 2, rel=1e-15, abs=0.0)


def test_the_invgauss_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")

    with mp.workdps(50):
        for x, mu, first, second in INVGAUSS:
            z, m = mp.mpf(x), mp.mpf(mu)
            assert _double(mp, -1.5 / z + 1 / (2 * z * z) - 1 / (2 * m * m)) == first
            assert _double(mp, 1.5 / z ** 2 - 1 / z ** 3) == second


#: genextreme's log density and log cdf far below the mode (c > 0), (method, c, x, first, second derivative in x):
#: through exp(-y) = w^(1/c) (w = 1 - c x) the derivatives met u = exp(-y), which overflows from -y = 709.8 on,
#: before dy/dx = 1 / w (logcdf' at c = 0.5, x = -1e160 was inf, the truth 5e159; the second NaN, the truth -0.5)
GENEXTREME_FAR = [
    ('logcdf', 0.5, -1e+160, 5e+159, -0.5),
    ('logpdf', 0.5, -1e+300, 5e+299, -0.5),
    ('logcdf', 0.25, -1e+100, 1.5625e+298, -4.6875000000000004e+198),
    ('logpdf', 0.25, -1e+100, 1.5625e+298, -4.6875000000000004e+198),
    ('logpdf', 0.5, -1e+150, 5e+149, -0.5),
]


@pytest.mark.parametrize("method, c, x, first, second", GENEXTREME_FAR,
                         ids=[f"{r[0]}-{r[1]}-{r[2]!r}" for r in GENEXTREME_FAR])
def test_genextreme_log_tails_far_below_the_mode(method, c, x, first, second):
    f = lambda t: getattr(stats.genextreme, method)(t, c)  # noqa: E731
    with np.errstate(over="ignore"):
        assert float(f(x)) == (-np.inf if x < -1e150 or c < 0.5 else pytest.approx(-2.5e299, rel=1e-15, abs=0.0))
        assert_close(paths1(f, x), first, 1e-15)
        assert_close(paths2(f, x), second, 1e-15)
        # (in c: the product exp(-y) y_c, inf as the truth; a traced c keeps that form)
        assert float(wg.grad(lambda s: getattr(stats.genextreme, method)(x, s))(c)) == np.inf or x == -1e150


def test_the_genextreme_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for method, c, x, first, second in GENEXTREME_FAR:
            C, X = mp.mpf(c), mp.mpf(x)
            w, p = 1 - C * X, 1 / C
            d1, d2 = w ** (p - 1), -(1 - C) * w ** (p - 2)
            if method == "logpdf":  # ((p - 1) log w: -(1 - c) / w and -(1 - c) c / w^2 more)
                d1, d2 = d1 - (1 - C) / w, d2 - (1 - C) * C / w ** 2
            assert float(d1) == first and float(d2) == second


#: moyal's log cdf and log density far left, (method, z, value, first, second derivative), mpmath at 50 digits (the
#: log cdf by erfc's asymptotic series, to u^-6): through erfcx the log cdf's derivatives cancelled then overflowed
#: into NaN (at -1000 the second, from -1419 the first; the truth -inf and +inf), and 0.5 exp(-z) was inf from z =
#: -709.78 where the truth is finite (logcdf and logpdf at -710: -inf, the truth -1.117e308)
MOYAL_FAR = [
    ('logcdf', -40.1, -1.3007047572587554e+17, 1.3007047572587552e+17, -1.3007047572587552e+17),
    ('logcdf', -710.0, -1.1169973830808555e+308, 1.1169973830808555e+308, -1.1169973830808555e+308),
    ('logcdf', -1000.0, -np.inf, np.inf, -np.inf),
    ('logcdf', -1e20, -np.inf, np.inf, -np.inf),
    ('logpdf', -710.4, -1.6663642832806496e+308, 1.6663642832806496e+308, -1.6663642832806496e+308),
    ('logsf', -1000.0, -0.0, 0.0, 0.0),  # (-erfc(u), below the smallest float; its derivative was 0 * -inf)
    ('logsf', -1e20, -0.0, 0.0, 0.0),
]


@pytest.mark.parametrize("method, z, value, first, second", MOYAL_FAR, ids=[f"{r[0]}-{r[1]!r}" for r in MOYAL_FAR])
def test_moyal_log_tails_far_left(method, z, value, first, second):
    f = getattr(stats.moyal, method)
    with np.errstate(over="ignore"):
        assert float(f(z)) == pytest.approx(value, rel=3e-16, abs=0.0)
        assert_close(paths1(f, z), first, 3e-16)
        assert_close(paths2(f, z), second, 3e-16)


def test_the_moyal_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")

    def logcdf(t):
        u = mp.exp(-t / 2) / mp.sqrt(2)
        return -u * u - mp.log(u * mp.sqrt(mp.pi)) + mp.log(1 - 1 / (2 * u ** 2) + 3 / (4 * u ** 4) - 15 / (8 * u ** 6))
    forms = {"logcdf": logcdf, "logpdf": lambda t: -(t + mp.exp(-t)) / 2 - mp.log(2 * mp.pi) / 2}
    with mp.workdps(50):
        for method, z, value, first, second in MOYAL_FAR:
            if method in forms and z > -1000:
                Z = mp.mpf(z)
                assert [_double(mp, mp.diff(forms[method], Z, n)) for n in (0, 1, 2)] == [value, first, second]


#: gennorm(beta = 2) where |z|**beta overflows, (method, x, value, first, second derivative): the log tails there are
#: -z^2 - log|z| + log(1 / (2 sqrt(pi))) to below rounding (their derivatives -2z - 1/z and -2 + 1/z^2); before, the
#: gradient of the log sf at 1e160 was 0.0 (the truth -2e160), its other paths NaN or OverflowError (a Python float's
#: power), as was the jvp of the gradient of the cdf and sf (the truth 0)
GENNORM_FAR = [
    ('logsf', 1e160, -np.inf, -2e160, -2.0),
    ('logcdf', -1e300, -np.inf, 2e300, -2.0),
    ('cdf', 1e300, 1.0, 0.0, 0.0),
    ('sf', 1e160, 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize("method, x, value, first, second", GENNORM_FAR, ids=[f"{r[0]}-{r[1]!r}" for r in GENNORM_FAR])
def test_gennorm_where_the_power_overflows(method, x, value, first, second):
    f = lambda t: getattr(stats.gennorm, method)(t, 2.0)  # noqa: E731
    assert float(f(x)) == value
    assert_close(paths1(f, x), first, 1e-15)
    assert_close(paths2(f, x), second, 1e-15)


@pytest.mark.parametrize("method", ["logpdf", "logsf"])
@pytest.mark.parametrize("x", [1e20, 1e300])
def test_exponpow_log_tails_where_exp_of_the_power_overflows(method, x):
    # -exp(w), w = z^b, past e^w's overflow: every derivative -inf (its leading term -e^w w'^n); through the composition
    # the second derivative -e^w (w'^2 + w'') was -inf + inf at b = 0.5 (NaN, the truth -inf); in scale +inf first
    f = getattr(stats.exponpow, method)
    assert_close(paths1(lambda t: f(t, 0.5), x), -np.inf, 0.0)
    assert_close(paths2(lambda t: f(t, 0.5), x), -np.inf, 0.0)
    assert float(wg.grad(lambda b: f(x, b))(0.5)) == -np.inf
    assert float(wg.grad(lambda s: f(x, 0.5, 0.0, s))(1.0)) == np.inf
    assert float(wg.grad(wg.grad(lambda s: f(x, 0.5, 0.0, s)))(1.0)) == -np.inf


@pytest.mark.parametrize("a, x, first, second", [(0.25, 1e-300, -2.758156628302093e+224, np.inf),
                                                  (0.5, 1e-200, -5.641895835477563e+99, 2.8209479177387816e+299)])
def test_gamma_log_sf_near_zero(a, x, first, second):
    # log Q = -P - P^2 / 2 + ..., P = x^a / gamma(a + 1) (the next terms below rounding here; mpmath at 50 digits:
    # -a x^(a - 1) / gamma(a + 1) and -a (a - 1) x^(a - 2) / gamma(a + 1) - P'^2): through log1p(-P) the second
    # derivative was -P'' - P'^2, inf - inf for a < 1 (NaN; chi2's at df = 2a too)
    with np.errstate(over="ignore"):
        assert_close(paths1(lambda t: stats.gamma.logsf(t, a), x), first, 1e-14)
        assert_close(paths2(lambda t: stats.gamma.logsf(t, a), x), second, 1e-14)
        assert_close(paths1(lambda t: stats.chi2.logsf(t, 2.0 * a), 2.0 * x), first / 2.0, 1e-14)
        assert_close(paths2(lambda t: stats.chi2.logsf(t, 2.0 * a), 2.0 * x), second / 4.0, 1e-14)


#: genextreme far from the mode (w = 1 - c z from 64 on) in two of x, c and the scale s (loc 0): (method, c, x, s,
#: the pair, gradient, Hessian), mpmath at 120 digits. Through z = x / s the s-derivatives met dz/ds = -z / s, huge,
#: times z-derivatives, tiny: d2/ds2 of logcdf(-6.67e299, 1.5, 0, s) was -1.334e200, d2/dx ds -9.998e-101 (the first
#: row: logpdf the same); d2/dx ds of logpdf(1e20, -0.5) 0, of logsf(1e20, -1.5) 7.82e-35 by reverse over reverse
#: (cancelled); sf's d/ds at 1e300, -1.5 by forward mode -5.09e-201 (the sign); with c traced the powers overflowed
#: with a warning (logcdf(-1e300, 1.5) in x and c, logpdf(-1e160, 3) in c and s), or d/dx was inf (the last two:
#: logcdf and logpdf at c = 0.5, x = -1e160, in x and c: the truth 5e159)
GENEXTREME_FAR_PAIRS = [
    ('logcdf', 1.5, -6.67e+299, 1.0, 'xs', [9.99833388867293e-101, 6.668888703744844e+199],
     [[0.0, -6.665555925781953e-101], [-6.665555925781953e-101, -1.1114814506241407e+200]]),
    ('logpdf', 1.5, -6.67e+299, 1.0, 'xs', [9.99833388867293e-101, 6.668888703744844e+199],
     [[0.0, -6.665555925781953e-101], [-6.665555925781953e-101, -1.1114814506241407e+200]]),
    ('logcdf', 1.1, -1e+300, 3.0, 'xs', [1.9487815562186263e-28, 6.495938520728754e+271],
     [[0.0, -5.905398655207958e-29], [-5.905398655207958e-29, -4.133779058645571e+271]]),
    ('logpdf', 3.0, -1e+160, 1.0, 'cs', [1.2722813012188646e+55, 1.0357441686512864e+53],
     [[-5.294161625129216e+56, -4.275462476351258e+54], [-4.275462476351258e+54, -1.3809922248683816e+53]]),
    ('logcdf', 1.5, -1e+300, 1.0, 'xc', [8.735804647362988e-101, 4.019524217484152e+202],
     [[0.0, -2.6855066814210103e-98], [-2.6855066814210103e-98, -1.2383329123039895e+205]]),
    ('logpdf', -0.5, 1e+20, 1.0, 'xs', [-3e-20, 2.0], [[3e-40, 6e-40], [6e-40, -2.0]]),
    ('logsf', -1.5, 1e+20, 1.0, 'xs', [-6.6666666666665484e-21, 0.6666666666666549],
     [[6.666666666666469e-41, 7.871549401352582e-35], [7.871549401352582e-35, -0.6666666666666627]]),
    ('sf', -1.5, 1e+300, 1.0, 'xs', [-0.0, 5.087618855792586e-201], [[0.0, -0.0], [-0.0, -1.695872951930862e-201]]),
    ('pdf', -1.5, 1e+160, 1.0, 'xs', [-0.0, 7.307295035053245e-268], [[0.0, -0.0], [-0.0, -2.435765011684415e-268]]),
    ('logcdf', 0.5, -1e+160, 1.0, 'xc', [5e+159, np.inf],
     [[-0.5, -7.344409353969748e+162], [-7.344409353969748e+162, -np.inf]]),
    ('logpdf', 0.5, -1e+160, 1.0, 'xc', [5e+159, np.inf],
     [[-0.5, -7.344409353969748e+162], [-7.344409353969748e+162, -np.inf]]),
]


def _in_pair(distribution, method, c, x, s, pair):
    def f(p):
        args = {"x": x, "c": c, "s": s}
        args[pair[0]], args[pair[1]] = p[0], p[1]
        return getattr(distribution, method)(args["x"], args["c"], 0.0, args["s"])
    return f, np.array([{"x": x, "c": c, "s": s}[v] for v in pair])


def _check_pair(f, p, first, second):
    for path in (wg.grad, wg.jacfwd):
        np.testing.assert_allclose(path(f)(p), first, rtol=1e-13, atol=0, err_msg=path.__name__)
    paths = {"hessian": wg.hessian(f), "jacfwd(jacrev)": wg.jacfwd(wg.jacrev(f)),
             "jacfwd(jacfwd)": wg.jacfwd(wg.jacfwd(f)), "jacrev(grad)": wg.jacrev(wg.grad(f))}
    if np.all(np.isfinite(first)):  # (reverse over forward: an infinite first partial times a traced 0 is NaN)
        paths["jacrev(jacfwd)"] = wg.jacrev(wg.jacfwd(f))
    for path, g in paths.items():
        np.testing.assert_allclose(g(p), second, rtol=1e-12, atol=0, err_msg=path)


def _pair_differences(mp, pair, base, value):
    """mpmath's gradient and Hessian of ``value(x, c, s)`` in ``pair`` at ``base`` (central differences with a step
    1e-30 relative to x and s, absolute in c: 60 of the working digits lost)."""
    h = mp.mpf("1e-30")

    def F(a, b):
        v = dict(base)
        for name, t in zip(pair, (a, b)):
            v[name] = v[name] + t if name == "c" else v[name] * (1 + t)
        return value(v["x"], v["c"], v["s"])
    unit = [base[v] if v != "c" else 1 for v in pair]
    g = {(i, j): F(i * h, j * h) for i in (-1, 0, 1) for j in (-1, 0, 1)}
    d = {(1, 0): (g[1, 0] - g[-1, 0]) / (2 * h), (0, 1): (g[0, 1] - g[0, -1]) / (2 * h),
         (2, 0): (g[1, 0] - 2 * g[0, 0] + g[-1, 0]) / h ** 2, (0, 2): (g[0, 1] - 2 * g[0, 0] + g[0, -1]) / h ** 2,
         (1, 1): (g[1, 1] - g[1, -1] - g[-1, 1] + g[-1, -1]) / (4 * h ** 2)}
    d = {(m, n): float(v / (unit[0] ** m * unit[1] ** n)) for (m, n), v in d.items()}
    return [d[1, 0], d[0, 1]], [[d[2, 0], d[1, 1]], [d[1, 1], d[0, 2]]]


@pytest.mark.parametrize("method, c, x, s, pair, first, second", GENEXTREME_FAR_PAIRS,
                         ids=[f"{r[0]}-{r[1]}-{r[2]!r}-{r[4]}" for r in GENEXTREME_FAR_PAIRS])
def test_genextreme_far_from_the_mode_in_two_arguments(method, c, x, s, pair, first, second):
    _check_pair(*_in_pair(stats.genextreme, method, c, x, s, pair), first, second)


def _pairs_table_is_mpmaths(rows, digits, value):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(digits):
        for method, c, x, s, pair, first, second in rows:
            base = {"x": mp.mpf(x), "c": mp.mpf(c), "s": mp.mpf(s)}
            got = _pair_differences(mp, pair, base, lambda x, c, s: value(mp, method, x, c, s))
            assert got == (first, second), (method, c, x, s, pair)


def _genextreme_mp(mp, method, x, c, s):
    w = 1 - c * x / s
    u = mp.exp(mp.log(w) / c)
    logpdf = (1 / c - 1) * mp.log(w) - u - mp.log(s)
    return {"logcdf": -u, "logpdf": logpdf, "logsf": mp.log(-mp.expm1(-u)), "sf": -mp.expm1(-u),
            "pdf": mp.exp(logpdf)}[method]


def test_the_genextreme_pairs_table_is_mpmaths():
    _pairs_table_is_mpmaths(GENEXTREME_FAR_PAIRS, 120, _genextreme_mp)


#: genpareto far in the upper tail (1 + c z from 64 on), as GENEXTREME_FAR_PAIRS: through z = x / s, d2/dx ds of
#: logsf(1e160, 0.5) was 2.2e-165 by reverse over reverse (0 forward over reverse), the truth 4e-320; at x = 1e20 0,
#: the truth 4e-40; in x and c (and c and s) the Hessians overflowed with a warning
GENPARETO_FAR_PAIRS = [
    ('logsf', 0.5, 1e+160, 1.0, 'xs', [-2e-160, 2.0], [[2e-320, 4e-320], [4e-320, -2.0]]),
    ('logsf', 0.5, 1e+20, 1.0, 'xs', [-2e-20, 2.0], [[2e-40, 4e-40], [4e-40, -2.0]]),
    ('logsf', 0.5, 1e+300, 1.0, 'xc', [-2e-300, 2756.329522870615], [[0.0, 4e-300], [4e-300, -11017.31809148246]]),
    ('cdf', 3.0, 1e+160, 1.0, 'xs', [1.0727659828951443e-214, -1.0727659828951442e-54],
     [[-0.0, 3.5758866096504804e-215], [3.5758866096504804e-215, 7.151773219300961e-55]]),
    ('logpdf', 3.0, 1e+160, 3.0, 'cs', [40.49040165322748, 0.1111111111111111],
     [[-27.067675176225727, -0.037037037037037035], [-0.037037037037037035, -0.037037037037037035]]),
    ('sf', 1.5, 1e+300, 3.0, 'cs', [4.8615559824175775e-198, 3.5275578932626656e-201],
     [[1.4824171044812815e-195, 1.0779940686083975e-198], [1.0779940686083975e-198, -3.9195087702918505e-202]]),
]


@pytest.mark.parametrize("method, c, x, s, pair, first, second", GENPARETO_FAR_PAIRS,
                         ids=[f"{r[0]}-{r[1]}-{r[2]!r}-{r[4]}" for r in GENPARETO_FAR_PAIRS])
def test_genpareto_far_in_the_upper_tail_in_two_arguments(method, c, x, s, pair, first, second):
    _check_pair(*_in_pair(stats.genpareto, method, c, x, s, pair), first, second)


def _genpareto_mp(mp, method, x, c, s):
    logsf = -mp.log(1 + c * x / s) / c
    logpdf = -(1 + 1 / c) * mp.log(1 + c * x / s) - mp.log(s)
    return {"logsf": logsf, "sf": mp.exp(logsf), "cdf": -mp.expm1(logsf), "logpdf": logpdf}[method]


def test_the_genpareto_pairs_table_is_mpmaths():
    # (400 digits: d2/dx ds of logsf at 1e160 is 1e-162 of the value in x and s relative)
    _pairs_table_is_mpmaths(GENPARETO_FAR_PAIRS, 400, _genpareto_mp)


#: weibull_min far out (z = (x - loc) / scale from 1e20 on; weibull_max mirrored), (distribution, method, c, x, s, the
#: pair, gradient, Hessian) as GENEXTREME_FAR_PAIRS: through z the s-derivatives met dz/ds = -z / s, squared, times
#: z^(c - 2), which underflowed: d2/ds2 of weibull_min.logsf(1e300, 0.5, 0, s) at s = 1 was -1e150, the truth
#: -7.5e149, d2/dx ds 5e-151 for 2.5e-151 (the log density's and weibull_max's log cdf the same)
WEIBULL_FAR_PAIRS = [
    ('weibull_min', 'logsf', 0.5, 1e+300, 1.0, 'xs', [-5e-151, 5e+149], [[0.0, 2.5e-151], [2.5e-151, -7.5e+149]]),
    ('weibull_min', 'logpdf', 0.5, 1e+300, 3.0, 'xs', [-2.886751345948129e-151, 9.622504486493763e+148],
     [[0.0, 4.811252243246881e-152], [4.811252243246881e-152, -4.8112522432468814e+148]]),
    ('weibull_max', 'logcdf', 0.5, -1e+300, 1.0, 'xs', [5e-151, 5e+149], [[0.0, -2.5e-151], [-2.5e-151, -7.5e+149]]),
    ('weibull_min', 'logsf', 0.5, 1e+300, 1.0, 'cs', [-6.9077552789821375e+152, 5e+149],
     [[-4.771708299430559e+155, 3.4638776394910684e+152], [3.4638776394910684e+152, -7.5e+149]]),
]


@pytest.mark.parametrize("distribution, method, c, x, s, pair, first, second", WEIBULL_FAR_PAIRS,
                         ids=[f"{r[0]}.{r[1]}-{r[2]}-{r[3]!r}-{r[5]}" for r in WEIBULL_FAR_PAIRS])
def test_weibull_far_out_in_two_arguments(distribution, method, c, x, s, pair, first, second):
    _check_pair(*_in_pair(getattr(stats, distribution), method, c, x, s, pair), first, second)


def test_the_weibull_pairs_table_is_mpmaths():
    for distribution in ("weibull_min", "weibull_max"):
        def value(mp, method, x, c, s, sign=-1 if distribution == "weibull_max" else 1):
            z = sign * x / s
            return -z ** c if method in ("logsf", "logcdf") else mp.log(c) + (c - 1) * mp.log(z) - z ** c - mp.log(s)
        _pairs_table_is_mpmaths([r[1:] for r in WEIBULL_FAR_PAIRS if r[0] == distribution], 120, value)


#: invweibull far out (z from 2 on, c log z from 1/2), as WEIBULL_FAR_PAIRS: through z the s-derivatives met dz/ds
#: = -z / s, squared, times z^(-c - 2), which underflowed, or -c log(z)'s d2/dx ds, 0, as two terms 1 / (x s) apart:
#: d2/ds2 of logsf(1e300, 0.5, 0, s) at s = 1 was -1.0, the truth -0.5; d2/dx ds of logsf(1e5, 3) 4.74e-20 and
#: 5.08e-20 (the two orders), the truth 4.5e-20; d2/ds2 of logcdf(1e160, 0.5) 1e-80, the truth 2.5e-81
INVWEIBULL_FAR_PAIRS = [
    ('invweibull', 'logsf', 0.5, 1e+300, 1.0, 'xs', [-5e-301, 0.5], [[0.0, 0.0], [0.0, -0.5]]),
    ('invweibull', 'logsf', 3.0, 100000.0, 1.0, 'xs', [-2.9999999999999984e-05, 2.9999999999999987],
     [[2.999999999999994e-10, 4.4999999999999983e-20], [4.4999999999999983e-20, -3.000000000000003]]),
    ('invweibull', 'logcdf', 0.5, 1e+160, 1.0, 'xs', [5e-241, -5e-81], [[-0.0, 2.5e-241], [2.5e-241, 2.5e-81]]),
    ('invweibull', 'logpdf', 0.5, 1e+160, 1.0, 'xs', [-1.5e-160, 0.5], [[1.5e-320, 2.5e-241], [2.5e-241, -0.5]]),
]


@pytest.mark.parametrize("distribution, method, c, x, s, pair, first, second", INVWEIBULL_FAR_PAIRS,
                         ids=[f"{r[1]}-{r[2]}-{r[3]!r}-{r[5]}" for r in INVWEIBULL_FAR_PAIRS])
def test_invweibull_far_out_in_two_arguments(distribution, method, c, x, s, pair, first, second):
    _check_pair(*_in_pair(stats.invweibull, method, c, x, s, pair), first, second)


def test_the_invweibull_pairs_table_is_mpmaths():
    def value(mp, method, x, c, s):
        z = x / s
        u = z ** -c
        return {"logcdf": -u, "logsf": mp.log(-mp.expm1(-u)),
                "logpdf": mp.log(c) - (c + 1) * mp.log(z) - u - mp.log(s)}[method]
    _pairs_table_is_mpmaths([r[1:] for r in INVWEIBULL_FAR_PAIRS], 400, value)
