"""How torch runs inside the program (set once, on the worker, when the engine loads)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


def torch_threads(cpus: int | None = None) -> int:
    """Threads for torch's CPU kernels: all cores but one, which stays with the GUI.

    On a 2-core school laptop torch's default of 2 threads competes with the GUI thread and
    stalls it (measured here: a whole-train-split job took 39 s with 2 threads and 6.7 s with
    1, with far fewer long GUI gaps). The image pipeline's lookup tables stay bit-identical to
    the module for 1–4 threads (see engine.pipeline).
    """
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(4, cpus - 1))


def configure_torch() -> str:
    """Import torch, set its thread count, return its version."""
    import torch

    torch.set_num_threads(torch_threads())
    return torch.__version__


@contextlib.contextmanager
def single_threaded() -> Iterator[None]:
    """Run tiny tensor work (the labs' small networks) on one torch thread.

    For 2×16 matrices the intra-op threads only add hand-over cost: one XOR step took 7 ms
    with 2 threads and 1 ms with one on a loaded 2-core machine.
    """
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
