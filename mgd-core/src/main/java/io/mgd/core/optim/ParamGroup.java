package io.mgd.core.optim;

import io.mgd.core.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A torch-style parameter group: parameters plus mutable hyper-parameters ({@code lr},
 * {@code initial_lr}, {@code weight_decay}, {@code momentum}, ...). LR hooks change {@code lr}.
 */
public final class ParamGroup {
    private final List<String> names;
    private final List<Parameter> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    public ParamGroup(List<String> names, List<Parameter> params, Map<String, Object> options) {
        if (names.size() != params.size()) {
            throw new IllegalArgumentException("names and params differ in size");
        }
        this.names = List.copyOf(names);
        this.params = List.copyOf(params);
        this.options.putAll(options);
    }

    public List<Parameter> params() {
        return params;
    }

    /** Dotted parameter names, parallel to {@link #params()}. */
    public List<String> names() {
        return names;
    }

    /** Hyper-parameters of this group in torch's key names. */
    public Map<String, Object> options() {
        return options;
    }

    public double lr() {
        return ((Number) options.get("lr")).doubleValue();
    }

    public void setLr(double lr) {
        options.put("lr", lr);
    }

    public double get(String key, double def) {
        Object v = options.get(key);
        return v instanceof Number n ? n.doubleValue() : def;
    }
}
