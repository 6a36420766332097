import numpy as np
import tensorflow as tf

from portabench import case

FUNCTION = "tf.lookup.KeyValueTensorInitializer"


def lookup(keys, values, query, default):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(keys, values), default)
    return table.lookup(query)


@case(key_dtype=["int32", "int64", "string"], value_dtype=["int64", "float32", "float64", "string"])
def key_value_types(bench, device, key_dtype, value_dtype):
    raw_keys = [3, 1, 7]
    keys = tf.constant([str(k) for k in raw_keys]) if key_dtype == "string" else tf.constant(raw_keys, key_dtype)
    raw_values = [30, 10, 70]
    values = tf.constant([str(v) for v in raw_values]) if value_dtype == "string" else tf.constant(raw_values, value_dtype)
    default = tf.constant("-1") if value_dtype == "string" else tf.constant(-1, value_dtype)
    q_raw = [7, 2, 3, 1]
    query = tf.constant([str(q) for q in q_raw]) if key_dtype == "string" else tf.constant(q_raw, key_dtype)
    out = bench.measure(lookup, keys, values, query, default)
    got = [v.decode() for v in out.numpy()] if value_dtype == "string" else out.numpy().tolist()
    ref = [70, -1, 30, 10]
    assert got == ([str(v) for v in ref] if value_dtype == "string" else ref), got


@case
def two_dimensional_query(bench, device):
    out = bench.measure(lookup, tf.constant([1, 2], tf.int64), tf.constant([1.5, 2.5]), tf.constant([[2, 9], [1, 1]], tf.int64), tf.constant(0.0))
    assert out.numpy().tolist() == [[2.5, 0.0], [1.5, 1.5]]


@case
def single_entry_and_empty_query(bench, device):
    out = bench.measure(lookup, tf.constant([4], tf.int64), tf.constant([8], tf.int64), tf.zeros((0,), tf.int64), tf.constant(-7, tf.int64))
    assert out.shape == (0,)


@case
def mismatched_lengths_raise(bench, device):
    try:
        bench.measure(lookup, tf.constant([1, 2, 3], tf.int64), tf.constant([1, 2], tf.int64), tf.constant([1], tf.int64), tf.constant(0, tf.int64))
    except (ValueError, tf.errors.InvalidArgumentError):
        return
    raise AssertionError("keys and values of different lengths must raise")
