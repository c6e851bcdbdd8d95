"""Sweep of wengert.scipy.stats far out on power-law tails against mpmath (second-order jets, the chain rule carried
exactly, at 100 + 6 |log10 z| max(1, shapes) digits, checked against 1.3 times that): pdf, logpdf, sf, logsf of
invgamma, burr, burr12, fisk, mielke, betaprime, lomax, pareto, genpareto, invweibull, cauchy, t, f and weibull_min
(session 51) at z in {1e20, 1e100, 1e250} (x = 1.5 z, loc 0, scale 1.5), shapes chosen where the far power is z^-2 (d2/dscale2's leading term vanishes).
Prints per point the value's ulp, the worst relative gradient and Hessian errors (grad of grad by jacfwd and hessian);
flags with <--. Run: python tools/far_power_tail_truths.py [family ...] (slow: minutes per family)."""
import os
import math
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mpmath as mp, numpy as np
from product_exponent_truths import Jet, exp, log, log1p, loggamma
import wengert as wg
from wengert.scipy import stats
FAM = {
 # name: (logpdf(z, *shapes), logsf(z,*shapes) or None)
 "invgamma": (lambda z,a: -(a+1)*log(z) - exp(-log(z)) - loggamma(a), None),
 "burr": (lambda z,c,d: log(c)+log(d)+(-c-1)*log(z)-(d+1)*log1p(exp(-c*log(z))),
          lambda z,c,d: log(-(exp(-d*log1p(exp(-c*log(z))))-1))),
 "burr12": (lambda z,c,d: log(c)+log(d)+(c-1)*log(z)-(d+1)*log1p(exp(c*log(z))),
            lambda z,c,d: -d*log1p(exp(c*log(z)))),
 "fisk": (lambda z,c: log(c)+(-c-1)*log(z)-2*log1p(exp(-c*log(z))),
          lambda z,c: -log1p(exp(c*log(z)))),
 "mielke": (lambda z,k,s: log(k)+(k-1)*log(z)-(1+k/s)*log1p(exp(s*log(z))),
            lambda z,k,s: log(-(exp(k*log(z)-(k/s)*log1p(exp(s*log(z))))-1))),
 "betaprime": (lambda z,a,b: (a-1)*log(z)-(a+b)*log1p(z)+loggamma(a+b)-loggamma(a)-loggamma(b), None),
 "lomax": (lambda z,c: log(c)-(c+1)*log1p(z), lambda z,c: -c*log1p(z)),
 "pareto": (lambda z,b: log(b)-(b+1)*log(z), lambda z,b: -b*log(z)),
 "genpareto": (lambda z,c: -(exp(-log(c))+1)*log1p(c*z), lambda z,c: -exp(-log(c))*log1p(c*z)),
 "invweibull": (lambda z,c: log(c)-(c+1)*log(z)-exp(-c*log(z)), lambda z,c: log(-(exp(-exp(-c*log(z)))-1))),
 "cauchy": (lambda z: -log(mp.pi*(1+z*z)), None),
 "t": (lambda z,df: loggamma((df+1)*0.5)-loggamma(df*0.5)-0.5*log(df*mp.pi)-(df+1)*0.5*log1p(z*z/df), None),
 # (session 51: f's far power z^(-dfd/2 - 1), weibull_min's far log tail -z^c)
 "f": (lambda z,m,n: m*0.5*log(m/n)+(m*0.5-1)*log(z)-(m+n)*0.5*log1p(m/n*z)-loggamma(m*0.5)-loggamma(n*0.5)
       +loggamma((m+n)*0.5), None),
 "weibull_min": (lambda z,c: log(c)+(c-1)*log(z)-exp(c*log(z)), lambda z,c: -exp(c*log(z))),
}
SHAPES = {"invgamma":[(1.0,),(0.5,),(3.0,)], "burr":[(1.0,1.0),(2.5,0.4),(0.5,2.0)], "burr12":[(2.0,0.5),(1.0,1.0),(0.5,3.0)],
 "fisk":[(1.0,),(3.0,)], "mielke":[(2.0,1.0),(0.5,3.0)], "betaprime":[(2.0,1.0),(0.5,2.5)],
 "lomax":[(1.0,),(0.5,)], "pareto":[(1.0,),(2.5,)], "genpareto":[(1.0,),(0.5,)], "invweibull":[(1.0,),(2.5,)],
 "cauchy":[()], "t":[(1.0,),(2.0,),(3.0,)], "f":[(2.0,2.0),(1.0,5.0)], "weibull_min":[(0.01,),(0.1,)]}
def truth(fam, method, at, dps):
    with mp.workdps(dps):
        v=[Jet.variable(p,i,len(at)) for i,p in enumerate(at)]
        z=(v[0]-v[-2])/v[-1]
        lp, ls = FAM[fam]
        if method in ("pdf","logpdf"): r = lp(z,*v[1:-2]) - log(v[-1])
        else:
            if ls is None: return None
            r = ls(z,*v[1:-2])
        if method in ("pdf","sf"): r = exp(r)
        return float(r.v),[float(p) for p in r.g],[[float(p) for p in row] for row in r.h]
def off(g,w):
    if g==w: return 0.0
    if w==0 or abs(w)<1e-290 or not math.isfinite(w): return math.inf if abs(g-w)>1e-300 or not math.isfinite(g) else 0.0
    return abs(g-w)/abs(w)
only = sys.argv[1:]  # (families to run; all by default)
for fam in FAM:
    if only and fam not in only: continue
    for sh in SHAPES[fam]:
        for Z in (1e20,1e100,1e250):
            for method in ("pdf","logpdf","sf","logsf"):
                at=[Z*1.5,*sh,0.0,1.5]
                d=int(100+ 6*math.log10(Z)*max(1,max(sh or (1,))))
                t=truth(fam,method,at,d)
                if t is None: continue
                t2=truth(fam,method,at,int(d*1.3))
                v,g,h=t
                f=lambda p: getattr(getattr(stats,fam),method)(*p)
                a=np.array(at)
                with np.errstate(all="ignore"):
                    try:
                        gv=float(f(a)); gg=np.asarray(wg.grad(f)(a),float); gh=[np.asarray(wg.jacfwd(wg.grad(f))(a),float), np.asarray(wg.hessian(f)(a),float)]
                    except Exception as e:
                        print(fam,method,at,"ERR",type(e).__name__,str(e)[:80]); continue
                ulp=0.0 if gv==v else abs(gv-v)/(math.ulp(v) if v else 5e-324)
                ge=max([off(x,y) for x,y in zip(gg,g)])
                he=max((off(H[i,j],h[i][j]),i,j,H[i,j],h[i][j]) for H in gh for i in range(len(at)) for j in range(len(at)))
                stable = "" if t2[2]==h else " (truth unstable)"
                flag=" <--" if ulp>4 or ge>1e-14 or he[0]>1e-13 else ""
                print(f"{fam}.{method}{tuple(at)}: {ulp:.0f} ulp, grad {ge:.1e}, hess {he[0]:.1e} at ({he[1]},{he[2]}) {he[3]:.3e} truth {he[4]:.3e}{stable}{flag}", flush=True)
