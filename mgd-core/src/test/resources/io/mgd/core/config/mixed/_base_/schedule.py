optimizer = dict(type='SGD', lr=0.1, momentum=0.9)
lr_config = dict(policy='step', step=[3, 6])
