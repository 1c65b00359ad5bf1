# SPDX-License-Identifier: MIT
"""Train, quantize and export the shipped Fashion-MNIST CNN (regeneration only; CI never runs it).

Run from the repository root with Debian's Python (it alone sees python3-torch and python3-onnx):

    /usr/bin/python3 scripts/train_fashion_mnist.py

Writes models/fashion_cnn_qop.onnx (QOperator form, built here with onnx.helper from the
quantized parameters) and models/fashion_cnn_qdq.onnx (torch.onnx.export of the quantized
model, QDQ form), then runs scripts/gen_fashion_fixtures.sh, which evaluates both under
onnxruntime-node and rewrites tests/data/fashion/.

Data: Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist, IDX files).
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper
from torch.ao import quantization as tq

DATA_DIR = "/usr/share/datasets/fashion-mnist"
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SEED = 20240601
# The input quantization is pinned so that a raw uint8 pixel p is already the quantized value
# of the float input p/255: the QOperator model then takes the image bytes directly.
IN_SCALE = 1.0 / 255.0
IN_ZP = 0


def load_idx(path):
    """Read a gzip'd IDX file (big-endian header: magic, dims) into a numpy array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic >> 8 != 0x08:  # 0x08 = unsigned byte elements
        raise ValueError(f"{path}: unexpected IDX magic {magic:#x}")
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims)


def load_split(split):
    images = load_idx(os.path.join(DATA_DIR, f"{split}-images-idx3-ubyte.gz"))
    labels = load_idx(os.path.join(DATA_DIR, f"{split}-labels-idx1-ubyte.gz"))
    return images[:, None, :, :], labels.astype(np.int64)


class FashionCNN(nn.Module):
    """conv3x3(1->16)+ReLU+maxpool2 -> conv3x3(16->32)+ReLU+maxpool2 -> FC(32*7*7->10)."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2, 2)
        self.fc = nn.Linear(32 * 7 * 7, 10)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return self.dequant(x)


def to_float(images_u8):
    return torch.from_numpy(images_u8.astype(np.float32) / np.float32(255.0))


def evaluate(model, images, labels, batch=1000):
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, len(images), batch):
            preds.append(model(to_float(images[i:i + batch])).argmax(1).numpy())
    return float((np.concatenate(preds) == labels).mean())


def train(model, images, labels, epochs, batch, lr):
    gen = torch.Generator().manual_seed(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * ((len(images) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    x_all = to_float(images)
    y_all = torch.from_numpy(labels)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(images), generator=gen)
        total = 0.0
        for i in range(0, len(images), batch):
            idx = perm[i:i + batch]
            loss = F.cross_entropy(model(x_all[idx]), y_all[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(idx)
        print(f"  epoch {epoch + 1}/{epochs}: train loss {total / len(images):.4f}", flush=True)


def quantize(model, calib_images):
    """Eager-mode post-training quantization with the qnnpack engine."""
    torch.backends.quantized.engine = "qnnpack"
    qmodel = FashionCNN()
    qmodel.load_state_dict(model.state_dict())
    qmodel.eval()
    tq.fuse_modules(qmodel, [["conv1", "relu1"], ["conv2", "relu2"]], inplace=True)
    act = tq.HistogramObserver.with_args(dtype=torch.quint8, qscheme=torch.per_tensor_affine,
                                         reduce_range=False)
    # Symmetric per-output-channel int8 weights, restricted to [-127, 127] (zero point 0).
    wgt = tq.PerChannelMinMaxObserver.with_args(dtype=torch.qint8,
                                                qscheme=torch.per_channel_symmetric,
                                                quant_min=-127, quant_max=127)
    qmodel.qconfig = tq.QConfig(activation=act, weight=wgt)
    qmodel.quant.qconfig = tq.QConfig(
        activation=tq.FixedQParamsObserver.with_args(scale=IN_SCALE, zero_point=IN_ZP,
                                                     dtype=torch.quint8, quant_min=0,
                                                     quant_max=255),
        weight=wgt)
    tq.prepare(qmodel, inplace=True)
    with torch.no_grad():
        for i in range(0, len(calib_images), 500):
            qmodel(to_float(calib_images[i:i + 500]))
    tq.convert(qmodel, inplace=True)
    return qmodel


def layer_params(qmodel):
    """Quantized parameters of the three MAC layers, in graph order, as numpy arrays."""
    layers = []
    x_scale, x_zp = float(qmodel.quant.scale), int(qmodel.quant.zero_point)
    for name in ["conv1", "conv2", "fc"]:
        mod = getattr(qmodel, name)
        w = mod.weight()
        if w.qscheme() != torch.per_channel_symmetric and w.qscheme() != torch.per_channel_affine:
            raise RuntimeError(f"{name}: expected per-channel weights, got {w.qscheme()}")
        w_q = w.int_repr().numpy().astype(np.int8)
        w_scale = w.q_per_channel_scales().numpy().astype(np.float32)
        w_zp = w.q_per_channel_zero_points().numpy().astype(np.int8)
        if np.any(w_zp != 0):
            raise RuntimeError(f"{name}: non-zero weight zero point")
        bias = mod.bias().detach().numpy().astype(np.float32)
        # torch quantizes the float bias at run time to int32 with scale x_scale * w_scale_c
        # and zero point 0 (round half to even); use torch's own quantizer to get the same ints.
        b_q = torch.quantize_per_channel(torch.from_numpy(bias),
                                         torch.from_numpy(w_scale.astype(np.float64) * x_scale),
                                         torch.zeros(len(bias), dtype=torch.int64), 0,
                                         torch.qint32).int_repr().numpy().astype(np.int32)
        y_scale, y_zp = float(mod.scale), int(mod.zero_point)
        if name == "fc":
            w_q = w_q.reshape(10, 32, 7, 7)  # torch.flatten order (c, h, w) = full-size kernel
        layers.append(dict(name=name, w=w_q, w_scale=w_scale, w_zp=w_zp, bias_f=bias, b=b_q,
                           x_scale=x_scale, x_zp=x_zp, y_scale=y_scale, y_zp=y_zp,
                           pad=0 if name == "fc" else 1))
        x_scale, x_zp = y_scale, y_zp
    return layers


def build_qop(layers, path):
    """QOperator ONNX model: uint8 image in, uint8 logits out, opset 13."""
    inits, nodes = [], []

    def const(name, arr):
        inits.append(numpy_helper.from_array(arr, name))
        return name

    x = "image"
    const("image_scale", np.array(IN_SCALE, dtype=np.float32))
    const("image_zero_point", np.array(IN_ZP, dtype=np.uint8))
    x_s, x_z = "image_scale", "image_zero_point"
    for i, L in enumerate(layers):
        n = L["name"]
        y_s = const(f"{n}_y_scale", np.array(L["y_scale"], dtype=np.float32))
        y_z = const(f"{n}_y_zero_point", np.array(L["y_zp"], dtype=np.uint8))
        inputs = [x, x_s, x_z,
                  const(f"{n}_w", L["w"]), const(f"{n}_w_scale", L["w_scale"]),
                  const(f"{n}_w_zero_point", L["w_zp"]), y_s, y_z, const(f"{n}_b", L["b"])]
        k = L["w"].shape[2]
        out = f"{n}_out"
        nodes.append(helper.make_node("QLinearConv", inputs, [out], name=n,
                                      kernel_shape=[k, k], strides=[1, 1],
                                      pads=[L["pad"]] * 4, dilations=[1, 1], group=1))
        if n != "fc":
            pooled = f"pool{i + 1}_out"
            nodes.append(helper.make_node("MaxPool", [out], [pooled], name=f"pool{i + 1}",
                                          kernel_shape=[2, 2], strides=[2, 2]))
            out = pooled
        x, x_s, x_z = out, y_s, y_z
    nodes.append(helper.make_node("Flatten", [x], ["logits"], name="flatten", axis=1))
    graph = helper.make_graph(
        nodes, "fashion_cnn_qop",
        [helper.make_tensor_value_info("image", TensorProto.UINT8, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.UINT8, ["N", 10])],
        initializer=inits,
        doc_string="Fashion-MNIST CNN, int8 QOperator form. Input: raw uint8 pixels "
                   "(scale 1/255, zero point 0). Output: uint8 logits, scale/zero point in "
                   "metadata_props and in the fc_y_scale/fc_y_zero_point initializers.")
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="lpfpga scripts/train_fashion_mnist.py",
                              producer_version="1")
    model.ir_version = 7
    fc = layers[-1]
    for key, val in [("output_scale", repr(float(np.float32(fc["y_scale"])))),
                     ("output_zero_point", str(fc["y_zp"])),
                     ("input_scale", "1/255"), ("input_zero_point", "0"),
                     ("labels", json.dumps(LABELS))]:
        entry = model.metadata_props.add()
        entry.key, entry.value = key, val
    model = onnx.shape_inference.infer_shapes(model)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
    return model


def contract_layer(x_q, L):
    """The GUIDE §1 contract on a batch: QLinearConv as onnxruntime computes it (uint8 out)."""
    n, c, h, w = x_q.shape
    k, pad = L["w"].shape[2], L["pad"]
    xp = np.pad(x_q.astype(np.float64) - L["x_zp"], ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = np.empty((n, oh, ow, c, k, k), dtype=np.float64)
    for dy in range(k):
        for dx in range(k):
            cols[:, :, :, :, dy, dx] = xp[:, :, dy:dy + oh, dx:dx + ow].transpose(0, 2, 3, 1)
    wmat = L["w"].reshape(L["w"].shape[0], -1).astype(np.float64)
    acc = cols.reshape(n * oh * ow, -1) @ wmat.T + L["b"].astype(np.float64)  # exact (< 2^53)
    acc = acc.astype(np.int64)
    assert np.all(np.abs(acc) < 2**31)
    m = (np.float32(L["x_scale"]) * L["w_scale"]).astype(np.float32) / np.float32(L["y_scale"])
    y = np.rint(acc.astype(np.float32) * m.astype(np.float32)) + L["y_zp"]
    y = np.clip(y, 0, 255).astype(np.uint8)
    return y.reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)


def maxpool2(x):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def contract_forward(layers, images_u8):
    """Per-layer uint8 outputs (pre-pool) of the QOperator model under the GUIDE §1 contract."""
    outs = []
    x = images_u8
    for L in layers:
        y = contract_layer(x, L)
        outs.append(y)
        x = maxpool2(y) if L["name"] != "fc" else y
    return outs


def torch_layer_outputs(qmodel, images_u8):
    """uint8 outputs of torch's quantized conv1, conv2 and fc (hooks on the quantized modules)."""
    got = {}
    hooks = [getattr(qmodel, n).register_forward_hook(
        lambda m, i, o, n=n: got.__setitem__(n, o.int_repr().numpy()))
        for n in ["conv1", "conv2", "fc"]]
    with torch.no_grad():
        qmodel(to_float(images_u8))
    for h in hooks:
        h.remove()
    return [got["conv1"], got["conv2"], got["fc"].reshape(-1, 10, 1, 1)]


def compare_with_torch(qmodel, layers, images_u8, batch=500):
    """Per layer, feed the contract torch's own (pooled) uint8 input and count differing outputs.

    Also counts images whose final uint8 logits differ end to end (torch vs contract chain).
    """
    diffs, totals, maxdiff = [0, 0, 0], [0, 0, 0], [0, 0, 0]
    logits_differ = 0
    for i in range(0, len(images_u8), batch):
        xb = images_u8[i:i + batch]
        tor = torch_layer_outputs(qmodel, xb)
        inputs = [xb, maxpool2(tor[0]), maxpool2(tor[1])]
        for j, L in enumerate(layers):
            d = np.abs(contract_layer(inputs[j], L).astype(np.int32) - tor[j].astype(np.int32))
            diffs[j] += int((d != 0).sum())
            totals[j] += d.size
            maxdiff[j] = max(maxdiff[j], int(d.max()))
        chain = contract_forward(layers, xb)[2]
        logits_differ += int((chain != tor[2]).reshape(len(xb), -1).any(axis=1).sum())
    return diffs, totals, maxdiff, logits_differ


def macs_per_image(layers):
    total = 0
    hw = 28
    for L in layers:
        co, ci, k, _ = L["w"].shape
        out_hw = hw + 2 * L["pad"] - k + 1
        total += co * ci * k * k * out_hw * out_hw
        hw = out_hw // 2
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--calib", type=int, default=2000, help="training images used to calibrate")
    ap.add_argument("--out-dir", default="models")
    ap.add_argument("--no-fixtures", action="store_true",
                    help="skip scripts/gen_fashion_fixtures.sh (onnxruntime-node evaluation)")
    args = ap.parse_args()

    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.use_deterministic_algorithms(True)

    train_x, train_y = load_split("train")
    test_x, test_y = load_split("t10k")

    model = FashionCNN()
    t0 = time.time()
    print(f"training {args.epochs} epochs, batch {args.batch}, Adam lr {args.lr} (cosine)",
          flush=True)
    train(model, train_x, train_y, args.epochs, args.batch, args.lr)
    train_s = time.time() - t0
    acc_float = evaluate(model, test_x, test_y)
    print(f"training time: {train_s:.1f} s")
    print(f"float test accuracy: {acc_float * 100:.2f}%")

    # Calibrate on a fixed, seeded subset of the training set (never the test set).
    calib_idx = np.random.RandomState(SEED).permutation(len(train_x))[:args.calib]
    qmodel = quantize(model, train_x[calib_idx])
    acc_torch_q = evaluate(qmodel, test_x, test_y)
    print(f"torch int8 (qnnpack) test accuracy: {acc_torch_q * 100:.2f}%")

    layers = layer_params(qmodel)
    for L in layers:
        print(f"  {L['name']}: w {tuple(L['w'].shape)} int8 per-channel, "
              f"x_scale {L['x_scale']:.6g} "
              f"x_zp {L['x_zp']}, y_scale {L['y_scale']:.6g} y_zp {L['y_zp']}, "
              f"|b| max {int(np.abs(L['b']).max())}")
    print(f"MACs per image: {macs_per_image(layers)}")

    os.makedirs(args.out_dir, exist_ok=True)
    qop_path = os.path.join(args.out_dir, "fashion_cnn_qop.onnx")
    build_qop(layers, qop_path)
    print(f"wrote {qop_path} ({os.path.getsize(qop_path)} bytes)")

    ref_logits = contract_forward(layers, test_x)[2].reshape(-1, 10)
    acc_contract = float((ref_logits.argmax(1) == test_y).mean())
    print(f"QOp model under the GUIDE §1 contract (numpy): {acc_contract * 100:.2f}%")
    diffs, totals, maxdiff, logits_differ = compare_with_torch(qmodel, layers, test_x)
    for name, d, t, m in zip(["conv1", "conv2", "fc"], diffs, totals, maxdiff):
        print(f"  torch vs contract, {name} output (same input): {d}/{t} uint8 values differ "
              f"(max |diff| {m})")
    print(f"  torch vs contract, end to end: uint8 logits differ on {logits_differ}/{len(test_x)} "
          f"images")

    qdq_path = os.path.join(args.out_dir, "fashion_cnn_qdq.onnx")
    torch.onnx.export(qmodel, to_float(test_x[:1]), qdq_path, opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}})
    qdq = onnx.load(qdq_path)
    onnx.checker.check_model(qdq, full_check=True)
    print(f"wrote {qdq_path} ({os.path.getsize(qdq_path)} bytes)")

    if not args.no_fixtures:
        subprocess.run(["bash", "scripts/gen_fashion_fixtures.sh"], check=True)
        with open("tests/data/fashion/fixtures.json") as f:
            meta = json.load(f)
        ort_qop = np.frombuffer(gzip.open("tests/data/fashion/qop_logits.u8.gz").read(), np.uint8)
        same = int((ort_qop.reshape(-1, 10) == ref_logits).all(axis=1).sum())
        print(f"onnxruntime-node QOp accuracy: {meta['qop']['accuracy'] * 100:.2f}%")
        print(f"onnxruntime-node QDQ accuracy: {meta['qdq']['accuracy'] * 100:.2f}%")
        print(f"onnxruntime QOp logits equal to the numpy contract on {same}/{len(test_x)} images")
        # The QDQ model returns float32 (q - zp) * scale: map it back to uint8 to compare.
        fc = layers[-1]
        qdq_f = np.frombuffer(gzip.open("tests/data/fashion/qdq_logits.f32.gz").read(), np.float32)
        qdq_u8 = np.rint(qdq_f / np.float32(fc["y_scale"])) + fc["y_zp"]
        qdq_u8 = qdq_u8.reshape(-1, 10)
        differ = qdq_u8 != ort_qop.reshape(-1, 10)
        print(f"onnxruntime QDQ vs QOp uint8 logits: {int(differ.sum())} of {qdq_u8.size} "
              f"differ, on {int(differ.any(axis=1).sum())} images")
        print(f"QDQ 'all' vs 'disabled': {meta['qdq']['optimization_all_vs_disabled']}")
        print(f"QOp 'all' vs 'disabled': {meta['qop']['optimization_all_vs_disabled']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
