#!/usr/bin/python3
"""Checks .pth files written by our Java writer with real PyTorch (torch.load).

First run the Java tests that write them (from the repository root):

    mvn -q -B -o -pl mgd-core test -Dtest='io.mgd.core.checkpoint.**'
    /usr/bin/python3 tools/golden/check_our_checkpoint.py [DIR]

DIR defaults to mgd-core/target/checkpoint-interop and holds
  ours.pth, ours_zip64.pth   interop_input.json written by Checkpoints.save / a forced-ZIP64
                             PthFiles.write (InteropWriteTest)
  rt_<fixture>.pth           each golden fixture after our reader and writer
                             (GoldenFixturesTest)
Each file is torch.load()ed from its path and from a BytesIO and compared, tensor by tensor and
value by value, with the typed-JSON expectation; its zip layout is checked like torch writes it
(stored records under archive/, data 64-byte aligned, version "3\\n"). ours.pth's state_dict
and optimizer must also load into the matching nn.Module and torch.optim.SGD.
Exit status 1 when anything differs.
"""
import glob
import io
import json
import os
import struct
import sys
import zipfile

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import typed_json  # noqa: E402

RES = os.path.join(HERE, "..", "..", "mgd-core", "src", "test", "resources", "io", "mgd", "core",
                   "checkpoint")


def count_tensors(j):
    if isinstance(j, dict):
        return (j.get("t") == "tensor") + sum(count_tensors(v) for v in j.values())
    if isinstance(j, list):
        return sum(count_tensors(v) for v in j)
    return 0


def zip_layout(path):
    problems = []
    with open(path, "rb") as f:
        raw = f.read()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if not info.filename.startswith("archive/"):
                problems.append(f"record {info.filename} is not under archive/")
            if info.compress_type != zipfile.ZIP_STORED:
                problems.append(f"record {info.filename} is compressed")
            name_len, extra_len = struct.unpack_from("<HH", raw, info.header_offset + 26)
            data = info.header_offset + 30 + name_len + extra_len
            if data % 64:
                problems.append(f"record {info.filename} data at {data} is not 64-byte aligned")
        if "archive/version" not in z.namelist() or z.read("archive/version") != b"3\n":
            problems.append("archive/version is not '3\\n'")
    return problems


def check_module_loading(ckpt):
    model = nn.Sequential(nn.Conv2d(2, 3, 1), nn.BatchNorm2d(3))
    result = model.load_state_dict(ckpt["state_dict"], strict=False)
    problems = [f"missing key {k}" for k in result.missing_keys]
    expected_extra = {k for k in ckpt["state_dict"] if not k.startswith(("0.", "1."))}
    if set(result.unexpected_keys) != expected_extra:
        problems.append(f"unexpected keys {result.unexpected_keys}")
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    opt.load_state_dict(ckpt["optimizer"])
    if opt.param_groups[0]["lr"] != 0.02 or len(opt.state) != 4:
        problems.append("optimizer state did not load")
    return problems


def check(path, expected):
    problems = zip_layout(path)
    obj = torch.load(path)
    with open(path, "rb") as f:
        obj2 = torch.load(io.BytesIO(f.read()))
    problems += typed_json.diff(expected, typed_json.encode(obj))
    problems += [f"(BytesIO) {p}" for p in typed_json.diff(expected, typed_json.encode(obj2))]
    if os.path.basename(path) == "ours.pth":
        problems += check_module_loading(obj)
    return problems


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "..", "..", "mgd-core", "target", "checkpoint-interop")
    with open(os.path.join(RES, "expected.json")) as f:
        fixtures = json.load(f)
    with open(os.path.join(RES, "interop_input.json")) as f:
        interop = json.load(f)
    cases = [(os.path.join(out_dir, n), interop) for n in ("ours.pth", "ours_zip64.pth")]
    for name, exp in sorted(fixtures.items()):
        cases.append((os.path.join(out_dir, "rt_" + name), exp))
    failed = 0
    print(f"torch {torch.__version__}, checking {out_dir}")
    for path, exp in cases:
        name = os.path.basename(path)
        if not os.path.exists(path):
            print(f"MISSING {name} (run the Java tests first)")
            failed += 1
            continue
        try:
            problems = check(path, exp)
        except Exception as e:  # a file torch cannot load at all
            problems = [f"{type(e).__name__}: {e}"]
        if problems:
            failed += 1
            print(f"FAIL {name}:")
            for p in problems[:20]:
                print(f"    {p}")
        else:
            print(f"OK   {name}: {count_tensors(exp)} tensors and all values equal, "
                  f"layout as torch writes it")
    leftovers = glob.glob(os.path.join(out_dir, ".*.tmp"))
    if leftovers:
        failed += 1
        print(f"FAIL temporary files left behind: {leftovers}")
    print(f"{len(cases) - failed} of {len(cases)} files OK")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
