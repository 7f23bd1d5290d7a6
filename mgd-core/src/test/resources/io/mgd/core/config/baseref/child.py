_base_ = 'base.py'
num_classes = {{ _base_.model.head.num_classes }}
epochs = {{_base_.runner.max_epochs}}
norm = {{_base_.img_norm_cfg}}
indices = {{_base_.model.backbone.out_indices}}
# a name bound to a reference is resolved too
alias = epochs
model = dict(head=dict(num_classes={{ _base_.model.head.num_classes }}, extra=[{{_base_.name}}]))
nested = dict(a=[{{_base_.name}}, ({{ _base_.runner.type }}, 1)], b=dict(c={{_base_.img_norm_cfg.to_rgb}}))
