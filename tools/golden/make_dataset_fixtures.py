#!/usr/bin/python3
"""Tiny CIFAR fixtures for mgd-cls dataset tests, written with real pickle + numpy.

Writes under mgd-cls/src/test/resources/io/mgd/cls/datasets/:
  cifar10/cifar-10-batches-py/{data_batch_1..5,test_batch,batches.meta}
      batches 1-4: pickle protocol 2 (Python 3: bytes via _codecs.encode);
      batch 5: a hand-written Python 2 cPickle-style stream (BINSTRING raw data), as in the
      real CIFAR download; test_batch: protocol 4; meta: protocol 2.
  cifar100/cifar-100-python/{train,test,meta}: protocol 5 (numpy _frombuffer) and 3.
Pixel k of image i (across the split) is (i * 31 + k * 7) % 256; see CifarTest.
Run from the repository root: /usr/bin/python3 tools/golden/make_dataset_fixtures.py
"""
import os
import pickle
import struct

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'mgd-cls/src/test/resources/io/mgd/cls/datasets')


def pixels(first, n):
    i = np.arange(first, first + n)[:, None]
    k = np.arange(3072)[None, :]
    return ((i * 31 + k * 7) % 256).astype(np.uint8)


def py2_pickle(entry):
    """A Python 2 cPickle (protocol 2) dict of str keys, an int list and one uint8 ndarray."""
    out = bytearray(b'\x80\x02}q\x00(')

    def binstring(s):
        return b'T' + struct.pack('<i', len(s)) + s

    for key, value in entry.items():
        out += b'U' + bytes([len(key)]) + key.encode('latin1')
        if isinstance(value, list):
            out += b'](' + b''.join(b'K' + bytes([v]) if isinstance(v, int)
                                    else b'U' + bytes([len(v)]) + v.encode('latin1') for v in value) + b'e'
        elif isinstance(value, str):
            out += b'U' + bytes([len(value)]) + value.encode('latin1')
        else:
            a = value
            out += b'cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85U\x01b\x87R'
            out += b'(K\x01' + b'M' + struct.pack('<H', a.shape[0]) + b'M' + struct.pack('<H', a.shape[1]) + b'\x86'
            out += b'cnumpy\ndtype\nU\x02u1K\x00K\x01\x87R(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb'
            out += b'\x89' + binstring(a.tobytes()) + b'tb'
    out += b'u.'
    return bytes(out)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def cifar10():
    folder = os.path.join(OUT, 'cifar10/cifar-10-batches-py')
    first = 0
    for b in range(1, 6):
        entry = {'batch_label': f'training batch {b} of 5', 'labels': [(first + j) % 10 for j in range(2)],
                 'data': pixels(first, 2), 'filenames': [f'img_{first + j}.png' for j in range(2)]}
        if b == 5:
            data = py2_pickle(entry)
            assert pickle.loads(data, encoding='latin1')['data'].tobytes() == entry['data'].tobytes()
        else:
            data = pickle.dumps(entry, protocol=2)
        write(os.path.join(folder, f'data_batch_{b}'), data)
        first += 2
    test = {'batch_label': 'testing batch 1 of 1', 'labels': [7, 3, 9], 'data': pixels(0, 3)}
    write(os.path.join(folder, 'test_batch'), pickle.dumps(test, protocol=4))
    names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']
    write(os.path.join(folder, 'batches.meta'), pickle.dumps({'label_names': names, 'num_vis': 3072}, protocol=2))


def cifar100():
    folder = os.path.join(OUT, 'cifar100/cifar-100-python')
    train = {'fine_labels': [5, 99, 0, 42], 'coarse_labels': [1, 2, 3, 4], 'data': pixels(0, 4)}
    write(os.path.join(folder, 'train'), pickle.dumps(train, protocol=5))
    test = {'fine_labels': [11, 12], 'coarse_labels': [0, 0], 'data': pixels(0, 2)}
    write(os.path.join(folder, 'test'), pickle.dumps(test, protocol=3))
    names = [f'class_{i:02d}' for i in range(100)]
    write(os.path.join(folder, 'meta'), pickle.dumps({'fine_label_names': names, 'coarse_label_names': []}, 3))


if __name__ == '__main__':
    cifar10()
    cifar100()
    print('numpy', np.__version__)
