"""optax (JAX, float64) side of the optimization benchmarks (see optimize_common.py).

L-BFGS: `optax.lbfgs()` (memory 10, zoom line search for the strong Wolfe conditions) driven by a
`jax.lax.while_loop` that is jit-compiled as a whole, following the optax L-BFGS guide: one
`value_and_grad_from_state` per iteration (it reuses the value and gradient the line search already
computed), stopping when ‖g‖∞ ≤ 1e-5. The warm-up run compiles; timed runs reuse the compiled loop.
Function evaluations = 1 (the start) + the line search's evaluations, summed over iterations.

Adam: `optax.adam(1e-3)`; the timed step is a jit of update + apply_updates with the parameters
and the optimizer state donated, so XLA may update them in place.
"""
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402
import optax.tree_utils as otu  # noqa: E402

from optimize_common import ADAM_N, GTOL, LOGISTIC_LAMBDA, case_noop, main, rosenbrock_start, timed, timed_run  # noqa: E402


def rosenbrock(x):
    a = x[1::2] - x[0::2] ** 2
    return jnp.sum(100 * a * a + (1 - x[0::2]) ** 2)


def lbfgs_runner(fun, max_iter=10_000):
    opt = optax.lbfgs(memory_size=10)
    value_and_grad = optax.value_and_grad_from_state(fun)

    def step(carry):
        params, state, evaluations = carry
        value, grad = value_and_grad(params, state=state)
        updates, state = opt.update(grad, state, params, value=value, grad=grad, value_fn=fun)
        evaluations = evaluations + otu.tree_get(state, "info").num_linesearch_steps
        return optax.apply_updates(params, updates), state, evaluations

    def keep_going(carry):
        _, state, _ = carry
        count = otu.tree_get(state, "count")
        grad = otu.tree_get(state, "grad")
        return (count == 0) | ((count < max_iter) & (jnp.max(jnp.abs(grad)) > GTOL))

    @jax.jit
    def run(x0):
        params, state, evaluations = jax.lax.while_loop(keep_going, step, (x0, opt.init(x0), jnp.asarray(1)))
        return params, otu.tree_get(state, "count"), evaluations, otu.tree_get(state, "value"), otu.tree_get(state, "grad")

    def call(x0):
        params, count, evaluations, value, grad = jax.block_until_ready(run(x0))
        gnorm = float(jnp.max(jnp.abs(grad)))
        return float(value), {"iterations": int(count), "function_evaluations": int(evaluations), "final_f": float(value),
                              "gradient_inf_norm": gnorm, "converged": float(gnorm <= GTOL)}
    return call


def case_lbfgs_rosenbrock_1e4(d, r, w):
    x0 = jnp.asarray(rosenbrock_start())
    run = lbfgs_runner(rosenbrock)
    return timed_run(r, w, lambda: run(x0))


def case_lbfgs_logistic_1e5x100(d, r, w):
    x, y = jnp.asarray(d("lbfgs_logistic_x")), jnp.asarray(d("lbfgs_logistic_y"))

    def loss(wt):
        z = x @ wt
        return jnp.mean(jax.nn.softplus(z) - y * z) + 0.5 * LOGISTIC_LAMBDA * (wt @ wt)
    run = lbfgs_runner(loss)
    w0 = jnp.zeros(100)
    return timed_run(r, w, lambda: run(w0))


def case_adam_step_1e7(d, r, w):
    params, grad = jnp.asarray(d("adam_theta")), jnp.asarray(d("adam_g"))
    opt = optax.adam(1e-3)
    state = opt.init(params)

    def step(p, s, g):
        updates, s = opt.update(g, s, p)
        return optax.apply_updates(p, updates), s
    jstep = jax.jit(step, donate_argnums=(0, 1))
    box = [params, state]

    def once():
        box[0], box[1] = jax.block_until_ready(jstep(box[0], box[1], grad))
        return 0.0
    timing = timed(r, w, once, lambda v: v)
    timing.check = float(box[0].sum())
    return timing


CASES = {"noop": case_noop, "lbfgs_rosenbrock_1e4": case_lbfgs_rosenbrock_1e4,
         "lbfgs_logistic_1e5x100": case_lbfgs_logistic_1e5x100, "adam_step_1e7": case_adam_step_1e7}


def info():
    return {"jax": jax.__version__, "optax": optax.__version__, "devices": [str(dev) for dev in jax.devices()], "x64": True}


if __name__ == "__main__":
    main(CASES, info)
