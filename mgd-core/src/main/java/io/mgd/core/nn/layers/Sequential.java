package io.mgd.core.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.engine.onnx.OnnxExportable;
import io.mgd.core.engine.onnx.OnnxGraph;
import io.mgd.core.nn.Intermediates;
import io.mgd.core.nn.Module;
import java.util.List;

/** {@code torch.nn.Sequential}: children named {@code 0, 1, ...}, applied in order. */
public final class Sequential extends Module implements OnnxExportable {
    private int size;

    public Sequential(NDManager manager) {
        super(manager);
    }

    public Sequential(NDManager manager, List<? extends Module> modules) {
        super(manager);
        modules.forEach(this::add);
    }

    /** Appends a module named by its index. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(size++), m);
        return this;
    }

    public int size() {
        return size;
    }

    public Module get(int i) {
        return child(Integer.toString(i));
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        Intermediates t = intermediates(inputs);
        NDList x = inputs;
        for (Module m : children().values()) {
            x = t.consume(m, x);
        }
        return x;
    }

    @Override
    public List<String> exportOnnx(OnnxGraph g, List<String> inputs) {
        List<String> x = inputs;
        for (Module m : children().values()) {
            x = g.call(m, x);
        }
        return x;
    }
}
