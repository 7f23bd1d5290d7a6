#!/usr/bin/python3
"""Golden fixtures for the shared backbones (mgd-core) and the mmcls classifier (mgd-cls).

Run with Debian's PyTorch 1.13:  /usr/bin/python3 tools/golden/make_backbone_fixtures.py

Weights are not stored: every tensor of a model's state dict is filled from a small integer
hash (see ``hash_uniform``) that the Java tests re-implement exactly
(``io.mgd.core.testing.HashWeights``), so full-size ResNet-18/50 can be checked while the
fixtures stay small. The manifest records a checksum of every generated tensor, so a generator
mismatch is reported apart from a forward mismatch.

Outputs (raw little-endian .bin + JSON manifest "bundles", and JSON key lists):
  mgd-core/src/test/resources/io/mgd/core/models/backbones/
    outputs.{json,bin}      stage outputs, eval and train mode, of the models below
    keys.json               ordered state-dict keys + shapes (+ checksums) of each model
  mgd-cls/src/test/resources/io/mgd/cls/models/
    cls.{json,bin}          classifier logits/loss/scores, loss and accuracy cases
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CORE = os.path.join(ROOT, 'mgd-core/src/test/resources/io/mgd/core/models/backbones')
CLS = os.path.join(ROOT, 'mgd-cls/src/test/resources/io/mgd/cls/models')
M32 = 0xFFFFFFFF


def hash_uniform(n, seed):
    """n values in [0, 1) from a 32-bit integer hash of (index, seed); exact in Java too."""
    x = (np.arange(n, dtype=np.uint64) + np.uint64((seed * 0x9E3779B9) & M32)) & np.uint64(M32)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(M32)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(M32)
    x ^= x >> np.uint64(16)
    return x.astype(np.float64) / 4294967296.0


def fill(key, shape, seed):
    """The generated value of one state-dict tensor (rules mirrored by HashWeights.java)."""
    n = int(np.prod(shape)) if len(shape) else 1
    u = hash_uniform(n, seed)
    if key.endswith('num_batches_tracked'):
        return torch.zeros(shape, dtype=torch.int64)
    if key.endswith('running_mean'):
        v = (2 * u - 1) * 0.1
    elif key.endswith('running_var'):
        v = 0.5 + u
    elif len(shape) == 1 and key.endswith('weight'):
        v = 0.2 + 0.5 * u
    elif len(shape) == 1:
        v = (2 * u - 1) * 0.1
    else:
        fan_in = int(np.prod(shape[1:]))
        v = (2 * u - 1) * math.sqrt(6.0 / fan_in)
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def assign(model, base_seed, skip=('fc.',)):
    """Fills every state-dict tensor (except skipped prefixes); tensor t uses seed base+t."""
    sd = model.state_dict()
    new = {}
    t = 0
    for k, v in sd.items():
        if k.startswith(skip):
            new[k] = v
            continue
        new[k] = fill(k, tuple(v.shape), base_seed + t)
        t += 1
    model.load_state_dict(new)


def key_list(model, skip=('fc.',)):
    out = []
    for k, v in model.state_dict().items():
        if k.startswith(skip):
            continue
        out.append([k, list(v.shape), float(v.double().sum())])
    return out


# ---- plain-torch ResNet following the MMLab layouts (REFERENCE A1/A2) -----------------------

class Block(nn.Module):
    def __init__(self, inp, mid, out, stride, dilation, groups, downsample, basic):
        super().__init__()
        self.basic = basic
        if basic:
            self.conv1 = nn.Conv2d(inp, out, 3, stride, dilation, dilation, bias=False)
            self.bn1 = nn.BatchNorm2d(out)
            self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(out)
        else:
            self.conv1 = nn.Conv2d(inp, mid, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(mid)
            self.conv2 = nn.Conv2d(mid, mid, 3, stride, dilation, dilation, groups=groups, bias=False)
            self.bn2 = nn.BatchNorm2d(mid)
            self.conv3 = nn.Conv2d(mid, out, 1, bias=False)
            self.bn3 = nn.BatchNorm2d(out)
        self.relu = nn.ReLU()
        self.downsample = downsample

    def forward(self, x):
        o = self.relu(self.bn1(self.conv1(x)))
        if self.basic:
            o = self.bn2(self.conv2(o))
        else:
            o = self.relu(self.bn2(self.conv2(o)))
            o = self.bn3(self.conv3(o))
        idt = x if self.downsample is None else self.downsample(x)
        return self.relu(o + idt)


class ConvModule(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.conv = nn.Conv2d(i, o, 3, s, 1, bias=False)
        self.bn = nn.BatchNorm2d(o)
        self.activate = nn.ReLU()

    def forward(self, x):
        return self.activate(self.bn(self.conv(x)))


ARCH = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3)}


class MMResNet(nn.Module):
    def __init__(self, depth, layout='mmcls', deep_stem=False, avg_down=False, cifar=False,
                 strides=(1, 2, 2, 2), dilations=(1, 1, 1, 1), contract=False, groups=1,
                 base_width=4, stem=64, base=64, out_indices=(0, 1, 2, 3)):
        super().__init__()
        basic = depth in (18, 34)
        exp = 1 if basic else 4
        self.out_indices = out_indices
        self.deep = deep_stem
        if deep_stem:
            h = stem // 2
            if layout == 'mmcls':
                self.stem = nn.Sequential(ConvModule(3, h, 2), ConvModule(h, h, 1), ConvModule(h, stem, 1))
            else:
                self.stem = nn.Sequential(
                    nn.Conv2d(3, h, 3, 2, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU(),
                    nn.Conv2d(h, h, 3, 1, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU(),
                    nn.Conv2d(h, stem, 3, 1, 1, bias=False), nn.BatchNorm2d(stem), nn.ReLU())
        else:
            self.conv1 = (nn.Conv2d(3, stem, 3, 1, 1, bias=False) if cifar
                          else nn.Conv2d(3, stem, 7, 2, 3, bias=False))
            self.bn1 = nn.BatchNorm2d(stem)
            self.relu = nn.ReLU()
        self.cifar = cifar
        if not cifar:
            self.maxpool = nn.MaxPool2d(3, 2, 1)
        inp, out = stem, base * exp
        self.layers = []
        for i, nb in enumerate(ARCH[depth]):
            s, d = strides[i], dilations[i]
            ds = None
            if s != 1 or inp != out:
                mods, cs = [], s
                if avg_down and (s != 1 or layout != 'mmcls'):
                    mods.append(nn.AvgPool2d(s, s, ceil_mode=True, count_include_pad=False))
                    cs = 1
                mods += [nn.Conv2d(inp, out, 1, cs, bias=False), nn.BatchNorm2d(out)]
                ds = nn.Sequential(*mods)
            planes = out // exp
            mid = planes if groups == 1 else int(math.floor(planes * (base_width / base))) * groups
            blocks = []
            for j in range(nb):
                dj = d // 2 if (j == 0 and d > 1 and contract) else d
                blocks.append(Block(inp if j == 0 else out, mid, out, s if j == 0 else 1, dj, groups,
                                    ds if j == 0 else None, basic))
            name = f'layer{i + 1}'
            self.add_module(name, nn.Sequential(*blocks))
            self.layers.append(name)
            inp, out = out, out * 2

    def forward(self, x):
        if self.deep:
            x = self.stem(x)
        else:
            x = self.relu(self.bn1(self.conv1(x)))
        if not self.cifar:
            x = self.maxpool(x)
        outs = []
        for i, n in enumerate(self.layers):
            x = getattr(self, n)(x)
            if i in self.out_indices:
                outs.append(x)
        return outs


def tv_stages(m, x):
    x = m.maxpool(m.relu(m.bn1(m.conv1(x))))
    outs = []
    for n in ('layer1', 'layer2', 'layer3', 'layer4'):
        x = getattr(m, n)(x)
        outs.append(x)
    return outs


class MobileNetV1(nn.Module):
    """The MGD reference MobileNetV1 (yzd-v/MGD cls/mmcls/models/backbones/mobilenet_v1.py)."""

    def __init__(self):
        super().__init__()

        def conv_bn(i, o, s):
            return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU())

        def conv_dw(i, o, s):
            return nn.Sequential(
                nn.Conv2d(i, i, 3, s, 1, groups=i, bias=False), nn.BatchNorm2d(i), nn.ReLU(),
                nn.Conv2d(i, o, 1, 1, 0, bias=False), nn.BatchNorm2d(o), nn.ReLU())

        cfg = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 512, 2)] + \
            [(512, 512, 1)] * 5 + [(512, 1024, 2), (1024, 1024, 1)]
        self.model = nn.Sequential(conv_bn(3, 32, 2), *[conv_dw(*c) for c in cfg])

    def forward(self, x):
        return [self.model(x)]


# ---- bundle writer -------------------------------------------------------------------------

class Bundle:
    def __init__(self):
        self.entries, self.blob = [], bytearray()

    def add(self, name, t):
        t = t.detach().contiguous()
        if t.dtype == torch.int64:
            data, dt = t.numpy().astype('<i8').tobytes(), 'int64'
        else:
            data, dt = t.float().numpy().astype('<f4').tobytes(), 'float32'
        self.entries.append({'name': name, 'dtype': dt, 'shape': list(t.shape), 'offset': len(self.blob)})
        self.blob += data

    def write(self, folder, name):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name + '.bin'), 'wb') as f:
            f.write(self.blob)
        with open(os.path.join(folder, name + '.json'), 'w') as f:
            json.dump({'bin': name + '.bin', 'tensors': self.entries}, f, indent=0)


def inp(shape, seed):
    n = int(np.prod(shape))
    return torch.from_numpy(((2 * hash_uniform(n, seed) - 1)).astype(np.float32).reshape(shape))


def main():
    torch.set_grad_enabled(False)
    out = Bundle()
    keys = {}
    x32 = inp((2, 3, 32, 32), 7)
    x40 = inp((2, 3, 40, 40), 11)
    # Train mode normalises with batch statistics; at 1x1 maps a batch of 2 makes BN
    # ill-conditioned (two values per channel), so train-mode checks use 64x64 inputs.
    x64 = inp((2, 3, 64, 64), 13)
    out.add('input32', x32)
    out.add('input40', x40)
    out.add('input64', x64)

    # torchvision ResNets: their backbone keys are the mmcls ResNet keys.
    for name, ctor, depth in (('resnet18', torchvision.models.resnet18, 18),
                              ('resnet50', torchvision.models.resnet50, 50)):
        m = ctor()
        mine = MMResNet(depth)
        assert [k[:2] for k in key_list(m)] == [k[:2] for k in key_list(mine)], name
        assign(m, 1000)
        keys[name] = key_list(m)
        m.eval()
        for i, o in enumerate(tv_stages(m, x32)):
            out.add(f'{name}.eval.{i}', o)
        m.train()
        out.add(f'{name}.train.3', tv_stages(m, x64)[3])
        last = 'layer4.1.bn2' if depth == 18 else 'layer4.2.bn3'
        out.add(f'{name}.train.{last}.running_mean', m.state_dict()[last + '.running_mean'])
        out.add(f'{name}.train.{last}.running_var', m.state_dict()[last + '.running_var'])

    mb = MobileNetV1()
    assign(mb, 1000)
    keys['mobilenet_v1'] = key_list(mb)
    mb.eval()
    out.add('mobilenet_v1.eval.0', mb(x32)[0])
    mb.train()
    out.add('mobilenet_v1.train.0', mb(x64)[0])

    # Layout variants (eval mode, last stage), at full width with generated weights.
    variants = {
        'resnet_v1d50': (dict(depth=50, layout='mmcls', deep_stem=True, avg_down=True), x40),
        'resnet_cifar18': (dict(depth=18, cifar=True), x32),
        'resnet_v1c18_d8': (dict(depth=18, layout='mmseg', deep_stem=True, strides=(1, 2, 1, 1),
                                 dilations=(1, 1, 2, 4), contract=True), x32),
        'resnext50_32x4d_v1d': (dict(depth=50, layout='mmdet', groups=32, base_width=4, deep_stem=True,
                                     avg_down=True), x40),
    }
    for name, (kw, x) in variants.items():
        m = MMResNet(**kw)
        assign(m, 1000)
        keys[name] = key_list(m)
        m.eval()
        out.add(f'{name}.eval.3', m(x)[3])
    out.write(CORE, 'outputs')
    with open(os.path.join(CORE, 'keys.json'), 'w') as f:
        json.dump(keys, f, indent=0)

    make_cls_fixtures(x32)


def make_cls_fixtures(x32):
    """R18 (CIFAR stem) + GAP + LinearClsHead(10): logits, CE loss, softmax; loss/accuracy cases."""
    b = Bundle()
    m = MMResNet(18, cifar=True, out_indices=(3,))
    fc = nn.Linear(512, 10)
    assign(m, 1000)
    fc.weight.copy_(fill('head.fc.weight', (10, 512), 5000))
    fc.bias.copy_(fill('head.fc.bias', (10,), 5001))
    labels = torch.tensor([3, 7], dtype=torch.int64)
    m.train()
    logits = fc(m(x32)[-1].mean(dim=(2, 3)))
    b.add('labels', labels)
    b.add('train.logits', logits)
    b.add('train.loss', F.cross_entropy(logits, labels))
    m.eval()
    b.add('eval.scores', F.softmax(fc(m(x32)[-1].mean(dim=(2, 3))), dim=1))

    # Loss cases on fixed logits (mmcls 0.19 formulas: per-sample loss, then sum / N).
    z = inp((4, 5), 21) * 3
    y = torch.tensor([0, 2, 4, 1])
    b.add('case.logits', z)
    b.add('case.labels', y)
    cw = torch.tensor([1.0, 2.0, 0.5, 1.5, 3.0])
    b.add('case.ce', F.cross_entropy(z, y))
    b.add('case.ce_class_weight', F.cross_entropy(z, y, weight=cw, reduction='none').sum() / 4)
    b.add('case.ce_sum_w2', 2 * F.cross_entropy(z, y, reduction='sum'))
    onehot = F.one_hot(y, 5).float()
    for mode, eps in (('original', 0.1), ('classy_vision', 0.1 / 1.1)):
        sl = onehot * (1 - eps) + eps / 5
        b.add(f'case.ls_{mode}', (-sl * F.log_softmax(z, dim=-1)).sum(-1).sum() / 4)
    ml = torch.full_like(onehot, 0.1).masked_fill(onehot > 0, 0.9)
    b.add('case.ls_multi_label', F.binary_cross_entropy_with_logits(z, ml, reduction='none').sum() / 4)
    # mmcls accuracy: a top-k hit also needs a score above thrs=0.
    score, pred = z.topk(2, dim=1)
    correct = pred.t().eq(y.view(1, -1)) & (score.t() > 0)
    b.add('case.acc_top1', correct[:1].reshape(-1).float().sum(0, keepdim=True) * 100 / 4)
    b.add('case.acc_top2', correct[:2].reshape(-1).float().sum(0, keepdim=True) * 100 / 4)
    b.write(CLS, 'cls')


if __name__ == '__main__':
    main()
