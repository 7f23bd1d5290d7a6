#!/usr/bin/python3
"""Golden fixtures for the mmseg 0.20 pipeline steps in mgd-seg, computed with real OpenCV.

Writes raw little-endian arrays plus manifest.json ({name: {file, shape, dtype}}) and
pmd_cases.json (the fixed random decisions of each PhotoMetricDistortion case) into
  mgd-seg/src/test/resources/io/mgd/seg/datasets/pipelines/golden/
mmseg's PhotoMetricDistortion and Resize logic and mmcv's rescale_size/bgr2hsv/hsv2bgr are
re-stated below from mmseg 0.20 / mmcv 1.x, so only cv2 and numpy are needed (Debian
python3-opencv, python3-numpy). Run from the repository root:
  /usr/bin/python3 tools/golden/make_seg_transform_fixtures.py
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'mgd-seg/src/test/resources/io/mgd/seg/datasets/pipelines/golden')


class Writer:
    def __init__(self, folder):
        self.folder = folder
        self.manifest = {}
        os.makedirs(folder, exist_ok=True)

    def array(self, name, a):
        a = np.ascontiguousarray(a)
        if a.ndim == 2:
            a = a[:, :, None]
        dtype = {np.dtype('uint8'): 'uint8', np.dtype('float32'): 'float32'}[a.dtype]
        a.astype(a.dtype.newbyteorder('<')).tofile(os.path.join(self.folder, name + '.bin'))
        self.manifest[name] = {'file': name + '.bin', 'shape': list(a.shape), 'dtype': dtype}

    def json(self, name, obj):
        with open(os.path.join(self.folder, name), 'w') as f:
            json.dump(obj, f, indent=1, sort_keys=True)
            f.write('\n')

    def close(self):
        self.json('manifest.json', self.manifest)


def sample_image(h, w, seed):
    """Saturated, varied colours (many hue sectors) plus noise, so HSV rounding shows up."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([127 + 127 * np.sin(x / 5.0), 127 + 127 * np.sin(y / 4.0 + 1), (x * 7 + y * 3) % 256], -1)
    noise = rng.randint(-30, 31, size=(h, w, 3))
    img = np.clip(base + noise, 0, 255).astype(np.uint8)
    img[0, :8] = [[0, 0, 0], [255, 255, 255], [128, 128, 128], [255, 0, 0],
                  [0, 255, 0], [0, 0, 255], [10, 10, 200], [200, 10, 10]]
    return img


# ---- mmseg 0.20 PhotoMetricDistortion with its random draws replaced by fixed decisions ----
def convert(img, alpha=1, beta=0):
    img = img.astype(np.float32) * alpha + beta
    img = np.clip(img, 0, 255)
    return img.astype(np.uint8)


def bgr2hsv(img):  # mmcv.bgr2hsv
    return cv2.cvtColor(img, cv2.COLOR_BGR2HSV)


def hsv2bgr(img):  # mmcv.hsv2bgr
    return cv2.cvtColor(img, cv2.COLOR_HSV2BGR)


def photo_metric_distortion(img, d):
    if d['brightness'] is not None:
        img = convert(img, beta=d['brightness'])
    if d['contrast_first'] and d['contrast'] is not None:
        img = convert(img, alpha=d['contrast'])
    if d['saturation'] is not None:
        img = bgr2hsv(img)
        img[:, :, 1] = convert(img[:, :, 1], alpha=d['saturation'])
        img = hsv2bgr(img)
    if d['hue'] is not None:
        img = bgr2hsv(img)
        img[:, :, 0] = (img[:, :, 0].astype(int) + d['hue']) % 180
        img = hsv2bgr(img)
    if not d['contrast_first'] and d['contrast'] is not None:
        img = convert(img, alpha=d['contrast'])
    return img


PMD_CASES = [
    dict(name='pmd_all_contrast_last', brightness=17.3, contrast_first=False, contrast=1.27, saturation=0.63, hue=-11),
    dict(name='pmd_all_contrast_first', brightness=-9.6, contrast_first=True, contrast=0.55, saturation=1.45, hue=17),
    dict(name='pmd_brightness_only', brightness=-31.9, contrast_first=True, contrast=None, saturation=None, hue=None),
    dict(name='pmd_saturation_only', brightness=None, contrast_first=False, contrast=None, saturation=1.5, hue=None),
    dict(name='pmd_hue_only', brightness=None, contrast_first=False, contrast=None, saturation=None, hue=-18),
    dict(name='pmd_none', brightness=None, contrast_first=False, contrast=None, saturation=None, hue=None),
    dict(name='pmd_float_hue', brightness=None, contrast_first=True, contrast=None, saturation=None, hue=5,
         float_input=True),
    dict(name='pmd_float_brightness', brightness=3.5, contrast_first=False, contrast=1.1, saturation=0.8, hue=-3,
         float_input=True),
]


# ---- mmcv 1.x rescale_size / mmseg Resize ----
def rescale_size(old_size, scale):  # tuple scale: (long edge, short edge) bound
    w, h = old_size
    max_long_edge, max_short_edge = max(scale), min(scale)
    factor = min(max_long_edge / max(h, w), max_short_edge / min(h, w))
    return int(w * factor + 0.5), int(h * factor + 0.5)


def imrescale(img, scale, interpolation):
    h, w = img.shape[:2]
    new_size = rescale_size((w, h), scale)
    return cv2.resize(img, new_size, interpolation=interpolation)


def main():
    w = Writer(OUT)
    img = sample_image(40, 77, 0)
    w.array('input', img)
    fimg = img.astype(np.float32)
    cases = []
    for c in PMD_CASES:
        src = fimg if c.get('float_input') else img
        out = photo_metric_distortion(src.copy(), c)
        w.array(c['name'], out)
        cases.append(c)
    w.json('pmd_cases.json', cases)

    # HSV conversions on their own, rows 77 wide: H 0..179 x S 0..255 step 5 x V in (255, 97).
    hh, ss, vv = np.meshgrid(np.arange(180), np.arange(0, 256, 5), np.array([255, 97]), indexing='ij')
    cube = np.stack([hh.ravel(), ss.ravel(), vv.ravel()], -1).astype(np.uint8)
    cube = cube[: len(cube) // 77 * 77].reshape(-1, 77, 3)
    w.array('hsv_cube', cube)
    w.array('hsv_cube_bgr', hsv2bgr(cube))
    bgr = np.random.RandomState(2).randint(0, 256, size=(60, 77, 3)).astype(np.uint8)
    bgr[0, :6] = [[5, 5, 5], [9, 200, 9], [200, 9, 9], [9, 9, 200], [200, 200, 9], [255, 255, 255]]
    w.array('bgr_random', bgr)
    w.array('bgr_random_hsv', bgr2hsv(bgr))
    fh = bgr2hsv(bgr.astype(np.float32))
    w.array('bgr_random_hsv_f32', fh)
    w.array('bgr_random_hsv_f32_back', hsv2bgr(fh))

    rng = np.random.RandomState(1)
    seg = rng.randint(0, 6, size=(40, 77)).astype(np.uint8)
    seg[5:12, 30:50] = 255
    w.array('seg', seg)
    w.array('resize_keep_60x30', imrescale(img, (60, 30), cv2.INTER_LINEAR))
    w.array('resize_keep_60x30_seg', imrescale(seg, (60, 30), cv2.INTER_NEAREST))
    w.array('resize_keep_200x100', imrescale(img, (200, 100), cv2.INTER_LINEAR))
    w.array('resize_keep_200x100_seg', imrescale(seg, (200, 100), cv2.INTER_NEAREST))
    w.array('resize_free_50x20', cv2.resize(img, (50, 20), interpolation=cv2.INTER_LINEAR))
    w.array('resize_free_50x20_seg', cv2.resize(seg, (50, 20), interpolation=cv2.INTER_NEAREST))
    w.close()


if __name__ == '__main__':
    main()
