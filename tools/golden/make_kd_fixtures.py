#!/usr/bin/python3
"""Golden fixtures for the logit-distillation and imitation losses (KDLoss / FeatureMimicLoss).

KDLoss follows mmrazor's ``KLDivergence`` with its defaults (reduction='batchmean',
teacher_detach=True):
    tau**2 * F.kl_div(F.log_softmax(s / tau, 1), F.softmax(t.detach() / tau, 1),
                      reduction='batchmean') * loss_weight
FeatureMimicLoss is ``F.mse_loss(align(s), t, reduction='mean') * loss_weight`` with an optional
1x1 conv ``align`` (bias, torch default init).

Per case the inputs, the parameters, the loss and its gradients w.r.t. the student input and every
parameter are written, one raw little-endian float32 ``<tensor>.bin`` per tensor plus a
``manifest.json`` of shapes and a ``case.json`` of the loss arguments, to
mgd-core/src/test/resources/io/mgd/core/models/losses/kd/<case>/.

Run from the repository root:  /usr/bin/python3 tools/golden/make_kd_fixtures.py
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join("mgd-core", "src", "test", "resources", "io", "mgd", "core", "models",
                   "losses", "kd")


def save(case_dir, tensors, meta):
    os.makedirs(case_dir, exist_ok=True)
    manifest = {}
    for name, t in tensors.items():
        arr = t.detach().to(torch.float32).contiguous().numpy()
        with open(os.path.join(case_dir, name + ".bin"), "wb") as f:
            f.write(arr.astype("<f4").tobytes())
        manifest[name] = {"shape": list(arr.shape), "dtype": "float32"}
    lines = ['  "%s": %s' % (k, json.dumps(v, sort_keys=True)) for k, v in sorted(manifest.items())]
    with open(os.path.join(case_dir, "manifest.json"), "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def kd_case(name, seed, shape, tau, weight, scale=1.0):
    torch.manual_seed(seed)
    student = (torch.randn(*shape) * scale).requires_grad_(True)
    teacher = torch.randn(*shape) * scale
    n, c = shape[0], shape[1]
    s2, t2 = student.reshape(n, c), teacher.reshape(n, c).detach()
    loss = (tau ** 2) * F.kl_div(F.log_softmax(s2 / tau, dim=1), F.softmax(t2 / tau, dim=1),
                                 reduction="batchmean") * weight
    loss.backward()
    save(os.path.join(OUT, name),
         {"student": student, "teacher": teacher, "loss": loss.reshape(()),
          "grad_student": student.grad},
         {"type": "KDLoss", "tau": tau, "loss_weight": weight, "params": []})
    print(name, float(loss))


def mimic_case(name, seed, cs, ct, weight, align, n=2, h=5, w=4):
    torch.manual_seed(seed)
    conv = nn.Conv2d(cs, ct, kernel_size=1) if align else None
    student = torch.randn(n, cs, h, w, requires_grad=True)
    teacher = torch.randn(n, ct, h, w)
    aligned = conv(student) if conv is not None else student
    loss = F.mse_loss(aligned, teacher, reduction="mean") * weight
    loss.backward()
    tensors = {"student": student, "teacher": teacher, "loss": loss.reshape(()),
               "grad_student": student.grad}
    params = []
    if conv is not None:
        for key, p in conv.named_parameters():
            tensors["param.align." + key] = p
            tensors["grad.align." + key] = p.grad
            params.append("align." + key)
    save(os.path.join(OUT, name), tensors,
         {"type": "FeatureMimicLoss", "student_channels": cs, "teacher_channels": ct,
          "loss_weight": weight, "align": align, "params": params})
    print(name, float(loss))


def main():
    kd_case("kd_tau1", 21, (3, 5), 1.0, 1.0)
    kd_case("kd_tau4", 22, (4, 10), 4.0, 0.5, scale=3.0)
    # N x C x 1 x 1 input, large logits: softmax(t) underflows in places at tau=1.
    kd_case("kd_4d_sharp", 23, (2, 7, 1, 1), 1.0, 2.0, scale=40.0)
    mimic_case("mimic_align", 31, 4, 6, 1.0, True)
    mimic_case("mimic_same", 32, 5, 5, 0.5, False, n=3)
    mimic_case("mimic_forced_align", 33, 4, 4, 2.0, True)


if __name__ == "__main__":
    main()
