"""Generators for portabench's generated suites: cases built from the frameworks' own
descriptions of their ops, instead of one hand-written file per function.

- ``opinfo``: PyTorch's ``op_db`` (OpInfo) × dtypes, against a CPU reference.
- ``jax_harnesses``: JAX's ``test_harnesses``, eager and under ``jax.jit``.
- ``tf_numpy``: ``tf.experimental.numpy`` against NumPy (TensorFlow ships no op database).

Each generator yields ``CaseSpec``s (``spec.CaseSpec``); a thin test file in
``suites/<suite>/<framework>/`` registers them with ``portabench.cases.add_case`` after
filtering them with ``select.from_environment`` (``PORTABENCH_OPS``, ``PORTABENCH_SLICE``).

Every case's params say what the framework itself declares about it, so that the
analysis can tell an expected failure from a finding without re-reading the framework:
see each generator's module docstring for the keys.
"""
