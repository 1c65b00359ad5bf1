# SPDX-License-Identifier: MIT
"""Write the single-layer models `make bench-sim` measures on the RTL.

Each model is one QLinearConv with ResNet-18 shapes: uint8 activations (zero point 128),
int8 weights with per-output-channel scales (zero point 0), int32 bias, uint8 output.
Weights, scales and bias are random but deterministic (numpy Generator seeded from a
CRC32 of the layer name). The files are build products, not fixtures: sim/bench-sim.sh
writes them into build/bench-sim/ on every run.

Usage: /usr/bin/python3 scripts/gen_bench_layers.py OUTDIR [--list]
Prints the path of every model written, one a line, in bench order.
"""

import argparse
import os
import sys
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 7

# name, in channels, out channels, input H = W, kernel, stride, pad
LAYERS = [
    ("resnet18_conv2_64x56", 64, 64, 56, 3, 1, 1),
    ("resnet18_conv3_128x28", 128, 128, 28, 3, 1, 1),
    ("resnet18_conv4_256x14", 256, 256, 14, 3, 1, 1),
    ("resnet18_conv5_512x7", 512, 512, 7, 3, 1, 1),
    ("resnet18_down_64to128_s2", 64, 128, 56, 3, 2, 1),
]


def build(name, ic, oc, hw, k, stride, pad):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    oh = (hw + 2 * pad - k) // stride + 1
    x_scale, x_zp = 0.02, 128
    w = rng.integers(-127, 128, size=(oc, ic, k, k), dtype=np.int64).astype(np.int8)
    w_scale = rng.uniform(0.002, 0.02, size=oc).astype(np.float32)
    w_zp = np.zeros(oc, np.int8)
    # accumulator spread ~ sqrt(K) * rms(x - x_zp) * rms(w); scale y so it spans ~40 LSB
    acc_rms = np.sqrt(ic * k * k) * 74.0 * float(np.sqrt(np.mean(w.astype(np.float64) ** 2)))
    y_scale = np.float32(float("%.4g" % (x_scale * float(w_scale.max()) * acc_rms / 40.0)))
    bias = rng.integers(-int(acc_rms), int(acc_rms) + 1, size=oc).astype(np.int32)
    inits = [
        numpy_helper.from_array(np.array(x_scale, np.float32), "x_scale"),
        numpy_helper.from_array(np.array(x_zp, np.uint8), "x_zp"),
        numpy_helper.from_array(w, "w"),
        numpy_helper.from_array(w_scale, "w_scale"),
        numpy_helper.from_array(w_zp, "w_zp"),
        numpy_helper.from_array(np.array(y_scale, np.float32), "y_scale"),
        numpy_helper.from_array(np.array(128, np.uint8), "y_zp"),
        numpy_helper.from_array(bias, "bias"),
    ]
    node = helper.make_node(
        "QLinearConv",
        ["x", "x_scale", "x_zp", "w", "w_scale", "w_zp", "y_scale", "y_zp", "bias"],
        ["y"], name=name, kernel_shape=[k, k], strides=[stride, stride],
        pads=[pad] * 4, dilations=[1, 1])
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("x", TensorProto.UINT8, [1, ic, hw, hw])],
        [helper.make_tensor_value_info("y", TensorProto.UINT8, [1, oc, oh, oh])],
        inits)
    model = helper.make_model(graph, producer_name="lpfpga gen_bench_layers",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--list", action="store_true", help="print the layer table, write nothing")
    args = ap.parse_args()
    if args.list:
        for layer in LAYERS:
            print("%-26s ic %3d oc %3d %2dx%-2d k%d s%d p%d" % (layer[:4] + (layer[3],) +
                                                              layer[4:]))
        return 0
    os.makedirs(args.outdir, exist_ok=True)
    for layer in LAYERS:
        path = os.path.join(args.outdir, layer[0] + ".onnx")
        onnx.save(build(*layer), path)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
