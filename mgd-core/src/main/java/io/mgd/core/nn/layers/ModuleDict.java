package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.ModuleDict}: children named by their keys in insertion order, so a child
 * {@code loss_mgd} contributes keys {@code loss_mgd.*}. It has no forward of its own.
 */
public final class ModuleDict extends Module {
    private final Map<String, Module> items = new LinkedHashMap<>();

    public ModuleDict(NDManager manager) {
        super(manager);
    }

    /** Adds {@code module} under {@code key}; keys are attribute names (no dots) and unique. */
    public ModuleDict put(String key, Module module) {
        registerModule(key, module);
        items.put(key, module);
        return this;
    }

    /** The module under {@code key}, or null. */
    public Module get(String key) {
        return items.get(key);
    }

    public boolean containsKey(String key) {
        return items.containsKey(key);
    }

    /** The keys in insertion order (read-only). */
    public java.util.Set<String> keySet() {
        return Collections.unmodifiableSet(items.keySet());
    }

    public int size() {
        return items.size();
    }

    /** The entries in insertion order (read-only). */
    public Map<String, Module> asMap() {
        return Collections.unmodifiableMap(items);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        throw new UnsupportedOperationException("ModuleDict has no forward; call its items");
    }
}
