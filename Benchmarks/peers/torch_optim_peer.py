"""PyTorch side of the Adam-step benchmark (see optimize_common.py): one
`torch.optim.Adam(lr=1e-3).step()` on 10⁷ float64 parameters on the CPU, with the multi-tensor
(`foreach=True`) and the fused (`fused=True`) implementations. The gradient is assigned once;
`step()` reads it, updates the moments and the parameters in place."""
import torch

from optimize_common import case_noop, main, timed


def adam_case(**flavour):
    def run(d, r, w):
        params = torch.nn.Parameter(torch.from_numpy(d("adam_theta").copy()))
        params.grad = torch.from_numpy(d("adam_g").copy())
        opt = torch.optim.Adam([params], lr=1e-3, betas=(0.9, 0.999), eps=1e-8, **flavour)

        def once():
            opt.step()
            return 0.0
        timing = timed(r, w, once, lambda v: v)
        timing.check = float(params.detach().sum())
        return timing
    return run


CASES = {"noop": case_noop, "adam_step_1e7_foreach": adam_case(foreach=True), "adam_step_1e7_fused": adam_case(fused=True)}


def info():
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


if __name__ == "__main__":
    main(CASES, info)
