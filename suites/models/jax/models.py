"""Generated: every keras.applications model on Keras' jax back end, inference and a
training step.

See python/portabench/generated/keras_applications.py for what a case builds, runs and
compares. Filter with PORTABENCH_MODELS (ResNet50, or keras:ResNet50),
PORTABENCH_MODELS_WORKLOADS and PORTABENCH_SLICE.
"""
from portabench.cases import add_case
from portabench.generated import keras_applications
from portabench.generated.spec import register

register(keras_applications.cases("jax"), add_case)
