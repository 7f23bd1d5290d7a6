_base_ = ['_base_/model.yaml', '_base_/data.json', '_base_/schedule.py']
model = dict(head=dict(num_classes=20))
# a list replaces the base list wholesale
data = dict(train=dict(pipeline=[dict(type='ToTensor')]))
optimizer = dict(lr=0.05)
