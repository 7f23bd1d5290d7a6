#!/usr/bin/python3
"""Golden fixtures for mgd-det (anchors, IoU, assigner, coder, losses, NMS, FPN, RetinaHead).

Run with Debian's PyTorch 1.13 + torchvision:  /usr/bin/python3 tools/golden/make_det_fixtures.py

mmdet is not installed: the mmdet 2.x formulas (anchor_generator.py, iou2d_calculator.py,
max_iou_assigner.py, delta_xywh_bbox_coder.py, focal_loss.py, smooth_l1_loss.py, iou_loss.py,
fpn.py, retina_head.py, anchor_head.py, base_dense_head.py, mmcv batched_nms) are written out
below in plain torch. NMS uses torchvision.ops. Bundles (<name>.json + <name>.bin, format of
io.mgd.core.testing.Fixtures) go to mgd-det/src/test/resources/io/mgd/det/.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'mgd-det', 'src', 'test', 'resources', 'io', 'mgd', 'det')


class Bundle:
    def __init__(self, name):
        self.name = name
        self.tensors = {}
        self.meta = {}

    def put(self, key, t):
        if isinstance(t, torch.Tensor):
            t = t.detach().cpu()
            if t.dtype in (torch.int64, torch.int32, torch.bool, torch.uint8):
                a = t.numpy().astype('<i8')
            else:
                a = t.numpy().astype('<f4')
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
            json.dump(manifest, f, indent=1)
            f.write('\n')
        with open(os.path.join(OUT, self.name + '.bin'), 'wb') as f:
            f.write(bytes(blob))
        return len(blob)


# ---- mmdet formulas in plain torch ---------------------------------------------------------

def base_anchors(base_size, scales, ratios, scale_major=True, center_offset=0.):
    w = h = base_size
    xc, yc = center_offset * w, center_offset * h
    scales = torch.Tensor(scales)
    ratios = torch.Tensor(ratios)
    h_ratios = torch.sqrt(ratios)
    w_ratios = 1 / h_ratios
    if scale_major:
        ws = (w * w_ratios[:, None] * scales[None, :]).view(-1)
        hs = (h * h_ratios[:, None] * scales[None, :]).view(-1)
    else:
        ws = (w * scales[:, None] * w_ratios[None, :]).view(-1)
        hs = (h * scales[:, None] * h_ratios[None, :]).view(-1)
    return torch.stack([xc - 0.5 * ws, yc - 0.5 * hs, xc + 0.5 * ws, yc + 0.5 * hs], dim=-1)


def grid_anchors(base, feat_h, feat_w, stride):
    shift_x = torch.arange(0, feat_w).to(torch.float32) * stride
    shift_y = torch.arange(0, feat_h).to(torch.float32) * stride
    xx = shift_x.repeat(shift_y.shape[0])
    yy = shift_y.view(-1, 1).repeat(1, shift_x.shape[0]).view(-1)
    shifts = torch.stack([xx, yy, xx, yy], dim=-1)
    return (base[None, :, :] + shifts[:, None, :]).view(-1, 4)


def valid_flags(feat_h, feat_w, pad_shape, stride, num_base):
    vh = min(int(np.ceil(pad_shape[0] / stride)), feat_h)
    vw = min(int(np.ceil(pad_shape[1] / stride)), feat_w)
    vx = torch.zeros(feat_w, dtype=torch.bool)
    vy = torch.zeros(feat_h, dtype=torch.bool)
    vx[:vw] = 1
    vy[:vh] = 1
    xx = vx.repeat(vy.shape[0])
    yy = vy.view(-1, 1).repeat(1, vx.shape[0]).view(-1)
    valid = xx & yy
    return valid[:, None].expand(valid.size(0), num_base).contiguous().view(-1)


def octave_scales(base, per_octave):
    return list(np.array([2 ** (i / per_octave) for i in range(per_octave)]) * base)


def bbox_overlaps(b1, b2, mode='iou', is_aligned=False, eps=1e-6):
    area1 = (b1[..., 2] - b1[..., 0]) * (b1[..., 3] - b1[..., 1])
    area2 = (b2[..., 2] - b2[..., 0]) * (b2[..., 3] - b2[..., 1])
    if is_aligned:
        lt = torch.max(b1[..., :2], b2[..., :2])
        rb = torch.min(b1[..., 2:], b2[..., 2:])
        wh = (rb - lt).clamp(min=0)
        overlap = wh[..., 0] * wh[..., 1]
        union = area1 + area2 - overlap if mode in ('iou', 'giou') else area1
        if mode == 'giou':
            e_lt = torch.min(b1[..., :2], b2[..., :2])
            e_rb = torch.max(b1[..., 2:], b2[..., 2:])
    else:
        lt = torch.max(b1[..., :, None, :2], b2[..., None, :, :2])
        rb = torch.min(b1[..., :, None, 2:], b2[..., None, :, 2:])
        wh = (rb - lt).clamp(min=0)
        overlap = wh[..., 0] * wh[..., 1]
        union = area1[..., None] + area2[..., None, :] - overlap if mode in ('iou', 'giou') else area1[..., None]
        if mode == 'giou':
            e_lt = torch.min(b1[..., :, None, :2], b2[..., None, :, :2])
            e_rb = torch.max(b1[..., :, None, 2:], b2[..., None, :, 2:])
    eps_t = union.new_tensor([eps])
    union = torch.max(union, eps_t)
    ious = overlap / union
    if mode in ('iou', 'iof'):
        return ious
    e_wh = (e_rb - e_lt).clamp(min=0)
    e_area = torch.max(e_wh[..., 0] * e_wh[..., 1], eps_t)
    return ious - (e_area - union) / e_area


def max_iou_assign(bboxes, gt, ignore=None, labels=None, pos_iou_thr=0.5, neg_iou_thr=0.4, min_pos_iou=0.,
                   gt_max_assign_all=True, ignore_iof_thr=-1, ignore_wrt_candidates=True, match_low_quality=True):
    overlaps = bbox_overlaps(gt, bboxes)
    if ignore_iof_thr > 0 and ignore is not None and ignore.numel() > 0 and bboxes.numel() > 0:
        if ignore_wrt_candidates:
            iof = bbox_overlaps(bboxes, ignore, mode='iof')
            imax, _ = iof.max(dim=1)
        else:
            iof = bbox_overlaps(ignore, bboxes, mode='iof')
            imax, _ = iof.max(dim=0)
        overlaps[:, imax > ignore_iof_thr] = -1
    num_gts, num_bboxes = overlaps.size(0), overlaps.size(1)
    assigned = overlaps.new_full((num_bboxes,), -1, dtype=torch.long)
    if num_gts == 0 or num_bboxes == 0:
        if num_gts == 0:
            assigned[:] = 0
        lab = None if labels is None else overlaps.new_full((num_bboxes,), -1, dtype=torch.long)
        return assigned, overlaps.new_zeros((num_bboxes,)), lab
    max_ov, argmax_ov = overlaps.max(dim=0)
    gt_max, gt_argmax = overlaps.max(dim=1)
    if isinstance(neg_iou_thr, float):
        assigned[(max_ov >= 0) & (max_ov < neg_iou_thr)] = 0
    else:
        assigned[(max_ov >= neg_iou_thr[0]) & (max_ov < neg_iou_thr[1])] = 0
    pos = max_ov >= pos_iou_thr
    assigned[pos] = argmax_ov[pos] + 1
    if match_low_quality:
        for i in range(num_gts):
            if gt_max[i] >= min_pos_iou:
                if gt_max_assign_all:
                    assigned[overlaps[i, :] == gt_max[i]] = i + 1
                else:
                    assigned[gt_argmax[i]] = i + 1
    lab = None
    if labels is not None:
        lab = assigned.new_full((num_bboxes,), -1)
        p = torch.nonzero(assigned > 0, as_tuple=False).squeeze()
        if p.numel() > 0:
            lab[p] = labels[assigned[p] - 1]
    return assigned, max_ov, lab


def bbox2delta(p, g, means=(0., 0., 0., 0.), stds=(1., 1., 1., 1.)):
    px = (p[..., 0] + p[..., 2]) * 0.5
    py = (p[..., 1] + p[..., 3]) * 0.5
    pw = p[..., 2] - p[..., 0]
    ph = p[..., 3] - p[..., 1]
    gx = (g[..., 0] + g[..., 2]) * 0.5
    gy = (g[..., 1] + g[..., 3]) * 0.5
    gw = g[..., 2] - g[..., 0]
    gh = g[..., 3] - g[..., 1]
    d = torch.stack([(gx - px) / pw, (gy - py) / ph, torch.log(gw / pw), torch.log(gh / ph)], dim=-1)
    return d.sub_(d.new_tensor(means).unsqueeze(0)).div_(d.new_tensor(stds).unsqueeze(0))


def delta2bbox(rois, deltas, means=(0., 0., 0., 0.), stds=(1., 1., 1., 1.), max_shape=None,
               wh_ratio_clip=16 / 1000, clip_border=True, add_ctr_clamp=False, ctr_clamp=32):
    num_bboxes, num_classes = deltas.size(0), deltas.size(1) // 4
    deltas = deltas.reshape(-1, 4)
    d = deltas * deltas.new_tensor(stds).view(1, -1) + deltas.new_tensor(means).view(1, -1)
    dxy, dwh = d[:, :2], d[:, 2:]
    rois_ = rois.repeat(1, num_classes).reshape(-1, 4)
    pxy = (rois_[:, :2] + rois_[:, 2:]) * 0.5
    pwh = rois_[:, 2:] - rois_[:, :2]
    dxy_wh = pwh * dxy
    max_ratio = np.abs(np.log(wh_ratio_clip))
    if add_ctr_clamp:
        dxy_wh = torch.clamp(dxy_wh, max=ctr_clamp, min=-ctr_clamp)
        dwh = torch.clamp(dwh, max=max_ratio)
    else:
        dwh = dwh.clamp(min=-max_ratio, max=max_ratio)
    gxy = pxy + dxy_wh
    gwh = pwh * dwh.exp()
    boxes = torch.cat([gxy - gwh * 0.5, gxy + gwh * 0.5], dim=-1)
    if clip_border and max_shape is not None:
        boxes[..., 0::2].clamp_(min=0, max=max_shape[1])
        boxes[..., 1::2].clamp_(min=0, max=max_shape[0])
    return boxes.reshape(num_bboxes, -1)


def weight_reduce(loss, weight=None, reduction='mean', avg_factor=None):
    if weight is not None:
        loss = loss * weight
    if avg_factor is None:
        return {'none': loss, 'mean': loss.mean() if loss.numel() else loss.sum(), 'sum': loss.sum()}[reduction]
    return loss.sum() / avg_factor if reduction == 'mean' else loss


def focal_loss(pred, labels, weight=None, gamma=2.0, alpha=0.25, reduction='mean', avg_factor=None):
    c = pred.size(1)
    target = F.one_hot(labels, num_classes=c + 1)[:, :c].type_as(pred)
    p = pred.sigmoid()
    pt = (1 - p) * target + p * (1 - target)
    fw = (alpha * target + (1 - alpha) * (1 - target)) * pt.pow(gamma)
    loss = F.binary_cross_entropy_with_logits(pred, target, reduction='none') * fw
    if weight is not None and weight.shape != loss.shape:
        weight = weight.view(-1, 1)
    return weight_reduce(loss, weight, reduction, avg_factor)


def batched_nms_mmcv(boxes, scores, idxs, iou_thr):
    offsets = idxs.to(boxes) * (boxes.max() + torch.tensor(1).to(boxes))
    return torchvision.ops.nms(boxes + offsets[:, None], scores, iou_thr)


# ---- bundles -------------------------------------------------------------------------------

def anchors_bundle():
    b = Bundle('anchors')
    cases = {
        'retina': dict(octave_base_scale=4, scales_per_octave=3, ratios=[0.5, 1.0, 2.0], strides=[8, 16, 32],
                       sizes=[[5, 7], [3, 4], [2, 2]], pad=[36, 50]),
        'rpn': dict(scales=[8], ratios=[0.5, 1.0, 2.0], strides=[4, 8], sizes=[[6, 5], [3, 3]], pad=[21, 17]),
        'ratio_major_offset': dict(scales=[2.0, 3.0], ratios=[0.25, 1.0], strides=[10], scale_major=False,
                                   center_offset=0.5, sizes=[[3, 2]], pad=[30, 20]),
    }
    for name, c in cases.items():
        scales = c.get('scales') or octave_scales(c['octave_base_scale'], c['scales_per_octave'])
        for lvl, (stride, (fh, fw)) in enumerate(zip(c['strides'], c['sizes'])):
            base = base_anchors(stride, scales, c['ratios'], c.get('scale_major', True), c.get('center_offset', 0.))
            b.put('%s.%d' % (name, lvl), grid_anchors(base, fh, fw, stride))
            b.put('%s.%d.valid' % (name, lvl), valid_flags(fh, fw, c['pad'], stride, base.size(0)))
        b.meta[name] = c
    return b


def rand_boxes(n, size=50.):
    xy = torch.rand(n, 2) * size
    wh = torch.rand(n, 2) * size * 0.5 + 1
    return torch.cat([xy, xy + wh], dim=1)


def bbox_bundle():
    b = Bundle('bbox')
    b1, b2 = rand_boxes(7), rand_boxes(5)
    b2[0] = b1[0]  # an exact match
    b2[1] = torch.tensor([200., 200., 210., 215.])  # disjoint from everything
    b.put('b1', b1)
    b.put('b2', b2)
    for mode in ('iou', 'iof', 'giou'):
        b.put(mode, bbox_overlaps(b1, b2, mode))
        b.put(mode + '.aligned', bbox_overlaps(b1[:5], b2, mode, is_aligned=True))
    return b


def assign_bundle():
    b = Bundle('assign')
    # anchors: a 6x6 grid of 16x16 boxes with stride 8, plus two 40x20 boxes
    g = torch.arange(6).float() * 8
    xx, yy = g.repeat(6), g.view(-1, 1).repeat(1, 6).view(-1)
    anchors = torch.stack([xx, yy, xx + 16, yy + 16], 1)
    anchors = torch.cat([anchors, torch.tensor([[0., 0., 40., 20.], [4., 20., 44., 40.]])])
    gts = torch.tensor([[2., 2., 18., 17.],     # well covered
                        [30., 30., 34., 33.],   # tiny: only low-quality matches
                        [0., 20., 40., 42.],    # near the second long anchor
                        [100., 100., 110., 110.]])  # overlaps nothing: IoU 0 with all
    labels = torch.tensor([2, 0, 1, 2])
    ignore = torch.tensor([[24., 0., 48., 12.]])
    b.put('anchors', anchors)
    b.put('gts', gts[:3])
    b.put('labels', labels[:3])
    b.put('gts_far', gts)
    b.put('labels_far', labels)
    b.put('ignore', ignore)
    cases = {
        'retina': dict(pos_iou_thr=0.5, neg_iou_thr=0.4, min_pos_iou=0.),
        'ignore': dict(pos_iou_thr=0.5, neg_iou_thr=0.4, min_pos_iou=0., ignore_iof_thr=0.5),
        'ignore_wrt_gt': dict(pos_iou_thr=0.5, neg_iou_thr=0.4, min_pos_iou=0.1, ignore_iof_thr=0.3,
                              ignore_wrt_candidates=False),
        'rpn_tuple': dict(pos_iou_thr=0.7, neg_iou_thr=(0.1, 0.3), min_pos_iou=0.3, gt_max_assign_all=False),
        'rcnn': dict(pos_iou_thr=0.5, neg_iou_thr=0.5, min_pos_iou=0.5, match_low_quality=False),
        # a gt with IoU 0 everywhere and min_pos_iou 0 claims every IoU-0 anchor (mmdet behaviour)
        'zero_iou_gt': dict(pos_iou_thr=0.5, neg_iou_thr=0.4, min_pos_iou=0.),
    }
    for name, c in cases.items():
        n = 4 if name == 'zero_iou_gt' else 3
        inds, max_ov, lab = max_iou_assign(anchors, gts[:n], ignore, labels[:n], **c)
        b.put(name + '.gt_inds', inds)
        b.put(name + '.max_overlaps', max_ov)
        b.put(name + '.labels', lab)
        b.meta[name] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in c.items()}
    return b


def coder_bundle():
    b = Bundle('coder')
    props = rand_boxes(6)
    gts = rand_boxes(6)
    b.put('proposals', props)
    b.put('gts', gts)
    b.put('encoded', bbox2delta(props, gts))
    means, stds = (0.1, -0.1, 0.05, 0.0), (0.1, 0.1, 0.2, 0.2)
    b.put('encoded_norm', bbox2delta(props, gts, means, stds))
    deltas = torch.randn(6, 4) * 0.5
    deltas[0] = torch.tensor([0.2, -0.3, 6.0, -7.0])  # beyond the wh clamp
    deltas[1] = torch.tensor([3.0, -4.0, 0.1, 0.2])  # far centre shift
    b.put('deltas', deltas)
    b.put('decoded', delta2bbox(props, deltas))
    b.put('decoded_clip', delta2bbox(props, deltas, max_shape=(40, 45)))
    b.put('decoded_norm', delta2bbox(props, deltas, means, stds, max_shape=(60, 70)))
    b.put('decoded_ctr', delta2bbox(props, deltas, max_shape=None, add_ctr_clamp=True, ctr_clamp=8))
    deltas2 = torch.randn(6, 8) * 0.3
    b.put('deltas2', deltas2)
    b.put('decoded2', delta2bbox(props, deltas2, max_shape=(50, 50)))
    return b


def loss_bundle():
    b = Bundle('losses')
    pred = torch.randn(10, 4, requires_grad=True)
    labels = torch.tensor([0, 4, 3, 4, 1, 2, 4, 4, 0, 4])  # 4 = background
    weight = torch.tensor([1., 1., 0., 1., 1., 1., 1., 0.5, 1., 1.])
    b.put('focal.pred', pred)
    b.put('focal.labels', labels)
    b.put('focal.weight', weight)
    loss = focal_loss(pred, labels, weight, avg_factor=3.0)
    loss.backward()
    b.put('focal.loss', loss)
    b.put('focal.grad', pred.grad)
    b.put('focal.loss_mean', focal_loss(pred, labels, gamma=1.5, alpha=0.3))
    b.put('focal.loss_none', focal_loss(pred, labels, weight, reduction='none'))

    p = torch.randn(8, 4, requires_grad=True)
    t = torch.randn(8, 4)
    w = (torch.rand(8, 4) > 0.3).float()
    b.put('reg.pred', p)
    b.put('reg.target', t)
    b.put('reg.weight', w)
    l1 = weight_reduce((p - t).abs(), w, 'mean', 5.0)
    l1.backward()
    b.put('l1.loss', l1)
    b.put('l1.grad', p.grad)
    p.grad = None
    beta = 1.0 / 9.0
    d = (p - t).abs()
    sl1 = weight_reduce(torch.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), w, 'mean', 5.0)
    sl1.backward()
    b.put('smooth_l1.loss', sl1)
    b.put('smooth_l1.grad', p.grad)

    bp = rand_boxes(6).requires_grad_(True)
    bt = rand_boxes(6)
    bt[0] = bp[0].detach()
    gw = torch.tensor([1., 1., 0., 1., 2., 1.])
    b.put('giou.pred', bp)
    b.put('giou.target', bt)
    b.put('giou.weight', gw)
    gl = weight_reduce(1 - bbox_overlaps(bp, bt, 'giou', is_aligned=True, eps=1e-6), gw, 'mean', 4.0)
    gl.backward()
    b.put('giou.loss', gl)
    b.put('giou.grad', bp.grad)
    return b


def nms_bundle():
    b = Bundle('nms')
    n = 60
    centers = torch.rand(8, 2) * 80
    c = centers[torch.randint(0, 8, (n,))] + torch.randn(n, 2) * 4
    wh = torch.rand(n, 2) * 20 + 10
    boxes = torch.cat([c - wh / 2, c + wh / 2], 1)
    scores = torch.rand(n)
    idxs = torch.randint(0, 3, (n,))
    b.put('boxes', boxes)
    b.put('scores', scores)
    b.put('idxs', idxs)
    for thr in (0.3, 0.5, 0.7):
        b.put('nms.%g' % thr, torchvision.ops.nms(boxes, scores, thr))
        keep = torchvision.ops.batched_nms(boxes, scores, idxs, thr)
        assert torch.equal(keep, batched_nms_mmcv(boxes, scores, idxs, thr))
        b.put('batched.%g' % thr, keep)
    return b


def xavier_uniform_(w):
    torch.nn.init.xavier_uniform_(w)
    return w


def fpn_forward(p, inputs, in_channels, num_outs, start_level, extra, relu_before_extra):
    lat = [F.conv2d(inputs[i + start_level], p['lateral_convs.%d.conv.weight' % i],
                    p['lateral_convs.%d.conv.bias' % i]) for i in range(len(in_channels) - start_level)]
    for i in range(len(lat) - 1, 0, -1):
        lat[i - 1] = lat[i - 1] + F.interpolate(lat[i], size=lat[i - 1].shape[2:], mode='nearest')

    def fpn_conv(i, x, stride=1):
        return F.conv2d(x, p['fpn_convs.%d.conv.weight' % i], p['fpn_convs.%d.conv.bias' % i], stride, 1)

    outs = [fpn_conv(i, lat[i]) for i in range(len(lat))]
    used = len(lat)
    if num_outs > used:
        if not extra:
            for _ in range(num_outs - used):
                outs.append(F.max_pool2d(outs[-1], 1, stride=2))
        else:
            src = {'on_input': inputs[-1], 'on_lateral': lat[-1], 'on_output': outs[-1]}[extra]
            outs.append(fpn_conv(used, src, 2))
            for i in range(used + 1, num_outs):
                outs.append(fpn_conv(i, F.relu(outs[-1]) if relu_before_extra else outs[-1], 2))
    return outs


def fpn_bundle():
    b = Bundle('fpn')
    in_channels = [3, 4, 6, 8]
    sizes = [17, 9, 5, 3]  # odd sizes exercise the nearest upsampling to an explicit size
    inputs = [torch.randn(2, c, s, s, requires_grad=True) for c, s in zip(in_channels, sizes)]
    for i, x in enumerate(inputs):
        b.put('x%d' % i, x)
    cases = {
        'retina': dict(start_level=1, extra='on_input', num_outs=5, relu=False),
        'faster': dict(start_level=0, extra=None, num_outs=5, relu=False),
        'on_output_relu': dict(start_level=1, extra='on_output', num_outs=5, relu=True),
        'on_lateral': dict(start_level=2, extra='on_lateral', num_outs=4, relu=False),
    }
    out_c = 5
    for name, c in cases.items():
        p = {}
        levels = len(in_channels) - c['start_level']
        for i in range(levels):
            p['lateral_convs.%d.conv.weight' % i] = xavier_uniform_(torch.empty(out_c, in_channels[i + c['start_level']], 1, 1))
            p['lateral_convs.%d.conv.bias' % i] = torch.randn(out_c) * 0.1
        for i in range(levels):
            p['fpn_convs.%d.conv.weight' % i] = xavier_uniform_(torch.empty(out_c, out_c, 3, 3))
            p['fpn_convs.%d.conv.bias' % i] = torch.randn(out_c) * 0.1
        if c['extra']:
            for k in range(c['num_outs'] - levels):
                cin = in_channels[-1] if k == 0 and c['extra'] == 'on_input' else out_c
                i = levels + k
                p['fpn_convs.%d.conv.weight' % i] = xavier_uniform_(torch.empty(out_c, cin, 3, 3))
                p['fpn_convs.%d.conv.bias' % i] = torch.randn(out_c) * 0.1
        for k, v in p.items():
            v.requires_grad_(True)
            b.put('%s.w.%s' % (name, k), v)
        outs = fpn_forward(p, inputs, in_channels, c['num_outs'], c['start_level'], c['extra'], c['relu'])
        total = 0
        for i, o in enumerate(outs):
            b.put('%s.out%d' % (name, i), o)
            r = torch.randn_like(o)
            b.put('%s.r%d' % (name, i), r)
            total = total + (o * r).sum()
        for x in inputs:
            x.grad = None
        total.backward()
        b.put('%s.grad_x0' % name, inputs[0].grad if inputs[0].grad is not None else torch.zeros_like(inputs[0]))
        b.put('%s.grad_x3' % name, inputs[3].grad)
        b.put('%s.grad_w.fpn_convs.0.conv.weight' % name, p['fpn_convs.0.conv.weight'].grad)
        b.meta[name] = dict(in_channels=in_channels, out_channels=out_c, num_outs=c['num_outs'],
                            start_level=c['start_level'], add_extra_convs=c['extra'] or False,
                            relu_before_extra_convs=c['relu'])
    return b


def retina_forward(p, x, stacked):
    c, r = x, x
    for i in range(stacked):
        c = F.relu(F.conv2d(c, p['cls_convs.%d.conv.weight' % i], p['cls_convs.%d.conv.bias' % i], padding=1))
        r = F.relu(F.conv2d(r, p['reg_convs.%d.conv.weight' % i], p['reg_convs.%d.conv.bias' % i], padding=1))
    return (F.conv2d(c, p['retina_cls.weight'], p['retina_cls.bias'], padding=1),
            F.conv2d(r, p['retina_reg.weight'], p['retina_reg.bias'], padding=1))


def retina_targets(level_anchors, metas, gts, gt_labels, num_classes, strides, num_base):
    flat = torch.cat(level_anchors)
    total = flat.size(0)
    out = []
    num_pos = 0
    for img, meta in enumerate(metas):
        valid = torch.cat([valid_flags(fh, fw, meta['pad_shape'], s, num_base)
                           for (fh, fw), s in zip(meta['featmap_sizes'], strides)])
        inside = valid  # allowed_border = -1
        anchors = flat[inside]
        assigned, _, _ = max_iou_assign(anchors, gts[img], None, gt_labels[img], 0.5, 0.4, 0.)
        pos = torch.nonzero(assigned > 0, as_tuple=False).squeeze(-1).unique()
        neg = torch.nonzero(assigned == 0, as_tuple=False).squeeze(-1).unique()
        n = anchors.size(0)
        labels = torch.full((n,), num_classes, dtype=torch.long)
        lw = torch.zeros(n)
        bt = torch.zeros(n, 4)
        bt_dec = torch.zeros(n, 4)
        bw = torch.zeros(n, 4)
        if len(pos):
            gt_idx = assigned[pos] - 1
            bt[pos] = bbox2delta(anchors[pos], gts[img][gt_idx])
            bt_dec[pos] = gts[img][gt_idx]
            bw[pos] = 1.0
            labels[pos] = gt_labels[img][gt_idx]
            lw[pos] = 1.0
        lw[neg] = 1.0

        def unmap(x, fill):
            full = x.new_full((total,) + tuple(x.shape[1:]), fill)
            full[inside] = x
            return full
        out.append(dict(labels=unmap(labels, num_classes), lw=unmap(lw, 0), bt=unmap(bt, 0),
                        bt_dec=unmap(bt_dec, 0), bw=unmap(bw, 0)))
        num_pos += max(len(pos), 1)
    return out, num_pos


def retina_bundle():
    b = Bundle('retina')
    num_classes, in_c, feat_c, stacked = 3, 4, 6, 2
    ratios, strides = [0.5, 1.0, 2.0], [8, 16, 32]
    scales = octave_scales(4, 2)
    sizes = [(8, 6), (4, 3), (2, 2)]
    num_base = len(ratios) * len(scales)
    metas = [dict(img_shape=[64, 48], pad_shape=[64, 48], scale_factor=[1.5, 1.5, 1.5, 1.5], featmap_sizes=sizes),
             dict(img_shape=[50, 37], pad_shape=[64, 40], scale_factor=[0.8, 0.75, 0.8, 0.75],
                  featmap_sizes=sizes)]
    gts = [torch.tensor([[4., 6., 30., 40.], [20., 10., 44., 30.], [10., 40., 46., 62.]]),
           torch.tensor([[2., 2., 22., 18.], [12., 20., 36., 48.]])]
    gt_labels = [torch.tensor([0, 2, 1]), torch.tensor([1, 1])]
    p = {}
    for i in range(stacked):
        cin = in_c if i == 0 else feat_c
        for br in ('cls', 'reg'):
            p['%s_convs.%d.conv.weight' % (br, i)] = torch.randn(feat_c, cin, 3, 3) * 0.2
            p['%s_convs.%d.conv.bias' % (br, i)] = torch.randn(feat_c) * 0.1
    p['retina_cls.weight'] = torch.randn(num_base * num_classes, feat_c, 3, 3) * 0.2
    p['retina_cls.bias'] = torch.randn(num_base * num_classes) * 0.1
    p['retina_reg.weight'] = torch.randn(num_base * 4, feat_c, 3, 3) * 0.2
    p['retina_reg.bias'] = torch.randn(num_base * 4) * 0.1
    for k, v in p.items():
        v.requires_grad_(True)
        b.put('w.' + k, v)
    feats = [torch.randn(2, in_c, h, w, requires_grad=True) for h, w in sizes]
    for i, f in enumerate(feats):
        b.put('feat%d' % i, f)
    for i, g in enumerate(gts):
        b.put('gt%d' % i, g)
        b.put('gt_labels%d' % i, gt_labels[i])
    outs = [retina_forward(p, f, stacked) for f in feats]
    for i, (c, r) in enumerate(outs):
        b.put('cls%d' % i, c)
        b.put('reg%d' % i, r)
    level_anchors = [grid_anchors(base_anchors(s, scales, ratios), h, w, s) for s, (h, w) in zip(strides, sizes)]
    targets, num_pos = retina_targets(level_anchors, metas, gts, gt_labels, num_classes, strides, num_base)
    b.meta['num_total_pos'] = num_pos
    counts = [a.size(0) for a in level_anchors]
    starts = np.cumsum([0] + counts)
    total = 0
    total_giou = 0
    for l, (c, r) in enumerate(outs):
        def lvl(key):
            return torch.cat([t[key][starts[l]:starts[l + 1]] for t in targets])
        cls = c.permute(0, 2, 3, 1).reshape(-1, num_classes)
        reg = r.permute(0, 2, 3, 1).reshape(-1, 4)
        lc = focal_loss(cls, lvl('labels'), lvl('lw'), avg_factor=num_pos)
        lb = weight_reduce((reg - lvl('bt')).abs(), lvl('bw'), 'mean', num_pos)
        b.put('loss_cls%d' % l, lc)
        b.put('loss_bbox%d' % l, lb)
        total = total + lc + lb
        # reg_decoded_bbox=True with GIoULoss (mmdet: weight N×4 -> mean(-1); all-zero weight -> (pred*w).sum())
        dec = delta2bbox(level_anchors[l].repeat(len(metas), 1), reg)
        w = lvl('bw')
        if not torch.any(w > 0):
            lg = (dec * w).sum()
        else:
            lg = weight_reduce(1 - bbox_overlaps(dec, lvl('bt_dec'), 'giou', True, 1e-6), w.mean(-1), 'mean', num_pos)
        b.put('loss_giou%d' % l, lg)
        total_giou = total_giou + lg
    total.backward()
    b.put('grad.feat0', feats[0].grad)
    for k in ('retina_cls.weight', 'retina_reg.weight', 'cls_convs.0.conv.weight', 'reg_convs.1.conv.bias'):
        b.put('grad.' + k, p[k].grad)
        p[k].grad = None
    b.meta['metas'] = [{k: v for k, v in m.items() if k != 'featmap_sizes'} for m in metas]
    b.meta['config'] = dict(num_classes=num_classes, in_channels=in_c, feat_channels=feat_c, stacked_convs=stacked,
                            octave_base_scale=4, scales_per_octave=2, ratios=ratios, strides=strides)
    # get_bboxes
    test_cfg = dict(nms_pre=20, score_thr=0.45, iou_threshold=0.5, max_per_img=15)
    b.meta['test_cfg'] = test_cfg
    with torch.no_grad():
        for img, meta in enumerate(metas):
            boxes, scores, labels = [], [], []
            for l, (c, r) in enumerate(outs):
                sc = c[img].permute(1, 2, 0).reshape(-1, num_classes).sigmoid()
                bp = r[img].permute(1, 2, 0).reshape(-1, 4)
                mask = sc > test_cfg['score_thr']
                vals = sc[mask]
                vidx = torch.nonzero(mask)
                k = min(test_cfg['nms_pre'], vidx.size(0))
                vals, order = vals.sort(descending=True)
                top = vidx[order[:k]]
                keep_idx, lab = top.unbind(dim=1)
                boxes.append(delta2bbox(level_anchors[l][keep_idx], bp[keep_idx], max_shape=meta['img_shape']))
                scores.append(vals[:k])
                labels.append(lab)
            boxes = torch.cat(boxes) / torch.tensor(meta['scale_factor'])
            scores = torch.cat(scores)
            labels = torch.cat(labels)
            keep = batched_nms_mmcv(boxes, scores, labels, test_cfg['iou_threshold'])
            dets = torch.cat([boxes[keep], scores[keep][:, None]], -1)[:test_cfg['max_per_img']]
            b.put('dets%d' % img, dets)
            b.put('det_labels%d' % img, labels[keep][:test_cfg['max_per_img']])
            b.meta['num_candidates%d' % img] = int(scores.numel())
    return b


def main():
    torch.manual_seed(20220713)
    for make in (anchors_bundle, bbox_bundle, assign_bundle, coder_bundle, loss_bundle, nms_bundle, fpn_bundle,
                 retina_bundle):
        bundle = make()
        n = bundle.write()
        print('%-10s %6d bytes, %d tensors' % (bundle.name, n, len(bundle.tensors)))


if __name__ == '__main__':
    main()
