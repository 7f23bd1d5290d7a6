#!/usr/bin/python3
"""Golden optimizer trajectories and clip_grad_norm_ results from PyTorch (1.13).

Writes mgd-core/src/test/resources/io/mgd/core/optim/optim_golden.json. Each optimizer runs
8 steps over two parameter groups (w: group 0, b: group 1 with its own lr multiplier and no
weight decay) on the loss  sum(c * (p - t)^2) + sum(n_k * p)  whose gradient depends on the
parameters, with a learning rate that changes every step (as warmup and step decay do).
Run: /usr/bin/python3 tools/golden/make_optim_fixtures.py
"""
import json
import os

import torch

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'mgd-core', 'src', 'test', 'resources',
                   'io', 'mgd', 'core', 'optim', 'optim_golden.json')
LRS = [0.1, 0.1, 0.05, 0.05, 0.2, 0.01, 0.01, 0.3]
B_MULT = 2.0


def t2l(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def make_problem():
    g = torch.Generator().manual_seed(1)
    init = {'w': torch.randn(3, 4, generator=g), 'b': torch.randn(4, generator=g)}
    target = {k: torch.randn(v.shape, generator=g) for k, v in init.items()}
    scale = {k: torch.rand(v.shape, generator=g) + 0.5 for k, v in init.items()}
    noise = {k: [torch.randn(v.shape, generator=g) * 0.3 for _ in LRS] for k, v in init.items()}
    return init, target, scale, noise


def run(opt_name, kwargs, problem):
    init, target, scale, noise = problem
    params = {k: torch.nn.Parameter(v.clone()) for k, v in init.items()}
    base_lr = LRS[0]
    groups = [{'params': [params['w']]}, {'params': [params['b']], 'lr': base_lr * B_MULT, 'weight_decay': 0.0}]
    opt = getattr(torch.optim, opt_name)(groups, lr=base_lr, **kwargs)
    traj = {'w': [], 'b': []}
    for k, lr in enumerate(LRS):
        opt.param_groups[0]['lr'] = lr
        opt.param_groups[1]['lr'] = lr * B_MULT
        opt.zero_grad()
        loss = sum((scale[n] * (params[n] - target[n]) ** 2).sum() + (noise[n][k] * params[n]).sum()
                   for n in params)
        loss.backward()
        opt.step()
        for n in params:
            traj[n].append(t2l(params[n]))
    return traj


def clip_case(max_norm, norm_type):
    g = torch.Generator().manual_seed(2)
    shapes = [(2, 3), (5,), (2, 2, 2)]
    grads = [torch.randn(s, generator=g) for s in shapes]
    params = [torch.nn.Parameter(torch.zeros(s)) for s in shapes]
    for p, gr in zip(params, grads):
        p.grad = gr.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
    return {'max_norm': max_norm, 'norm_type': 'inf' if norm_type == float('inf') else norm_type,
            'shapes': [list(s) for s in shapes], 'grads': [t2l(x) for x in grads],
            'total_norm': float(total), 'clipped': [t2l(p.grad) for p in params]}


def main():
    problem = make_problem()
    init, target, scale, noise = problem
    out = {
        'torch_version': torch.__version__,
        'lrs': LRS, 'b_lr_mult': B_MULT,
        'shapes': {k: list(v.shape) for k, v in init.items()},
        'init': {k: t2l(v) for k, v in init.items()},
        'target': {k: t2l(v) for k, v in target.items()},
        'scale': {k: t2l(v) for k, v in scale.items()},
        'noise': {k: [t2l(x) for x in v] for k, v in noise.items()},
        'runs': {
            'sgd': {'type': 'SGD', 'cfg': {'momentum': 0.9, 'weight_decay': 1e-2},
                    'traj': run('SGD', dict(momentum=0.9, weight_decay=1e-2), problem)},
            'sgd_nesterov': {'type': 'SGD', 'cfg': {'momentum': 0.9, 'weight_decay': 1e-2, 'nesterov': True},
                             'traj': run('SGD', dict(momentum=0.9, weight_decay=1e-2, nesterov=True), problem)},
            'adamw': {'type': 'AdamW', 'cfg': {'betas': [0.9, 0.99], 'eps': 1e-8, 'weight_decay': 0.05},
                      'traj': run('AdamW', dict(betas=(0.9, 0.99), eps=1e-8, weight_decay=0.05), problem)},
            'adam': {'type': 'Adam', 'cfg': {'weight_decay': 1e-2},
                     'traj': run('Adam', dict(weight_decay=1e-2), problem)},
            'adam_amsgrad': {'type': 'Adam', 'cfg': {'amsgrad': True},
                             'traj': run('Adam', dict(amsgrad=True), problem)},
        },
        'clip': [clip_case(1.0, 2.0), clip_case(100.0, 2.0), clip_case(0.5, float('inf')), clip_case(2.0, 1.0)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f)
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
