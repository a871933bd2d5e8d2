"""Reference values for K-FAC (Martens & Grosse 2015) on dense networks, from PyTorch in float64.

Writes Tests/DescentNeuralTests/References/neural_kfac.json. Everything is computed directly,
one example at a time, without any Kronecker machinery:
- `factors`: for a 4-5-3 tanh classifier (softmax cross-entropy) and a 3-6-2 tanh regressor (MSE,
  first layer without bias) on a batch: each dense layer's A = (1/n) Σ āᵢāᵢᵀ (ā = [a, 1], the layer
  input with a 1 for the bias) from the per-example inputs, G = (1/n) Σ gᵢgᵢᵀ from per-example
  backward passes of ℓᵢ (empirical Fisher), and the exact Fisher factor (1/n) Σ J_sᵢᵀ H_ℓᵢ J_sᵢ from
  the per-example Jacobian of the outputs with respect to the pre-activations and the Hessian of
  ℓᵢ with respect to the outputs (torch.autograd.functional); the batch gradient.
- `trajectories`: three K-FAC steps (exact Fisher, running averages with decay ρ, inverses
  refreshed every T = 2 steps, learning rate and momentum) for both inversions, where each
  layer's update is the dense solve with the Kronecker product of the damped factors:
  factored damping: vec U = (G_γ ⊗ A_γ)⁻¹ vec ∇W̄ with π-adjusted γ's; eigen: vec U =
  (G ⊗ A + λI)⁻¹ vec ∇W̄ (vec row-major, so W̄ ↦ G W̄ A is G ⊗ A).
- `kfac_jax`: the classifier trained by kfac-jax's `Optimizer` for six steps over the three
  batches twice (estimation_mode "fisher_exact", the same decay, damping, period, learning rate
  and momentum; use_exact_inverses False and True for the two inversions): the loss of each step
  and the final weights.
"""
import json
import os

import numpy as np
import torch

from reference_json import json_nested

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261205)
OUT = os.path.join(os.path.dirname(__file__), "../../Tests/DescentNeuralTests/References/neural_kfac.json")


def make_net(sizes, biases):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], bias=biases[i]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    with torch.no_grad():
        for m in net:
            if isinstance(m, torch.nn.Linear):
                m.weight.copy_(torch.tensor(rng.normal(scale=0.8, size=m.weight.shape)))
                if m.bias is not None:
                    m.bias.copy_(torch.tensor(rng.normal(scale=0.3, size=m.bias.shape)))
    return net


def per_example_loss(loss, f, y):
    """ℓᵢ for one example: cross-entropy of one row, or (1/k)‖f − y‖² (PyTorch's MSELoss, mean)."""
    if loss == "softmax_cross_entropy":
        return torch.nn.functional.cross_entropy(f[None], torch.tensor([int(y)]))
    return ((f - torch.tensor(y)) ** 2).mean()


def forward_recording(net, x):
    """Outputs, and per dense layer its input and its pre-activation (kept in the graph)."""
    inputs, pre = [], []
    h = x
    for m in net:
        if isinstance(m, torch.nn.Linear):
            inputs.append(h)
            h = m(h)
            pre.append(h)
        else:
            h = m(h)
    return h, inputs, pre


def statistics(net, loss, x, y):
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    n = x.shape[0]
    a_fac = [None] * len(linears)
    g_emp = [None] * len(linears)
    g_fisher = [None] * len(linears)
    for i in range(n):
        xi = torch.tensor(x[i:i + 1])
        f, inputs, pre = forward_recording(net, xi)
        for layer, (m, a) in enumerate(zip(linears, inputs)):
            abar = a[0].detach().numpy()
            if m.bias is not None:
                abar = np.append(abar, 1.0)
            a_fac[layer] = np.outer(abar, abar) / n + (0 if a_fac[layer] is None else a_fac[layer])
        li = per_example_loss(loss, f[0], y[i])
        grads = torch.autograd.grad(li, pre, retain_graph=True)
        hess = torch.autograd.functional.hessian(lambda z: per_example_loss(loss, z, y[i]), f[0].detach())
        k = f.shape[1]
        for layer, s in enumerate(pre):
            g = grads[layer][0].numpy()
            g_emp[layer] = np.outer(g, g) / n + (0 if g_emp[layer] is None else g_emp[layer])
            # J = ∂f/∂s (k × m), row j by one backward pass of fⱼ.
            jac = np.stack([torch.autograd.grad(f[0, j], s, retain_graph=True)[0][0].numpy() for j in range(k)])
            fisher = jac.T @ hess.numpy() @ jac / n
            g_fisher[layer] = fisher + (0 if g_fisher[layer] is None else g_fisher[layer])
    xt = torch.tensor(x)
    out = net(xt)
    if loss == "softmax_cross_entropy":
        total = torch.nn.functional.cross_entropy(out, torch.tensor(y.astype(int)))
    else:
        total = torch.nn.functional.mse_loss(out, torch.tensor(y))
    grads = torch.autograd.grad(total, list(net.parameters()))
    return a_fac, g_emp, g_fisher, total.item(), [g.numpy() for g in grads]


def damped_inverse_solve(a, g, grad_bar, damping, inversion):
    """The preconditioned block from the dense Kronecker product (row-major vec)."""
    if inversion == "factored-damping":
        norm_a, norm_g = np.trace(a) / a.shape[0], np.trace(g) / g.shape[0]
        pi = np.sqrt(norm_a / norm_g) if norm_a > 0 and norm_g > 0 else 1.0
        big = np.kron(g + np.sqrt(damping) / pi * np.eye(g.shape[0]), a + pi * np.sqrt(damping) * np.eye(a.shape[0]))
    else:
        big = np.kron(g, a) + damping * np.eye(g.shape[0] * a.shape[0])
    return np.linalg.solve(big, grad_bar.ravel()).reshape(grad_bar.shape)


def net_case(name, sizes, biases, loss, n):
    net = make_net(sizes, biases)
    initial = [p.detach().clone() for p in net.parameters()]
    x = rng.normal(size=(n, sizes[0]))
    if loss == "softmax_cross_entropy":
        y = rng.integers(0, sizes[-1], size=n).astype(float)
    else:
        y = np.tanh(x[:, :sizes[-1]]) + 0.1 * rng.normal(size=(n, sizes[-1]))
    a_fac, g_emp, g_fisher, value, grads = statistics(net, loss, x, y)
    case = {
        "name": name, "sizes": sizes, "biases": biases, "loss": loss,
        "initial": [json_nested(p.numpy().ravel()) for p in initial],
        "x": json_nested(x), "y": json_nested(y), "loss_value": value,
        "gradient": json_nested(np.concatenate([g.ravel() for g in grads])),
        "activations": [json_nested(a) for a in a_fac],
        "empirical_fisher": [json_nested(g) for g in g_emp],
        "exact_fisher": [json_nested(g) for g in g_fisher],
    }

    # Three K-FAC steps on three batches of 6 rows from the same distribution.
    damping, decay, period, lr, momentum = 0.05, 0.9, 2, 0.3, 0.7
    batches = []
    for _ in range(3):
        xb = rng.normal(size=(6, sizes[0]))
        yb = (rng.integers(0, sizes[-1], size=6).astype(float) if loss == "softmax_cross_entropy"
              else np.tanh(xb[:, :sizes[-1]]) + 0.1 * rng.normal(size=(6, sizes[-1])))
        batches.append((xb, yb))
    trajectories = {}
    for inversion in ["factored-damping", "eigen"]:
        with torch.no_grad():
            for p, q in zip(net.parameters(), initial):
                p.copy_(q)
        linears = [m for m in net if isinstance(m, torch.nn.Linear)]
        run_a, run_g, weight = None, None, 0.0
        cached = None
        velocity = [np.zeros(p.shape) for p in net.parameters()]
        losses, thetas = [], []
        for step, (xb, yb) in enumerate(batches):
            a_b, _, g_b, value, grads = statistics(net, loss, xb, yb)
            weight = decay * weight + 1
            eta = 1 / weight
            if run_a is None:
                run_a, run_g = a_b, g_b
            else:
                run_a = [(1 - eta) * ra + eta * ab for ra, ab in zip(run_a, a_b)]
                run_g = [(1 - eta) * rg + eta * gb for rg, gb in zip(run_g, g_b)]
            if step % period == 0:
                cached = [(ra.copy(), rg.copy()) for ra, rg in zip(run_a, run_g)]
            # Precondition each layer's [∇W | ∇b] with the cached factors.
            pre = []
            gi = 0
            for layer, m in enumerate(linears):
                gw = grads[gi]
                gi += 1
                if m.bias is not None:
                    gb_ = grads[gi]
                    gi += 1
                    bar = np.concatenate([gw, gb_[:, None]], axis=1)
                else:
                    bar = gw
                u = damped_inverse_solve(cached[layer][0], cached[layer][1], bar, damping, inversion)
                if m.bias is not None:
                    pre += [u[:, :-1], u[:, -1]]
                else:
                    pre += [u]
            with torch.no_grad():
                for k, p in enumerate(net.parameters()):
                    velocity[k] = pre[k] + momentum * velocity[k]
                    p.sub_(torch.tensor(lr * velocity[k]))
            losses.append(value)
            thetas.append(json_nested(np.concatenate([p.detach().numpy().ravel() for p in net.parameters()])))
        trajectories[inversion] = {"losses": json_nested(np.array(losses)), "parameters": thetas}
    case["trajectory"] = {
        "damping": damping, "decay": decay, "period": period, "learning_rate": lr, "momentum": momentum,
        "batches": [{"x": json_nested(xb), "y": json_nested(yb)} for xb, yb in batches],
        "runs": trajectories,
    }
    return case


def kfac_jax_case(case):
    """The classifier's three batches, twice, through kfac-jax."""
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import kfac_jax
    from kfac_jax._src import tag_graph_matcher

    def eval_jaxpr_eqn(eqn, in_values):
        # kfac-jax 0.0.8 expects JAX's old `get_bind_params` (sub-functions and parameters);
        # JAX ≥ 0.7 returns the parameters alone.
        bound = eqn.primitive.get_bind_params(eqn.params)
        subfuns, params = bound if isinstance(bound, tuple) else ((), bound)
        with jax.extend.source_info_util.user_context(eqn.source_info.traceback):
            output = eqn.primitive.bind(*subfuns, *in_values, **params)
        return output if isinstance(output, list) else [output]
    tag_graph_matcher.eval_jaxpr_eqn = eval_jaxpr_eqn

    sizes = case["sizes"]
    flat = case["initial"]
    t = case["trajectory"]

    def initial_params():
        params, k = [], 0
        for layer in range(len(sizes) - 1):
            w = np.array(flat[k]).reshape(sizes[layer + 1], sizes[layer])
            b = np.array(flat[k + 1])
            k += 2
            params.append({"w": jnp.asarray(w.T), "b": jnp.asarray(b)})
        return params

    def loss_fn(params, batch):
        x, y = batch
        h = x
        for layer, p in enumerate(params):
            h = h @ p["w"] + p["b"]
            if layer < len(params) - 1:
                h = jnp.tanh(h)
        kfac_jax.register_softmax_cross_entropy_loss(h, y)
        return jnp.mean(jax.nn.logsumexp(h, axis=1) - jnp.take_along_axis(h, y[:, None], axis=1)[:, 0])

    batches = [(jnp.asarray(np.array(b["x"])), jnp.asarray(np.array(b["y"]).astype(int))) for b in t["batches"]] * 2
    runs = {}
    for inversion, exact in [("factored-damping", False), ("eigen", True)]:
        optimizer = kfac_jax.Optimizer(
            value_and_grad_func=jax.value_and_grad(loss_fn), l2_reg=0.0, estimation_mode="fisher_exact",
            curvature_ema=t["decay"], inverse_update_period=t["period"], use_exact_inverses=exact,
            num_burnin_steps=0, multi_device=False,
            use_adaptive_learning_rate=False, use_adaptive_momentum=False, use_adaptive_damping=False)
        params = initial_params()
        rng = jax.random.PRNGKey(0)
        state = optimizer.init(params, rng, batches[0])
        losses = []
        for batch in batches:
            rng, key = jax.random.split(rng)
            params, state, stats = optimizer.step(params, state, key, batch=batch, learning_rate=jnp.asarray(t["learning_rate"]),
                                                  momentum=jnp.asarray(t["momentum"]), damping=jnp.asarray(t["damping"]))
            losses.append(float(stats["loss"]))
        final = np.concatenate([np.concatenate([np.asarray(p["w"]).T.ravel(), np.asarray(p["b"])]) for p in params])
        runs[inversion] = {"losses": json_nested(np.array(losses)), "parameters": json_nested(final)}
    return {"version": kfac_jax.__version__ if hasattr(kfac_jax, "__version__") else "0.0.8", "runs": runs}


cases = [
    net_case("classifier", [4, 5, 3], [True, True], "softmax_cross_entropy", 7),
    net_case("regressor", [3, 6, 2], [False, True], "mean_squared_error", 5),
]
peer = kfac_jax_case(cases[0])
with open(OUT, "w") as fh:
    json.dump({"generator": "Tools/references/neural_kfac.py", "cases": cases, "kfac_jax": peer}, fh, indent=1)
print("wrote", OUT)
