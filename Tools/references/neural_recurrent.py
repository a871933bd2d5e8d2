"""Reference values of PyTorch's Elman recurrent layer (torch.nn.RNN) in float64.

Writes Tests/DescentNeuralTests/References/neural_recurrent.json. For each case (tanh and relu
nonlinearities, with a zero or a given initial state) it exports the layer's weights, a batch of
sequences, the hidden states h_1 … h_T, and the gradients of the scalar L = Σ_t Σ_b ⟨C_t,b, h_t,b⟩
(a fixed random cotangent C) with respect to the weights, the bias, the inputs and h_0, computed
by torch.autograd. PyTorch has two biases (b_ih and b_hh) that always appear summed; Descent's
layer has one, b = b_ih + b_hh, whose gradient equals each of PyTorch's (both are checked equal
here). Sequences are stored batch-first and flattened per example: row b is x_1 … x_T side by side,
which is the layer's input layout [batch, T·features].

The "jacobian" case records ∂h_T/∂h_0 of one sequence by torch.autograd.functional.jacobian,
with a recurrent weight scaled to spectral radius 1.2, for the stability tests.
"""
import json
import os

import numpy as np
import torch

from reference_json import json_nested

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261204)


def rnn_case(name, nonlinearity, batch, steps, features, hidden, with_initial_state):
    rnn = torch.nn.RNN(features, hidden, nonlinearity=nonlinearity, batch_first=True)
    with torch.no_grad():
        # Weights drawn here (not torch's own seeded init) so the JSON does not depend on torch's RNG.
        rnn.weight_ih_l0.copy_(torch.tensor(rng.normal(scale=0.6, size=(hidden, features))))
        rnn.weight_hh_l0.copy_(torch.tensor(rng.normal(scale=0.5, size=(hidden, hidden))))
        rnn.bias_ih_l0.copy_(torch.tensor(rng.normal(scale=0.3, size=hidden)))
        rnn.bias_hh_l0.copy_(torch.tensor(rng.normal(scale=0.3, size=hidden)))
    x = torch.tensor(rng.normal(size=(batch, steps, features)), requires_grad=True)
    h0 = torch.tensor(rng.normal(scale=0.5, size=(1, batch, hidden)) if with_initial_state
                      else np.zeros((1, batch, hidden)), requires_grad=True)
    states, last = rnn(x, h0)
    cotangent = torch.tensor(rng.normal(size=(batch, steps, hidden)))
    loss = (states * cotangent).sum()
    loss.backward()
    assert torch.allclose(rnn.bias_ih_l0.grad, rnn.bias_hh_l0.grad, rtol=1e-14, atol=1e-14)
    assert torch.equal(last[0], states[:, -1, :])
    return {
        "name": name, "nonlinearity": nonlinearity, "batch": batch, "steps": steps,
        "features": features, "hidden": hidden,
        "input_weight": json_nested(rnn.weight_ih_l0.detach().numpy()),
        "recurrent_weight": json_nested(rnn.weight_hh_l0.detach().numpy()),
        "bias": json_nested((rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().numpy()),
        "inputs": json_nested(x.detach().numpy().reshape(batch, steps * features)),
        "initial_state": json_nested(h0.detach().numpy()[0]),
        "states": json_nested(states.detach().numpy().reshape(batch, steps * hidden)),
        "last_state": json_nested(last.detach().numpy()[0]),
        "cotangent": json_nested(cotangent.numpy().reshape(batch, steps * hidden)),
        "loss": float(loss.detach()),
        "grad_input_weight": json_nested(rnn.weight_ih_l0.grad.numpy()),
        "grad_recurrent_weight": json_nested(rnn.weight_hh_l0.grad.numpy()),
        "grad_bias": json_nested(rnn.bias_ih_l0.grad.numpy()),
        "grad_inputs": json_nested(x.grad.numpy().reshape(batch, steps * features)),
        "grad_initial_state": json_nested(h0.grad.numpy()[0]),
    }


def jacobian_case(nonlinearity, steps, features, hidden, radius):
    w_ih = rng.normal(scale=0.5, size=(hidden, features))
    w_hh = rng.normal(size=(hidden, hidden))
    w_hh *= radius / np.max(np.abs(np.linalg.eigvals(w_hh)))
    b = rng.normal(scale=0.1, size=hidden)
    x = rng.normal(size=(steps, features))
    h0 = rng.normal(scale=0.3, size=hidden)
    phi = torch.tanh if nonlinearity == "tanh" else torch.relu
    W_ih, W_hh, B, X = (torch.tensor(a) for a in (w_ih, w_hh, b, x))

    def final_state(h):
        for t in range(steps):
            h = phi(W_ih @ X[t] + W_hh @ h + B)
        return h

    jac = torch.autograd.functional.jacobian(final_state, torch.tensor(h0)).numpy()
    return {
        "nonlinearity": nonlinearity, "steps": steps, "features": features, "hidden": hidden,
        "spectral_radius": float(np.max(np.abs(np.linalg.eigvals(w_hh)))),
        "recurrent_norm": float(np.linalg.norm(w_hh, 2)),
        "input_weight": json_nested(w_ih), "recurrent_weight": json_nested(w_hh), "bias": json_nested(b),
        "inputs": json_nested(x.reshape(1, steps * features)), "initial_state": json_nested(h0.reshape(1, hidden)),
        "jacobian": json_nested(jac), "jacobian_norm": float(np.linalg.norm(jac, 2)),
    }


reference = {
    "generator": "torch " + torch.__version__,
    "cases": [
        rnn_case("tanh_zero_state", "tanh", 2, 5, 3, 4, False),
        rnn_case("tanh_given_state", "tanh", 3, 4, 2, 5, True),
        rnn_case("relu_zero_state", "relu", 2, 6, 3, 4, False),
        rnn_case("relu_given_state", "relu", 2, 3, 4, 3, True),
    ],
    "jacobians": [
        jacobian_case("tanh", 12, 3, 5, 1.2),
        jacobian_case("relu", 8, 3, 5, 0.9),
    ],
}

path = os.path.join(os.path.dirname(__file__), "../../Tests/DescentNeuralTests/References/neural_recurrent.json")
with open(path, "w") as out:
    json.dump(reference, out, indent=1)
    out.write("\n")
