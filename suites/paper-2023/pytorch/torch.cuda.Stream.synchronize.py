"""torch.cuda.Stream.synchronize: wait for the work queued on a CUDA stream, as in
PyTorch's test_copy_streams / test_streams. CUDA only: every case is skipped on
other devices (a CPU run says so, it does not pretend to pass)."""
import torch

from portabench import case, skip

FUNCTION = "torch.cuda.Stream.synchronize"


def cuda_only(device):
    if getattr(device, "type", str(device)) != "cuda":
        skip(f"torch.cuda.Stream needs a CUDA device (this case runs on {device})")


@case(n=[1 << 10, 1 << 20])
def copy_on_side_stream(bench, device, n):
    cuda_only(device)
    s = torch.cuda.Stream()
    x = torch.arange(n, dtype=torch.float32, device=device)

    def copy_and_wait(x):
        with torch.cuda.stream(s):
            y = x * 2
        s.synchronize()
        return y

    y = bench.measure(copy_and_wait, x)
    assert s.query() and torch.equal(y, x * 2)


@case
def host_copy(bench, device):
    cuda_only(device)
    s = torch.cuda.Stream()
    host = torch.empty(1 << 16, pin_memory=True)

    def to_host(x):
        with torch.cuda.stream(s):
            host.copy_(x, non_blocking=True)
        s.synchronize()
        return host.clone()

    x = torch.randn(1 << 16, device=device)
    assert torch.equal(bench.measure(to_host, x), x.cpu())
