"""PyTorch (eager) side of the autodiff benchmarks, float64: backward() for value and gradient,
double backward for the Hessian-vector product, torch.autograd.functional.hessian for the Hessian."""
import torch

from autodiff_common import ROSENBROCK_BATCH, case_noop, main, per_call, timed

torch.set_default_dtype(torch.float64)


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def case_rosenbrock2_vg(d, r, w):
    x0 = torch.tensor([-1.2, 1.0])

    def batch():
        for _ in range(ROSENBROCK_BATCH):
            x = x0.clone().requires_grad_(True)
            value = rosenbrock(x)
            value.backward()
        return value.item(), x.grad
    return per_call(timed(r, w, batch, lambda res: res[0] + float(res[1].sum())), ROSENBROCK_BATCH)


def case_logistic_vg(d, r, w):
    x, y, w0 = torch.from_numpy(d("logistic_x")), torch.from_numpy(d("logistic_y")), torch.from_numpy(d("logistic_w"))

    def call():
        wt = w0.clone().requires_grad_(True)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ wt, y)
        loss.backward()
        return loss.item(), wt.grad
    return timed(r, w, call, lambda res: res[0] + float(res[1].sum()))


def case_tanhnet_hvp(d, r, w):
    x, y = torch.from_numpy(d("tanhnet_x")), torch.from_numpy(d("tanhnet_y"))
    theta0, v = torch.from_numpy(d("tanhnet_theta")), torch.from_numpy(d("tanhnet_v"))

    def call():
        t = theta0.clone().requires_grad_(True)
        w1, b1, w2, b2 = t[:3200].reshape(100, 32), t[3200:3232], t[3232:3264], t[3264]
        loss = torch.mean((torch.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2)
        (g,) = torch.autograd.grad(loss, t, create_graph=True)
        (hv,) = torch.autograd.grad(g @ v, t)
        return hv
    return timed(r, w, call, lambda res: float(res.sum()))


def extended_rosenbrock(x):
    return torch.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def case_hessian50(d, r, w):
    x = torch.from_numpy(d("hessian50_x"))
    return timed(r, w, lambda: torch.autograd.functional.hessian(extended_rosenbrock, x), lambda res: float(res.sum()))


CASES = {"noop": case_noop, "rosenbrock2_vg": case_rosenbrock2_vg, "logistic_vg": case_logistic_vg,
         "tanhnet_hvp": case_tanhnet_hvp, "hessian50": case_hessian50}


def info():
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


if __name__ == "__main__":
    main(CASES, info)
