"""``--flush-cache``: write a buffer larger than the last-level cache before each timed
sample, outside the timed region, so a memory-bound operation reads its inputs from
memory rather than from a cache the previous repetition warmed (what
``triton.testing.do_bench`` does with a 256 MB buffer on the GPU).

Sizes: on a GPU, 256 MB (more than any GPU's L2 today); on a CPU, twice the largest
cache ``/sys/devices/system/cpu/cpu0/cache/index*/size`` lists, or 64 MiB when that
cannot be read. The framework writes the buffer on the case's own device
(``adapter.cache_flusher``).
"""
import glob
import os

GPU_BYTES = 256 * 1000 * 1000
FALLBACK_BYTES = 64 * 1024 * 1024
_UNITS = {"K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024}


def parse_size(text):
    """``"32768K"`` → 33554432; None when unreadable."""
    text = text.strip().upper()
    if not text:
        return None
    unit = _UNITS.get(text[-1], 1)
    digits = text[:-1] if text[-1] in _UNITS else text
    try:
        return int(digits) * unit
    except ValueError:
        return None


def llc_bytes(root="/sys/devices/system/cpu/cpu0/cache"):
    """The largest cache of CPU 0 in bytes (the last level), or None."""
    sizes = []
    for path in glob.glob(os.path.join(root, "index*", "size")):
        try:
            with open(path) as f:
                size = parse_size(f.read())
        except OSError:
            continue
        if size:
            sizes.append(size)
    return max(sizes) if sizes else None


def flush_bytes(device_kind, root="/sys/devices/system/cpu/cpu0/cache"):
    """How many bytes to write between samples on a device of this kind."""
    if device_kind != "cpu":
        return GPU_BYTES
    llc = llc_bytes(root)
    return 2 * llc if llc else FALLBACK_BYTES


class Flusher:
    """Writes the buffer (``adapter.cache_flusher``) and waits for it; counts the flushes."""

    def __init__(self, adapter, device, device_kind):
        self.nbytes = flush_bytes(device_kind)
        self._write = adapter.cache_flusher(device, self.nbytes)
        self._sync = adapter.sync
        self.count = 0

    def __call__(self):
        self._sync(self._write())
        self.count += 1
