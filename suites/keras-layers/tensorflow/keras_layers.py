"""Generated: every public keras.layers class and function, built and called on seeded
inputs (python/portabench/generated/keras_layers.py), and tf.* functions the tf-numpy
suite does not reach, against NumPy formulas (python/portabench/generated/tf_functions.py).

Filter with PORTABENCH_OPS (keras.layers names such as Dense,Conv2D; tf.* names such as
nn.relu,reduce_sum; or public functions such as tf.keras.layers.LSTM), PORTABENCH_DTYPES
and PORTABENCH_SLICE (portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import keras_layers, tf_functions
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(keras_layers.cases() + tf_functions.cases()), add_case)
