#!/usr/bin/python3
"""Cross-check A (issue 3): a checkpoint trained and saved by PyTorch for an mmcls-named model.

Trains the plain-torch twin of configs/cls/resnet_cifar/resnet18_w8_fmnist_embedded.yaml
(ImageClassifier, ResNet_CIFAR-18 with width 8, one input channel) briefly on the embedded
Fashion-MNIST subset, evaluates top-1 on its test split with the config's normalisation, and
writes, from the repository root:

    /usr/bin/python3 tools/golden/train_torch_reference.py [OUT_DIR] [--epochs N] [--seed S]

    OUT_DIR/resnet18_cifar_w8_torch.pth   {meta, state_dict} as mmcv's save_checkpoint lays it out
    OUT_DIR/resnet18_cifar_w8_torch.json  the torch top-1 and per-sample predicted labels

OUT_DIR defaults to tools/src/test/resources/io/mgd/tools/torch_reference, where
TorchReferenceCheckpointTest evaluates the .pth with our TestApi and compares.
"""
import argparse
import json
import os
import sys
import time
from collections import OrderedDict

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import fmnist_torch as ft  # noqa: E402

KIND = "resnet18_cifar_w8"


def augment(x, gen):
    """RandomCrop(28, padding=2) and a horizontal flip with p=0.5, per image, like the train pipeline."""
    n = x.shape[0]
    padded = F.pad(x, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (n,), generator=gen)
    dx = torch.randint(0, 5, (n,), generator=gen)
    flip = torch.rand(n, generator=gen) < 0.5
    out = torch.empty_like(x)
    for i in range(n):
        crop = padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28]
        out[i] = crop.flip(-1) if flip[i] else crop
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir", nargs="?",
                    default=os.path.join(ROOT, "tools/src/test/resources/io/mgd/tools/torch_reference"))
    ap.add_argument("--data", default=os.path.join(ROOT, "data/embedded/fashion_mnist"))
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)

    x_train, y_train = ft.load_split(args.data, "train")
    x_test, y_test = ft.load_split(args.data, "t10k")
    model = ft.build(KIND)
    batch = 128
    iters = (len(x_train) + batch - 1) // batch
    # the schedule of resnet18_w16_fmnist.yaml: SGD 0.1, momentum 0.9, wd 5e-4, cosine to 0 by iteration
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * iters)
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x_train), generator=gen)
        total = 0.0
        for i in range(iters):
            idx = perm[i * batch:(i + 1) * batch]
            loss = F.cross_entropy(model(augment(x_train[idx], gen)), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        pred = ft.predict(model, x_test)
        print("epoch %d loss %.4f test top-1 %.2f (%.0f s)" % (epoch + 1, total / iters, ft.top1(pred, y_test),
                                                               time.time() - start), flush=True)

    pred = ft.predict(model, x_test)
    acc = ft.top1(pred, y_test)
    os.makedirs(args.out_dir, exist_ok=True)
    state = OrderedDict((k, v.detach().clone().contiguous()) for k, v in model.state_dict().items())
    meta = {"CLASSES": ft.CLASSES, "epoch": args.epochs, "iter": args.epochs * iters,
            "producer": "tools/golden/train_torch_reference.py, torch " + torch.__version__}
    pth = os.path.join(args.out_dir, KIND + "_torch.pth")
    torch.save({"meta": meta, "state_dict": state}, pth)
    result = {"model": KIND, "torch_version": torch.__version__, "epochs": args.epochs, "seed": args.seed,
              "data": os.path.relpath(args.data, ROOT), "split": "t10k", "num_samples": len(y_test),
              "accuracy_top-1": acc, "pred_label": pred.tolist()}
    with open(os.path.join(args.out_dir, KIND + "_torch.json"), "w") as f:
        json.dump(result, f)
        f.write("\n")
    print("torch top-1 %.2f on %d test images; wrote %s (%d bytes)" % (acc, len(y_test), pth, os.path.getsize(pth)))


if __name__ == "__main__":
    main()
