#!/usr/bin/python3
"""Checks ONNX files written by mgd-java's exporter with the reference ONNX checker.

Usage: /usr/bin/python3 tools/golden/check_onnx_model.py MODEL.onnx [MODEL2.onnx ...]

For each file: runs onnx.checker.check_model (full_check: also ONNX shape inference), then
prints the IR version, opsets, inputs and outputs with their shapes, the number of nodes and
initializers, and the op types used. Exit code 0 when every file passes, 1 otherwise.
Needs Debian's python3-onnx (onnx 1.12 here); nothing else.
"""
import collections
import sys

import onnx


def dims(value_info):
    shape = value_info.type.tensor_type.shape
    return [d.dim_param if d.dim_param else (d.dim_value if d.HasField("dim_value") else "?")
            for d in shape.dim]


def check(path):
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
    except onnx.checker.ValidationError as e:
        print(f"{path}: onnx.checker.check_model FAILED: {e}")
        return False
    g = model.graph
    ops = collections.Counter(n.op_type for n in g.node)
    print(f"{path}: onnx.checker.check_model(full_check=True) passed (onnx {onnx.__version__})")
    print(f"  ir_version {model.ir_version}, opset "
          + ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
          + f", producer {model.producer_name} {model.producer_version}")
    for i in g.input:
        print(f"  input  {i.name} {dims(i)}")
    for o in g.output:
        print(f"  output {o.name} {dims(o)}")
    print(f"  {len(g.node)} nodes, {len(g.initializer)} initializers; ops: "
          + ", ".join(f"{k} x{v}" for k, v in sorted(ops.items())))
    return True


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    ok = all([check(p) for p in argv[1:]])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
