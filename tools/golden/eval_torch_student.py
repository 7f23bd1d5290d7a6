#!/usr/bin/python3
"""Cross-check B (issue 4): a checkpoint written here loads into the equivalent PyTorch model.

    /usr/bin/python3 tools/golden/eval_torch_student.py CONFIG_KIND CKPT DATA_PREFIX [--split t10k] [--out FILE.json]

CONFIG_KIND names the plain-torch twin of the config the checkpoint was trained with, e.g.
resnet18_cifar_w4 for configs/cls/resnet_cifar/resnet18_w4_fmnist_embedded.yaml (see
fmnist_torch.py). CKPT is a plain model checkpoint (e.g. tools/pth_transfer output), read with
torch.load and loaded with strict=True, so a missing, extra or misshapen tensor is an error.
DATA_PREFIX holds the mmcls IDX files; the top-1 on SPLIT (t10k: the test split, like tools/test)
is printed as ``accuracy_top-1 : XX.XX`` in tools/test's format.
"""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fmnist_torch as ft  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("kind")
    ap.add_argument("ckpt")
    ap.add_argument("data_prefix")
    ap.add_argument("--split", default="t10k", choices=["train", "val", "t10k"])
    ap.add_argument("--out", help="also write the top-1 and per-sample predicted labels as JSON")
    args = ap.parse_args()
    torch.set_num_threads(2)

    ckpt = torch.load(args.ckpt, map_location="cpu")
    if not isinstance(ckpt, dict) or "state_dict" not in ckpt:
        raise SystemExit("%s has no state_dict: not an mmcv checkpoint" % args.ckpt)
    state = ckpt["state_dict"]
    if any(k.startswith("student.") for k in state):
        raise SystemExit("%s is a distiller checkpoint: pass it through tools/pth_transfer first" % args.ckpt)
    model = ft.build(args.kind)
    model.load_state_dict(state, strict=True)

    images, labels = ft.load_split(args.data_prefix, args.split)
    pred = ft.predict(model, images)
    acc = ft.top1(pred, labels)
    print("loaded %d tensors strictly into %s (torch %s); %d %s images"
          % (len(state), args.kind, torch.__version__, len(labels), args.split))
    print("\naccuracy_top-1 : %.2f" % acc)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"model": args.kind, "checkpoint": args.ckpt, "split": args.split, "num_samples": len(labels),
                       "accuracy_top-1": acc, "pred_label": pred.tolist()}, f)
            f.write("\n")


if __name__ == "__main__":
    main()
