package io.mgd.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.mgd.core.nn.GradMode;
import io.mgd.core.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared torch 1.13 Adam/AdamW update (single-tensor path). {@code decoupled} selects AdamW's
 * {@code w *= 1 - lr*wd} instead of Adam's L2 term {@code g += wd*w}. Scalars (bias corrections,
 * step size) are computed in double like Python and applied to float32 tensors like torch.
 */
abstract class AdamCore implements Optimizer {
    private final List<ParamGroup> groups;
    private final boolean decoupled;
    private final Map<Parameter, State> states = new HashMap<>();

    /** Per-parameter state: torch's {@code step}, {@code exp_avg}, {@code exp_avg_sq}, amsgrad max. */
    private static final class State {
        long step;
        NDArray expAvg;
        NDArray expAvgSq;
        NDArray maxExpAvgSq;

        void close() {
            for (NDArray a : new NDArray[] {expAvg, expAvgSq, maxExpAvgSq}) {
                if (a != null) {
                    a.close();
                }
            }
        }
    }

    AdamCore(List<ParamGroup> groups, boolean decoupled, double defaultWeightDecay) {
        this.groups = List.copyOf(groups);
        this.decoupled = decoupled;
        for (ParamGroup g : groups) {
            g.options().putIfAbsent("betas", List.of(0.9, 0.999));
            g.options().putIfAbsent("eps", 1e-8);
            g.options().putIfAbsent("weight_decay", defaultWeightDecay);
            g.options().putIfAbsent("amsgrad", false);
            g.options().putIfAbsent("initial_lr", g.lr());
        }
    }

    @Override
    public List<ParamGroup> paramGroups() {
        return groups;
    }

    @Override
    public void step() {
        try (NDScope scope = new NDScope(); GradMode.NoGrad noGrad = GradMode.disabled()) {
            scope.suppressNotUsedWarning();
            for (ParamGroup g : groups) {
                stepGroup(g);
            }
        }
    }

    private void stepGroup(ParamGroup g) {
        double lr = g.lr();
        List<?> betas = (List<?>) g.options().get("betas");
        double beta1 = ((Number) betas.get(0)).doubleValue();
        double beta2 = ((Number) betas.get(1)).doubleValue();
        double eps = g.get("eps", 1e-8);
        double wd = g.get("weight_decay", 0);
        boolean amsgrad = Boolean.TRUE.equals(g.options().get("amsgrad"));
        for (Parameter p : g.params()) {
            NDArray grad = p.grad();
            if (grad == null) {
                continue;
            }
            NDArray w = p.data();
            State s = states.computeIfAbsent(p, k -> newState(w, amsgrad));
            s.step++;
            if (decoupled) {
                w.muli((float) (1 - lr * wd));
            } else if (wd != 0) {
                grad = grad.add(w.mul((float) wd));
            }
            s.expAvg.muli((float) beta1).addi(grad.mul((float) (1 - beta1)));
            s.expAvgSq.muli((float) beta2).addi(grad.mul(grad).muli((float) (1 - beta2)));
            double bc1 = 1 - Math.pow(beta1, s.step);
            double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
            NDArray second = s.expAvgSq;
            if (amsgrad) {
                NDArray max = keep(s.maxExpAvgSq.maximum(s.expAvgSq), w);
                s.maxExpAvgSq.close();
                s.maxExpAvgSq = max;
                second = max;
            }
            NDArray denom = second.sqrt().divi((float) bc2Sqrt).addi((float) eps);
            w.subi(s.expAvg.div(denom).muli((float) (lr / bc1)));
        }
    }

    private static State newState(NDArray w, boolean amsgrad) {
        State s = new State();
        s.expAvg = keep(w.zerosLike(), w);
        s.expAvgSq = keep(w.zerosLike(), w);
        if (amsgrad) {
            s.maxExpAvgSq = keep(w.zerosLike(), w);
        }
        return s;
    }

    private static NDArray keep(NDArray a, NDArray owner) {
        a.attach(owner.getManager());
        NDScope.unregister(a);
        return a;
    }

    @Override
    public Map<String, Object> stateDict() {
        return TorchOptimizerState.stateDict(groups, p -> {
            State s = states.get(p);
            if (s == null) {
                return null;
            }
            Map<String, Object> ps = new LinkedHashMap<>();
            ps.put("step", s.step);
            ps.put("exp_avg", s.expAvg);
            ps.put("exp_avg_sq", s.expAvgSq);
            if (s.maxExpAvgSq != null) {
                ps.put("max_exp_avg_sq", s.maxExpAvgSq);
            }
            return ps;
        });
    }

    @Override
    public void loadStateDict(Map<String, Object> sd) {
        TorchOptimizerState.loadStateDict(sd, groups, (p, m) -> {
            if (!(m.get("exp_avg") instanceof NDArray)) {
                return;
            }
            State s = new State();
            Object step = m.get("step");
            s.step = step instanceof NDArray a ? (long) a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .getDouble() : ((Number) step).longValue();
            s.expAvg = copyFor((NDArray) m.get("exp_avg"), p);
            s.expAvgSq = copyFor((NDArray) m.get("exp_avg_sq"), p);
            if (m.get("max_exp_avg_sq") instanceof NDArray max) {
                s.maxExpAvgSq = copyFor(max, p);
            }
            State old = states.put(p, s);
            if (old != null) {
                old.close();
            }
        });
    }

    private static NDArray copyFor(NDArray src, Parameter p) {
        NDArray copy = io.mgd.core.nn.Tensors.ownedCopy(src, p.data().getDataType());
        return keep(copy, p.data());
    }
}
