#!/usr/bin/python3
"""Golden fixtures for mgd-seg, written with real PyTorch 1.13 (mmseg is not installed).

Run from the repository root:  /usr/bin/python3 tools/golden/make_seg_fixtures.py

The mmseg 0.20 formulas are re-written here in plain torch, with the mmcv module layout so the
state-dict keys are the mmseg ones: decode heads (PSPHead, ASPPHead, FCNHead, BaseDecodeHead
input transforms and losses), the EncoderDecoder train/whole/slide paths on a toy backbone, the
evaluation metrics (intersect_and_union, total_area_to_metrics, the dataset's summary rounding)
and the MGD seg distiller's logit loss.

Bundles use the format of tools/golden/make_nn_fixtures.py (<bundle>.json manifest with
"tensors" {name: {dtype, shape, offset}} and "meta", <bundle>.bin little-endian data) and are
read in Java with io.mgd.core.testing.Fixtures. NaN in "meta" is written as null.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'mgd-seg', 'src', 'test',
                    'resources', 'io', 'mgd', 'seg')


class Bundle:
    def __init__(self, package, name):
        self.out = os.path.join(ROOT, *package.split('/'))
        self.name = name
        self.tensors = {}
        self.meta = {}

    def put(self, key, t):
        if isinstance(t, torch.Tensor):
            t = t.detach().cpu()
            a = t.numpy().astype('<i8') if t.dtype in (torch.int64, torch.int32, torch.uint8) \
                else t.numpy().astype('<f4')
        else:
            a = np.asarray(t, dtype='<f4')
        assert key not in self.tensors, key
        self.tensors[key] = a

    def put_state(self, prefix, module):
        for k, v in module.state_dict().items():
            self.put(prefix + k, v)

    def write(self):
        os.makedirs(self.out, exist_ok=True)
        manifest = {'tensors': {}, 'meta': nan_to_none(self.meta)}
        blob = bytearray()
        for k, a in self.tensors.items():
            manifest['tensors'][k] = {
                'dtype': 'int64' if a.dtype == np.dtype('<i8') else 'float32',
                'shape': list(a.shape), 'offset': len(blob)}
            blob += np.ascontiguousarray(a).tobytes()
        with open(os.path.join(self.out, self.name + '.json'), 'w') as f:
            json.dump(manifest, f, indent=1, allow_nan=False)
            f.write('\n')
        with open(os.path.join(self.out, self.name + '.bin'), 'wb') as f:
            f.write(bytes(blob))
        print(self.name, len(blob), 'bytes')


def nan_to_none(v):
    if isinstance(v, dict):
        return {k: nan_to_none(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [nan_to_none(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


# ---- mmcv / mmseg building blocks in plain torch ------------------------------------------

def resize(x, size, align_corners):
    return F.interpolate(x, size=tuple(int(s) for s in size), mode='bilinear', align_corners=align_corners)


class ConvModule(nn.Module):
    """mmcv ConvModule with BN and ReLU: children conv (no bias), bn, activate."""

    def __init__(self, cin, cout, k, padding=0, dilation=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=padding, dilation=dilation, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.activate = nn.ReLU()

    def forward(self, x):
        return self.activate(self.bn(self.conv(x)))


class BaseHead(nn.Module):
    """BaseDecodeHead: conv_seg and dropout registered first (they come first in state dicts)."""

    def __init__(self, in_channels, channels, num_classes, in_index=-1, input_transform=None,
                 align_corners=False, dropout_ratio=0.1):
        super().__init__()
        self.in_index = in_index
        self.input_transform = input_transform
        self.align_corners = align_corners
        self.in_channels = sum(in_channels) if input_transform == 'resize_concat' else in_channels
        self.channels = channels
        self.conv_seg = nn.Conv2d(channels, num_classes, 1)
        self.dropout = nn.Dropout2d(dropout_ratio) if dropout_ratio > 0 else None

    def transform_inputs(self, inputs):
        if self.input_transform == 'resize_concat':
            xs = [inputs[i] for i in self.in_index]
            return torch.cat([resize(x, xs[0].shape[2:], self.align_corners) for x in xs], dim=1)
        return inputs[self.in_index]

    def cls_seg(self, feat):
        if self.dropout is not None:
            feat = self.dropout(feat)
        return self.conv_seg(feat)


class PSPHead(BaseHead):
    def __init__(self, pool_scales=(1, 2, 3, 6), **kw):
        super().__init__(**kw)
        self.psp_modules = nn.ModuleList(
            nn.Sequential(nn.AdaptiveAvgPool2d(s), ConvModule(self.in_channels, self.channels, 1))
            for s in pool_scales)
        self.bottleneck = ConvModule(self.in_channels + len(pool_scales) * self.channels, self.channels, 3,
                                     padding=1)

    def forward(self, inputs):
        x = self.transform_inputs(inputs)
        outs = [x] + [resize(m(x), x.shape[2:], self.align_corners) for m in self.psp_modules]
        return self.cls_seg(self.bottleneck(torch.cat(outs, dim=1)))


class ASPPHead(BaseHead):
    def __init__(self, dilations=(1, 6, 12, 18), **kw):
        super().__init__(**kw)
        self.image_pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), ConvModule(self.in_channels, self.channels, 1))
        self.aspp_modules = nn.ModuleList(
            ConvModule(self.in_channels, self.channels, 1 if d == 1 else 3, dilation=d, padding=0 if d == 1 else d)
            for d in dilations)
        self.bottleneck = ConvModule((len(dilations) + 1) * self.channels, self.channels, 3, padding=1)

    def forward(self, inputs):
        x = self.transform_inputs(inputs)
        outs = [resize(self.image_pool(x), x.shape[2:], self.align_corners)]
        outs += [m(x) for m in self.aspp_modules]
        return self.cls_seg(self.bottleneck(torch.cat(outs, dim=1)))


class FCNHead(BaseHead):
    def __init__(self, num_convs=2, kernel_size=3, concat_input=True, dilation=1, **kw):
        super().__init__(**kw)
        pad = (kernel_size // 2) * dilation
        convs = [ConvModule(self.in_channels if i == 0 else self.channels, self.channels, kernel_size,
                            padding=pad, dilation=dilation) for i in range(num_convs)]
        self.convs = nn.Sequential(*convs) if num_convs > 0 else nn.Identity()
        self.concat_input = concat_input
        if concat_input:
            self.conv_cat = ConvModule(self.in_channels + self.channels, self.channels, kernel_size,
                                       padding=kernel_size // 2)

    def forward(self, inputs):
        x = self.transform_inputs(inputs)
        out = self.convs(x)
        if self.concat_input:
            out = self.conv_cat(torch.cat([x, out], dim=1))
        return self.cls_seg(out)


def randomize(module, seed):
    """Random weights and BN statistics, so eval-mode BN is not the identity."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * 0.3)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
                m.num_batches_tracked.fill_(3)


# ---- mmseg losses --------------------------------------------------------------------------

def ce_loss(logit, label, class_weight=None, loss_weight=1.0, ignore_index=255):
    loss = F.cross_entropy(logit, label, weight=class_weight, reduction='none', ignore_index=ignore_index)
    return loss_weight * loss.mean()  # mmseg 0.20: mean over every pixel, ignored ones included


def bce_loss(logit, label, loss_weight=1.0, ignore_index=255):
    bin_labels = torch.zeros_like(logit)
    valid = (label >= 0) & (label != ignore_index)
    idx = torch.nonzero(valid, as_tuple=True)
    bin_labels[idx[0], label[valid], idx[1], idx[2]] = 1
    weight = valid.unsqueeze(1).expand(logit.shape).float()
    loss = F.binary_cross_entropy_with_logits(logit, bin_labels, reduction='none') * weight
    return loss_weight * loss.mean()


def accuracy(pred, target):
    label = pred.topk(1, dim=1)[1].transpose(0, 1)
    correct = label.eq(target.unsqueeze(0).expand_as(label))
    return correct[:1].reshape(-1).float().sum(0, keepdim=True) * (100.0 / target.numel())


def labels(shape, num_classes, ignore_frac, g):
    lab = torch.randint(0, num_classes, shape, generator=g)
    lab[torch.rand(shape, generator=g) < ignore_frac] = 255
    return lab


# ---- bundles -------------------------------------------------------------------------------

def heads_bundle():
    torch.manual_seed(0)
    b = Bundle('models/decode_heads', 'heads')
    g = torch.Generator().manual_seed(1)
    feats9 = [torch.randn(2, 4, 5, 5, generator=g), torch.randn(2, 8, 13, 13, generator=g),
              torch.randn(2, 8, 9, 9, generator=g), torch.randn(2, 16, 9, 9, generator=g)]
    feats13 = [torch.randn(2, 4, 5, 5, generator=g), torch.randn(2, 8, 5, 5, generator=g),
               torch.randn(2, 8, 5, 5, generator=g), torch.randn(2, 16, 13, 13, generator=g)]
    for i, f in enumerate(feats9):
        b.put('in9.%d' % i, f)
    for i, f in enumerate(feats13):
        b.put('in13.%d' % i, f)
    base = dict(in_channels=16, channels=8, num_classes=5)
    cases = {
        'psp9': ('PSPHead', feats9, {}),
        'psp13': ('PSPHead', feats13, {}),
        'psp13_ac': ('PSPHead', feats13, dict(pool_scales=[1, 2, 4], align_corners=True)),
        'aspp9': ('ASPPHead', feats9, dict(dilations=[1, 2, 4, 6])),
        'aspp13': ('ASPPHead', feats13, dict(dilations=[1, 6, 12, 18])),
        'fcn13': ('FCNHead', feats13, dict(num_convs=2, concat_input=True, dilation=2)),
        'fcn_aux9': ('FCNHead', feats9, dict(num_convs=1, concat_input=False, in_channels=8, channels=4,
                                             in_index=2)),
        'fcn_concat9': ('FCNHead', feats9, dict(num_convs=1, concat_input=False, kernel_size=1, in_channels=[8, 16],
                                                in_index=[1, 3], input_transform='resize_concat')),
        'fcn_identity9': ('FCNHead', feats9, dict(num_convs=0, concat_input=False, channels=16)),
    }
    classes = {'PSPHead': PSPHead, 'ASPPHead': ASPPHead, 'FCNHead': FCNHead}
    for seed, (case, (typ, feats, args)) in enumerate(cases.items()):
        kw = dict(base, **args)
        head = classes[typ](**kw)
        randomize(head, 100 + seed)
        head.eval()
        with torch.no_grad():
            out = head(feats)
        b.put_state(case + '.sd.', head)
        b.put(case + '.out', out)
        b.meta[case] = {'cfg': dict(type=typ, **kw), 'input': 'in9' if feats is feats9 else 'in13',
                        'keys': list(head.state_dict().keys())}
    b.write()


def head_losses_bundle():
    b = Bundle('models/decode_heads', 'head_losses')
    g = torch.Generator().manual_seed(2)
    logit = torch.randn(2, 5, 9, 9, generator=g) * 2
    label = labels((2, 1, 19, 23), 5, 0.15, g)
    b.put('logit', logit)
    b.put('label', label)
    for ac in (False, True):
        x = logit.clone().requires_grad_(True)
        up = resize(x, label.shape[2:], ac)
        seg_label = label.squeeze(1)
        cw = torch.tensor([1.0, 0.5, 2.0, 1.5, 0.8])
        loss_ce = ce_loss(up, seg_label)
        loss_wce = ce_loss(up, seg_label, class_weight=cw, loss_weight=0.4)
        loss_bce = bce_loss(up, seg_label, loss_weight=0.7)
        acc = accuracy(up, seg_label)
        tag = 'ac' if ac else 'noac'
        b.put(tag + '.resized', up)
        b.put(tag + '.loss_ce', loss_ce)
        b.put(tag + '.loss_wce', loss_wce)
        b.put(tag + '.loss_bce', loss_bce)
        b.put(tag + '.acc_seg', acc)
        (loss_ce + loss_wce + loss_bce).backward()
        b.put(tag + '.grad_logit', x.grad)
    b.meta['class_weight'] = [1.0, 0.5, 2.0, 1.5, 0.8]
    b.write()


class TinyBackbone(nn.Module):
    """Four stages (strides 2, 4, 4, 4) returning every stage output, like out_indices (0,1,2,3)."""

    def __init__(self):
        super().__init__()
        self.conv0 = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.conv1 = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=2, dilation=2)
        self.conv3 = nn.Conv2d(8, 16, 3, padding=1)

    def forward(self, x):
        outs = []
        for conv in (self.conv0, self.conv1, self.conv2, self.conv3):
            x = F.relu(conv(x))
            outs.append(x)
        return outs


class EncoderDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = TinyBackbone()
        self.decode_head = PSPHead(in_channels=16, channels=8, num_classes=5, dropout_ratio=0)
        self.auxiliary_head = FCNHead(num_convs=1, concat_input=False, in_channels=8, channels=4, num_classes=5,
                                      in_index=2, dropout_ratio=0)
        self.num_classes = 5

    def encode_decode(self, img):
        return resize(self.decode_head(self.backbone(img)), img.shape[2:], False)

    def forward_train(self, img, gt):
        x = self.backbone(img)
        seg = gt.squeeze(1)
        out = {}
        logit = resize(self.decode_head(x), gt.shape[2:], False)
        out['decode.loss_ce'] = ce_loss(logit, seg)
        out['decode.acc_seg'] = accuracy(logit, seg)
        aux = resize(self.auxiliary_head(x), gt.shape[2:], False)
        out['aux.loss_ce'] = ce_loss(aux, seg, loss_weight=0.4)
        out['aux.acc_seg'] = accuracy(aux, seg)
        return out

    def slide(self, img, crop, stride, ori_shape):
        h_stride, w_stride = stride
        h_crop, w_crop = crop
        n, _, h_img, w_img = img.shape
        h_grids = max(h_img - h_crop + h_stride - 1, 0) // h_stride + 1
        w_grids = max(w_img - w_crop + w_stride - 1, 0) // w_stride + 1
        preds = img.new_zeros((n, self.num_classes, h_img, w_img))
        count = img.new_zeros((n, 1, h_img, w_img))
        for hi in range(h_grids):
            for wi in range(w_grids):
                y1 = hi * h_stride
                x1 = wi * w_stride
                y2 = min(y1 + h_crop, h_img)
                x2 = min(x1 + w_crop, w_img)
                y1 = max(y2 - h_crop, 0)
                x1 = max(x2 - w_crop, 0)
                crop_logit = self.encode_decode(img[:, :, y1:y2, x1:x2])
                preds += F.pad(crop_logit, (x1, preds.shape[3] - x2, y1, preds.shape[2] - y2))
                count[:, :, y1:y2, x1:x2] += 1
        assert (count == 0).sum() == 0
        return resize(preds / count, ori_shape, False), count


def encoder_decoder_bundle():
    b = Bundle('models/segmentors', 'encoder_decoder')
    g = torch.Generator().manual_seed(3)
    model = EncoderDecoder()
    randomize(model, 7)
    b.put_state('sd.', model)
    b.meta['keys'] = list(model.state_dict().keys())

    # training forward (BN batch statistics, no dropout) and gradients of the summed losses
    img = torch.randn(2, 3, 24, 32, generator=g)
    gt = labels((2, 1, 24, 32), 5, 0.1, g)
    b.put('train.img', img)
    b.put('train.gt', gt)
    model.train()
    losses = model.forward_train(img, gt)
    for k, v in losses.items():
        b.put('train.' + k, v)
    total = sum(v for k, v in losses.items() if 'loss' in k)
    total.backward()
    for name in ('backbone.conv0.weight', 'decode_head.conv_seg.weight', 'decode_head.psp_modules.1.1.conv.weight',
                 'decode_head.bottleneck.bn.weight', 'auxiliary_head.convs.0.conv.weight'):
        b.put('train.grad.' + name, dict(model.named_parameters())[name].grad)
    b.put('train.running_mean', model.decode_head.bottleneck.bn.running_mean)
    b.put('train.running_var', model.decode_head.bottleneck.bn.running_var)

    # inference from the weights before the training step
    model.load_state_dict({k: b_t for k, b_t in zip(b.meta['keys'], [torch.from_numpy(b.tensors['sd.' + k])
                                                                       for k in b.meta['keys']])})
    model.eval()
    with torch.no_grad():
        img = torch.randn(1, 3, 20, 27, generator=g)
        b.put('whole.img', img)
        logit = resize(model.encode_decode(img), (30, 41), False)
        prob = F.softmax(logit, dim=1)
        b.put('whole.encode', model.encode_decode(img))
        b.put('whole.prob', prob)
        b.put('whole.pred', prob.argmax(dim=1))
        b.put('whole.prob_hflip', prob.flip(dims=(3,)))
        b.meta['whole'] = {'ori_shape': [30, 41, 3]}

        img2 = torch.randn(2, 3, 20, 27, generator=g)
        b.put('slide.img', img2)
        logit, count = model.slide(img2, (12, 16), (8, 10), (25, 33))
        prob = F.softmax(logit, dim=1)
        b.put('slide.count', count)
        b.put('slide.prob', prob)
        b.put('slide.pred', prob.argmax(dim=1))
        b.meta['slide'] = {'crop_size': [12, 16], 'stride': [8, 10], 'ori_shape': [25, 33, 3]}

        # a crop larger than the image: one window, the whole image
        logit, count = model.slide(img2[:, :, :10, :13], (12, 16), (8, 10), (10, 13))
        b.put('slide_small.prob', F.softmax(logit, dim=1))
    b.write()


# ---- metrics (mmseg/core/evaluation/metrics.py and CustomDataset.evaluate) ------------------

def intersect_and_union(pred, label, num_classes, ignore_index, label_map=None, reduce_zero_label=False):
    pred = torch.from_numpy(pred)
    label = torch.from_numpy(label.copy())
    if label_map is not None:
        for old_id, new_id in label_map.items():
            label[label == old_id] = new_id
    if reduce_zero_label:
        label[label == 0] = 255
        label = label - 1
        label[label == 254] = 255
    mask = label != ignore_index
    pred = pred[mask]
    label = label[mask]
    intersect = pred[pred == label]
    hist = lambda t: torch.histc(t.float(), bins=num_classes, min=0, max=num_classes - 1)
    ai, ap, al = hist(intersect), hist(pred), hist(label)
    return ai, ap + al - ai, ap, al


def total_area_to_metrics(ai, au, ap, al, metrics, nan_to_num=None, beta=1):
    ret = {'aAcc': ai.sum() / al.sum()}
    for m in metrics:
        if m == 'mIoU':
            ret['IoU'] = ai / au
            ret['Acc'] = ai / al
        elif m == 'mDice':
            ret['Dice'] = 2 * ai / (ap + al)
            ret['Acc'] = ai / al
        elif m == 'mFscore':
            precision = ai / ap
            recall = ai / al
            ret['Fscore'] = torch.tensor([(1 + beta ** 2) * p * r / (beta ** 2 * p + r)
                                          for p, r in zip(precision, recall)])
            ret['Precision'] = precision
            ret['Recall'] = recall
    ret = {k: v.numpy() for k, v in ret.items()}
    if nan_to_num is not None:
        ret = {k: np.nan_to_num(v, nan=nan_to_num) for k, v in ret.items()}
    return ret


def evaluate_dict(ret, class_names):
    summary = {k: float(np.round(np.nanmean(v) * 100, 2)) for k, v in ret.items()}
    per_class = {k: np.round(v * 100, 2) for k, v in ret.items() if k != 'aAcc'}
    out = {}
    for k, v in summary.items():
        out[k if k == 'aAcc' else 'm' + k] = v / 100.0
    for k, v in per_class.items():
        for i, name in enumerate(class_names):
            out[k + '.' + name] = float(v[i]) / 100.0
    return out, summary, {k: [float(x) for x in v] for k, v in per_class.items()}


def metrics_bundle():
    b = Bundle('core/evaluation', 'metrics')
    g = np.random.default_rng(5)
    num_classes = 4
    names = ['road', 'sidewalk', 'building', 'wall']
    preds, gts = [], []
    for i, shape in enumerate([(6, 7), (5, 9), (8, 4)]):
        pred = g.integers(0, num_classes, shape).astype(np.int64)
        gt = g.integers(0, 3, shape).astype(np.int64)  # class 3 never in gt: IoU 0, Acc NaN
        gt[g.random(shape) < 0.2] = 255
        gt[0, 0] = 0
        preds.append(pred)
        gts.append(gt)
        b.put('pred.%d' % i, torch.from_numpy(pred))
        b.put('gt.%d' % i, torch.from_numpy(gt))
    cases = {
        'plain': dict(ignore_index=255, label_map=None, reduce_zero_label=False, metrics=['mIoU', 'mDice', 'mFscore'],
                      nan_to_num=None),
        'nan_to_num': dict(ignore_index=255, label_map=None, reduce_zero_label=False, metrics=['mIoU'],
                           nan_to_num=-1),
        'reduce_zero': dict(ignore_index=255, label_map=None, reduce_zero_label=True, metrics=['mIoU'],
                            nan_to_num=None),
        'label_map': dict(ignore_index=255, label_map={1: 2, 2: 1}, reduce_zero_label=False, metrics=['mDice'],
                          nan_to_num=None),
        'ignore_0': dict(ignore_index=0, label_map=None, reduce_zero_label=False, metrics=['mIoU'],
                         nan_to_num=None),
    }
    for case, c in cases.items():
        per_image = [intersect_and_union(p, t, num_classes, c['ignore_index'], c['label_map'], c['reduce_zero_label'])
                     for p, t in zip(preds, gts)]
        totals = [sum(x[j] for x in per_image) for j in range(4)]
        ret = total_area_to_metrics(*totals, c['metrics'], c['nan_to_num'])
        log, summary, per_class = evaluate_dict(ret, names)
        b.meta[case] = {
            'args': {k: ({str(kk): vv for kk, vv in v.items()} if isinstance(v, dict) else v) for k, v in c.items()},
            'per_image': [[[float(v) for v in t] for t in img] for img in per_image],
            'metrics': {k: [float(x) for x in np.atleast_1d(v)] for k, v in ret.items()},
            'summary': summary, 'per_class': per_class, 'log': log}
    b.meta['num_classes'] = num_classes
    b.meta['class_names'] = names
    b.write()


# ---- MGD seg logit loss (yzd-v/MGD seg/mmseg/distillation/distillers/segmentation_distiller.py) ----

def logit_loss(logit_s, logit_t, tau, weight):
    n, c, h, w = logit_s.shape
    p_t = F.softmax(logit_t.reshape(-1, w * h) / tau, dim=1)
    log_softmax = nn.LogSoftmax(dim=1)
    loss = torch.sum(p_t * log_softmax(logit_t.reshape(-1, w * h) / tau)
                     - p_t * log_softmax(logit_s.reshape(-1, w * h) / tau)) * tau ** 2
    return weight * loss / (c * n)


def logit_bundle():
    b = Bundle('models/losses', 'logit')
    g = torch.Generator().manual_seed(9)
    for case, tau, weight, shape in (('mgd', 4.0, 3.0, (2, 3, 5, 7)), ('unit', 1.0, 1.0, (1, 4, 6, 6))):
        s = (torch.randn(shape, generator=g) * 3).requires_grad_(True)
        t = torch.randn(shape, generator=g) * 3
        loss = logit_loss(s, t, tau, weight)
        loss.backward()
        b.put(case + '.student', s)
        b.put(case + '.teacher', t)
        b.put(case + '.loss', loss)
        b.put(case + '.grad', s.grad)
        b.meta[case] = {'tau': tau, 'loss_weight': weight}
    b.write()


if __name__ == '__main__':
    heads_bundle()
    head_losses_bundle()
    encoder_decoder_bundle()
    metrics_bundle()
    logit_bundle()
