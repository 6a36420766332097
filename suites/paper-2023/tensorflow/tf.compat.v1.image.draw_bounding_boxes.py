import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.image.draw_bounding_boxes"


def reference(img, box, color):
    # box [ymin, xmin, ymax, xmax] in relative coordinates; outline one pixel wide
    out = img.copy()
    h, w = img.shape[:2]
    y0, x0 = int(box[0] * (h - 1)), int(box[1] * (w - 1))
    y1, x1 = int(box[2] * (h - 1)), int(box[3] * (w - 1))
    out[y0, x0:x1 + 1] = color
    out[y1, x0:x1 + 1] = color
    out[y0:y1 + 1, x0] = color
    out[y0:y1 + 1, x1] = color
    return out


@case(dtype=["float32", "float16", "float64", "bfloat16"], channels=[1, 3, 4])
def one_box(bench, device, dtype, channels):
    img = np.zeros((8, 10, channels))
    color = np.array([1.0, 0.5, 0.25, 1.0])[:channels] if channels > 1 else np.array([1.0])
    out = bench.measure(tf.compat.v1.image.draw_bounding_boxes, tf.cast(tf.constant(img[None]), dtype),
                        tf.constant([[[0.0, 0.0, 1.0, 1.0]]]), colors=tf.constant([[1.0, 0.5, 0.25, 1.0]]))
    assert_close(tf.cast(out[0], tf.float64), reference(img, [0, 0, 1, 1], color), dtype)


@case
def batch_of_boxes(bench, device):
    img = np.full((2, 9, 9, 3), 0.5, np.float32)
    boxes = tf.constant([[[0.25, 0.25, 0.75, 0.75]], [[0.0, 0.5, 0.5, 1.0]]])
    out = bench.measure(tf.compat.v1.image.draw_bounding_boxes, tf.constant(img), boxes, colors=tf.constant([[1.0, 0.0, 0.0, 1.0]]))
    for i, box in enumerate([[0.25, 0.25, 0.75, 0.75], [0.0, 0.5, 0.5, 1.0]]):
        assert_close(out[i], reference(img[i], box, [1.0, 0.0, 0.0]), "float32")


@case
def no_boxes_leaves_image(bench, device):
    img = np.random.default_rng(0).uniform(size=(1, 6, 6, 3)).astype(np.float32)
    out = bench.measure(tf.compat.v1.image.draw_bounding_boxes, tf.constant(img), tf.zeros((1, 0, 4)))
    assert_close(out, img, "float32")
