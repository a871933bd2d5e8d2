"""Reference updates of optax's gradient transformations, recipes and schedules.

Writes Tests/DescentOptimizeTests/References/optax_updates.json. JAX runs in 64-bit mode so the
comparison can be made at 1e-12 relative. Each optimizer case applies 8 steps of seeded random
gradients (or, for SAM, the gradient of a fixed function) to a 5-vector and records optax's
updates and the parameters after each step.
"""
import json
import os

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from optax import contrib  # noqa: E402
from optax.contrib._sophia import scale_by_sophia  # noqa: E402  (not exported by optax.contrib)
from reference_json import json_number  # noqa: E402

STEPS = 8
N = 5
rng = np.random.default_rng(20261122)
PARAMS0 = rng.normal(size=N)
GRADIENTS = rng.normal(size=(STEPS, N))
# Larger gradients for the clipping cases, so that some steps clip and some do not.
BIG_GRADIENTS = GRADIENTS * np.array([[3.0], [0.2], [1.0], [0.5], [2.0], [0.1], [4.0], [0.7]])


f = json_number


def vec(a):
    return [f(v) for v in np.asarray(a).ravel()]


def run(tx, gradients=GRADIENTS):
    p = jnp.asarray(PARAMS0)
    state = tx.init(p)
    updates, params = [], []
    for g in gradients:
        u, state = tx.update(jnp.asarray(g), state, p)
        p = optax.apply_updates(p, u)
        updates.append(vec(u))
        params.append(vec(p))
    return {"updates": updates, "params": params}


cases = []


def case(name, hyper, tx, gradients=GRADIENTS):
    out = {"name": name, "hyper": hyper, "params0": vec(PARAMS0), "gradients": [vec(g) for g in gradients]}
    out.update(run(tx, gradients))
    cases.append(out)


def f64(schedule):
    """optax evaluates a schedule at its int32 step count, which JAX promotes to float32 (a ~1e-7
    relative error); our schedules are double precision, so the references evaluate optax's
    schedule at the count cast to float64."""
    return lambda count: schedule(jnp.asarray(count, jnp.float64))


# Transformations.
case("scale", {"factor": 0.3}, optax.scale(0.3))
case("scaleByLearningRate", {"learningRate": 0.1}, optax.scale_by_learning_rate(0.1))
case("scaleByLearningRateSchedule", {"initialValue": 0.1, "transitionSteps": 2, "decayRate": 0.5},
     optax.scale_by_learning_rate(f64(optax.exponential_decay(0.1, 2, 0.5))))
case("trace", {"decay": 0.9, "nesterov": False}, optax.trace(0.9))
case("trace", {"decay": 0.9, "nesterov": True}, optax.trace(0.9, nesterov=True))
case("scaleByRSS", {"initialAccumulatorValue": 0.1, "epsilon": 1e-7}, optax.scale_by_rss())
case("scaleByRSS", {"initialAccumulatorValue": 0.0, "epsilon": 1e-7}, optax.scale_by_rss(initial_accumulator_value=0.0))
case("scaleByRMS", {"decay": 0.9, "epsilon": 1e-8, "initialScale": 0.0, "epsilonInSqrt": True, "biasCorrection": False, "centered": False},
     optax.scale_by_rms())
case("scaleByRMS", {"decay": 0.8, "epsilon": 1e-3, "initialScale": 0.1, "epsilonInSqrt": False, "biasCorrection": True, "centered": False},
     optax.scale_by_rms(decay=0.8, eps=1e-3, initial_scale=0.1, eps_in_sqrt=False, bias_correction=True))
case("scaleByRMS", {"decay": 0.9, "epsilon": 1e-8, "initialScale": 0.0, "epsilonInSqrt": True, "biasCorrection": False, "centered": True},
     optax.scale_by_stddev())
case("scaleByRMS", {"decay": 0.8, "epsilon": 1e-3, "initialScale": 0.1, "epsilonInSqrt": False, "biasCorrection": True, "centered": True},
     optax.scale_by_stddev(decay=0.8, eps=1e-3, initial_scale=0.1, eps_in_sqrt=False, bias_correction=True))
case("scaleByAdam", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "epsilonRoot": 0.0, "nesterov": False}, optax.scale_by_adam())
case("scaleByAdam", {"beta1": 0.8, "beta2": 0.95, "epsilon": 1e-3, "epsilonRoot": 1e-4, "nesterov": False},
     optax.scale_by_adam(b1=0.8, b2=0.95, eps=1e-3, eps_root=1e-4))
case("scaleByAdam", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "epsilonRoot": 0.0, "nesterov": True}, optax.scale_by_adam(nesterov=True))
case("scaleByAMSGrad", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "epsilonRoot": 0.0}, optax.scale_by_amsgrad())
case("scaleByAdadelta", {"rho": 0.9, "epsilon": 1e-6}, optax.scale_by_adadelta())
case("scaleByYogi", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-3, "epsilonRoot": 0.0, "initialAccumulatorValue": 1e-6}, optax.scale_by_yogi())
case("scaleByRAdam", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "epsilonRoot": 0.0, "threshold": 5.0}, optax.scale_by_radam())
case("scaleByLion", {"beta1": 0.9, "beta2": 0.99}, optax.scale_by_lion())
case("clip", {"maxDelta": 0.5}, optax.clip(0.5), BIG_GRADIENTS)
case("clipByGlobalNorm", {"maxNorm": 1.5}, optax.clip_by_global_norm(1.5), BIG_GRADIENTS)
case("addDecayedWeights", {"weightDecay": 0.1}, optax.add_decayed_weights(0.1))

# Recipes.
case("sgd", {"learningRate": 0.1}, optax.sgd(0.1))
case("sgd", {"learningRate": 0.1, "momentum": 0.9, "nesterov": False}, optax.sgd(0.1, momentum=0.9))
case("sgd", {"learningRate": 0.1, "momentum": 0.9, "nesterov": True}, optax.sgd(0.1, momentum=0.9, nesterov=True))
case("adagrad", {"learningRate": 0.1}, optax.adagrad(0.1))
case("rmsprop", {"learningRate": 0.01, "centered": False}, optax.rmsprop(0.01))
case("rmsprop", {"learningRate": 0.01, "centered": True, "momentum": 0.9, "nesterov": True},
     optax.rmsprop(0.01, centered=True, momentum=0.9, nesterov=True))
case("adam", {"learningRate": 0.01, "nesterov": False}, optax.adam(0.01))
case("adam", {"learningRate": 0.01, "nesterov": True}, optax.nadam(0.01))
case("adamw", {"learningRate": 0.01, "weightDecay": 0.1}, optax.adamw(0.01, weight_decay=0.1))
case("amsgrad", {"learningRate": 0.01}, optax.amsgrad(0.01))
case("adadelta", {"learningRate": 1.0, "weightDecay": 0.01}, optax.adadelta(1.0, weight_decay=0.01))
case("yogi", {"learningRate": 0.01}, optax.yogi(0.01))
case("radam", {"learningRate": 0.01}, optax.radam(0.01))
case("lion", {"learningRate": 0.01, "weightDecay": 0.01}, optax.lion(0.01, weight_decay=0.01))
case("adamWarmupCosine", {"peakValue": 0.1, "warmupSteps": 3, "decaySteps": 8},
     optax.adam(f64(optax.warmup_cosine_decay_schedule(0.0, 0.1, 3, 8))))
case("chainClipAdam", {"maxNorm": 1.0, "learningRate": 0.01},
     optax.chain(optax.clip_by_global_norm(1.0), optax.adam(0.01)), BIG_GRADIENTS)


def lookahead_case(name, hyper, inner, k, alpha):
    tx = optax.lookahead(inner, k, alpha)
    params = optax.LookaheadParams.init_synced(jnp.asarray(PARAMS0))
    state = tx.init(params)
    updates, fast, slow = [], [], []
    for g in GRADIENTS:
        u, state = tx.update(jnp.asarray(g), state, params)
        params = optax.apply_updates(params, u)
        updates.append(vec(u.fast))
        fast.append(vec(params.fast))
        slow.append(vec(params.slow))
    cases.append({"name": name, "hyper": hyper, "params0": vec(PARAMS0), "gradients": [vec(g) for g in GRADIENTS],
                  "updates": updates, "params": fast, "slow": slow})


lookahead_case("lookaheadSGD", {"learningRate": 0.1, "momentum": 0.9, "syncPeriod": 3, "slowStepSize": 0.5},
               optax.sgd(0.1, momentum=0.9), 3, 0.5)
# Ranger = lookahead(radam) with Ranger's defaults; k = 3 so that two synchronizations happen in 8 steps.
lookahead_case("ranger", {"learningRate": 0.01, "beta1": 0.95, "epsilon": 1e-5, "syncPeriod": 3, "slowStepSize": 0.5},
               optax.radam(0.01, b1=0.95, eps=1e-5), 3, 0.5)


# Sophia with a deterministic diagonal-Hessian "estimate" h(θ) = θ² − 0.25 (negative entries
# exercise the max(γh, ε) floor and the clipping), refreshed every 3 steps.
def hess_diag(theta):
    return theta * theta - 0.25


def hessian_fn():
    def init_fn(params):
        return optax.EmptyState()

    def update_fn(updates, state, params=None, **extra):
        return hess_diag(params), state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


case("scaleBySophia", {"beta1": 0.965, "beta2": 0.99, "epsilon": 1e-8, "gamma": 0.01, "clipThreshold": 1.0, "updateInterval": 3},
     scale_by_sophia(update_interval=3, hessian_diagonal_fn=hessian_fn()))
case("scaleBySophia", {"beta1": 0.9, "beta2": 0.9, "epsilon": 1e-3, "gamma": 2.0, "updateInterval": 2},
     scale_by_sophia(b1=0.9, b2=0.9, eps=1e-3, gamma=2.0, clip_threshold=None, update_interval=2,
                             hessian_diagonal_fn=hessian_fn()))
case("sophia", {"learningRate": 0.1, "weightDecay": 0.01, "updateInterval": 3},
     contrib.sophia(0.1, weight_decay=0.01, update_interval=3, hessian_diagonal_fn=hessian_fn()))

# SAM around SGD with momentum on f(θ) = Σ θ⁴/4 + ½ Σ c θ² − b·θ, gradient θ³ + cθ − b.
C = rng.uniform(0.5, 2.0, size=N)
B = rng.normal(size=N)


def grad_f(theta):
    return theta ** 3 + C * theta - B


def sam_case(rho, inner_lr, momentum):
    inner = optax.sgd(inner_lr, momentum=momentum)
    adv = optax.chain(contrib.normalize(), optax.sgd(rho))
    tx = contrib.sam(inner, adv, sync_period=2, opaque_mode=True)
    p = jnp.asarray(PARAMS0)
    state = tx.init(p)
    grads, updates, params = [], [], []
    for _ in range(STEPS):
        g = grad_f(p)
        u, state = tx.update(g, state, p, grad_fn=lambda x, i: grad_f(x))
        p = optax.apply_updates(p, u)
        grads.append(vec(g))
        updates.append(vec(u))
        params.append(vec(p))
    cases.append({"name": "sharpnessAware", "hyper": {"rho": rho, "learningRate": inner_lr, "momentum": momentum,
                                                       "c": vec(C), "b": vec(B)},
                  "params0": vec(PARAMS0), "gradients": grads, "updates": updates, "params": params})


sam_case(0.05, 0.1, 0.9)

# Schedules: values at steps 0..39.
STEPS_S = list(range(40))
schedules = []


def sched(name, hyper, fn):
    schedules.append({"name": name, "hyper": hyper, "steps": STEPS_S, "values": [f(fn(jnp.asarray(s))) for s in STEPS_S]})


sched("constant", {"value": 0.3}, optax.constant_schedule(0.3))
sched("piecewiseConstant", {"initialValue": 1.0, "boundaries": [5, 12, 30], "scales": [0.5, 0.1, 2.0]},
      optax.piecewise_constant_schedule(1.0, {5: 0.5, 12: 0.1, 30: 2.0}))
sched("exponentialDecay", {"initialValue": 0.5, "transitionSteps": 4, "decayRate": 0.7, "transitionBegin": 3, "staircase": False},
      optax.exponential_decay(0.5, 4, 0.7, transition_begin=3))
sched("exponentialDecay", {"initialValue": 0.5, "transitionSteps": 4, "decayRate": 0.7, "transitionBegin": 0, "staircase": True},
      optax.exponential_decay(0.5, 4, 0.7, staircase=True))
sched("exponentialDecay", {"initialValue": 0.5, "transitionSteps": 3, "decayRate": 0.5, "transitionBegin": 0, "staircase": False, "endValue": 0.05},
      optax.exponential_decay(0.5, 3, 0.5, end_value=0.05))
sched("polynomial", {"initialValue": 1.0, "endValue": 0.01, "power": 2.0, "transitionSteps": 25, "transitionBegin": 5},
      optax.polynomial_schedule(1.0, 0.01, 2.0, 25, transition_begin=5))
sched("linear", {"initialValue": 0.0, "endValue": 1.0, "transitionSteps": 10},
      optax.linear_schedule(0.0, 1.0, 10))
sched("cosineDecay", {"initialValue": 0.8, "decaySteps": 30, "alpha": 0.1, "exponent": 1.0},
      optax.cosine_decay_schedule(0.8, 30, alpha=0.1))
sched("cosineDecay", {"initialValue": 0.8, "decaySteps": 30, "alpha": 0.0, "exponent": 2.0},
      optax.cosine_decay_schedule(0.8, 30, exponent=2.0))
sched("warmupCosineDecay", {"initialValue": 0.01, "peakValue": 1.0, "warmupSteps": 5, "decaySteps": 35, "endValue": 0.05},
      optax.warmup_cosine_decay_schedule(0.01, 1.0, 5, 35, end_value=0.05))
sgdr_kwargs = [dict(init_value=0.0, peak_value=1.0, warmup_steps=2, decay_steps=10, end_value=0.0),
               dict(init_value=0.1, peak_value=0.5, warmup_steps=0, decay_steps=15, end_value=0.01),
               dict(init_value=0.0, peak_value=0.25, warmup_steps=3, decay_steps=20, end_value=0.0)]
sched("sgdr", {"cycles": [{"initialValue": k["init_value"], "peakValue": k["peak_value"], "warmupSteps": k["warmup_steps"],
                           "decaySteps": k["decay_steps"], "endValue": k["end_value"]} for k in sgdr_kwargs]},
      optax.sgdr_schedule(sgdr_kwargs))
sched("cosineOneCycle", {"transitionSteps": 30, "peakValue": 1.0, "pctStart": 0.3, "divFactor": 25.0, "finalDivFactor": 1e4},
      optax.cosine_onecycle_schedule(30, 1.0))
sched("linearOneCycle", {"transitionSteps": 30, "peakValue": 1.0, "pctStart": 0.25, "pctFinal": 0.85, "divFactor": 25.0, "finalDivFactor": 1e4},
      optax.linear_onecycle_schedule(30, 1.0, pct_start=0.25))
sched("warmupExponential", {"initialValue": 0.0, "peakValue": 0.5, "warmupSteps": 6, "transitionSteps": 5, "decayRate": 0.5},
      optax.warmup_exponential_decay_schedule(0.0, 0.5, 6, 5, 0.5))

out = {"generator": "Tools/references/optax_updates.py", "optax": optax.__version__, "jax": jax.__version__,
       "cases": cases, "schedules": schedules}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentOptimizeTests", "References", "optax_updates.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print(f"wrote {len(cases)} optimizer cases and {len(schedules)} schedules to {os.path.normpath(path)}")
