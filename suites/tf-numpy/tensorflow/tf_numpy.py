"""Generated: tf.experimental.numpy functions that NumPy also has, against NumPy.

See python/portabench/generated/tf_numpy.py for what a case runs and compares, and
what its params (numpy_accepts) mean. Filter with PORTABENCH_OPS (NumPy names such as
add, cumsum), PORTABENCH_DTYPES and PORTABENCH_SLICE (portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import tf_numpy
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(tf_numpy.cases()), add_case)
