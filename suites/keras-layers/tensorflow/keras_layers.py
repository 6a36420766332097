"""Generated: every public keras.layers class and function, built and called on seeded
inputs (python/portabench/generated/keras_layers.py); tf.* functions the tf-numpy suite
does not reach, against NumPy formulas (tf_functions.py); keras.ops and
keras.activations against NumPy (keras_ops.py); keras.Sequential and keras.Model, the
keras.losses and the keras.optimizers (keras_models.py).

Filter with PORTABENCH_OPS (keras.layers names such as Dense,Conv2D; tf.* names such as
nn.relu,reduce_sum; ops.add, activations.relu, Sequential, losses.Huber, optimizers.Adam; or public functions such as
tf.keras.layers.LSTM), PORTABENCH_DTYPES and PORTABENCH_SLICE (portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import keras_layers, keras_models, keras_ops, tf_functions
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(keras_layers.cases() + tf_functions.cases() + keras_ops.cases() + keras_models.cases()), add_case)
