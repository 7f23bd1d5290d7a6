#!/usr/bin/python3
"""Golden fixtures for mgd-java image ops and mmcls transforms, computed with real OpenCV.

Writes small images and raw little-endian arrays plus a manifest.json
({name: {file, shape, dtype}}) into
  mgd-core/src/test/resources/io/mgd/core/data/golden/        (mmcv image ops)
  mgd-cls/src/test/resources/io/mgd/cls/datasets/pipelines/golden/  (mmcls transforms)
The mmcv/mmcls Python logic around cv2 (imnormalize, imcrop, impad, mmcls Resize and
CenterCrop size rules) is re-stated here from mmcv 1.x / mmcls 0.19 so that only cv2 and
numpy are needed (Debian python3-opencv, python3-numpy). Run from the repository root:
  /usr/bin/python3 tools/golden/make_transform_fixtures.py
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORE = os.path.join(ROOT, 'mgd-core/src/test/resources/io/mgd/core/data/golden')
CLS = os.path.join(ROOT, 'mgd-cls/src/test/resources/io/mgd/cls/datasets/pipelines/golden')


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

    def close(self):
        with open(os.path.join(self.folder, 'manifest.json'), 'w') as f:
            json.dump(self.manifest, f, indent=1, sort_keys=True)
            f.write('\n')


def sample_image(h, w, seed):
    """A smooth gradient plus noise, so interpolation errors show up."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([x * 255.0 / (w - 1), y * 255.0 / (h - 1), (x + y) * 127.0 / (w + h)], -1)
    noise = rng.randint(-40, 41, size=(h, w, 3))
    return np.clip(base + noise, 0, 255).astype(np.uint8)


def imnormalize(img, mean, std, to_rgb):  # mmcv.imnormalize
    img = img.copy().astype(np.float32)
    mean = np.float64(np.array(mean, dtype=np.float32).reshape(1, -1))
    stdinv = 1 / np.float64(np.array(std, dtype=np.float32).reshape(1, -1))
    if to_rgb:
        cv2.cvtColor(img, cv2.COLOR_BGR2RGB, img)
    cv2.subtract(img, mean, img)
    cv2.multiply(img, stdinv, img)
    return img


def imcrop(img, x1, y1, x2, y2):  # mmcv.imcrop without scale/pad_fill
    h, w = img.shape[:2]
    x1, x2 = [max(0, min(v, w - 1)) for v in (x1, x2)]
    y1, y2 = [max(0, min(v, h - 1)) for v in (y1, y2)]
    return img[y1:y2 + 1, x1:x2 + 1, ...]


BORDERS = {'constant': cv2.BORDER_CONSTANT, 'edge': cv2.BORDER_REPLICATE,
           'reflect': cv2.BORDER_REFLECT_101, 'symmetric': cv2.BORDER_REFLECT}


def impad(img, padding, pad_val, mode):  # mmcv.impad(padding=(l, t, r, b))
    l, t, r, b = padding
    return cv2.copyMakeBorder(img, t, b, l, r, BORDERS[mode], value=pad_val)


def mmcls_resize(img, size):  # mmcls.datasets.pipelines.Resize, adaptive_side='short'
    if isinstance(size, int):
        size = (size, size)
    h, w = img.shape[:2]
    if size[1] == -1:
        target = size[0]
        if min(h, w) == target:
            return img
        if w < h:
            width, height = target, int(target * h / w)
        else:
            height, width = target, int(target * w / h)
    else:
        height, width = size
    return cv2.resize(img, (width, height), interpolation=cv2.INTER_LINEAR)


def mmcls_center_crop(img, crop_size):  # mmcls CenterCrop, efficientnet_style=False
    if isinstance(crop_size, int):
        crop_size = (crop_size, crop_size)
    ch, cw = crop_size
    h, w = img.shape[:2]
    y1 = max(0, int(round((h - ch) / 2.)))
    x1 = max(0, int(round((w - cw) / 2.)))
    y2 = min(h, y1 + ch) - 1
    x2 = min(w, x1 + cw) - 1
    return imcrop(img, x1, y1, x2, y2)


def core_fixtures():
    out = Writer(CORE)
    img = sample_image(18, 22, 0)
    cv2.imwrite(os.path.join(CORE, 'sample.png'), img)
    rgba = np.concatenate([img, np.full(img.shape[:2] + (1,), 77, np.uint8)], -1)
    cv2.imwrite(os.path.join(CORE, 'sample_rgba.png'), rgba)
    cv2.imwrite(os.path.join(CORE, 'sample.jpg'), img, [cv2.IMWRITE_JPEG_QUALITY, 95])

    color = cv2.imread(os.path.join(CORE, 'sample.png'), cv2.IMREAD_COLOR)
    assert (color == img).all()
    out.array('read_color', color)
    out.array('read_gray', cv2.imread(os.path.join(CORE, 'sample.png'), cv2.IMREAD_GRAYSCALE))
    out.array('read_rgba_color', cv2.imread(os.path.join(CORE, 'sample_rgba.png'), cv2.IMREAD_COLOR))
    out.array('read_rgba_unchanged', cv2.imread(os.path.join(CORE, 'sample_rgba.png'), cv2.IMREAD_UNCHANGED))
    out.array('read_jpg_color', cv2.imread(os.path.join(CORE, 'sample.jpg'), cv2.IMREAD_COLOR))

    f32 = img.astype(np.float32) * np.float32(0.731) + np.float32(0.37)
    out.array('input_f32', f32)
    sizes = {'up': (31, 27), 'down': (9, 7), 'half': (11, 9), 'mixed': (40, 10), 'odd': (13, 17)}
    for tag, (w, h) in sizes.items():
        out.array(f'resize_{tag}_u8', cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR))
        out.array(f'resize_{tag}_f32', cv2.resize(f32, (w, h), interpolation=cv2.INTER_LINEAR))
    out.array('resize_nearest_u8', cv2.resize(img, (31, 7), interpolation=cv2.INTER_NEAREST))
    gray = cv2.imread(os.path.join(CORE, 'sample.png'), cv2.IMREAD_GRAYSCALE)
    out.array('resize_gray_up_u8', cv2.resize(gray, (30, 25), interpolation=cv2.INTER_LINEAR))

    mean, std = [123.675, 116.28, 103.53], [58.395, 57.12, 57.375]
    out.array('normalize_rgb', imnormalize(img, mean, std, True))
    out.array('normalize_bgr', imnormalize(img, mean, std, False))
    out.array('crop', imcrop(img, 3, 2, 15, 40))
    out.array('flip_h', np.flip(img, axis=1))
    out.array('flip_v', np.flip(img, axis=0))
    for mode in BORDERS:
        out.array(f'pad_{mode}', impad(img, (3, 1, 2, 4), (10, 20, 30), mode))
    out.close()


def cls_fixtures():
    out = Writer(CLS)
    img = sample_image(18, 22, 1)
    cv2.imwrite(os.path.join(CLS, 'sample.png'), img)
    out.array('input', img)
    f32 = img.astype(np.float32)
    out.array('resize_short12', mmcls_resize(img, (12, -1)))
    out.array('resize_short30', mmcls_resize(img, (30, -1)))
    out.array('resize_short30_f32', mmcls_resize(f32, (30, -1)))
    out.array('resize_int10', mmcls_resize(img, 10))
    out.array('resize_9x14', mmcls_resize(img, (9, 14)))
    out.array('center_crop_11', mmcls_center_crop(img, 11))
    out.array('center_crop_7x13', mmcls_center_crop(img, (7, 13)))
    out.array('center_crop_big', mmcls_center_crop(img, (30, 5)))
    # The mmcls test pipeline: Resize((20, -1)) -> CenterCrop(16) -> Normalize(to_rgb) (HWC here).
    mean, std = [123.675, 116.28, 103.53], [58.395, 57.12, 57.375]
    test = imnormalize(mmcls_center_crop(mmcls_resize(img, (20, -1)), 16), mean, std, True)
    out.array('test_pipeline', test)
    out.close()


if __name__ == '__main__':
    core_fixtures()
    cls_fixtures()
    print('cv2', cv2.__version__, 'numpy', np.__version__)
