package io.mgd.core.optim;

import ai.djl.ndarray.NDArray;
import io.mgd.core.nn.GradMode;
import io.mgd.core.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.SGD} with torch's exact formula: {@code d = g + wd*w};
 * {@code buf = mu*buf + (1-dampening)*d} (first step {@code buf = d}); nesterov
 * {@code d = d + mu*buf} else {@code d = buf}; {@code w -= lr*d}. Matching the formula (not just
 * one step) keeps runs identical to PyTorch across LR changes.
 */
public final class SGD implements Optimizer {
    private final List<ParamGroup> groups;
    private final Map<Parameter, NDArray> momentumBuffers = new HashMap<>();

    public SGD(List<ParamGroup> groups) {
        this.groups = List.copyOf(groups);
        for (ParamGroup g : groups) {
            g.options().putIfAbsent("momentum", 0.0);
            g.options().putIfAbsent("dampening", 0.0);
            g.options().putIfAbsent("weight_decay", 0.0);
            g.options().putIfAbsent("nesterov", false);
            g.options().putIfAbsent("initial_lr", g.lr());
        }
    }

    @Override
    public List<ParamGroup> paramGroups() {
        return groups;
    }

    @Override
    public void step() {
        // Temporaries (grad wrappers, products) are freed by the scope; buffers are kept.
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope();
                GradMode.NoGrad noGrad = GradMode.disabled()) {
            scope.suppressNotUsedWarning();
            stepInScope();
        }
    }

    private void stepInScope() {
        for (ParamGroup g : groups) {
            float lr = (float) g.lr();
            float mu = (float) g.get("momentum", 0);
            float damp = (float) g.get("dampening", 0);
            float wd = (float) g.get("weight_decay", 0);
            boolean nesterov = Boolean.TRUE.equals(g.options().get("nesterov"));
            for (Parameter p : g.params()) {
                NDArray grad = p.grad();
                if (grad == null) {
                    continue;
                }
                NDArray w = p.data();
                NDArray d = wd != 0 ? grad.add(w.mul(wd)) : grad;
                if (mu != 0) {
                    NDArray buf = momentumBuffers.get(p);
                    if (buf == null) {
                        buf = d.duplicate();
                        buf.attach(w.getManager());
                        ai.djl.ndarray.NDScope.unregister(buf);
                        momentumBuffers.put(p, buf);
                    } else {
                        buf.muli(mu).addi(damp != 0 ? d.mul(1 - damp) : d);
                    }
                    d = nesterov ? d.add(buf.mul(mu)) : buf;
                }
                w.subi(d.mul(lr));
            }
        }
    }

    @Override
    public Map<String, Object> stateDict() {
        return TorchOptimizerState.stateDict(groups, p -> {
            NDArray buf = momentumBuffers.get(p);
            return buf == null ? null : new LinkedHashMap<>(Map.of("momentum_buffer", buf));
        });
    }

    @Override
    public void loadStateDict(Map<String, Object> sd) {
        TorchOptimizerState.loadStateDict(sd, groups, (p, m) -> {
            if (m.get("momentum_buffer") instanceof NDArray buf) {
                NDArray copy = io.mgd.core.nn.Tensors.ownedCopy(buf, p.data().getDataType());
                copy.attach(p.data().getManager());
                NDArray old = momentumBuffers.put(p, copy);
                if (old != null) {
                    old.close();
                }
            }
        });
    }
}
