"""kfac-jax side of the K-FAC benchmark (see kfac_cases.py):

  kfac_step_mlp   one K-FAC step of a 64-256-256-10 tanh MLP on a batch of 128 rows with softmax
                  cross-entropy, float64: kfac_jax.Optimizer with estimation_mode="fisher_exact"
                  (targets sampled from the model, as Descent's default), curvature_ema 0.95,
                  inverse_update_period 1 (every timed step updates the factors, inverts the damped
                  factors and preconditions), pi-adjusted factored damping 1e-3, fixed learning rate
                  0.1 and momentum 0.9, no burn-in; jitted by kfac-jax, warmed up before timing.

The data and initial weights are closed-form (sines of the indices) on both sides, so no shared
files are needed; the check is the batch loss measured by the last timed step (after all the
earlier updates): Descent's and kfac-jax's agree to ~1e-16 after 21 steps.
"""
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import kfac_jax  # noqa: E402
import numpy as np  # noqa: E402
from kfac_jax._src import tag_graph_matcher  # noqa: E402


def _eval_jaxpr_eqn(eqn, in_values):
    """kfac-jax 0.0.8's `eval_jaxpr_eqn` for JAX ≥ 0.7, whose `Primitive.get_bind_params` returns
    the parameters alone (no sub-functions); otherwise the same."""
    bound = eqn.primitive.get_bind_params(eqn.params)
    subfuns, params = bound if isinstance(bound, tuple) else ((), bound)
    with jax.extend.source_info_util.user_context(eqn.source_info.traceback):
        output = eqn.primitive.bind(*subfuns, *in_values, **params)
    return output if isinstance(output, list) else [output]


tag_graph_matcher.eval_jaxpr_eqn = _eval_jaxpr_eqn

from optimize_common import case_noop, main, timed_run  # noqa: E402

SIZES = [64, 256, 256, 10]
BATCH = 128


def problem():
    """The inputs, labels and weights both sides build: x[i, j] = sin(0.37 i + 1.13 j + 0.5),
    y[i] = i mod 10, W_l[o, i] = sin(0.71 o + 0.29 i + l)/√fan_in (stored [out, in] in Descent),
    zero biases."""
    i, j = np.meshgrid(np.arange(BATCH), np.arange(SIZES[0]), indexing="ij")
    x = np.sin(0.37 * i + 1.13 * j + 0.5)
    y = np.arange(BATCH) % SIZES[-1]
    params = []
    for layer in range(len(SIZES) - 1):
        fan_in, fan_out = SIZES[layer], SIZES[layer + 1]
        o, k = np.meshgrid(np.arange(fan_out), np.arange(fan_in), indexing="ij")
        w = np.sin(0.71 * o + 0.29 * k + layer) / np.sqrt(fan_in)
        params.append({"w": jnp.asarray(w.T), "b": jnp.zeros(fan_out)})
    return jnp.asarray(x), jnp.asarray(y), params


def loss_fn(params, batch):
    x, y = batch
    h = x
    for layer, p in enumerate(params):
        h = h @ p["w"] + p["b"]
        if layer < len(params) - 1:
            h = jnp.tanh(h)
    kfac_jax.register_softmax_cross_entropy_loss(h, y)
    return jnp.mean(jax.nn.logsumexp(h, axis=1) - jnp.take_along_axis(h, y[:, None], axis=1)[:, 0])


def case_kfac_step(d, r, w):
    x, y, params = problem()
    batch = (x, y)
    optimizer = kfac_jax.Optimizer(
        value_and_grad_func=jax.value_and_grad(loss_fn), l2_reg=0.0,
        estimation_mode="fisher_exact", curvature_ema=0.95, inverse_update_period=1,
        num_burnin_steps=0, multi_device=False,
        use_adaptive_learning_rate=False, use_adaptive_momentum=False, use_adaptive_damping=False)
    rng = jax.random.PRNGKey(0)
    state = optimizer.init(params, rng, batch)
    holder = {"params": params, "state": state, "rng": rng}

    def run():
        holder["rng"], key = jax.random.split(holder["rng"])
        holder["params"], holder["state"], stats = optimizer.step(
            holder["params"], holder["state"], key, batch=batch,
            learning_rate=jnp.asarray(0.1), momentum=jnp.asarray(0.9), damping=jnp.asarray(1e-3))
        loss = float(jax.block_until_ready(stats["loss"]))
        return loss, {"loss": loss}
    return timed_run(r, w, run)


CASES = {"noop": case_noop, "kfac_step_mlp": case_kfac_step}


def info():
    return {"jax": jax.__version__, "kfac_jax": getattr(kfac_jax, "__version__", "?"), "x64": True}


if __name__ == "__main__":
    main(CASES, info)
