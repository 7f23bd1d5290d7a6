model = dict(
    type='ResNet',
    depth=18 if True else 50)
