import numpy as np
import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.dtypes.as_dtype"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host in Python: there is nothing for XLA to compile")


@case(name=["float16", "bfloat16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool", "complex64", "string"])
def from_names(bench, device, name):
    host_only(bench, "tf.dtypes.as_dtype")
    dt = bench.measure(tf.dtypes.as_dtype, name)
    assert dt.name == name and dt == getattr(tf, name)


@case(np_type=["float16", "float32", "float64", "int16", "int64", "uint8", "bool_", "complex128"])
def from_numpy_types(bench, device, np_type):
    host_only(bench, "tf.dtypes.as_dtype")
    dt = bench.measure(tf.dtypes.as_dtype, getattr(np, np_type))
    assert dt.as_numpy_dtype == getattr(np, np_type), (dt, np_type)


@case
def properties(bench, device):
    host_only(bench, "tf.dtypes.as_dtype")
    dt = bench.measure(tf.dtypes.as_dtype, tf.float16)
    assert dt.is_floating and dt.size == 2 and dt.base_dtype == tf.float16 and dt.real_dtype == tf.float16
    assert tf.dtypes.as_dtype("int32").max == 2 ** 31 - 1


@case
def unknown_type_raises(bench, device):
    host_only(bench, "tf.dtypes.as_dtype")
    try:
        bench.measure(tf.dtypes.as_dtype, "float7")
    except TypeError:
        return
    raise AssertionError("as_dtype('float7') must raise TypeError")
