# SPDX-License-Identifier: MIT
"""Build lpfpga's own quantized ONNX test models and their inputs.

Writes tests/models/<case>/model.onnx and tests/models/<case>/test_data_set_N/input_K.pb
(serialized TensorProto with raw_data, the ONNX backend-test layout). The outputs
(output_K.pb) are NOT written here: they come from an oracle, onnxruntime
(scripts/gen_ort_fixtures.js) or, for the cases onnxruntime cannot run,
scripts/exact_reference.py. scripts/gen-test-fixtures.sh runs all three.

Everything is deterministic: each case draws from its own numpy Generator seeded
from a CRC32 of the case name, so adding a case does not change the others.

Usage:
  /usr/bin/python3 scripts/gen_test_models.py [--out DIR] [--only CASE ...]
  /usr/bin/python3 scripts/gen_test_models.py --list [onnxruntime|onnxruntime_opt_all|exact_reference]
"""

import argparse
import os
import shutil
import sys
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 7  # the IR version that goes with opset 13
ORT = "onnxruntime"
ORT_ALL = "onnxruntime_opt_all"  # onnxruntime with graph optimizations 'all' (QDQ fused)
EXACT = "exact_reference"
MS = "com.microsoft"

NP2ONNX = {
    np.dtype(np.uint8): TensorProto.UINT8,
    np.dtype(np.int8): TensorProto.INT8,
    np.dtype(np.int32): TensorProto.INT32,
    np.dtype(np.int64): TensorProto.INT64,
    np.dtype(np.float32): TensorProto.FLOAT,
}

QRANGE = {
    np.dtype(np.uint8): (0, 255),
    np.dtype(np.int8): (-128, 127),
}

CASES = []


def case(name, oracle, doc):
    """Register a builder: it takes a numpy Generator, returns (ModelProto, datasets)."""
    def deco(fn):
        CASES.append((name, oracle, doc, fn))
        return fn
    return deco


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


class Graph:
    """Small helper around onnx.helper: nodes, initializers, inputs, outputs."""

    def __init__(self, name, rng):
        self.name = name
        self.rng = rng
        self.nodes = []
        self.inits = []
        self.inputs = []
        self.outputs = []
        self.count = 0

    def fresh(self, base):
        self.count += 1
        return "%s_%d" % (base, self.count)

    def const(self, base, arr):
        name = self.fresh(base)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), name))
        return name

    def node(self, op, inputs, base, n_out=1, **attrs):
        outs = [self.fresh(base) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=self.fresh(op), **attrs))
        return outs[0] if n_out == 1 else outs

    def add_input(self, name, dtype, shape):
        self.inputs.append(helper.make_tensor_value_info(name, NP2ONNX[np.dtype(dtype)], shape))
        return name

    def add_output(self, tensor, name, dtype, shape):
        """Make `tensor` a graph output called `name` by renaming it (no Identity node)."""
        for n in self.nodes:
            for lst in (n.input, n.output):
                for i, t in enumerate(lst):
                    if t == tensor:
                        lst[i] = name
        self.outputs.append(helper.make_tensor_value_info(name, NP2ONNX[np.dtype(dtype)], shape))
        return name

    def model(self, doc, oracle):
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.inits)
        opsets = [helper.make_opsetid("", OPSET)]
        if any(n.domain == MS for n in self.nodes):
            opsets.append(helper.make_opsetid(MS, 1))
        m = helper.make_model(graph, opset_imports=opsets,
                              producer_name="lpfpga gen_test_models.py", doc_string=doc)
        m.ir_version = IR_VERSION
        helper.set_model_props(m, {"lpfpga.oracle": oracle})
        return m


class Q:
    """A quantized tensor flowing through a graph: name, dtype, scale, zero point, shape."""

    def __init__(self, name, dtype, scale, zp, shape, rms=None):
        self.name = name
        self.dtype = np.dtype(dtype)
        self.scale = np.float32(scale)
        self.zp = int(zp)
        self.shape = list(shape)
        # rough RMS of (q - zp) in integer units, used only to pick output scales
        self.rms = float(rms) if rms is not None else 60.0


def conv_out(size, k, s, p0, p1, d):
    return (size + p0 + p1 - d * (k - 1) - 1) // s + 1


def rand_q(rng, dtype, shape, lo=None, hi=None):
    qlo, qhi = QRANGE[np.dtype(dtype)]
    lo = qlo if lo is None else lo
    hi = qhi if hi is None else hi
    return rng.integers(lo, hi + 1, size=shape).astype(dtype)


def pick_y_scale(acc_rms, xs, ws, target=40.0):
    """y_scale so that acc * M has an RMS of about `target` LSB (float32, 4 significant digits)."""
    m = target / max(acc_rms, 1.0)
    ys = np.asarray(xs, np.float64) * np.max(np.asarray(ws, np.float64)) / m
    return np.float32(float("%.4g" % ys))


def qconv(g, x, oc, k, stride=1, pads=(0, 0, 0, 0), dil=1, group=1, w_dtype=np.int8,
          w_zp=0, per_channel=False, bias=True, y_dtype=None, y_zp=None, target=40.0,
          weights=None, w_scale=None, y_scale=None):
    """Append a QLinearConv with random constant weights; returns the output Q."""
    rng = g.rng
    n, c, h, w = x.shape
    kh, kw = (k, k) if np.isscalar(k) else k
    icpg = c // group
    w_dtype = np.dtype(w_dtype)
    y_dtype = x.dtype if y_dtype is None else np.dtype(y_dtype)
    if weights is None:
        wlo, whi = QRANGE[w_dtype]
        if w_dtype == np.uint8:
            weights = rand_q(rng, w_dtype, (oc, icpg, kh, kw), max(wlo, w_zp - 100),
                             min(whi, w_zp + 100))
        else:
            weights = rand_q(rng, w_dtype, (oc, icpg, kh, kw), -127, 127)
    if w_scale is None:
        if per_channel:
            w_scale = (rng.uniform(0.002, 0.02, size=oc)).astype(np.float32)
        else:
            w_scale = np.float32(0.01)
    w_scale = np.asarray(w_scale, np.float32)
    wzp = np.asarray(w_zp if np.ndim(w_zp) == 0 else w_zp, w_dtype)
    if per_channel and wzp.ndim == 0:
        wzp = np.full(oc, int(wzp), w_dtype)
    kk = icpg * kh * kw
    w_rms = float(np.sqrt(np.mean((weights.astype(np.float64) -
                                   (wzp.reshape(-1, 1, 1, 1) if wzp.ndim else wzp)) ** 2)))
    acc_rms = np.sqrt(kk) * x.rms * w_rms
    if y_scale is None:
        # per-channel: scale each channel's spread by its w_scale so channels look alike
        y_scale = pick_y_scale(acc_rms, x.scale, w_scale, target)
    if y_zp is None:
        y_zp = 0 if y_dtype == np.int8 else 128
    inputs = [x.name, g.const("x_scale", np.float32(x.scale)),
              g.const("x_zp", np.array(x.zp, x.dtype)),
              g.const("w", weights), g.const("w_scale", w_scale), g.const("w_zp", wzp),
              g.const("y_scale", np.float32(y_scale)), g.const("y_zp", np.array(y_zp, y_dtype))]
    if bias is not None and bias is not False:
        if bias is True:
            b = rng.integers(-2 * int(acc_rms), 2 * int(acc_rms) + 1, size=oc).astype(np.int32)
        else:
            b = np.asarray(bias, np.int32)
        inputs.append(g.const("bias", b))
    attrs = dict(kernel_shape=[kh, kw], strides=[stride, stride], pads=list(pads),
                 dilations=[dil, dil])
    if group != 1:
        attrs["group"] = group
    y = g.node("QLinearConv", inputs, "qconv", **attrs)
    oh = conv_out(h, kh, stride, pads[0], pads[2], dil)
    ow = conv_out(w, kw, stride, pads[1], pads[3], dil)
    return Q(y, y_dtype, y_scale, y_zp, [n, oc, oh, ow], rms=target)


def qmatmul(g, a, n_out, b_dtype=np.int8, y_dtype=None, y_zp=None, target=40.0, y_scale=None):
    """Append a QLinearMatMul a[..., K] x B[K, n_out] with a random constant B.

    With y_scale given, B's scale is chosen instead so that the output still spans ~target LSB."""
    rng = g.rng
    kdim = a.shape[-1]
    b_dtype = np.dtype(b_dtype)
    y_dtype = a.dtype if y_dtype is None else np.dtype(y_dtype)
    if b_dtype == np.uint8:
        b_zp = 128
        b = rand_q(rng, b_dtype, (kdim, n_out), 28, 228)
    else:
        b_zp = 0
        b = rand_q(rng, b_dtype, (kdim, n_out), -127, 127)
    b_rms = float(np.sqrt(np.mean((b.astype(np.float64) - b_zp) ** 2)))
    acc_rms = np.sqrt(kdim) * a.rms * b_rms
    if y_scale is None:
        b_scale = np.float32(0.005)
        y_scale = pick_y_scale(acc_rms, a.scale, b_scale, target)
    else:
        y_scale = np.float32(y_scale)
        m = target / max(acc_rms, 1.0)
        b_scale = np.float32(float("%.4g" % (float(y_scale) * m / float(a.scale))))
    if y_zp is None:
        y_zp = 0 if y_dtype == np.int8 else 128
    inputs = [a.name, g.const("a_scale", np.float32(a.scale)),
              g.const("a_zp", np.array(a.zp, a.dtype)),
              g.const("b", b), g.const("b_scale", b_scale),
              g.const("b_zp", np.array(b_zp, b_dtype)),
              g.const("y_scale", np.float32(y_scale)), g.const("y_zp", np.array(y_zp, y_dtype))]
    y = g.node("QLinearMatMul", inputs, "qmatmul")
    return Q(y, y_dtype, y_scale, y_zp, a.shape[:-1] + [n_out], rms=target)


def dq(g, q):
    return g.node("DequantizeLinear", [q.name, g.const("dq_scale", np.float32(q.scale)),
                                       g.const("dq_zp", np.array(q.zp, q.dtype))], "dq")


def quant(g, f, dtype, scale, zp, shape, rms=60.0):
    name = g.node("QuantizeLinear", [f, g.const("q_scale", np.float32(scale)),
                                     g.const("q_zp", np.array(zp, dtype))], "q")
    return Q(name, dtype, scale, zp, shape, rms)


def x_input(g, dtype, shape, scale, zp, name="x"):
    g.add_input(name, dtype, shape)
    qlo, qhi = QRANGE[np.dtype(dtype)]
    rms = np.sqrt(np.mean((np.arange(qlo, qhi + 1) - zp) ** 2.0))
    return Q(name, dtype, scale, zp, shape, rms=rms)


def out_q(g, q, name="y", shape=None):
    g.add_output(q.name, name, q.dtype, shape or q.shape)


def conv_model(name, oracle, doc, rng, x_dtype=np.uint8, x_shape=(1, 8, 12, 12), x_scale=0.02,
               x_zp=None, datasets=1, batch_sizes=None, **conv_kw):
    """One QLinearConv: the common single-op case."""
    g = Graph(name, rng)
    if x_zp is None:
        x_zp = 0 if np.dtype(x_dtype) == np.int8 else 128
    shape = list(x_shape)
    if batch_sizes:
        shape[0] = "N"
    x = x_input(g, x_dtype, shape, x_scale, x_zp)
    y = qconv(g, x, **conv_kw)
    out_q(g, y)
    m = g.model(doc, oracle)
    sizes = batch_sizes or [x_shape[0]] * datasets
    data = [{"x": rand_q(rng, x_dtype, [b] + list(x_shape[1:]))} for b in sizes]
    return m, data


# --------------------------------------------------------------------------------------------
# QLinearConv: types and zero points

@case("qconv_u8_s8w_perchannel_bias", ORT,
      "QLinearConv uint8 activations, int8 weights with per-output-channel scales (w_zp 0), int32 "
      "bias, 3x3 pad 1; symbolic batch N, data sets at batch 1 and batch 2")
def _(rng):
    return conv_model("qconv_u8_s8w_perchannel_bias", ORT, "", rng, x_shape=(1, 8, 12, 12),
                      batch_sizes=[1, 2], oc=16, k=3, pads=(1, 1, 1, 1), per_channel=True)


@case("qconv_s8_s8w", ORT,
      "QLinearConv int8 activations (x_zp -3), int8 weights per-tensor, int8 output (y_zp 5), 3x3")
def _(rng):
    return conv_model("qconv_s8_s8w", ORT, "", rng, x_dtype=np.int8, x_zp=-3,
                      x_shape=(1, 8, 10, 10), oc=12, k=3, y_zp=5)


@case("qconv_u8_u8w_wzp", ORT,
      "QLinearConv uint8 activations, uint8 weights with non-zero weight zero point (w_zp 131), "
      "3x3 pad 1")
def _(rng):
    return conv_model("qconv_u8_u8w_wzp", ORT, "", rng, x_shape=(1, 6, 9, 11), oc=10, k=3,
                      pads=(1, 1, 1, 1), w_dtype=np.uint8, w_zp=131)


# QLinearConv: geometry

@case("qconv_3x3_s2_p1_odd", ORT, "QLinearConv 3x3 stride 2 pad 1 on odd sizes 15x13 (u8/s8)")
def _(rng):
    return conv_model("qconv_3x3_s2_p1_odd", ORT, "", rng, x_shape=(1, 8, 15, 13), oc=16, k=3,
                      stride=2, pads=(1, 1, 1, 1))


@case("qconv_5x5", ORT, "QLinearConv 5x5 kernel, pad 2, 11x11 input")
def _(rng):
    return conv_model("qconv_5x5", ORT, "", rng, x_shape=(1, 6, 11, 11), oc=8, k=5,
                      pads=(2, 2, 2, 2))


@case("qconv_1x1_19to37", ORT, "QLinearConv 1x1, 19 -> 37 channels (not multiples of 16)")
def _(rng):
    return conv_model("qconv_1x1_19to37", ORT, "", rng, x_shape=(1, 19, 9, 7), oc=37, k=1)


@case("qconv_asym_pads_0121", ORT,
      "QLinearConv 3x3 with asymmetric pads [top 0, left 1, bottom 2, right 1]")
def _(rng):
    return conv_model("qconv_asym_pads_0121", ORT, "", rng, x_shape=(1, 5, 10, 9), oc=7, k=3,
                      pads=(0, 1, 2, 1))


@case("qconv_dilation2", ORT, "QLinearConv 3x3 dilation 2 pad 2")
def _(rng):
    return conv_model("qconv_dilation2", ORT, "", rng, x_shape=(1, 8, 13, 12), oc=8, k=3, dil=2,
                      pads=(2, 2, 2, 2))


@case("qconv_group4", ORT, "QLinearConv grouped, group 4, 16 -> 24 channels, 3x3 pad 1")
def _(rng):
    return conv_model("qconv_group4", ORT, "", rng, x_shape=(1, 16, 10, 10), oc=24, k=3,
                      pads=(1, 1, 1, 1), group=4)


@case("qconv_depthwise", ORT,
      "QLinearConv depthwise, group = C = 24, 3x3 stride 1 pad 1, per-channel weight scales")
def _(rng):
    return conv_model("qconv_depthwise", ORT, "", rng, x_shape=(1, 24, 14, 14), oc=24, k=3,
                      pads=(1, 1, 1, 1), group=24, per_channel=True)


@case("qconv_7x7_s2_p3", ORT, "QLinearConv 7x7 stride 2 pad 3, 3 -> 16 channels on 32x32 (a stem)")
def _(rng):
    return conv_model("qconv_7x7_s2_p3", ORT, "", rng, x_shape=(1, 3, 32, 32), oc=16, k=7,
                      stride=2, pads=(3, 3, 3, 3))


@case("qconv_large_64x56x56", ORT,
      "QLinearConv 64 -> 64 channels, 3x3 pad 1 on 56x56: many spatial and channel tiles")
def _(rng):
    return conv_model("qconv_large_64x56x56", ORT, "", rng, x_shape=(1, 64, 56, 56), oc=64, k=3,
                      pads=(1, 1, 1, 1), per_channel=True)


@case("qconv_ic512_3x3_7x7", ORT,
      "QLinearConv with 512 input channels, 3x3 pad 1 on 7x7 (needs input-channel splitting)")
def _(rng):
    return conv_model("qconv_ic512_3x3_7x7", ORT, "", rng, x_shape=(1, 512, 7, 7), oc=32, k=3,
                      pads=(1, 1, 1, 1))


# QLinearConv followed by pooling / clipping on uint8

def conv_then(name, rng, op, **attrs):
    g = Graph(name, rng)
    x = x_input(g, np.uint8, [1, 8, 14, 14], 0.02, 128)
    y = qconv(g, x, oc=12, k=3, pads=(1, 1, 1, 1), y_zp=0)
    if op == "Clip":
        z = g.node("Clip", [y.name, g.const("lo", np.array(20, np.uint8)),
                            g.const("hi", np.array(200, np.uint8))], "clip")
        shape = y.shape
    else:
        z = g.node("MaxPool", [y.name], "pool", **attrs)
        k, s = attrs["kernel_shape"][0], attrs["strides"][0]
        p = attrs.get("pads", [0, 0, 0, 0])
        shape = y.shape[:2] + [conv_out(y.shape[2], k, s, p[0], p[2], 1),
                               conv_out(y.shape[3], k, s, p[1], p[3], 1)]
    g.add_output(z, "y", np.uint8, shape)
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, x.shape)}]


@case("qconv_maxpool_2x2_s2", ORT,
      "QLinearConv (u8 out, y_zp 0) then MaxPool 2x2 stride 2 on uint8")
def _(rng):
    return conv_then("qconv_maxpool_2x2_s2", rng, "MaxPool", kernel_shape=[2, 2], strides=[2, 2])


@case("qconv_maxpool_3x3_s2_p1", ORT,
      "QLinearConv (u8 out) then MaxPool 3x3 stride 2 pad 1 on uint8")
def _(rng):
    return conv_then("qconv_maxpool_3x3_s2_p1", rng, "MaxPool", kernel_shape=[3, 3],
                     strides=[2, 2], pads=[1, 1, 1, 1])


@case("qconv_clip_u8", ORT, "QLinearConv (u8 out) then Clip(min 20, max 200) on uint8 (Clip-13)")
def _(rng):
    return conv_then("qconv_clip_u8", rng, "Clip")


# Rounding ties and saturation

def ties_model(name, rng, x_dtype):
    """Power-of-two scales make M exact (2^0 .. 2^-4), so acc*M is exact in float32 and every
    acc that is an odd multiple of 2^(k-1) for M = 2^-k is a .5 tie; round-half-to-even decides.
    Activations stay within zp +- 16 and weights within +-2 so that most channels stay in range;
    channels 12-15 have wider weights (+-6, +-20, all positive 20..59, all negative) and saturate
    at both ends, from 5% to over half of their values."""
    g = Graph(name, rng)
    x_dtype = np.dtype(x_dtype)
    x_zp = 128 if x_dtype == np.uint8 else 0
    c, oc = 8, 16
    x = x_input(g, x_dtype, [1, c, 10, 10], 2.0 ** -4, x_zp)
    k = np.array([0, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 2, 3, 4, 4])  # M = 2^-k per channel
    w_scale = (2.0 ** -(k + 1)).astype(np.float32)                  # x_s * w_s / y_s = 2^-k
    wt = rng.integers(-2, 3, size=(oc, c, 3, 3)).astype(np.int8)
    wt[12] = rng.integers(-6, 7, size=(c, 3, 3))        # wide: saturates sometimes
    wt[13] = rng.integers(-20, 21, size=(c, 3, 3))      # wider: saturates often
    wt[14] = rng.integers(20, 60, size=(c, 3, 3))       # all positive: saturates half the time
    wt[15] = -rng.integers(20, 60, size=(c, 3, 3))      # all negative: likewise
    bias = rng.integers(-64, 65, size=oc).astype(np.int32)
    y = qconv(g, x, oc=oc, k=3, pads=(1, 1, 1, 1), per_channel=True, weights=wt,
              w_scale=w_scale, y_scale=np.float32(2.0 ** -5), bias=bias,
              y_zp=(128 if x_dtype == np.uint8 else 0))
    out_q(g, y)
    # activations within zp +- 16 keep acc small enough that M = 2^-k leaves most values in range
    return g.model("", ORT), [{"x": rand_q(rng, x_dtype, x.shape, x_zp - 16, x_zp + 16)}]


@case("qconv_ties_saturate_u8", ORT,
      "QLinearConv u8 with power-of-two scales: many exact .5 ties (M = 2^-1..2^-4) and saturation "
      "at 0 and 255")
def _(rng):
    return ties_model("qconv_ties_saturate_u8", rng, np.uint8)


@case("qconv_ties_saturate_s8", ORT,
      "QLinearConv s8 with power-of-two scales: many exact .5 ties and saturation at -128 and 127")
def _(rng):
    return ties_model("qconv_ties_saturate_s8", rng, np.int8)


# --------------------------------------------------------------------------------------------
# Fully connected

@case("qfc_matmul_k1000", ORT, "QLinearMatMul [4,1000] u8 x [1000,10] s8 -> u8 (K = 1000)")
def _(rng):
    g = Graph("qfc_matmul_k1000", rng)
    a = x_input(g, np.uint8, [4, 1000], 0.03, 128)
    y = qmatmul(g, a, 10, b_dtype=np.int8)
    out_q(g, y)
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, a.shape)}]


@case("qfc_matmul_s8", ORT, "QLinearMatMul [6,70] s8 x [70,20] s8 -> s8 (int8 inputs)")
def _(rng):
    g = Graph("qfc_matmul_s8", rng)
    a = x_input(g, np.int8, [6, 70], 0.05, -2)
    y = qmatmul(g, a, 20, b_dtype=np.int8, y_zp=3)
    out_q(g, y)
    return g.model("", ORT), [{"x": rand_q(rng, np.int8, a.shape)}]


@case("qfc_conv_fullkernel", ORT,
      "FC as QLinearConv with a full-size kernel: [1,32,5,5] x [10,32,5,5] -> [1,10,1,1], "
      "int32 bias, per-channel weight scales")
def _(rng):
    return conv_model("qfc_conv_fullkernel", ORT, "", rng, x_shape=(1, 32, 5, 5), oc=10, k=5,
                      per_channel=True)


# --------------------------------------------------------------------------------------------
# Integer ops

@case("convinteger_requant", ORT,
      "ConvInteger(u8 x, zp 100; u8 w, zp 120) -> Cast(float) -> Mul(per-channel scale) -> "
      "Add(float bias) -> QuantizeLinear(u8): the common integer-conv pattern")
def _(rng):
    g = Graph("convinteger_requant", rng)
    c, oc = 6, 10
    x = x_input(g, np.uint8, [1, c, 9, 9], 0.02, 100)
    w = rand_q(rng, np.uint8, (oc, c, 3, 3), 20, 220)
    acc = g.node("ConvInteger", [x.name, g.const("w", w), g.const("x_zp", np.array(100, np.uint8)),
                                 g.const("w_zp", np.array(120, np.uint8))],
                 "acc", kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    f = g.node("Cast", [acc], "accf", to=TensorProto.FLOAT)
    scale = rng.uniform(1.5e-5, 3e-5, size=(1, oc, 1, 1)).astype(np.float32)
    f = g.node("Mul", [f, g.const("scale", scale)], "scaled")
    f = g.node("Add", [f, g.const("bias", rng.normal(0, 0.5, (1, oc, 1, 1)).astype(np.float32))],
               "biased")
    y = quant(g, f, np.uint8, 0.02, 128, [1, oc, 9, 9])
    out_q(g, y)
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, x.shape)}]


@case("matmulinteger_s32", ORT,
      "MatMulInteger [5,40] u8 (zp 3) x [40,12] s8 (zp 0) -> int32, no requantization")
def _(rng):
    g = Graph("matmulinteger_s32", rng)
    g.add_input("a", np.uint8, [5, 40])
    b = rand_q(rng, np.int8, (40, 12))
    y = g.node("MatMulInteger", ["a", g.const("b", b), g.const("a_zp", np.array(3, np.uint8)),
                                 g.const("b_zp", np.array(0, np.int8))], "mm")
    g.add_output(y, "y", np.int32, [5, 12])
    return g.model("", ORT), [{"a": rand_q(rng, np.uint8, (5, 40))}]


# --------------------------------------------------------------------------------------------
# Float parts between DequantizeLinear and QuantizeLinear (CPU fallback)

@case("qnet_float_ops", ORT,
      "QOperator net with float islands: residual Add of two dequantized convs, Mul/Add by "
      "constants, no-op Cast, AveragePool (two branches) + Concat, QLinearConv 1x1, "
      "GlobalAveragePool + Reshape, Flatten, two QLinearMatMul heads, Add, Softmax")
def _(rng):
    g = Graph("qnet_float_ops", rng)
    x = x_input(g, np.uint8, [1, 4, 12, 12], 1.0 / 255, 0)
    c1 = qconv(g, x, oc=8, k=3, pads=(1, 1, 1, 1), y_zp=0)
    c2 = qconv(g, c1, oc=8, k=3, pads=(1, 1, 1, 1), y_zp=0)
    r = g.node("Add", [dq(g, c1), dq(g, c2)], "residual")
    m = g.node("Mul", [r, g.const("k", np.float32(0.75))], "mul")
    a = g.node("Add", [m, g.const("b", rng.normal(0, 0.1, (1, 8, 1, 1)).astype(np.float32))], "add")
    a = g.node("Cast", [a], "cast", to=TensorProto.FLOAT)
    p1 = g.node("AveragePool", [a], "avg2", kernel_shape=[2, 2], strides=[2, 2])
    p2 = g.node("AveragePool", [a], "avg3", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cat = g.node("Concat", [p1, p2], "cat", axis=1)
    big = float(max(c1.scale, c2.scale)) * 2
    qc = quant(g, cat, np.uint8, np.float32("%.4g" % big), 16, [1, 16, 6, 6], rms=40)
    c3 = qconv(g, qc, oc=16, k=1, y_zp=128)
    f3 = dq(g, c3)
    gap = g.node("GlobalAveragePool", [f3], "gap")
    v1 = g.node("Reshape", [gap, g.const("shape", np.array([-1, 16], np.int64))], "reshape")
    q1 = quant(g, v1, np.uint8, np.float32("%.4g" % (float(c3.scale) * 8)), 128, [1, 16], rms=40)
    l1 = qmatmul(g, q1, 10, y_scale=0.02)
    v2 = g.node("Flatten", [f3], "flat", axis=1)
    q2 = quant(g, v2, np.uint8, c3.scale, 128, [1, 576], rms=40)
    l2 = qmatmul(g, q2, 10, y_scale=0.02)
    logits = g.node("Add", [dq(g, l1), dq(g, l2)], "logits")
    prob = g.node("Softmax", [logits], "softmax", axis=1)
    g.add_output(prob, "prob", np.float32, [1, 10])
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, x.shape)}]


# --------------------------------------------------------------------------------------------
# End to end

@case("cnn_e2e_batchN", ORT,
      "Small CNN: float input [N,1,28,28] -> QuantizeLinear -> 2 x (QLinearConv 3x3 + MaxPool 2x2) "
      "-> Flatten (u8) -> QLinearMatMul -> DequantizeLinear -> Add(float bias) -> [N,10]; "
      "symbolic batch N, data set 0 at batch 1, data set 1 at batch 3")
def _(rng):
    g = Graph("cnn_e2e_batchN", rng)
    g.add_input("input", np.float32, ["N", 1, 28, 28])
    x = quant(g, "input", np.uint8, np.float32(1.0 / 255), 0, ["N", 1, 28, 28], rms=147)
    c1 = qconv(g, x, oc=8, k=3, pads=(1, 1, 1, 1), y_zp=0, per_channel=True)
    p1 = g.node("MaxPool", [c1.name], "pool", kernel_shape=[2, 2], strides=[2, 2])
    p1 = Q(p1, np.uint8, c1.scale, c1.zp, ["N", 8, 14, 14], rms=40)
    c2 = qconv(g, p1, oc=16, k=3, pads=(1, 1, 1, 1), y_zp=0, per_channel=True)
    p2 = g.node("MaxPool", [c2.name], "pool", kernel_shape=[2, 2], strides=[2, 2])
    fl = g.node("Flatten", [p2], "flat", axis=1)
    fl = Q(fl, np.uint8, c2.scale, c2.zp, ["N", 784], rms=40)
    l = qmatmul(g, fl, 10, y_zp=128, y_scale=0.05)
    fc_bias = g.const("fc_bias", rng.normal(0, 0.3, 10).astype(np.float32))
    logits = g.node("Add", [dq(g, l), fc_bias], "logits")
    g.add_output(logits, "logits", np.float32, ["N", 10])
    data = [{"input": rng.random((b, 1, 28, 28), dtype=np.float32)} for b in (1, 3)]
    return g.model("", ORT), data


# --------------------------------------------------------------------------------------------
# QDQ form (DequantizeLinear -> float op -> QuantizeLinear), lowered to the fabric.
# onnxruntime with optimizations 'all' fuses these groups into QLinearConv / QLinearMatMul,
# the arithmetic of the fabric; with optimizations disabled the float Conv / Gemm may round
# differently near ties (tests/models/README.md gives the counts).

def qdq_input(g, name, shape, scale, zp, dtype=np.uint8):
    """Float graph input, quantized by QuantizeLinear; returns the Q tensor."""
    g.add_input(name, np.float32, shape)
    return quant(g, name, dtype, scale, zp, shape)


def qdq_weights(g, w, scale, axis=None):
    """DequantizeLinear of constant int8 weights (per-tensor, or per channel on axis)."""
    attrs = {} if axis is None else {"axis": axis}
    return g.node("DequantizeLinear", [g.const("w_q", w), g.const("w_scale", np.asarray(scale, np.float32)),
                                       g.const("w_zp", np.zeros(np.shape(scale), np.int8))],
                  "w_dq", **attrs)


def qdq_bias(g, b, scale):
    """DequantizeLinear of an int32 bias with scale x_scale * w_scale (float32), zero point 0."""
    return g.node("DequantizeLinear", [g.const("b_q", np.asarray(b, np.int32)),
                                       g.const("b_scale", np.asarray(scale, np.float32))],
                  "b_dq", axis=0)


@case("qdq_conv_relu_pool", ORT_ALL,
      "QDQ: float input -> QuantizeLinear -> DequantizeLinear -> Conv 3x3 p1 (DQ int8 weights, "
      "int32 bias through DQ) -> Relu -> QuantizeLinear -> DQ -> MaxPool 2x2 -> Q -> DQ; "
      "lowered to one fabric layer (QLinearConv + Relu + MaxPool)")
def _(rng):
    g = Graph("qdq_conv_relu_pool", rng)
    xs, ws = np.float32(1.0 / 64), np.float32(0.01)
    x = qdq_input(g, "x", [1, 4, 10, 10], xs, 100)
    w = rand_q(rng, np.int8, (8, 4, 3, 3), -127, 127)
    bs = np.full(8, xs * ws, np.float32)
    c = g.node("Conv", [dq(g, x), qdq_weights(g, w, ws), qdq_bias(g, rng.integers(-3000, 3000, 8), bs)],
               "conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    r = g.node("Relu", [c], "relu")
    ys = np.float32(0.05)
    q1 = quant(g, r, np.uint8, ys, 0, [1, 8, 10, 10])
    p = g.node("MaxPool", [dq(g, q1)], "pool", kernel_shape=[2, 2], strides=[2, 2])
    q2 = quant(g, p, np.uint8, ys, 0, [1, 8, 5, 5])
    g.add_output(dq(g, q2), "y", np.float32, [1, 8, 5, 5])
    data = [{"x": rng.uniform(-1.5, 2.4, (1, 4, 10, 10)).astype(np.float32)}]
    return g.model("", ORT_ALL), data


@case("qdq_matmul_bias", ORT,
      "QDQ: uint8 input -> DequantizeLinear -> MatMul [6,40]x[40,12] (DQ int8 weights) -> Add "
      "(float bias, exact multiples of x_scale*w_scale) -> QuantizeLinear (u8); power-of-two "
      "scales make the float graph exact, so it equals the fabric even on its many .5 ties")
def _(rng):
    g = Graph("qdq_matmul_bias", rng)
    xs, ws, ys = np.float32(2.0 ** -4), np.float32(2.0 ** -6), np.float32(2.0 ** -3)
    x = x_input(g, np.uint8, [6, 40], xs, 128)
    w = rand_q(rng, np.int8, (40, 12), -20, 20)
    mm = g.node("MatMul", [dq(g, x), qdq_weights(g, w, ws)], "matmul")
    b = (rng.integers(-400, 400, 12) * (xs * ws)).astype(np.float32)
    a = g.node("Add", [mm, g.const("bias", b)], "bias_add")
    y = quant(g, a, np.uint8, ys, 128, [6, 12])
    out_q(g, y)
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, (6, 40), 100, 156)}]


@case("qdq_gemm_perchannel", ORT_ALL,
      "QDQ: float input [2,4,3,3] -> Q -> DQ -> Flatten -> Q -> DQ -> Gemm transB=1 (DQ int8 "
      "weights per output channel, axis 0; int32 bias through DQ) -> QuantizeLinear (s8) -> DQ")
def _(rng):
    g = Graph("qdq_gemm_perchannel", rng)
    xs = np.float32(0.02)
    x = qdq_input(g, "x", [2, 4, 3, 3], xs, 3, np.int8)
    fl = g.node("Flatten", [dq(g, x)], "flat", axis=1)
    fq = quant(g, fl, np.int8, xs, 3, [2, 36])
    ws = rng.uniform(0.004, 0.02, 10).astype(np.float32)
    w = rand_q(rng, np.int8, (10, 36), -127, 127)
    bias = qdq_bias(g, rng.integers(-2000, 2000, 10), (xs * ws).astype(np.float32))
    gm = g.node("Gemm", [dq(g, fq), qdq_weights(g, w, ws, axis=0), bias], "gemm", transB=1)
    y = quant(g, gm, np.int8, np.float32(0.06), -4, [2, 10])
    g.add_output(dq(g, y), "y", np.float32, [2, 10])
    return g.model("", ORT_ALL), [{"x": rng.uniform(-2.6, 2.5, (2, 4, 3, 3)).astype(np.float32)}]


# --------------------------------------------------------------------------------------------
# com.microsoft quantized ops (onnxruntime's QOperator form); host ops, except QGemm

def ms_params(g, q):
    return [g.const("scale", np.float32(q.scale)), g.const("zp", np.array(q.zp, q.dtype))]


@case("ms_qlinearadd", ORT,
      "com.microsoft QLinearAdd u8: same shape [2,8,6,6], and a [1,8,1,1] operand broadcast")
def _(rng):
    g = Graph("ms_qlinearadd", rng)
    a = x_input(g, np.uint8, [2, 8, 6, 6], 0.031, 121, "a")
    b = x_input(g, np.uint8, [2, 8, 6, 6], 0.017, 133, "b")
    c = x_input(g, np.uint8, [1, 8, 1, 1], 0.05, 90, "c")
    y1 = g.node("QLinearAdd", [a.name] + ms_params(g, a) + [b.name] + ms_params(g, b) +
                [g.const("y_scale", np.float32(0.043)), g.const("y_zp", np.array(127, np.uint8))],
                "add", domain=MS)
    y2 = g.node("QLinearAdd", [a.name] + ms_params(g, a) + [c.name] + ms_params(g, c) +
                [g.const("y_scale", np.float32(0.0625)), g.const("y_zp", np.array(120, np.uint8))],
                "addb", domain=MS)
    g.add_output(y1, "y1", np.uint8, [2, 8, 6, 6])
    g.add_output(y2, "y2", np.uint8, [2, 8, 6, 6])
    data = [{"a": rand_q(rng, np.uint8, a.shape), "b": rand_q(rng, np.uint8, b.shape),
             "c": rand_q(rng, np.uint8, c.shape)}]
    return g.model("", ORT), data


@case("ms_qlinearmul", ORT,
      "com.microsoft QLinearMul s8 [2,8,6,6], odd output zero point (ties decided after it is added)")
def _(rng):
    g = Graph("ms_qlinearmul", rng)
    a = x_input(g, np.int8, [2, 8, 6, 6], 0.0625, -3, "a")
    b = x_input(g, np.int8, [2, 8, 6, 6], 0.125, 5, "b")
    y = g.node("QLinearMul", [a.name] + ms_params(g, a) + [b.name] + ms_params(g, b) +
               [g.const("y_scale", np.float32(1.25)), g.const("y_zp", np.array(1, np.int8))],
               "mul", domain=MS)
    g.add_output(y, "y", np.int8, [2, 8, 6, 6])
    return g.model("", ORT), [{"a": rand_q(rng, np.int8, a.shape), "b": rand_q(rng, np.int8, b.shape)}]


@case("ms_qlinear_globalavgpool", ORT,
      "com.microsoft QLinearGlobalAveragePool u8 [2,16,7,7]: channels_last 0 (NCHW) and 1 (the "
      "same bytes read as NHWC)")
def _(rng):
    g = Graph("ms_qlinear_globalavgpool", rng)
    x = x_input(g, np.uint8, [2, 16, 7, 7], 2.0 ** -4, 131)
    ys = [g.const("y_scale", np.float32(2.0 ** -6)), g.const("y_zp", np.array(128, np.uint8))]
    y1 = g.node("QLinearGlobalAveragePool", [x.name] + ms_params(g, x) + ys, "gap", domain=MS,
                channels_last=0)
    y2 = g.node("QLinearGlobalAveragePool", [x.name] + ms_params(g, x) + ys, "gap", domain=MS,
                channels_last=1)
    g.add_output(y1, "y_nchw", np.uint8, [2, 16, 1, 1])
    g.add_output(y2, "y_nhwc", np.uint8, [2, 1, 1, 7])
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, x.shape)}]


@case("ms_qlinear_avgpool", ORT,
      "com.microsoft QLinearAveragePool s8 [1,8,9,9]: 3x3 s2 p1 (count_include_pad 0), 2x2 s2, "
      "3x3 s1 p1 count_include_pad 1")
def _(rng):
    g = Graph("ms_qlinear_avgpool", rng)
    x = x_input(g, np.int8, [1, 8, 9, 9], 2.0 ** -4, -7)
    ys = [g.const("y_scale", np.float32(2.0 ** -5)), g.const("y_zp", np.array(3, np.int8))]
    shapes = []
    for k, s, p, cip in [(3, 2, 1, 0), (2, 2, 0, 0), (3, 1, 1, 1)]:
        y = g.node("QLinearAveragePool", [x.name] + ms_params(g, x) + ys, "avg", domain=MS,
                   kernel_shape=[k, k], strides=[s, s], pads=[p] * 4, count_include_pad=cip)
        o = (9 + 2 * p - k) // s + 1
        shapes.append((y, [1, 8, o, o]))
    for i, (y, shp) in enumerate(shapes):
        g.add_output(y, "y%d" % i, np.int8, shp)
    return g.model("", ORT), [{"x": rand_q(rng, np.int8, x.shape)}]


@case("ms_qlinearconcat", ORT,
      "com.microsoft QLinearConcat u8 on axis 1: one input quantized like the output (copied), "
      "two requantized")
def _(rng):
    g = Graph("ms_qlinearconcat", rng)
    ins = [x_input(g, np.uint8, [1, c, 5, 5], s, z, "x%d" % i)
           for i, (c, s, z) in enumerate([(4, 0.05, 128), (3, 0.031, 100), (5, 0.125, 7)])]
    args = [g.const("y_scale", np.float32(0.05)), g.const("y_zp", np.array(128, np.uint8))]
    for q in ins:
        args += [q.name] + ms_params(g, q)
    y = g.node("QLinearConcat", args, "cat", domain=MS, axis=1)
    g.add_output(y, "y", np.uint8, [1, 12, 5, 5])
    return g.model("", ORT), [{q.name: rand_q(rng, np.uint8, q.shape) for q in ins}]


def lut_case(name, op, dtype, xs, xz, ys, yz, **attrs):
    g = Graph(name, rng_for(name))
    x = x_input(g, dtype, [2, 4, 8, 8], xs, xz)
    y = g.node(op, [x.name] + ms_params(g, x) + [g.const("y_scale", np.float32(ys)),
                                                 g.const("y_zp", np.array(yz, dtype))],
               "lut", domain=MS, **attrs)
    g.add_output(y, "y", dtype, x.shape)
    lo, hi = QRANGE[np.dtype(dtype)]
    # every input value, twice
    return g.model("", ORT), [{"x": np.tile(np.arange(lo, hi + 1), 2).astype(dtype).reshape(x.shape)}]


@case("ms_qlinearleakyrelu", ORT,
      "com.microsoft QLinearLeakyRelu s8, alpha 0.1, every input value")
def _(rng):
    return lut_case("ms_qlinearleakyrelu", "QLinearLeakyRelu", np.int8, 2.0 ** -4, -5, 2.0 ** -5,
                    9, alpha=0.1)


@case("ms_qlinearsigmoid", ORT,
      "com.microsoft QLinearSigmoid u8 (x scale 0.05, zp 128; y scale 1/256, zp 0), every input value")
def _(rng):
    return lut_case("ms_qlinearsigmoid", "QLinearSigmoid", np.uint8, 0.05, 128, 1.0 / 256, 0)


@case("ms_qgemm", ORT,
      "com.microsoft QGemm u8 [5,24] x s8 B^T [10,24] (transB 1), per-column b_scale, int32 C [10], "
      "u8 output: one fabric layer like QLinearMatMul with bias")
def _(rng):
    g = Graph("ms_qgemm", rng)
    a = x_input(g, np.uint8, [5, 24], 0.02, 128)
    b = rand_q(rng, np.int8, (10, 24), -127, 127)
    bs = rng.uniform(0.002, 0.01, 10).astype(np.float32)
    y = g.node("QGemm", [a.name] + ms_params(g, a) +
               [g.const("b", b), g.const("b_scale", bs), g.const("b_zp", np.zeros(10, np.int8)),
                g.const("c", rng.integers(-3000, 3000, 10).astype(np.int32)),
                g.const("y_scale", np.float32(0.15)), g.const("y_zp", np.array(128, np.uint8))],
               "qgemm", domain=MS, transB=1)
    g.add_output(y, "y", np.uint8, [5, 10])
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, a.shape)}]


@case("ms_resblock", ORT,
      "residual block in QOperator form: QLinearConv 3x3 -> QLinearConv 3x3 -> com.microsoft "
      "QLinearAdd with the block input -> QLinearGlobalAveragePool")
def _(rng):
    g = Graph("ms_resblock", rng)
    x = x_input(g, np.uint8, [1, 8, 8, 8], 0.04, 128)
    c1 = qconv(g, x, oc=8, k=3, pads=(1, 1, 1, 1), y_zp=0)
    c2 = qconv(g, c1, oc=8, k=3, pads=(1, 1, 1, 1), y_zp=128)
    ys = np.float32(0.06)
    r = g.node("QLinearAdd", [x.name] + ms_params(g, x) + [c2.name] + ms_params(g, c2) +
               [g.const("y_scale", ys), g.const("y_zp", np.array(128, np.uint8))], "res", domain=MS)
    gap = g.node("QLinearGlobalAveragePool",
                 [r, g.const("scale", ys), g.const("zp", np.array(128, np.uint8)),
                  g.const("y_scale", np.float32(0.02)), g.const("y_zp", np.array(128, np.uint8))],
                 "gap", domain=MS, channels_last=0)
    g.add_output(r, "res", np.uint8, [1, 8, 8, 8])
    g.add_output(gap, "pooled", np.uint8, [1, 8, 1, 1])
    return g.model("", ORT), [{"x": rand_q(rng, np.uint8, x.shape)}]


# --------------------------------------------------------------------------------------------
# Cases onnxruntime cannot run: outputs from scripts/exact_reference.py

@case("qconv_s8_u8w_exact", EXACT,
      "QLinearConv int8 activations with uint8 weights (w_zp 128, per-channel scales), u8 output; "
      "spec-legal, onnxruntime 1.30 rejects it")
def _(rng):
    return conv_model("qconv_s8_u8w_exact", EXACT, "", rng, x_dtype=np.int8, x_zp=-5,
                      x_shape=(1, 8, 11, 10), oc=12, k=3, pads=(1, 1, 1, 1), w_dtype=np.uint8,
                      w_zp=128, per_channel=True, y_dtype=np.uint8, y_zp=100)


@case("convinteger_perchannel_wzp_exact", EXACT,
      "ConvInteger with a per-output-channel weight zero point (u8 x zp 7, u8 w zp[oc]) -> int32; "
      "spec-legal, onnxruntime 1.30 rejects it")
def _(rng):
    g = Graph("convinteger_perchannel_wzp_exact", rng)
    c, oc = 5, 9
    x = x_input(g, np.uint8, [1, c, 8, 9], 0.02, 7)
    wzp = rng.integers(90, 160, size=oc).astype(np.uint8)
    w = rand_q(rng, np.uint8, (oc, c, 3, 3), 20, 230)
    acc = g.node("ConvInteger", [x.name, g.const("w", w), g.const("x_zp", np.array(7, np.uint8)),
                                 g.const("w_zp", wzp)], "acc", kernel_shape=[3, 3],
                 pads=[1, 0, 1, 2], strides=[1, 1])
    g.add_output(acc, "y", np.int32, [1, oc, 8, 9])
    return g.model("", EXACT), [{"x": rand_q(rng, np.uint8, x.shape)}]


# --------------------------------------------------------------------------------------------

def write_case(outdir, name, oracle, doc, fn):
    model, datasets = fn(rng_for(name))
    model.doc_string = doc
    model.graph.name = name
    helper.set_model_props(model, {"lpfpga.oracle": oracle, "lpfpga.case": name})
    onnx.checker.check_model(model, full_check=True)
    cdir = os.path.join(outdir, name)
    if os.path.isdir(cdir):
        shutil.rmtree(cdir)
    os.makedirs(cdir)
    with open(os.path.join(cdir, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    init_names = {t.name for t in model.graph.initializer}
    in_names = [i.name for i in model.graph.input if i.name not in init_names]
    for d, feeds in enumerate(datasets):
        ddir = os.path.join(cdir, "test_data_set_%d" % d)
        os.makedirs(ddir)
        assert sorted(feeds) == sorted(in_names), (name, sorted(feeds), in_names)
        for k, iname in enumerate(in_names):
            t = numpy_helper.from_array(np.ascontiguousarray(feeds[iname]), iname)
            with open(os.path.join(ddir, "input_%d.pb" % k), "wb") as f:
                f.write(t.SerializeToString())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "tests", "models"))
    ap.add_argument("--only", nargs="*", help="generate only these cases")
    ap.add_argument("--list", nargs="?", const="all", metavar="ORACLE",
                    help="print case names (all, or only those of one oracle) and exit")
    args = ap.parse_args()
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case name"
    if args.list:
        for name, oracle, _, _ in CASES:
            if args.list in ("all", oracle):
                print(name)
        return 0
    for name, oracle, doc, fn in CASES:
        if args.only and name not in args.only:
            continue
        write_case(args.out, name, oracle, doc, fn)
        print("generated %-36s oracle %s" % (name, oracle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
