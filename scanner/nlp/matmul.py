"""The matrix products of spaCy's networks through numpy (OpenBLAS) rather than blis.

thinc's CPU ops multiply with the `blis` wheel, whose build picks its generic kernel on the
machines this runs on (`BLIS_ARCH_DEBUG=1` says "selecting sub-configuration 'generic'"): three
to four times slower than numpy's OpenBLAS for the NER's shapes, and the mention stage spent
40 % of its time there. The same float32 products give the same entities (checked mention for
mention on 80 articles and on the gold sets' figures).
"""

from __future__ import annotations

from typing import Any


def numpy_ops() -> Any:
    """thinc's NumpyOps with blis switched off (plain `numpy.dot`)."""
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=False)


def use_numpy_matmul(model: Any) -> None:
    """Make every layer of a thinc `model` (a spaCy component's `.model`) multiply through
    numpy; ops are fixed when a layer is built, so a loaded model is switched layer by layer."""
    ops = numpy_ops()
    for node in model.walk():
        node.ops = ops


def pipeline_numpy_matmul(nlp: Any) -> None:
    """`use_numpy_matmul` for each trainable component of a loaded spaCy pipeline."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            use_numpy_matmul(model)
