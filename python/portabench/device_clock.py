"""The device's own clock, kept beside the wall clock.

A sample's wall time (``samples_ms``) runs from before the first call to after the
synchronisation that follows the last; it includes launching and waiting. Where the
framework has a public per-call device timer the same sample is also timed on the
device (``device_samples_ms``, clock named in ``device_clock``):

- PyTorch on CUDA: a pair of ``torch.cuda.Event(enable_timing=True)`` recorded on the
  current stream around the sample's calls, read after the synchronisation.
- JAX: none. Device time exists only in profiler traces (``jax.profiler.start_trace`` /
  ``stop_trace``, read back with ``jax.profiler.ProfileData``): a tracing session per
  sample costs milliseconds, changes what is measured and reports per-kernel events,
  not a region's start to end. So JAX samples are wall time after
  ``block_until_ready``, and the measurement says why (``device_clock_reason``).
- TensorFlow: the same, with ``tf.profiler``; wall time after ``sync_devices``.
"""
import functools

WALL = "wall"


class CudaEvents:
    """CUDA only: exercised when a GPU is present.

    ``mark()`` makes a pair of events (outside the timed region: creating one is a driver
    call); ``start(mark)`` and ``stop(mark)`` record them on the current stream;
    ``elapsed_ms(mark)`` is valid once the device has been synchronised after ``stop``.
    ``event`` makes a timing event (tests pass a stand-in; on a GPU it is
    ``torch.cuda.Event(enable_timing=True)``).
    """

    name = "cuda-events"

    def __init__(self, event=None):
        if event is None:
            import torch

            event = functools.partial(torch.cuda.Event, enable_timing=True)
        self._event = event

    def mark(self):
        return self._event(), self._event()

    @staticmethod
    def start(mark):
        mark[0].record()

    @staticmethod
    def stop(mark):
        mark[1].record()

    @staticmethod
    def elapsed_ms(mark):
        begin, end = mark
        return begin.elapsed_time(end)


def choose_clock(adapter, device):
    """``(clock, None)`` when ``device`` has a per-call timer the adapter can use, else
    ``(None, reason)``: the samples are then wall time only."""
    try:
        return adapter.device_clock(device)
    except Exception as exc:  # a broken driver must not fail the case: wall time still holds
        return None, f"device clock unavailable: {type(exc).__name__}: {exc}"
