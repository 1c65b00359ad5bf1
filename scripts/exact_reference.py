# SPDX-License-Identifier: MIT
"""Exact-integer reference for lpfpga's quantized test models (numpy only).

The oracle for the cases onnxruntime 1.30 cannot run (QLinearConv with int8 activations and
uint8 weights, ConvInteger with a per-channel weight zero point), and a cross-check on cases it
can. It interprets the ONNX graph node by node:

  QLinearConv / QLinearMatMul / ConvInteger / MatMulInteger
      acc = bias + sum (x - x_zp) * (w - w_zp[c])          int64 accumulation, checked to fit int32
      M   = float32(float32(x_scale * w_scale[c]) / y_scale)
      y   = saturate(rint(float32(acc) * M) + y_zp)         float32 ops; np.rint is half-to-even
  DequantizeLinear  float32(q - zp) * scale
  QuantizeLinear    saturate(rint(x / scale) + zp)          a float32 division, not 1/scale
  MaxPool, Clip, Cast, Mul, Add, Identity, Flatten, Reshape  plain numpy (float32 stays float32)

Other float ops (AveragePool, Softmax, ...) are deliberately absent: their results depend on
summation order, and onnxruntime is their oracle.

Usage:
  /usr/bin/python3 scripts/exact_reference.py write DIR...   write test_data_set_N/output_K.pb
  /usr/bin/python3 scripts/exact_reference.py check DIR...   compare with existing outputs bit
                                                             for bit; print tie/saturation counts;
                                                             SKIP folders with ops not covered
"""

import glob
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

ONNX2NP = {
    onnx.TensorProto.FLOAT: np.float32,
    onnx.TensorProto.UINT8: np.uint8,
    onnx.TensorProto.INT8: np.int8,
    onnx.TensorProto.INT32: np.int32,
    onnx.TensorProto.INT64: np.int64,
}


class Stats:
    def __init__(self):
        self.values = 0
        self.ties = 0
        self.saturated = 0


def attrs_of(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def saturate(v, dtype):
    info = np.iinfo(dtype)
    return np.clip(v, info.min, info.max)


def requant(acc, xs, ws, ys, y_zp, dtype, stats, channel_axis):
    """The contract: float32 multiplier, float32 product, round half to even, add zp, saturate."""
    if acc.size and (acc.min() < -2 ** 31 or acc.max() >= 2 ** 31):
        raise ValueError("accumulator overflows int32")
    m = np.float32(np.float32(np.float32(xs) * np.asarray(ws, np.float32)) / np.float32(ys))
    if m.ndim == 1 and m.size > 1:
        shape = [1] * acc.ndim
        shape[channel_axis] = m.size
        m = m.reshape(shape)
    prod = acc.astype(np.float32) * m
    assert prod.dtype == np.float32
    r = np.rint(prod)
    y = r + np.float32(y_zp)
    info = np.iinfo(dtype)
    stats.values += prod.size
    stats.ties += int(np.count_nonzero(np.abs(prod - np.floor(prod)) == np.float32(0.5)))
    stats.saturated += int(np.count_nonzero((y < info.min) | (y > info.max)))
    return saturate(y, dtype).astype(dtype)


def conv_acc(x, x_zp, w, w_zp, a):
    """sum (x - x_zp) * (w - w_zp) over a 2-D convolution, int64; padding contributes zero."""
    n, c, h, wd = x.shape
    oc, icpg, kh, kw = w.shape
    group = a.get("group", 1)
    s = a.get("strides", [1, 1])
    d = a.get("dilations", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("auto_pad")
    if icpg * group != c or oc % group:
        raise ValueError("channels do not match group")
    xd = x.astype(np.int64) - np.int64(x_zp)
    xd = np.pad(xd, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
    wzp = np.asarray(w_zp, np.int64)
    wd64 = w.astype(np.int64) - (wzp.reshape(-1, 1, 1, 1) if wzp.size > 1 else wzp.reshape(()))
    oh = (h + p[0] + p[2] - d[0] * (kh - 1) - 1) // s[0] + 1
    ow = (wd + p[1] + p[3] - d[1] * (kw - 1) - 1) // s[1] + 1
    ocpg = oc // group
    acc = np.zeros((n, oc, oh, ow), np.int64)
    for i in range(kh):
        for j in range(kw):
            win = xd[:, :, i * d[0]: i * d[0] + s[0] * (oh - 1) + 1: s[0],
                     j * d[1]: j * d[1] + s[1] * (ow - 1) + 1: s[1]]
            for gi in range(group):
                xs = win[:, gi * icpg:(gi + 1) * icpg]
                ws = wd64[gi * ocpg:(gi + 1) * ocpg, :, i, j]
                acc[:, gi * ocpg:(gi + 1) * ocpg] += np.einsum("nchw,oc->nohw", xs, ws)
    return acc


def matmul_acc(a, a_zp, b, b_zp):
    ad = a.astype(np.int64) - np.int64(a_zp)
    bzp = np.asarray(b_zp, np.int64)
    bd = b.astype(np.int64) - (bzp if bzp.size == 1 else bzp.reshape([1] * (b.ndim - 1) + [-1]))
    return np.matmul(ad, bd)


def maxpool(x, a):
    if a.get("ceil_mode", 0) or any(v != 1 for v in a.get("dilations", [1, 1])) or \
            a.get("storage_order", 0):
        raise NotImplementedError("MaxPool ceil_mode / dilations / storage_order")
    kh, kw = a["kernel_shape"]
    s = a.get("strides", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    low = np.iinfo(x.dtype).min if x.dtype.kind in "iu" else -np.inf
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])), constant_values=low)
    oh = (xp.shape[2] - kh) // s[0] + 1
    ow = (xp.shape[3] - kw) // s[1] + 1
    out = None
    for i in range(kh):
        for j in range(kw):
            win = xp[:, :, i: i + s[0] * (oh - 1) + 1: s[0], j: j + s[1] * (ow - 1) + 1: s[1]]
            out = win if out is None else np.maximum(out, win)
    return out


def run_node(node, v, stats):
    a = attrs_of(node)
    ins = [v[n] if n else None for n in node.input]
    op = node.op_type
    if op == "QLinearConv":
        x, xs, xzp, w, ws, wzp, ys, yzp = ins[:8]
        acc = conv_acc(x, xzp, w, wzp, a)
        if len(ins) > 8 and ins[8] is not None:
            acc += ins[8].astype(np.int64).reshape(1, -1, 1, 1)
        return [requant(acc, xs, ws, ys, yzp, yzp.dtype, stats, 1)]
    if op == "QLinearMatMul":
        x, xs, xzp, w, ws, wzp, ys, yzp = ins
        acc = matmul_acc(x, xzp, w, wzp)
        return [requant(acc, xs, ws, ys, yzp, yzp.dtype, stats, acc.ndim - 1)]
    if op == "ConvInteger":
        x, w = ins[0], ins[1]
        xzp = ins[2] if len(ins) > 2 and ins[2] is not None else 0
        wzp = ins[3] if len(ins) > 3 and ins[3] is not None else 0
        acc = conv_acc(x, xzp, w, wzp, a)
        if acc.min() < -2 ** 31 or acc.max() >= 2 ** 31:
            raise ValueError("ConvInteger result overflows int32")
        return [acc.astype(np.int32)]
    if op == "MatMulInteger":
        x, w = ins[0], ins[1]
        xzp = ins[2] if len(ins) > 2 and ins[2] is not None else 0
        wzp = ins[3] if len(ins) > 3 and ins[3] is not None else 0
        return [matmul_acc(x, xzp, w, wzp).astype(np.int32)]
    if op == "DequantizeLinear":
        q, s = ins[0], ins[1]
        zp = ins[2] if len(ins) > 2 and ins[2] is not None else 0
        if np.ndim(s):
            raise NotImplementedError("per-axis DequantizeLinear")
        return [(q.astype(np.int32) - np.int32(zp)).astype(np.float32) * np.float32(s)]
    if op == "QuantizeLinear":
        x, s = ins[0], ins[1]
        zp = ins[2] if len(ins) > 2 and ins[2] is not None else np.uint8(0)
        if np.ndim(s):
            raise NotImplementedError("per-axis QuantizeLinear")
        r = np.rint(x.astype(np.float32) / np.float32(s)) + np.float32(zp)
        return [saturate(r, zp.dtype).astype(zp.dtype)]
    if op == "MaxPool":
        return [maxpool(ins[0], a)]
    if op == "Clip":
        x = ins[0]
        lo = ins[1] if len(ins) > 1 and ins[1] is not None else None
        hi = ins[2] if len(ins) > 2 and ins[2] is not None else None
        if lo is not None:
            x = np.maximum(x, lo.astype(x.dtype))
        if hi is not None:
            x = np.minimum(x, hi.astype(x.dtype))
        return [x]
    if op == "Cast":
        return [ins[0].astype(ONNX2NP[a["to"]])]
    if op in ("Mul", "Add"):
        if ins[0].dtype != ins[1].dtype:
            raise ValueError("%s: mixed types" % op)
        r = ins[0] * ins[1] if op == "Mul" else ins[0] + ins[1]
        return [r.astype(ins[0].dtype)]
    if op == "Identity":
        return [ins[0]]
    if op == "Flatten":
        axis = a.get("axis", 1)
        x = ins[0]
        axis = axis if axis >= 0 else axis + x.ndim
        return [x.reshape(int(np.prod(x.shape[:axis])), -1)]
    if op == "Reshape":
        shape = [int(d) for d in ins[1]]
        shape = [ins[0].shape[i] if d == 0 else d for i, d in enumerate(shape)]
        return [ins[0].reshape(shape)]
    raise NotImplementedError("op %s is not in the exact reference" % op)


def run_model(model, feeds, stats):
    v = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    v.update(feeds)
    for node in model.graph.node:
        for name, val in zip(node.output, run_node(node, v, stats)):
            v[name] = val
    return [(o.name, v[o.name]) for o in model.graph.output]


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t.name, numpy_helper.to_array(t)


def numbered(d, prefix):
    out = []
    while os.path.exists(os.path.join(d, "%s_%d.pb" % (prefix, len(out)))):
        out.append(os.path.join(d, "%s_%d.pb" % (prefix, len(out))))
    return out


def run_folder(folder, mode):
    model = onnx.load(os.path.join(folder, "model.onnx"))
    init = {t.name for t in model.graph.initializer}
    in_names = [i.name for i in model.graph.input if i.name not in init]
    stats = Stats()
    problems = []
    sets = sorted(glob.glob(os.path.join(folder, "test_data_set_*")),
                  key=lambda p: int(p.rsplit("_", 1)[1]))
    for ds in sets:
        feeds = {}
        for k, path in enumerate(numbered(ds, "input")):
            name, arr = load_pb(path)
            feeds[name if name in in_names else in_names[k]] = arr
        outs = run_model(model, feeds, stats)
        if mode == "write":
            for f in numbered(ds, "output"):
                os.remove(f)
            for k, (name, arr) in enumerate(outs):
                with open(os.path.join(ds, "output_%d.pb" % k), "wb") as f:
                    f.write(numpy_helper.from_array(np.ascontiguousarray(arr), name)
                            .SerializeToString())
            continue
        files = numbered(ds, "output")
        if len(files) != len(outs):
            problems.append("%s: %d outputs, %d files" % (os.path.basename(ds), len(outs),
                                                          len(files)))
        for (name, got), path in zip(outs, files):
            _, want = load_pb(path)
            if got.dtype != want.dtype or got.shape != want.shape:
                problems.append("%s: %s %s vs expected %s %s" % (name, got.dtype, got.shape,
                                                                   want.dtype, want.shape))
            elif got.tobytes() != want.tobytes():
                diff = np.count_nonzero(got != want)
                problems.append("%s: %d of %d values differ" % (name, diff, got.size))
    return stats, len(sets), problems


def main(argv):
    if len(argv) < 2 or argv[0] not in ("write", "check"):
        print(__doc__)
        return 2
    mode = argv[0]
    failed = 0
    for folder in argv[1:]:
        label = os.path.basename(os.path.normpath(folder))
        try:
            stats, nsets, problems = run_folder(folder, mode)
        except NotImplementedError as e:
            # check mode: a folder using ops outside the reference is skipped, not failed
            print("%s %s: %s" % ("SKIP" if mode == "check" else "ERROR", label, e))
            failed += mode == "write"
            continue
        except ValueError as e:
            print("ERROR %s: %s" % (label, e))
            failed += 1
            continue
        counts = "%d requantized values, %d exact .5 ties, %d saturated" % (
            stats.values, stats.ties, stats.saturated)
        if mode == "write":
            print("wrote %s (%d data set(s)): %s" % (label, nsets, counts))
        elif problems:
            failed += 1
            print("FAIL %s: %s" % (label, "; ".join(problems)))
        else:
            print("PASS %s (bit-exact, %d data set(s)): %s" % (label, nsets, counts))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
