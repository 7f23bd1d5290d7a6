package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import java.util.Set;

/**
 * {@code torch.nn.ModuleDict}: children in insertion order under their own names (keys
 * {@code <name>.<param>}); has no forward of its own.
 */
public final class ModuleDict extends Module {
    public ModuleDict(NDManager manager) {
        super(manager);
    }

    /** Adds a child; names must be unique and contain no dot. Returns this for chaining. */
    public ModuleDict put(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    /** The child named {@code name}, or null. */
    public Module get(String name) {
        return child(name);
    }

    /** Whether a child of this name exists. */
    public boolean containsKey(String name) {
        return child(name) != null;
    }

    /** Child names in insertion order. */
    public Set<String> keySet() {
        return children().keySet();
    }

    public int size() {
        return children().size();
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        throw new UnsupportedOperationException("ModuleDict has no forward; call its items");
    }
}
