#!/usr/bin/python3
"""Golden fixtures for the MGD feature losses (MGDLoss / FeatureLoss).

Re-implements the reference forward of yzd-v/MGD ``{cls,det,seg}/.../losses/mgd.py`` in plain
PyTorch 1.13 and records, per case, the inputs, the module weights, the uniform draw that makes
the mask, the mask, the loss and the gradients of the loss with respect to the student feature
and every parameter. The Java test injects the same uniform draw, so the mask threshold
direction (channel: rand < lambda, spatial: rand > 1 - lambda) is checked too.

Output: mgd-core/src/test/resources/io/mgd/core/models/losses/mgd/<case>/ with one raw
little-endian float32 ``<tensor>.bin`` per tensor and a ``manifest.json`` of shapes.

Run from the repository root:  /usr/bin/python3 tools/golden/make_mgd_fixtures.py
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join("mgd-core", "src", "test", "resources", "io", "mgd", "core", "models",
                   "losses", "mgd")


class RefMGD(nn.Module):
    """The reference module with the torch.rand draw passed in instead of taken globally."""

    def __init__(self, student_channels, teacher_channels, alpha_mgd, lambda_mgd, mask_type):
        super().__init__()
        self.alpha_mgd = alpha_mgd
        self.lambda_mgd = lambda_mgd
        self.mask_type = mask_type
        if student_channels != teacher_channels:
            self.align = nn.Conv2d(student_channels, teacher_channels, kernel_size=1, stride=1,
                                   padding=0)
        else:
            self.align = None
        self.generation = nn.Sequential(
            nn.Conv2d(teacher_channels, teacher_channels, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(teacher_channels, teacher_channels, kernel_size=3, padding=1))

    def forward(self, preds_s, preds_t, rand):
        assert preds_s.shape[-2:] == preds_t.shape[-2:]
        if self.align is not None:
            preds_s = self.align(preds_s)
        n = preds_t.shape[0]
        if self.mask_type == "channel":
            mat = torch.where(rand < self.lambda_mgd, 0, 1)
        else:
            mat = torch.where(rand > 1 - self.lambda_mgd, 0, 1)
        masked = torch.mul(preds_s, mat)
        new_fea = self.generation(masked)
        loss = nn.MSELoss(reduction="sum")(new_fea, preds_t) / n * self.alpha_mgd
        return loss, mat


def save(case_dir, tensors):
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


def make_case(name, seed, cs, ct, mask_type, alpha, lam, n=2, h=5, w=4):
    torch.manual_seed(seed)
    m = RefMGD(cs, ct, alpha, lam, mask_type)
    student = torch.randn(n, cs, h, w, requires_grad=True)
    teacher = torch.randn(n, ct, h, w)
    shape = (n, ct, 1, 1) if mask_type == "channel" else (n, 1, h, w)
    # Redraw until the mask has both kept and dropped entries, so the test sees both branches.
    while True:
        rand = torch.rand(shape)
        keep = (rand < lam) if mask_type == "channel" else (rand > 1 - lam)
        if 0 < int(keep.sum()) < keep.numel():
            break
    loss, mat = m(student, teacher, rand)
    loss.backward()
    tensors = {"student": student, "teacher": teacher, "rand": rand,
               "mask": mat.to(torch.float32), "loss": loss.reshape(())}
    tensors["grad_student"] = student.grad
    for key, p in m.named_parameters():
        tensors["param." + key] = p
        tensors["grad." + key] = p.grad
    save(os.path.join(OUT, name), tensors)
    meta = {"student_channels": cs, "teacher_channels": ct, "mask_type": mask_type,
            "alpha_mgd": alpha, "lambda_mgd": lam, "params": [k for k, _ in m.named_parameters()]}
    with open(os.path.join(OUT, name, "case.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(name, float(loss))


def main():
    # alpha is scaled up from the paper values so the loss is O(1) and a 1e-5 relative check is
    # meaningful; the formula is linear in alpha.
    make_case("channel_align", 11, 4, 6, "channel", 0.01, 0.5)
    make_case("channel_same", 12, 6, 6, "channel", 0.00007, 0.15, n=3)
    make_case("spatial_align", 13, 3, 5, "spatial", 0.02, 0.65)
    make_case("spatial_same", 14, 5, 5, "spatial", 0.00002, 0.75)


if __name__ == "__main__":
    main()
