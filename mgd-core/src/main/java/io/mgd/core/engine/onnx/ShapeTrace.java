package io.mgd.core.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input and output shapes of every module call of one DJL forward on the example input, in
 * call order. Export emits modules in the same order as the forward runs them, so the k-th
 * emission of a module reads the shapes of its k-th call (a module called twice, such as a
 * block's shared ReLU, may see different shapes each time).
 */
final class ShapeTrace {
    /** Shapes of one call. */
    record Call(List<Shape> inputs, List<Shape> outputs) {}

    private final Map<Module, List<Call>> calls = new IdentityHashMap<>();
    private final Map<Module, Integer> cursor = new IdentityHashMap<>();
    private List<Shape> rootOutputs = List.of();

    private ShapeTrace() {}

    /** Runs {@code model.forward(example)} with hooks on every module; the model must be in eval mode. */
    static ShapeTrace record(Module model, NDArray example) {
        ShapeTrace t = new ShapeTrace();
        List<Module.HookHandle> handles = new ArrayList<>();
        try {
            for (Module m : model.namedModules().values()) {
                if (t.calls.containsKey(m)) {
                    continue;
                }
                t.calls.put(m, new ArrayList<>());
                handles.add(m.registerForwardHook((mod, in, out) ->
                        t.calls.get(mod).add(new Call(shapes(in), shapes(out)))));
            }
            NDList out = model.forward(new NDList(example));
            t.rootOutputs = shapes(out);
        } finally {
            handles.forEach(Module.HookHandle::remove);
        }
        return t;
    }

    private static List<Shape> shapes(NDList list) {
        List<Shape> out = new ArrayList<>(list.size());
        list.forEach(a -> out.add(a.getShape()));
        return out;
    }

    /** Marks the start of the next emission of {@code m}; returns its call, or null past the trace. */
    Call advance(Module m) {
        int k = cursor.merge(m, 1, Integer::sum) - 1;
        List<Call> c = calls.get(m);
        return c == null || k >= c.size() ? null : c.get(k);
    }

    /** The last output of the last call of {@code m} (what a distiller's output hook keeps). */
    Shape lastOutput(Module m) {
        List<Call> c = calls.get(m);
        List<Shape> out = c.get(c.size() - 1).outputs();
        return out.get(out.size() - 1);
    }

    List<Shape> rootOutputs() {
        return rootOutputs;
    }
}
