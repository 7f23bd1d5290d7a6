package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import java.util.ArrayList;
import java.util.List;

/** {@code torch.nn.ModuleList}: children named {@code 0, 1, ...}; has no forward of its own. */
public final class ModuleList extends Module {
    private final List<Module> items = new ArrayList<>();

    public ModuleList(NDManager manager) {
        super(manager);
    }

    public ModuleList add(Module m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public Module get(int i) {
        return items.get(i);
    }

    public int size() {
        return items.size();
    }

    public List<Module> asList() {
        return List.copyOf(items);
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        throw new UnsupportedOperationException("ModuleList has no forward; call its items");
    }
}
