"""JAX side of the autodiff benchmarks: jax.jit of value_and_grad / jvp-of-grad / hessian, float64.
The warm-up call compiles; the timed calls run the compiled function (block_until_ready)."""
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from autodiff_common import ROSENBROCK_BATCH, case_noop, main, per_call, timed  # noqa: E402


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def case_rosenbrock2_vg(d, r, w):
    f = jax.jit(jax.value_and_grad(rosenbrock))
    x = jnp.array([-1.2, 1.0])

    def batch():
        for _ in range(ROSENBROCK_BATCH):
            value, grad = f(x)
        grad.block_until_ready()
        return value, grad
    return per_call(timed(r, w, batch, lambda res: res[0] + res[1].sum()), ROSENBROCK_BATCH)


def case_logistic_vg(d, r, w):
    x, y, w0 = jnp.asarray(d("logistic_x")), jnp.asarray(d("logistic_y")), jnp.asarray(d("logistic_w"))

    def loss(wt):
        z = x @ wt
        return jnp.mean(jax.nn.softplus(z) - y * z)
    f = jax.jit(jax.value_and_grad(loss))
    return timed(r, w, lambda: jax.block_until_ready(f(w0)), lambda res: float(res[0]) + float(res[1].sum()))


def unpack(theta):
    return theta[:3200].reshape(100, 32), theta[3200:3232], theta[3232:3264], theta[3264]


def case_tanhnet_hvp(d, r, w):
    x, y = jnp.asarray(d("tanhnet_x")), jnp.asarray(d("tanhnet_y"))
    theta, v = jnp.asarray(d("tanhnet_theta")), jnp.asarray(d("tanhnet_v"))

    def loss(t):
        w1, b1, w2, b2 = unpack(t)
        return jnp.mean((jnp.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2)
    hvp = jax.jit(lambda t, u: jax.jvp(jax.grad(loss), (t,), (u,))[1])  # forward-over-reverse
    return timed(r, w, lambda: hvp(theta, v).block_until_ready(), lambda res: float(res.sum()))


def extended_rosenbrock(x):
    return jnp.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def case_hessian50(d, r, w):
    x = jnp.asarray(d("hessian50_x"))
    h = jax.jit(jax.hessian(extended_rosenbrock))
    return timed(r, w, lambda: h(x).block_until_ready(), lambda res: float(res.sum()))


CASES = {"noop": case_noop, "rosenbrock2_vg": case_rosenbrock2_vg, "logistic_vg": case_logistic_vg,
         "tanhnet_hvp": case_tanhnet_hvp, "hessian50": case_hessian50}


def info():
    return {"jax": jax.__version__, "devices": [str(dev) for dev in jax.devices()], "x64": True}


if __name__ == "__main__":
    main(CASES, info)
