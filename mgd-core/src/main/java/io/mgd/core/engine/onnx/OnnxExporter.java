package io.mgd.core.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's eval-mode forward as an ONNX file, like mmcv's {@code pytorch2onnx}: one input
 * {@code input}, the model outputs, and optional extra outputs named by module path for a teacher
 * that runs on ONNX Runtime. Every module of the path taken by the forward must implement
 * {@link OnnxExportable}. Weights are float32 initializers named by their state-dict keys.
 *
 * <p>The model is traced once with DJL on a zero input of {@link ExportOptions#inputShape} to learn
 * the shapes each module sees; it is put in eval mode for the export and back in training mode
 * afterwards if it was training.
 */
public final class OnnxExporter {
    /** The name of the graph input. */
    public static final String INPUT = "input";

    private OnnxExporter() {}

    /**
     * Exports {@code model} to {@code out} (written to a temporary file first, so a failed export
     * leaves an existing file untouched).
     *
     * @throws MgdException when a module cannot be exported, an extra output path does not exist or
     *     is not reached by the forward, or the file cannot be written
     */
    public static ExportResult export(Module model, ExportOptions opts, Path out) {
        for (String p : opts.outputs()) {
            try {
                model.getSubmodule(p);
            } catch (MgdException e) {
                throw new MgdException("--outputs " + p + ": " + e.getMessage(), e);
            }
            if (p.isEmpty()) {
                throw new MgdException("--outputs: an empty module path names the whole model, whose outputs are "
                        + "already graph outputs");
            }
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDManager m = model.manager();
            NDArray example = m.zeros(new Shape(opts.inputShape()));
            ShapeTrace trace = ShapeTrace.record(model, example);
            OnnxGraph g = new OnnxGraph(model, opts, trace);
            List<String> values = g.call(model, List.of(INPUT));
            List<Shape> shapes = trace.rootOutputs();
            if (values.size() != shapes.size()) {
                throw new MgdException("export of " + model.getClass().getSimpleName() + " gives " + values.size()
                        + " outputs but its DJL forward returns " + shapes.size());
            }
            boolean dynSpatial = g.dynamicSpatial();
            List<ModelWriter.Port> outputs = new ArrayList<>();
            List<String> primaryNames = OnnxExportable.outputNamesOf(model, values.size());
            for (int i = 0; i < values.size(); i++) {
                String name = primaryNames.get(i);
                g.output(values.get(i), name);
                outputs.add(port(name, shapes.get(i), opts.dynamic(), dynSpatial));
            }
            for (Map.Entry<String, String> e : g.extraOutputs().entrySet()) {
                if (e.getValue() == null) {
                    throw new MgdException("--outputs " + e.getKey() + ": module '" + e.getKey()
                            + "' did not run during the export forward of " + model.getClass().getSimpleName());
                }
                Shape s = trace.lastOutput(model.getSubmodule(e.getKey()));
                g.output(e.getValue(), e.getKey());
                outputs.add(port(e.getKey(), s, opts.dynamic(), dynSpatial));
            }
            int folded = opts.foldBn() ? BnFolding.fold(g.nodes(), g.initializers()) : 0;
            BnFolding.pruneUnused(g.nodes(), g.initializers());
            ModelWriter.Port input = port(INPUT, new Shape(opts.inputShape()), opts.dynamic(), dynSpatial);
            OnnxMl.ModelProto proto = ModelWriter.build(model.getClass().getSimpleName(), opts.opset(), g.nodes(),
                    g.initializers(), List.of(input), outputs);
            write(proto, out);
            List<String> names = new ArrayList<>();
            outputs.forEach(p -> names.add(p.name()));
            return new ExportResult(out, INPUT, names, dynSpatial, g.spatialFixedBy(), folded);
        } finally {
            if (wasTraining) {
                model.train(true);
            }
        }
    }

    /** Batch symbolic when dynamic; dims past the channel one symbolic when H/W are. */
    private static ModelWriter.Port port(String name, Shape s, boolean dynamic, boolean dynSpatial) {
        String[] sym = new String[s.dimension()];
        if (dynamic && sym.length > 0) {
            sym[0] = "batch";
        }
        if (dynSpatial) {
            for (int i = 2; i < sym.length; i++) {
                sym[i] = INPUT.equals(name) ? (i == 2 ? "height" : i == 3 ? "width" : "dim" + i) : "";
            }
        }
        return new ModelWriter.Port(name, s, sym);
    }

    private static void write(OnnxMl.ModelProto proto, Path out) {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = out.resolveSibling(out.getFileName() + ".part");
            try (OutputStream os = Files.newOutputStream(tmp)) {
                proto.writeTo(os);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MgdException("cannot write ONNX file " + out + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is only left behind after a failed move
                }
            }
        }
    }
}
