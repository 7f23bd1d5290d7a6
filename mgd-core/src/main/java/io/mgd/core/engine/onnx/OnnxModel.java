package io.mgd.core.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mgd.core.util.MgdException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model loaded in ONNX Runtime (CPU execution provider) with float32 inputs and outputs.
 * Thread-safe for {@code run}; {@link #close()} releases the native session.
 */
public final class OnnxModel implements AutoCloseable {
    /**
     * Session settings.
     *
     * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose (one per
     *     physical core)
     * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
     */
    public record Options(int intraOpThreads, int interOpThreads) {
        public Options {
            if (intraOpThreads < 0 || interOpThreads < 0) {
                throw new MgdException("ONNX Runtime thread counts must be >= 0, got intra-op " + intraOpThreads
                        + ", inter-op " + interOpThreads);
            }
        }

        /** ONNX Runtime's own thread choices. */
        public static Options defaults() {
            return new Options(0, 0);
        }
    }

    private final Path path;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions sessionOptions;
    private final OrtSession session;
    private final List<String> inputNames;
    private final List<String> outputNames;

    private OnnxModel(Path path, OrtEnvironment env, OrtSession.SessionOptions so, OrtSession session) {
        this.path = path;
        this.env = env;
        this.sessionOptions = so;
        this.session = session;
        this.inputNames = List.copyOf(session.getInputNames());
        this.outputNames = List.copyOf(session.getOutputNames());
    }

    /** Loads {@code path} with {@link Options#defaults()}. */
    public static OnnxModel load(Path path) {
        return load(path, Options.defaults());
    }

    /**
     * Loads an ONNX file.
     *
     * @throws MgdException naming the file when it is missing or ONNX Runtime rejects it
     */
    public static OnnxModel load(Path path, Options options) {
        if (!Files.isRegularFile(path)) {
            throw new MgdException("ONNX model '" + path + "' does not exist"
                    + (path.isAbsolute() ? "" : " (looked in " + path.toAbsolutePath().normalize() + ")"));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new OnnxModel(path, env, so, env.createSession(path.toString(), so));
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw new MgdException("ONNX Runtime cannot load '" + path + "': " + e.getMessage(), e);
        }
    }

    /** The file this model was loaded from. */
    public Path path() {
        return path;
    }

    /** Graph input names, in graph order. */
    public List<String> inputNames() {
        return inputNames;
    }

    /**
     * The declared shape of a graph input, -1 for a symbolic (dynamic) dimension.
     *
     * @throws MgdException when the model has no such tensor input
     */
    public long[] inputShape(String name) {
        try {
            ai.onnxruntime.NodeInfo info = session.getInputInfo().get(name);
            if (info == null || !(info.getInfo() instanceof ai.onnxruntime.TensorInfo t)) {
                throw new MgdException("ONNX model '" + path + "' has no tensor input '" + name + "'; its inputs are "
                        + inputNames);
            }
            return t.getShape();
        } catch (OrtException e) {
            throw new MgdException("ONNX Runtime cannot describe the inputs of '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Graph output names, in graph order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * Runs the graph on plain arrays.
     *
     * @param inputs by input name; every graph input must be given
     * @param outputs the outputs to compute (empty: all), by name
     * @return the requested outputs by name, in the order asked (graph order for all)
     */
    public Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, Collection<String> outputs) {
        Set<String> wanted = checkOutputs(outputs);
        for (String name : inputNames) {
            if (!inputs.containsKey(name)) {
                throw new MgdException("ONNX model '" + path + "' needs input '" + name + "'; given " + inputs.keySet());
            }
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> e : inputs.entrySet()) {
                if (!inputNames.contains(e.getKey())) {
                    throw new MgdException("ONNX model '" + path + "' has no input '" + e.getKey() + "'; its inputs are "
                            + inputNames);
                }
                FloatTensor t = e.getValue();
                feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape()));
            }
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(feed, wanted)) {
                for (String name : wanted) {
                    OnnxValue v = r.get(name).orElseThrow();
                    if (!(v instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                        throw new MgdException("ONNX model '" + path + "' output '" + name + "' is not a float tensor");
                    }
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    out.put(name, new FloatTensor(data, t.getInfo().getShape()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new MgdException("ONNX Runtime failed to run '" + path + "': " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Runs a single-input model on {@code data} with {@code shape}; all outputs. */
    public Map<String, FloatTensor> run(float[] data, long[] shape) {
        return run(Map.of(singleInput(), new FloatTensor(data, shape)), List.of());
    }

    /**
     * Runs the graph on DJL arrays (converted to float32), inputs in graph order.
     *
     * @param outputs the outputs to compute (empty: all)
     * @param manager owns the returned arrays
     */
    public Map<String, NDArray> run(NDList inputs, Collection<String> outputs, NDManager manager) {
        if (inputs.size() != inputNames.size()) {
            throw new MgdException("ONNX model '" + path + "' takes " + inputNames.size() + " inputs " + inputNames
                    + ", got " + inputs.size());
        }
        Map<String, FloatTensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            NDArray a = inputs.get(i);
            float[] data = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray()
                    : a.toType(DataType.FLOAT32, false).toFloatArray();
            feed.put(inputNames.get(i), new FloatTensor(data, a.getShape().getShape()));
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        run(feed, outputs).forEach((k, t) -> out.put(k, manager.create(t.data(), new Shape(t.shape()))));
        return out;
    }

    /** {@link #run(NDList, Collection, NDManager)} for all outputs. */
    public Map<String, NDArray> run(NDList inputs, NDManager manager) {
        return run(inputs, List.of(), manager);
    }

    /**
     * Runs a single-input model on a batch of images ({@code tools/test}'s loop): a static export's
     * fixed batch size (1 by default) takes the batch in pieces, whose outputs are concatenated
     * along axis 0.
     *
     * @param outputs the outputs to compute (empty: all)
     * @param manager owns the returned arrays
     * @throws MgdException when a fixed dimension of the input (channels, H, W) differs from the
     *     images', naming the export options that fit them
     */
    public Map<String, NDArray> runBatched(NDArray images, Collection<String> outputs, NDManager manager) {
        String input = singleInput();
        long[] declared = inputShape(input);
        long[] shape = images.getShape().getShape();
        for (int d = 1; d < declared.length; d++) {
            if (declared.length != shape.length || declared[d] > 0 && declared[d] != shape[d]) {
                throw new MgdException("ONNX model '" + path + "' takes input " + java.util.Arrays.toString(declared)
                        + " (-1: dynamic) but the test images are " + images.getShape() + "; export with --shape "
                        + (shape.length == 4 ? shape[2] + " " + shape[3] : "H W") + " or --dynamic-export");
            }
        }
        int n = (int) shape[0];
        int chunk = declared[0] > 0 ? (int) declared[0] : n;
        Map<String, NDList> parts = new LinkedHashMap<>();
        for (int from = 0; from < n; from += chunk) {
            NDArray piece = chunk >= n ? images : images.get(from + ":" + Math.min(n, from + chunk));
            run(new NDList(piece), outputs, manager).forEach((k, v) ->
                    parts.computeIfAbsent(k, x -> new NDList()).add(v));
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        parts.forEach((k, l) -> out.put(k, l.size() == 1 ? l.get(0) : ai.djl.ndarray.NDArrays.concat(l, 0)));
        return out;
    }

    private String singleInput() {
        if (inputNames.size() != 1) {
            throw new MgdException("ONNX model '" + path + "' has " + inputNames.size() + " inputs " + inputNames
                    + "; name them");
        }
        return inputNames.get(0);
    }

    private Set<String> checkOutputs(Collection<String> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            return new LinkedHashSet<>(outputNames);
        }
        List<String> unknown = new ArrayList<>();
        for (String o : outputs) {
            if (!outputNames.contains(o)) {
                unknown.add(o);
            }
        }
        if (!unknown.isEmpty()) {
            throw new MgdException("ONNX model '" + path + "' has no output " + unknown + "; its outputs are "
                    + outputNames);
        }
        return new LinkedHashSet<>(outputs);
    }

    /** Releases the session; the shared ONNX Runtime environment stays. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new MgdException("cannot close ONNX Runtime session of '" + path + "': " + e.getMessage(), e);
        } finally {
            sessionOptions.close();
        }
    }
}
