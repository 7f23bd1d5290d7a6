package io.mgd.core.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph under construction during an export, as seen by {@link OnnxExportable} modules: it
 * names values and nodes after module paths ({@code backbone.layer1.0.conv1/Conv}), names weights
 * by their state-dict keys ({@code backbone.layer1.0.conv1.weight}), and records the outputs of
 * the module paths requested as extra outputs.
 */
public final class OnnxGraph {
    private final ExportOptions options;
    private final Map<Module, String> paths = new IdentityHashMap<>();
    private final ShapeTrace trace;
    private final List<GraphNode> nodes = new ArrayList<>();
    private final Map<String, Initializer> initializers = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, String> extraOutputs = new LinkedHashMap<>();
    private String spatialFixedBy;

    private record Frame(Module module, String path, ShapeTrace.Call call) {}

    OnnxGraph(Module root, ExportOptions options, ShapeTrace trace) {
        this.options = options;
        this.trace = trace;
        root.namedModules().forEach((p, m) -> paths.putIfAbsent(m, p));
        names.add(OnnxExporter.INPUT);
        for (String p : options.outputs()) {
            extraOutputs.put(p, null);
        }
    }

    /** The export options. */
    public ExportOptions options() {
        return options;
    }

    /** The target opset. */
    public int opset() {
        return options.opset();
    }

    /**
     * Emits {@code module} (a module of the exported tree) on {@code inputs}, recording its output
     * when its path was requested as an extra output.
     *
     * @return its output value names
     * @throws MgdException naming the module path when the module cannot be exported
     */
    public List<String> call(Module module, List<String> inputs) {
        String path = paths.get(module);
        if (path == null) {
            throw new MgdException("cannot export " + module.getClass().getSimpleName()
                    + ": it is not a module of the exported model");
        }
        if (!(module instanceof OnnxExportable e)) {
            throw new MgdException("cannot export module '" + (path.isEmpty() ? "<root>" : path) + "' ("
                    + module.getClass().getSimpleName() + ") to ONNX: it has no ONNX export yet");
        }
        stack.push(new Frame(module, path, trace.advance(module)));
        List<String> outputs;
        try {
            outputs = List.copyOf(e.exportOnnx(this, inputs));
        } finally {
            stack.pop();
        }
        if (extraOutputs.containsKey(path) && !outputs.isEmpty()) {
            extraOutputs.put(path, outputs.get(outputs.size() - 1));
        }
        return outputs;
    }

    /** {@link #call(Module, List)} for a module with one input and one output. */
    public String call(Module module, String input) {
        List<String> out = call(module, List.of(input));
        if (out.size() != 1) {
            throw new MgdException("module '" + paths.get(module) + "' gives " + out.size()
                    + " outputs where one was expected");
        }
        return out.get(0);
    }

    /**
     * Adds a node with one output, named after the module being emitted.
     *
     * @param attrs see {@link #attrs}
     * @return the output value name
     */
    public String node(String op, List<String> inputs, Map<String, Object> attrs) {
        String name = unique(prefix() + op);
        nodes.add(new GraphNode(name, op, new ArrayList<>(inputs), new ArrayList<>(List.of(name)),
                new LinkedHashMap<>(attrs)));
        return name;
    }

    /** A node without attributes. */
    public String node(String op, String... inputs) {
        return node(op, List.of(inputs), Map.of());
    }

    /**
     * A float32 initializer named {@code <path of owner>.<key>} (the state-dict key), added once
     * per name: a module emitted twice reuses its weights.
     */
    public String weight(Module owner, String key, NDArray value) {
        String path = paths.get(owner);
        String name = path == null || path.isEmpty() ? key : path + "." + key;
        if (!initializers.containsKey(name)) {
            float[] data = value.getDataType() == DataType.FLOAT32 ? value.toFloatArray()
                    : value.toType(DataType.FLOAT32, false).toFloatArray();
            addInitializer(Initializer.ofFloats(name, value.getShape().getShape(), data));
        }
        return name;
    }

    /** An int64 constant tensor (shapes, axes) named after the module being emitted. */
    public String int64(String hint, long... values) {
        String name = unique(prefix() + hint);
        addInitializer(Initializer.ofLongs(name, new long[] {values.length}, values.clone()));
        return name;
    }

    /** A float32 constant tensor of shape {@code dims} (resize ROIs, averaging matrices) named after the module. */
    public String floats(String hint, long[] dims, float... values) {
        String name = unique(prefix() + hint);
        addInitializer(Initializer.ofFloats(name, dims.clone(), values.clone()));
        return name;
    }

    /**
     * The input shapes the current emission of {@code module} saw in the traced DJL forward on the
     * example input; dimensions that are dynamic in the export are the example's values.
     */
    public List<Shape> inputShapes(Module module) {
        for (Frame f : stack) {
            if (f.module() == module && f.call() != null) {
                return f.call().inputs();
            }
        }
        throw new MgdException("no traced shapes for module '" + paths.get(module)
                + "': it did not run in the DJL forward on the example input");
    }

    /**
     * Keeps H and W of the input fixed even with {@code dynamic}: a module whose ONNX form needs a
     * known spatial size calls this.
     *
     * @param reason names the module and why, for the export summary
     */
    public void requireStaticSpatial(String reason) {
        if (spatialFixedBy == null) {
            spatialFixedBy = reason;
        }
    }

    /** Whether H and W of the input are symbolic in the written graph. */
    boolean dynamicSpatial() {
        return options.dynamic() && spatialFixedBy == null;
    }

    String spatialFixedBy() {
        return spatialFixedBy;
    }

    /** The path of the module being emitted (for messages). */
    public String currentPath() {
        return stack.isEmpty() ? "" : stack.peek().path();
    }

    /** Attributes from alternating names and values: {@code attrs("axis", 1)}. */
    public static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    /** A pads attribute ({@code [h_begin, w_begin, h_end, w_end]}) from symmetric (h, w) padding. */
    public static long[] pads(long h, long w) {
        return new long[] {h, w, h, w};
    }

    // ---- used by the exporter -----------------------------------------------------------

    /** Adds an Identity node writing {@code value} to the graph output {@code name}. */
    void output(String value, String name) {
        if (!names.add(name)) {
            throw new MgdException("graph output name '" + name + "' is already used by another value");
        }
        nodes.add(new GraphNode(unique(name + "/Identity"), "Identity", new ArrayList<>(List.of(value)),
                new ArrayList<>(List.of(name)), new LinkedHashMap<>()));
    }

    List<GraphNode> nodes() {
        return nodes;
    }

    Map<String, Initializer> initializers() {
        return initializers;
    }

    /** Requested extra outputs by path; the value is null when the module never ran. */
    Map<String, String> extraOutputs() {
        return extraOutputs;
    }

    private void addInitializer(Initializer init) {
        names.add(init.name());
        initializers.put(init.name(), init);
    }

    private String prefix() {
        String p = currentPath();
        return p.isEmpty() ? "" : p + "/";
    }

    private String unique(String base) {
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
