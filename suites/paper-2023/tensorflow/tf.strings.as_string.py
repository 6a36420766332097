import numpy as np
import tensorflow as tf

from portabench import case

# Replaces the study's `bytes.decode` pick: its test timed Python's bytes.decode on the
# results of tf.strings.as_string, the TensorFlow op the test was about.
FUNCTION = "tf.strings.as_string"


def text(t):
    return [v.decode("ascii") for v in t.numpy().reshape(-1)]


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def floats(bench, device, dtype):
    x = tf.cast(tf.constant([1.5, -0.25, 3.0]), dtype)
    out = bench.measure(tf.strings.as_string, x, precision=2)
    assert text(out) == ["1.50", "-0.25", "3.00"], text(out)


@case(dtype=["int8", "int32", "int64", "uint8"])
def integers(bench, device, dtype):
    v = [0, 7, 100] if dtype == "uint8" else [0, -7, 100]
    out = bench.measure(tf.strings.as_string, tf.constant(v, dtype), width=4, fill="0")
    assert text(out) == [f"{x:04d}" for x in v], text(out)


@case
def large_int64(bench, device):
    out = bench.measure(tf.strings.as_string, tf.constant([2 ** 62, -(2 ** 63)], tf.int64))
    assert text(out) == [str(2 ** 62), str(-(2 ** 63))]


@case
def bool_and_complex(bench, device):
    out = bench.measure(tf.strings.as_string, tf.constant([True, False]))
    assert text(out) == ["true", "false"]
    c = bench.measure(tf.strings.as_string, tf.constant([1 + 2j], tf.complex64), precision=1)
    assert text(c) == ["(1.0,2.0)"], text(c)


@case
def scientific_and_shortest(bench, device):
    out = bench.measure(tf.strings.as_string, tf.constant([12345.678], tf.float64), scientific=True, precision=3)
    assert text(out) == ["1.235e+04"], text(out)
    s = bench.measure(tf.strings.as_string, tf.constant([0.1, 2.0], tf.float32), shortest=True)
    assert text(s) == ["0.1", "2"], text(s)
