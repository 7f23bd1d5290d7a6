#!/usr/bin/env python3
"""Expected COCO bbox metrics for mgd-det's CocoEval, computed with the official pycocotools.

Needs numpy and pycocotools 2.0.x (not in Debian): e.g.
    python3 -m venv --system-site-packages /tmp/coco && /tmp/coco/bin/pip install pycocotools
    /tmp/coco/bin/python tools/golden/make_coco_eval_fixtures.py

Writes mgd-det/src/test/resources/io/mgd/det/coco_cases.json: per case the COCO ground truth,
the detections, pycocotools' 12 summary stats and the mmdet result keys derived from them as
mmdet 2.x CocoDataset.evaluate does.
"""
import contextlib
import io
import json
import os
import random

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'mgd-det', 'src', 'test', 'resources', 'io', 'mgd', 'det', 'coco_cases.json')


def gt_json(images, anns, cats=(1, 2)):
    out = {'images': [{'id': i, 'width': 640, 'height': 480, 'file_name': '%d.jpg' % i} for i in images],
           'categories': [{'id': c, 'name': 'c%d' % c} for c in cats], 'annotations': []}
    for k, (img, cat, box, crowd) in enumerate(anns):
        out['annotations'].append({'id': k + 1, 'image_id': img, 'category_id': cat, 'bbox': box,
                                   'area': box[2] * box[3], 'iscrowd': crowd})
    return out


def det(img, cat, box, score):
    return {'image_id': img, 'category_id': cat, 'bbox': box, 'score': score}


def evaluate(gt, dets):
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = json.loads(json.dumps(gt))
        coco.createIndex()
        res = coco.loadRes(json.loads(json.dumps(dets)))
        ev = COCOeval(coco, res, 'bbox')
        ev.params.catIds = sorted(c['id'] for c in gt['categories'])
        ev.params.imgIds = sorted(i['id'] for i in gt['images'])
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    stats = [float(s) for s in ev.stats]
    items = ['mAP', 'mAP_50', 'mAP_75', 'mAP_s', 'mAP_m', 'mAP_l']
    mmdet = {'bbox_' + k: float(f'{stats[i]:.3f}') for i, k in enumerate(items)}
    ap = stats[:6]
    mmdet['bbox_mAP_copypaste'] = (f'{ap[0]:.3f} {ap[1]:.3f} {ap[2]:.3f} '
                                   f'{ap[3]:.3f} {ap[4]:.3f} {ap[5]:.3f}')
    return stats, mmdet


def cases():
    out = {}
    small, medium, large = [10, 10, 20, 20], [50, 60, 60, 50], [200, 100, 150, 120]
    anns = [(1, 1, small, 0), (1, 2, medium, 0), (2, 1, large, 0), (2, 1, [300, 300, 40, 40], 0)]
    gt = gt_json([1, 2], anns)
    out['perfect'] = (gt, [det(i, c, b, 0.9 - 0.1 * k) for k, (i, c, b, _) in enumerate(anns)])
    # half recall: 4 gts of one class, 2 found exactly
    boxes = [[10, 10, 50, 50], [100, 100, 50, 50], [200, 200, 50, 50], [300, 300, 50, 50]]
    gt = gt_json([1], [(1, 1, b, 0) for b in boxes], cats=(1,))
    out['half_recall'] = (gt, [det(1, 1, boxes[0], 0.9), det(1, 1, boxes[2], 0.8)])
    # crowd: a detection inside the crowd region is ignored, not a false positive
    gt = gt_json([1], [(1, 1, [0, 0, 200, 200], 1), (1, 1, [300, 50, 60, 60], 0)], cats=(1,))
    out['crowd'] = (gt, [det(1, 1, [20, 20, 50, 50], 0.95), det(1, 1, [40, 40, 60, 60], 0.9),
                         det(1, 1, [302, 52, 60, 58], 0.6)])
    # area ranges: one gt per range, the medium one missed, plus a small false positive
    gt = gt_json([1], [(1, 1, small, 0), (1, 1, medium, 0), (1, 1, large, 0)], cats=(1,))
    out['areas'] = (gt, [det(1, 1, [11, 10, 20, 21], 0.9), det(1, 1, large, 0.8), det(1, 1, [400, 400, 15, 15], 0.7),
                         det(1, 1, [100, 300, 50, 50], 0.3)])
    # duplicates: the second detection of the same object is a false positive
    gt = gt_json([1], [(1, 1, medium, 0), (1, 1, large, 0)], cats=(1,))
    out['duplicates'] = (gt, [det(1, 1, medium, 0.9), det(1, 1, [51, 61, 60, 50], 0.85), det(1, 1, [205, 105, 150, 120], 0.5)])
    # random: several images and classes, jittered and spurious detections, ties in scores
    rng = random.Random(7)
    anns, dets = [], []
    for img in range(1, 6):
        for _ in range(rng.randint(0, 6)):
            w, h = rng.uniform(4, 200), rng.uniform(4, 200)
            box = [rng.uniform(0, 400), rng.uniform(0, 300), w, h]
            cat = rng.randint(1, 3)
            crowd = 1 if rng.random() < 0.1 else 0
            anns.append((img, cat, box, crowd))
            if rng.random() < 0.8:
                j = [v + rng.uniform(-0.15, 0.15) * (w if i % 2 == 0 else h) for i, v in enumerate(box)]
                dets.append(det(img, cat, j, round(rng.random(), 2)))
        for _ in range(rng.randint(0, 4)):
            dets.append(det(img, rng.randint(1, 3), [rng.uniform(0, 400), rng.uniform(0, 300), rng.uniform(4, 150),
                                                   rng.uniform(4, 150)], round(rng.random(), 2)))
    out['random'] = (gt_json(range(1, 6), anns, cats=(1, 2, 3)), dets)
    return out


def main():
    result = {}
    for name, (gt, dets) in cases().items():
        stats, mmdet = evaluate(gt, dets)
        result[name] = {'gt': gt, 'dets': dets, 'stats': stats, 'mmdet': mmdet}
        print('%-12s %s' % (name, mmdet['bbox_mAP_copypaste']))
    with open(OUT, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
