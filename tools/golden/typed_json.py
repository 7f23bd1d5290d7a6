"""Typed JSON: a lossless JSON spelling of the Python values a torch checkpoint holds.

Shared by make_checkpoint_fixtures.py and check_our_checkpoint.py; the Java tests read the
same format (io.mgd.core.checkpoint.TypedJson). Every value is an object with a type tag "t":

  none | bool v | int v (decimal string) | float v (repr: "inf", "-0.0", "nan", ...)
  str v | bytes hex | list items | tuple items | set items | dict items [[k, v], ...]
  odict items [[k, v], ...] attrs {name: value}      (collections.OrderedDict)
  tensor dtype shape hex                              (contiguous little-endian bytes)
  object callable "module.qualname"                    (anything else, e.g. numpy scalars)

Tensors, nn.Parameters and storages all encode as "tensor" (a storage as a 1-D tensor).
"""
import collections
import math
import struct

import numpy as np
import torch

DTYPES = {
    torch.float32: "float32", torch.float16: "float16", torch.float64: "float64",
    torch.bfloat16: "bfloat16", torch.int64: "int64", torch.int32: "int32",
    torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool",
}
BY_NAME = {v: k for k, v in DTYPES.items()}


def tensor_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: same bits as int16
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def encode(v):
    if isinstance(v, np.generic):  # before float: np.float64 subclasses float
        fn = v.__reduce_ex__(2)[0]
        return {"t": "object", "callable": f"{fn.__module__}.{fn.__qualname__}"}
    if v is None:
        return {"t": "none"}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "v": repr(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, (bytes, bytearray)):
        return {"t": "bytes", "hex": bytes(v).hex()}
    if isinstance(v, torch.Tensor):
        return {"t": "tensor", "dtype": DTYPES[v.dtype], "shape": list(v.shape),
                "hex": tensor_bytes(v).hex()}
    if isinstance(v, torch.storage.TypedStorage):
        return encode(torch.tensor([], dtype=v.dtype).set_(v))
    if isinstance(v, torch.UntypedStorage):
        return {"t": "tensor", "dtype": "uint8", "shape": [v.nbytes()],
                "hex": bytes(v.tolist()).hex()}
    if isinstance(v, collections.OrderedDict):
        return {"t": "odict", "items": [[encode(k), encode(x)] for k, x in v.items()],
                "attrs": {k: encode(x) for k, x in vars(v).items()}}
    if isinstance(v, dict):
        return {"t": "dict", "items": [[encode(k), encode(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return {"t": "list", "items": [encode(x) for x in v]}
    if isinstance(v, tuple):
        return {"t": "tuple", "items": [encode(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"t": "set", "items": [encode(x) for x in sorted(v)]}
    fn = v.__reduce_ex__(2)[0]
    return {"t": "object", "callable": f"{fn.__module__}.{fn.__qualname__}"}


def decode(j):
    """The Python value a typed-JSON tree describes (objects are not supported)."""
    t = j["t"]
    if t == "none":
        return None
    if t in ("bool", "str"):
        return j["v"]
    if t == "int":
        return int(j["v"])
    if t == "float":
        return float(j["v"])
    if t == "bytes":
        return bytes.fromhex(j["hex"])
    if t == "tensor":
        dtype = BY_NAME[j["dtype"]]
        raw = bytearray.fromhex(j["hex"])
        if dtype == torch.bfloat16:
            flat = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16) if raw \
                else torch.empty(0, dtype=dtype)
        else:
            flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        return flat.clone().reshape(j["shape"])
    if t == "list":
        return [decode(x) for x in j["items"]]
    if t == "tuple":
        return tuple(decode(x) for x in j["items"])
    if t == "set":
        return {decode(x) for x in j["items"]}
    if t == "dict":
        return {decode(k): decode(x) for k, x in j["items"]}
    if t == "odict":
        d = collections.OrderedDict((decode(k), decode(x)) for k, x in j["items"])
        for k, x in j.get("attrs", {}).items():
            setattr(d, k, decode(x))
        return d
    raise ValueError(f"cannot decode {t}")


def diff(expected, actual, path="$"):
    """Differences between two typed-JSON trees, as readable lines (empty when equal)."""
    out = []
    if expected.get("t") != actual.get("t"):
        return [f"{path}: expected {expected.get('t')}, got {actual.get('t')}"]
    t = expected["t"]
    if t == "float":
        a, b = float(expected["v"]), float(actual["v"])
        same = (math.isnan(a) and math.isnan(b)) or struct.pack("<d", a) == struct.pack("<d", b)
        if not same:
            out.append(f"{path}: expected {expected['v']}, got {actual['v']}")
    elif t in ("list", "tuple", "set", "dict", "odict"):
        e, a = expected["items"], actual["items"]
        if len(e) != len(a):
            out.append(f"{path}: expected {len(e)} items, got {len(a)}")
        for i, (x, y) in enumerate(zip(e, a)):
            if t in ("dict", "odict"):
                out += diff(x[0], y[0], f"{path}.key[{i}]")
                out += diff(x[1], y[1], f"{path}[{x[0].get('v', i)}]")
            else:
                out += diff(x, y, f"{path}[{i}]")
        if t == "odict":
            ea, aa = expected.get("attrs", {}), actual.get("attrs", {})
            if sorted(ea) != sorted(aa):
                out.append(f"{path}: attributes {sorted(ea)} != {sorted(aa)}")
            for k in ea:
                if k in aa:
                    out += diff(ea[k], aa[k], f"{path}.{k}")
    elif expected != actual:
        out.append(f"{path}: expected {expected}, got {actual}")
    return out
