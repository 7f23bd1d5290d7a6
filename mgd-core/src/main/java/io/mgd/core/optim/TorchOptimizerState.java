package io.mgd.core.optim;

import io.mgd.core.nn.Parameter;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * torch's {@code optimizer.state_dict()} layout shared by every optimizer: {@code state} maps a
 * parameter's running index (an int, counted across groups) to its per-parameter tensors, and
 * {@code param_groups} holds each group's hyper-parameters with {@code params} as index lists.
 */
final class TorchOptimizerState {
    private TorchOptimizerState() {}

    /** Builds the dict; {@code perParam} returns a parameter's state, or null when it has none yet. */
    static Map<String, Object> stateDict(List<ParamGroup> groups, Function<Parameter, Map<String, Object>> perParam) {
        Map<Object, Object> state = new LinkedHashMap<>();
        List<Object> groupList = new ArrayList<>();
        long index = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> opts = new LinkedHashMap<>(g.options());
            List<Long> ids = new ArrayList<>();
            for (Parameter p : g.params()) {
                Map<String, Object> ps = perParam.apply(p);
                if (ps != null) {
                    state.put(index, ps);
                }
                ids.add(index++);
            }
            opts.put("params", ids);
            groupList.add(opts);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        out.put("param_groups", groupList);
        return out;
    }

    /**
     * Restores hyper-parameters into {@code groups} and hands each parameter's saved state (a map,
     * keyed by int, long or string index as different writers store it) to {@code perParam}.
     */
    @SuppressWarnings("unchecked")
    static void loadStateDict(Map<String, Object> sd, List<ParamGroup> groups, BiConsumer<Parameter, Map<?, ?>> perParam) {
        List<Object> groupList = (List<Object>) sd.get("param_groups");
        Map<Object, Object> state = (Map<Object, Object>) sd.get("state");
        if (groupList == null || groupList.size() != groups.size()) {
            throw new MgdException("optimizer state has " + (groupList == null ? 0 : groupList.size())
                    + " param groups, expected " + groups.size());
        }
        int index = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            ((Map<String, Object>) groupList.get(gi)).forEach((k, v) -> {
                if (!"params".equals(k)) {
                    g.options().put(k, v);
                }
            });
            for (Parameter p : g.params()) {
                if (lookup(state, index++) instanceof Map<?, ?> m) {
                    perParam.accept(p, m);
                }
            }
        }
    }

    static Object lookup(Map<Object, Object> state, int index) {
        if (state == null) {
            return null;
        }
        Object ps = state.get(index);
        if (ps == null) {
            ps = state.get(Integer.toString(index));
        }
        return ps != null ? ps : state.get((long) index);
    }
}
