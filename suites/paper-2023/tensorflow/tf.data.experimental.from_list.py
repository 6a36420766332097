import numpy as np
import tensorflow as tf

from portabench import case, skip
from portabench.testing import assert_close

FUNCTION = "tf.data.experimental.from_list"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host: tf.data / file I/O cannot be compiled by XLA")


@case(dtype=["float32", "float64", "int32", "bool", "float16"])
def elements(bench, device, dtype):
    host_only(bench, "tf.data.experimental.from_list")
    items = [np.array([i, i + 1]).astype(dtype) for i in range(5)]
    out = bench.measure(lambda: list(tf.data.experimental.from_list(items)))
    assert len(out) == 5
    assert_close(tf.cast(tf.stack(out), tf.float64), np.stack(items).astype(np.float64), "float64")


@case
def structured_elements(bench, device):
    host_only(bench, "tf.data.experimental.from_list")
    items = [{"x": 1, "y": "a"}, {"x": 2, "y": "b"}]
    out = bench.measure(lambda: list(tf.data.experimental.from_list(items)))
    assert [int(e["x"]) for e in out] == [1, 2] and [e["y"].numpy() for e in out] == [b"a", b"b"]


@case
def mismatched_structure_raises(bench, device):
    host_only(bench, "tf.data.experimental.from_list")
    try:
        bench.measure(lambda: tf.data.experimental.from_list([1, (2, 3)]))
    except (ValueError, TypeError):
        return
    raise AssertionError("elements of different structure must raise")
