#!/usr/bin/python3
"""Golden fixtures for mgd-core's nn layers and functional ops, written with real PyTorch.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 tools/golden/make_nn_fixtures.py

Each bundle is a pair <bundle>.json (manifest: dtype, shape, byte offset per tensor, plus the
case parameters under "meta") and <bundle>.bin (raw little-endian data), written to
mgd-core/src/test/resources/io/mgd/core/nn/. Java reads them with io.mgd.core.testing.Fixtures.
Gradients are those of sum(out * R) for a fixed random R stored as "<case>.r".
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'mgd-core', 'src', 'test', 'resources', 'io', 'mgd', 'core', 'nn')


class Bundle:
    def __init__(self, name):
        self.name = name
        self.tensors = {}
        self.meta = {}

    def put(self, key, t):
        if isinstance(t, torch.Tensor):
            t = t.detach().cpu()
            a = t.numpy().astype('<i8') if t.dtype == torch.int64 else t.numpy().astype('<f4')
        else:
            a = np.asarray(t, dtype='<f4')
        assert key not in self.tensors, key
        self.tensors[key] = a

    def write(self):
        os.makedirs(OUT, exist_ok=True)
        manifest = {'tensors': {}, 'meta': self.meta}
        blob = bytearray()
        for k, a in self.tensors.items():
            manifest['tensors'][k] = {
                'dtype': 'int64' if a.dtype == np.dtype('<i8') else 'float32',
                'shape': list(a.shape), 'offset': len(blob)}
            blob += np.ascontiguousarray(a).tobytes()
        with open(os.path.join(OUT, self.name + '.json'), 'w') as f:
            json.dump(manifest, f, indent=1, sort_keys=False)
            f.write('\n')
        with open(os.path.join(OUT, self.name + '.bin'), 'wb') as f:
            f.write(bytes(blob))
        return len(blob)


def backward(b, case, out, x, params=()):
    """Stores out, R and the gradients of sum(out * R) w.r.t. x and the named params."""
    r = torch.randn_like(out)
    b.put(case + '.out', out)
    b.put(case + '.r', r)
    (out * r).sum().backward()
    b.put(case + '.grad_x', x.grad)
    for name, p in params:
        b.put(case + '.grad_' + name, p.grad)


def leaf(*shape):
    return torch.randn(*shape, requires_grad=True)


def conv_bundle():
    b = Bundle('conv2d')
    cases = {
        'plain': dict(x=(2, 3, 7, 7), args=dict(in_channels=3, out_channels=4, kernel_size=3, padding=1)),
        'strided_nobias': dict(x=(2, 3, 8, 8), args=dict(in_channels=3, out_channels=4, kernel_size=3,
                                                         stride=2, padding=1, bias=False)),
        'grouped': dict(x=(2, 4, 6, 6), args=dict(in_channels=4, out_channels=6, kernel_size=3, padding=1,
                                                  groups=2)),
        'dilated': dict(x=(2, 3, 9, 9), args=dict(in_channels=3, out_channels=4, kernel_size=3, padding=2,
                                                  dilation=2)),
        'asym': dict(x=(2, 3, 7, 5), args=dict(in_channels=3, out_channels=4, kernel_size=(3, 1),
                                               stride=(2, 1), padding=(1, 0))),
    }
    for case, c in cases.items():
        conv = nn.Conv2d(**c['args'])
        x = leaf(*c['x'])
        b.put(case + '.x', x)
        b.put(case + '.weight', conv.weight)
        params = [('weight', conv.weight)]
        if conv.bias is not None:
            b.put(case + '.bias', conv.bias)
            params.append(('bias', conv.bias))
        backward(b, case, conv(x), x, params)
        b.meta[case] = {k: v for k, v in c['args'].items()}
    return b


def norm_bundle():
    b = Bundle('norm')
    bn = nn.BatchNorm2d(4)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(4) + 0.5)
        bn.bias.copy_(torch.randn(4))
    b.put('bn.weight', bn.weight)
    b.put('bn.bias', bn.bias)
    bn.train()
    for step in (1, 2):
        case = 'bn.train%d' % step
        x = leaf(2, 4, 5, 5) * 2 + 1
        x.retain_grad()
        b.put(case + '.x', x)
        bn.zero_grad()
        backward(b, case, bn(x), x, [('weight', bn.weight), ('bias', bn.bias)])
    b.put('bn.running_mean', bn.running_mean)
    b.put('bn.running_var', bn.running_var)
    b.put('bn.num_batches_tracked', bn.num_batches_tracked)
    bn.eval()
    x = leaf(2, 4, 5, 5)
    b.put('bn.eval.x', x)
    backward(b, 'bn.eval', bn(x), x)

    gn = nn.GroupNorm(2, 6)
    with torch.no_grad():
        gn.weight.copy_(torch.rand(6) + 0.5)
        gn.bias.copy_(torch.randn(6))
    x = leaf(2, 6, 4, 4)
    b.put('gn.x', x)
    b.put('gn.weight', gn.weight)
    b.put('gn.bias', gn.bias)
    backward(b, 'gn', gn(x), x, [('weight', gn.weight), ('bias', gn.bias)])
    return b


def simple_bundle():
    b = Bundle('simple')
    lin = nn.Linear(5, 3)
    x = leaf(4, 5)
    b.put('linear.x', x)
    b.put('linear.weight', lin.weight)
    b.put('linear.bias', lin.bias)
    backward(b, 'linear', lin(x), x, [('weight', lin.weight), ('bias', lin.bias)])
    for case, fn in (('relu', F.relu), ('sigmoid', torch.sigmoid)):
        x = leaf(2, 3, 4, 4)
        b.put(case + '.x', x)
        backward(b, case, fn(x), x)
    drop = nn.Dropout(0.5).eval()
    drop2d = nn.Dropout2d(0.5).eval()
    x = leaf(2, 3, 4, 4)
    b.put('dropout_eval.x', x)
    b.put('dropout_eval.out', drop(x))
    b.put('dropout2d_eval.out', drop2d(x))
    return b


def pool_bundle():
    b = Bundle('pool')
    maxp = {
        'max_k3s2p1': ((2, 3, 9, 9), dict(kernel_size=3, stride=2, padding=1)),
        'max_k2s2_ceil': ((2, 3, 7, 7), dict(kernel_size=2, stride=2, ceil_mode=True)),
        'max_k3s2p1_ceil': ((2, 3, 8, 8), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    }
    for case, (shape, args) in maxp.items():
        x = leaf(*shape)
        b.put(case + '.x', x)
        backward(b, case, nn.MaxPool2d(**args)(x), x)
        b.meta[case] = args
    avgp = {
        'avg_k2s2_ceil_excl': ((2, 3, 7, 7), dict(kernel_size=2, stride=2, ceil_mode=True,
                                                  count_include_pad=False)),
        'avg_k3s2p1_incl': ((2, 3, 7, 7), dict(kernel_size=3, stride=2, padding=1)),
        'avg_k3s2p1_excl': ((2, 3, 7, 7), dict(kernel_size=3, stride=2, padding=1,
                                               count_include_pad=False)),
        'avg_k3s2p1_ceil_excl': ((2, 3, 8, 8), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True,
                                                    count_include_pad=False)),
        'avg_k3s2p1_ceil_incl': ((2, 3, 8, 8), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    }
    for case, (shape, args) in avgp.items():
        x = leaf(*shape)
        b.put(case + '.x', x)
        backward(b, case, nn.AvgPool2d(**args)(x), x)
        b.meta[case] = args
    adap = {
        'adaptive_7to3': ((2, 3, 7, 7), (3, 3)),
        'adaptive_5x6to2x4': ((2, 3, 5, 6), (2, 4)),
        'adaptive_global': ((2, 3, 5, 6), (1, 1)),
        'adaptive_8to4': ((2, 3, 8, 8), (4, 4)),
        'adaptive_3to5': ((1, 2, 3, 3), (5, 5)),
    }
    for case, (shape, size) in adap.items():
        x = leaf(*shape)
        b.put(case + '.x', x)
        backward(b, case, nn.AdaptiveAvgPool2d(size)(x), x)
        b.meta[case] = dict(output_size=list(size))
    return b


def interp_bundle():
    b = Bundle('interpolate')
    cases = {
        'nearest_size_2x': dict(size=(10, 12), mode='nearest'),
        'nearest_size_odd': dict(size=(7, 9), mode='nearest'),
        'nearest_size_down': dict(size=(3, 4), mode='nearest'),
        'nearest_scale_2': dict(scale_factor=2.0, mode='nearest'),
        'nearest_scale_0.5': dict(scale_factor=0.5, mode='nearest'),
        'nearest_scale_1.7': dict(scale_factor=1.7, mode='nearest'),
        'bilinear_up_acF': dict(size=(9, 11), mode='bilinear', align_corners=False),
        'bilinear_up_acT': dict(size=(9, 11), mode='bilinear', align_corners=True),
        'bilinear_down_acF': dict(size=(3, 4), mode='bilinear', align_corners=False),
        'bilinear_down_acT': dict(size=(3, 4), mode='bilinear', align_corners=True),
        'bilinear_scale_2_acF': dict(scale_factor=2.0, mode='bilinear', align_corners=False),
        'bilinear_scale_0.6_acF': dict(scale_factor=0.6, mode='bilinear', align_corners=False),
        'bilinear_scale_1.5_acT': dict(scale_factor=1.5, mode='bilinear', align_corners=True),
    }
    for case, args in cases.items():
        x = leaf(2, 2, 5, 6)
        b.put(case + '.x', x)
        backward(b, case, F.interpolate(x, **args), x)
        b.meta[case] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in args.items()}
    return b


def loss_bundle():
    b = Bundle('functional')
    x = leaf(3, 5)
    b.put('softmax.x', x)
    backward(b, 'softmax', F.softmax(x, dim=1), x)
    x = leaf(2, 4, 3, 3)
    b.put('log_softmax.x', x)
    backward(b, 'log_softmax', F.log_softmax(x, dim=1), x)

    target = torch.tensor([0, 4, 255, 2, 1, 255, 3, 3])
    weight = torch.rand(5) + 0.5
    b.put('ce.target', target)
    b.put('ce.class_weight', weight)
    ce = {
        'ce.mean': dict(reduction='mean'),
        'ce.sum': dict(reduction='sum'),
        'ce.none': dict(reduction='none'),
        'ce.weight_mean': dict(reduction='mean', weight=weight),
        'ce.smooth_mean': dict(reduction='mean', label_smoothing=0.1),
        'ce.smooth_weight_mean': dict(reduction='mean', weight=weight, label_smoothing=0.2),
        'ce.smooth_none': dict(reduction='none', label_smoothing=0.1),
    }
    for case, args in ce.items():
        x = leaf(8, 5)
        b.put(case + '.x', x)
        backward(b, case, F.cross_entropy(x, target, ignore_index=255, **args), x)
    x = leaf(2, 4, 3, 3)
    seg_target = torch.randint(0, 4, (2, 3, 3))
    seg_target[0, 1, 1] = 255
    seg_target[1, 0, 2] = 255
    b.put('ce.seg.x', x)
    b.put('ce.seg.target', seg_target)
    backward(b, 'ce.seg', F.cross_entropy(x, seg_target, ignore_index=255), x)

    x = leaf(4, 3)
    t = (torch.rand(4, 3) > 0.5).float()
    b.put('bce.x', x)
    b.put('bce.target', t)
    backward(b, 'bce.mean', F.binary_cross_entropy_with_logits(x, t), x)
    x.grad = None
    backward(b, 'bce.none', F.binary_cross_entropy_with_logits(x, t, reduction='none'), x)

    # mmdet py_sigmoid_focal_loss, elementwise (before weight_reduce_loss)
    pred = leaf(6, 4)
    labels = torch.tensor([0, 3, 4, 1, 4, 2])  # 4 = background
    onehot = F.one_hot(labels, num_classes=5)[:, :4].float()
    gamma, alpha = 2.0, 0.25
    ps = pred.sigmoid()
    pt = (1 - ps) * onehot + ps * (1 - onehot)
    fw = (alpha * onehot + (1 - alpha) * (1 - onehot)) * pt.pow(gamma)
    focal = F.binary_cross_entropy_with_logits(pred, onehot, reduction='none') * fw
    b.put('focal.x', pred)
    b.put('focal.target', onehot)
    backward(b, 'focal', focal, pred)
    b.meta['focal'] = dict(gamma=gamma, alpha=alpha)

    y = torch.randn(3, 4)
    b.put('reg.target', y)
    reg = {
        'mse.mean': lambda x: F.mse_loss(x, y),
        'mse.sum': lambda x: F.mse_loss(x, y, reduction='sum'),
        'l1.mean': lambda x: F.l1_loss(x, y),
        'smooth_l1.beta1': lambda x: F.smooth_l1_loss(x, y, beta=1.0),
        'smooth_l1.beta0.5_none': lambda x: F.smooth_l1_loss(x, y, beta=0.5, reduction='none'),
    }
    for case, fn in reg.items():
        x = leaf(3, 4)
        b.put(case + '.x', x)
        backward(b, case, fn(x), x)

    p = torch.softmax(torch.randn(2, 3, 4), dim=1)
    p[0, :, 0] = torch.tensor([0.0, 1.0, 0.0])  # zero targets contribute 0
    b.put('kl.target', p)
    for case, red in (('kl.batchmean', 'batchmean'), ('kl.sum', 'sum'), ('kl.none', 'none'),
                      ('kl.mean', 'mean')):
        x = leaf(2, 3, 4)
        b.put(case + '.x', x)
        backward(b, case, F.kl_div(F.log_softmax(x, dim=1), p, reduction=red), x)
    return b


def main():
    torch.manual_seed(20220713)
    total = 0
    for make in (conv_bundle, norm_bundle, simple_bundle, pool_bundle, interp_bundle, loss_bundle):
        bundle = make()
        n = bundle.write()
        total += n
        print('%-12s %6d bytes, %d tensors' % (bundle.name, n, len(bundle.tensors)))
    print('total', total, 'bytes ->', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
