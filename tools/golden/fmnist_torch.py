"""Plain-PyTorch twins of our mmcls-named Fashion-MNIST classifiers, and the IDX reader they use.

Shared by train_torch_reference.py and eval_torch_student.py (/usr/bin/python3, Debian torch 1.13).
The model is written from the mmcls 0.19 layout, not imported from mmcls: ImageClassifier with
backbone ResNet_CIFAR (3x3 stride-1 stem conv1/bn1/relu, no maxpool, BasicBlocks with
conv1/bn1/conv2/bn2/downsample.{0,1}), neck GlobalAveragePooling (no parameters) and head
LinearClsHead (head.fc), so its state_dict keys are exactly those of the Java model.

A model kind is named ``resnet<depth>_cifar_w<width>``, e.g. ``resnet18_cifar_w8``: stem and
base width ``width``, stages width, 2*width, 4*width, 8*width, one input channel, 10 classes.
"""
import gzip
import os
import re
import struct

import numpy as np
import torch
import torch.nn as nn

# configs/cls/_base_/datasets/fashion_mnist_bs128.yaml: Normalize(mean=[72.94], std=[90.02], to_rgb=False)
MEAN = 72.94
STD = 90.02
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot"]
BLOCKS = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3)}


class BasicBlock(nn.Module):
    def __init__(self, inp, out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inp != out:
            self.downsample = nn.Sequential(nn.Conv2d(inp, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNetCifar(nn.Module):
    def __init__(self, depth, width, in_channels=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        inp = width
        self.num_stages = len(BLOCKS[depth])
        for i, n in enumerate(BLOCKS[depth]):
            out = width * 2 ** i
            stride = 1 if i == 0 else 2
            blocks = [BasicBlock(inp if j == 0 else out, out, stride if j == 0 else 1) for j in range(n)]
            self.add_module("layer%d" % (i + 1), nn.Sequential(*blocks))
            inp = out
        self.out_channels = inp

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        for i in range(self.num_stages):
            x = getattr(self, "layer%d" % (i + 1))(x)
        return x


class LinearClsHead(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.fc = nn.Linear(in_channels, num_classes)


class ImageClassifier(nn.Module):
    """backbone -> GlobalAveragePooling -> head.fc; forward returns the logits."""

    def __init__(self, depth, width, num_classes=10):
        super().__init__()
        self.backbone = ResNetCifar(depth, width)
        self.head = LinearClsHead(self.backbone.out_channels, num_classes)

    def forward(self, x):
        feat = self.backbone(x)
        return self.head.fc(feat.mean(dim=(2, 3)))


def build(kind):
    m = re.fullmatch(r"resnet(\d+)_cifar_w(\d+)", kind)
    if not m or int(m.group(1)) not in BLOCKS:
        raise SystemExit("model kind must be resnet<18|34>_cifar_w<width>, got %r" % kind)
    return ImageClassifier(int(m.group(1)), int(m.group(2)))


def read_idx(path):
    """An unsigned-byte IDX file (gzip when the name ends in .gz) as a numpy uint8 array."""
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    zero, dtype, nd = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit("%s is not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def load_split(prefix, split):
    """(images N x 1 x 28 x 28 float32 normalised like mmcv.imnormalize, labels int64) of a split prefix."""
    def pick(base):
        plain = os.path.join(prefix, base)
        return plain if os.path.exists(plain) else plain + ".gz"
    images = read_idx(pick(split + "-images-idx3-ubyte"))
    labels = read_idx(pick(split + "-labels-idx1-ubyte"))
    return normalize(images), torch.from_numpy(labels.astype(np.int64))


def normalize(images):
    # mmcv.imnormalize: float32 image, cv2.subtract(mean) then cv2.multiply(1/std), the float64
    # scalars cast to float32 first; the same float32 operations here give the same bits.
    mean = np.float32(MEAN)
    inv = np.float32(1.0 / np.float64(np.float32(STD)))
    x = (images.astype(np.float32) - mean) * inv
    return torch.from_numpy(np.ascontiguousarray(x[:, None, :, :]))


@torch.no_grad()
def predict(model, images, batch=500):
    model.eval()
    return torch.cat([model(images[i:i + batch]).argmax(dim=1) for i in range(0, len(images), batch)])


def top1(pred, labels):
    """mmcls accuracy_top-1 in percent."""
    return float((pred == labels).sum().item()) * 100.0 / len(labels)
