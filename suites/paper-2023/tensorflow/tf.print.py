import os
import tempfile

import numpy as np
import tensorflow as tf

from portabench import case

FUNCTION = "tf.print"


def printed(fn, bench, *args, **kwargs):
    """Run tf.print through bench.measure into a file; return the first call's text."""
    path = os.path.join(tempfile.mkdtemp(prefix="pb-tfprint-"), "out.txt")

    def call(*a):
        tf.print(*a, output_stream="file://" + path, **kwargs)

    bench.measure(call, *args)
    with open(path) as f:
        text = f.read()
    return text


@case(dtype=["float32", "float64", "int32", "bool", "float16", "bfloat16"])
def tensor(bench, device, dtype):
    x = tf.cast(tf.constant([1, 0, 3]), dtype)
    text = printed(tf.print, bench, x)
    first = text.splitlines()[0]
    expected = "[1 0 1]" if dtype == "bool" else "[1 0 3]"
    assert first == expected, f"tf.print wrote {first!r}, expected {expected!r}"


@case
def several_values_and_separator(bench, device):
    text = printed(tf.print, bench, tf.constant(2), tf.constant("x"), sep="|", end="!\n")
    # string tensors are printed quoted
    assert text.splitlines()[0] == '2|"x"!', f"tf.print wrote {text!r}"


@case
def summarizes_long_tensors(bench, device):
    text = printed(tf.print, bench, tf.range(100), summarize=2)
    assert text.splitlines()[0] == "[0 1 ... 98 99]", f"tf.print wrote {text.splitlines()[0]!r}"


@case
def nested_structure(bench, device):
    text = printed(tf.print, bench, {"a": tf.constant([1.5])})
    assert text.splitlines()[0] == "{'a': [1.5]}", f"tf.print wrote {text.splitlines()[0]!r}"
