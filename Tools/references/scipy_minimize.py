"""Reference minimizations from SciPy (BFGS, L-BFGS-B, Newton-CG, trust-ncg, CG) on Descent's problem
suite, plus scikit-learn's Lasso, for Tests/DescentOptimizeTests/References/scipy_minimize.json.

The seeded data (quadratics, logistic regression, lasso) are regenerated bit for bit by a port of
Descent's SeededGenerator (xoshiro256** seeded by SplitMix64, Marsaglia's polar method for normals),
drawing in the same order as the Swift constructors.
"""
import json
import math
import os

import numpy as np
import scipy
import scipy.optimize as so
import sklearn
from sklearn.linear_model import Lasso

MASK = (1 << 64) - 1


class SeededGenerator:
    def __init__(self, seed):
        x = seed

        def split_mix():
            nonlocal x
            x = (x + 0x9E3779B97F4A7C15) & MASK
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            return z ^ (z >> 31)

        self.s = [split_mix(), split_mix(), split_mix(), split_mix()]
        self.spare = None

    def next(self):
        s0, s1, s2, s3 = self.s
        m = (s1 * 5) & MASK
        result = ((((m << 7) | (m >> 57)) & MASK) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 45) | (s3 >> 19)) & MASK
        self.s = [s0, s1, s2, s3]
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        while True:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                factor = math.sqrt(-2 * math.log(s) / s)
                self.spare = v * factor
                return u * factor

    def normals(self, shape):
        n = int(np.prod(shape))
        return np.array([self.normal() for _ in range(n)]).reshape(shape)


def quadratic(n, kappa, seed=42):
    g = SeededGenerator(seed)
    gaussian = g.normals((n, n))
    b = g.normals((n,))
    q = gaussian.T.copy()
    for j in range(n):
        v = q[j].copy()
        for i in range(j):
            v = v - np.dot(q[i], v) * q[i]
        q[j] = v / np.linalg.norm(v)
    basis = q.T
    lambdas = np.array([1.0 if n == 1 else kappa ** (i / (n - 1)) for i in range(n)])
    a = (basis * lambdas) @ basis.T
    a = (a + a.T) * 0.5
    f = lambda x: 0.5 * x @ a @ x - b @ x
    grad = lambda x: a @ x - b
    hess = lambda x: a
    hessp = lambda x, p: a @ p
    return dict(name=f"quadratic-n{n}-k{int(kappa)}", f=f, grad=grad, hess=hess, hessp=hessp, x0=np.zeros(n))


def extended_rosenbrock(n):
    def f(x):
        return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(0, n, 2))

    def grad(x):
        g = np.zeros(n)
        for i in range(0, n, 2):
            a = x[i + 1] - x[i] ** 2
            g[i] = -400 * x[i] * a - 2 * (1 - x[i])
            g[i + 1] = 200 * a
        return g

    def hess(x):
        h = np.zeros((n, n))
        for i in range(0, n, 2):
            h[i, i] = 1200 * x[i] ** 2 - 400 * x[i + 1] + 2
            h[i, i + 1] = h[i + 1, i] = -400 * x[i]
            h[i + 1, i + 1] = 200
        return h

    x0 = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])
    name = "rosenbrock" if n == 2 else f"extended-rosenbrock-{n}"
    return dict(name=name, f=f, grad=grad, hess=hess, hessp=lambda x, p: hess(x) @ p, x0=x0)


def beale():
    c = [1.5, 2.25, 2.625]

    def f(p):
        x, y = p
        return sum((c[i] - x + x * y ** (i + 1)) ** 2 for i in range(3))

    def grad(p):
        x, y = p
        gx = gy = 0.0
        for i in range(3):
            r = c[i] - x + x * y ** (i + 1)
            gx += 2 * r * (y ** (i + 1) - 1)
            gy += 2 * r * (i + 1) * x * y ** i
        return np.array([gx, gy])

    def hess(p):
        x, y = p
        hxx = hxy = hyy = 0.0
        for i in range(3):
            k = i + 1
            r = c[i] - x + x * y ** k
            jx, jy = y ** k - 1, k * x * y ** i
            hxx += 2 * jx * jx
            hxy += 2 * (jx * jy + r * k * y ** i)
            hyy += 2 * (jy * jy + r * (0 if i == 0 else k * (k - 1) * x * y ** (i - 1)))
        return np.array([[hxx, hxy], [hxy, hyy]])

    return dict(name="beale", f=f, grad=grad, hess=hess, hessp=lambda x, p: hess(x) @ p, x0=np.array([1.0, 1.0]))


def himmelblau():
    f = lambda p: (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2

    def grad(p):
        x, y = p
        a, b = x * x + y - 11, x + y * y - 7
        return np.array([4 * x * a + 2 * b, 2 * a + 4 * y * b])

    def hess(p):
        x, y = p
        b = x + y * y - 7
        return np.array([[12 * x * x + 4 * y - 42, 4 * x + 4 * y], [4 * x + 4 * y, 2 + 4 * b + 8 * y * y]])

    return dict(name="himmelblau", f=f, grad=grad, hess=hess, hessp=lambda x, p: hess(x) @ p, x0=np.zeros(2))


def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def logistic(n=200, d=5, lam=0.01, seed=7):
    g = SeededGenerator(seed)
    X = g.normals((n, d))
    truth = g.normals((d,))
    margins = X @ truth
    y = np.array([1.0 if g.uniform() < sigmoid(np.array(margins[i])) else 0.0 for i in range(n)])

    def f(w):
        z = X @ w
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * lam * w @ w

    grad = lambda w: X.T @ (sigmoid(X @ w) - y) / n + lam * w

    def hess(w):
        s = sigmoid(X @ w)
        return (X.T * (s * (1 - s))) @ X / n + lam * np.eye(d)

    def hessp(w, v):
        s = sigmoid(X @ w)
        return X.T @ ((X @ v) * s * (1 - s)) / n + lam * v

    return dict(name=f"logistic-n{n}-d{d}", f=f, grad=grad, hess=hess, hessp=hessp, x0=np.zeros(d))


GTOL = 1e-5


def run(problem, method):
    kwargs = dict(jac=problem["grad"])
    options = dict(maxiter=10000)
    if method in ("BFGS", "CG"):
        options["gtol"] = GTOL  # inf-norm of the gradient, as Descent's default
    elif method == "L-BFGS-B":
        options.update(gtol=GTOL, ftol=0.0, maxfun=100000)  # stop on the gradient only, like Descent
    elif method == "Newton-CG":
        kwargs["hessp"] = problem["hessp"]
    elif method == "trust-ncg":
        kwargs["hessp"] = problem["hessp"]
        options["gtol"] = GTOL  # 2-norm of the gradient in trust-ncg
    r = so.minimize(problem["f"], problem["x0"], method=method, options=options, **kwargs)
    return dict(method=method, x=r.x.tolist(), f=float(r.fun), nfev=int(r.nfev), njev=int(r.get("njev", 0)),
                nhev=int(r.get("nhev", 0)), nit=int(r.nit), success=bool(r.success),
                gradient_inf_norm=float(np.max(np.abs(problem["grad"](r.x)))))


def lasso_case():
    g = SeededGenerator(11)
    n, d = 60, 8
    X = g.normals((n, d))
    truth = np.array([3.0, -2.0, 0, 0, 1.5, 0, 0, 0])
    noise = g.normals((n,))
    y = X @ truth + 0.1 * noise
    alpha = 0.1
    model = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=1000000).fit(X, y)
    return dict(samples=n, features=d, seed=11, truth=truth.tolist(), noise_scale=0.1, alpha=alpha,
                X=X.tolist(), y=y.tolist(), coefficients=model.coef_.tolist())


def main():
    problems = [quadratic(10, 100), quadratic(50, 1000), extended_rosenbrock(2), beale(), himmelblau(),
                extended_rosenbrock(10), logistic()]
    cases = []
    for p in problems:
        runs = [run(p, m) for m in ("BFGS", "L-BFGS-B", "Newton-CG", "trust-ncg", "CG")]
        best = min(runs, key=lambda r: r["f"])
        x_best = np.array(best["x"])
        # The smallest Hessian eigenvalue at the minimizer: the strong-convexity constant in the tests'
        # error bound ||x - x*|| <= ||grad f(x)|| / mu.
        mu = float(np.linalg.eigvalsh(p["hess"](x_best))[0])
        cases.append(dict(name=p["name"], x0=p["x0"].tolist(), best_x=best["x"], best_f=best["f"],
                          hessian_min_eigenvalue=mu, runs=runs))
    out = dict(generator="Tools/references/scipy_minimize.py", scipy=scipy.__version__, sklearn=sklearn.__version__,
               gtol=GTOL, problems=cases, lasso=lasso_case())
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentOptimizeTests", "References", "scipy_minimize.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
