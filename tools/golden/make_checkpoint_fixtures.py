#!/usr/bin/python3
"""Writes the golden checkpoint fixtures of io.mgd.core.checkpoint with real PyTorch.

Run with Debian's PyTorch 1.13 from the repository root:

    /usr/bin/python3 tools/golden/make_checkpoint_fixtures.py

Writes into mgd-core/src/test/resources/io/mgd/core/checkpoint/:
  *.pth                 files written by torch.save in the ways real checkpoints come
  expected.json         per file: torch.load()'s result in typed JSON (see typed_json.py)
  interop_input.json    an mmcv-style checkpoint in typed JSON that the Java test writes
                        with our writer, for check_our_checkpoint.py to torch.load
Everything is seeded, so reruns give identical files, except legacy.pth, whose storage keys
are memory addresses (its content stays the same).
"""
import collections
import io
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import typed_json  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "mgd-core", "src",
                   "test", "resources", "io", "mgd", "core", "checkpoint")


def mixed_dtypes():
    torch.manual_seed(0)
    sd = collections.OrderedDict()
    sd["conv.weight"] = torch.randn(4, 3, 2, 2)
    sd["bn.num_batches_tracked"] = torch.tensor(7)
    sd["half"] = torch.tensor([1.5, -2.25, 65504.0, 6e-8, math.inf, -0.0], dtype=torch.float16)
    sd["double"] = torch.tensor([math.pi, -1e300, 5e-324], dtype=torch.float64)
    sd["bf16"] = torch.tensor([1.0, -3.5, 1e38], dtype=torch.bfloat16)
    sd["int64"] = torch.tensor([2 ** 62, -(2 ** 63), 0])
    sd["int32"] = torch.tensor([-(2 ** 31), 2 ** 31 - 1, 5], dtype=torch.int32)
    sd["int16"] = torch.tensor([-32768, 32767, -1], dtype=torch.int16)
    sd["int8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    sd["uint8"] = torch.tensor([0, 255, 128], dtype=torch.uint8)
    sd["bool"] = torch.tensor([True, False, True])
    sd["empty"] = torch.zeros(0, 3)
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("bn", {"version": 2})])
    return sd


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    shared = torch.arange(10)
    return {
        "transpose": base.t(),                 # stride (1, 6)
        "slice": base[1:3, 2:5],               # offset 8, stride (6, 1)
        "column": base[:, 1],                  # offset 1, stride (6,)
        "scalar": base[2, 3],                  # 0-dim, offset 15
        "step": torch.arange(10.0)[::3],       # stride (3,)
        "expanded": torch.tensor([1.0, 2.0]).expand(3, 2),  # stride (0, 1)
        "shared_a": shared[2:7],               # these two share one storage
        "shared_b": shared.view(2, 5),
    }


def mmcv_checkpoint():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(2, 3, 1), nn.BatchNorm2d(3))
    opt = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9, weight_decay=1e-4)
    model(torch.randn(2, 2, 3, 3)).sum().backward()
    opt.step()
    meta = {
        "epoch": 3, "iter": 1200, "mmcv_version": "1.3.17",
        "time": "Sat Jan  1 00:00:00 2022", "CLASSES": ("cat", "dog"),
        "config": "model = dict(type='ImageClassifier')\n", "seed": None,
        "lr": 0.02, "flag": True, "off": False,
        "hook_msgs": {"last_ckpt": "/work_dirs/epoch_2.pth"},
        "list": [1, 2.5, "x", None, [True]],
        "big": 2 ** 70, "neg_big": -(2 ** 40), "neg": -5, "i16": 40000,
        "unicode": "h\u00e9llo \u2713", "bytes": b"\x00\xffab", "empty_bytes": b"",
        "nested_tuple": (1, (2, 3), [], ()), "int_keys": {0: "a", 1: "b"},
        "floats": [math.inf, -math.inf, -0.0, 1e-300, 0.1],
        "set": {3, 1, 2},
        "np_float": np.float64(0.75),
    }
    sd = model.state_dict()
    return {"meta": meta, "state_dict": sd, "optimizer": opt.state_dict()}


def protocol4():
    t = torch.arange(6.0)
    return {
        "view": t[1:4],
        "untyped": torch.arange(3, dtype=torch.int16).storage().untyped(),
        "typed_storage": torch.arange(4, dtype=torch.int32).storage(),
        "param": nn.Parameter(torch.ones(2)),
        "f": 1.5, "big": 2 ** 70, "by": b"xy", "e": b"", "s": "short",
    }


def legacy():
    base = torch.arange(12, dtype=torch.float32)
    sd = collections.OrderedDict()
    sd["w"] = base.reshape(3, 4)
    sd["v"] = base[2:5]                       # shares w's storage, offset 2
    sd["t"] = torch.arange(6.0).reshape(2, 3).t()
    sd["n"] = torch.tensor(9)
    sd["h"] = torch.tensor([0.5, -1.0], dtype=torch.float16)
    sd["b"] = torch.tensor([False, True])
    sd._metadata = collections.OrderedDict([("", {"version": 1})])
    return {"state_dict": sd, "meta": {"a": 1, "s": "x", "f": 0.25}}


def interop_input():
    """An mmcv checkpoint of a small model plus every dtype, for our writer to write."""
    ckpt = mmcv_checkpoint()
    del ckpt["meta"]["np_float"]  # placeholders round-trip separately (rt_*.pth)
    torch.manual_seed(2)
    extra = mixed_dtypes()
    ckpt["state_dict"].update((k, v) for k, v in extra.items() if k != "conv.weight")
    return ckpt


def save_path(name, obj, **kw):
    path = os.path.join(OUT, name)
    torch.save(obj, path, **kw)
    return path


def save_bytesio(name, obj, **kw):
    buf = io.BytesIO()
    torch.save(obj, buf, **kw)
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    written = [
        save_path("mixed_dtypes.pth", mixed_dtypes()),          # prefix "mixed_dtypes/"
        save_path("views.pth", views()),
        save_bytesio("mmcv_checkpoint.pth", mmcv_checkpoint()),  # prefix "archive/"
        save_path("parameter.pth", nn.Parameter(torch.arange(6.0).reshape(2, 3))),
        save_path("protocol4.pth", protocol4(), pickle_protocol=4),
        save_path("protocol5.pth", {"ba": bytearray(b"ab"), "t": torch.ones(2, 2)},
                  pickle_protocol=5),
        save_path("legacy.pth", legacy(), _use_new_zipfile_serialization=False),
    ]
    expected = {}
    for path in written:
        expected[os.path.basename(path)] = typed_json.encode(torch.load(path))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(OUT, "interop_input.json"), "w") as f:
        json.dump(typed_json.encode(interop_input()), f, indent=1)
        f.write("\n")
    for path in written:
        print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes")
    print(f"torch {torch.__version__}")


if __name__ == "__main__":
    main()
