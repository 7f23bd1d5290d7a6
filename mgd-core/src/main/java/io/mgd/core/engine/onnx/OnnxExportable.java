package io.mgd.core.engine.onnx;

import java.util.List;

/**
 * A {@link io.mgd.core.nn.Module} that can write its eval-mode forward as ONNX nodes. Each layer
 * emits its own nodes and asks the graph to emit its children ({@link OnnxGraph#call}), so the
 * exported graph follows the module tree and hooked module paths can become graph outputs.
 */
public interface OnnxExportable {
    /**
     * Emits this module's forward (eval mode) into {@code graph}.
     *
     * @param inputs value names, one per element of the {@code NDList} the forward receives
     * @return value names, one per element of the {@code NDList} the forward returns
     */
    List<String> exportOnnx(OnnxGraph graph, List<String> inputs);

    /**
     * The graph output names of this module's outputs when it is the exported model: {@code
     * output}, or {@code output_0}, {@code output_1}, … by default; a detector names its
     * per-level head outputs ({@code cls_score_0}, …, {@code bbox_pred_0}, …).
     *
     * @param count the number of outputs of the forward
     */
    default List<String> onnxOutputNames(int count) {
        return defaultOutputNames(count);
    }

    /** {@code output} for one output, else {@code output_0} … {@code output_<count-1>}. */
    static List<String> defaultOutputNames(int count) {
        if (count == 1) {
            return List.of("output");
        }
        List<String> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add("output_" + i);
        }
        return out;
    }

    /** The output names of {@code module} as an exported root (the defaults for a non-exportable one). */
    static List<String> outputNamesOf(Object module, int count) {
        List<String> names = module instanceof OnnxExportable e ? e.onnxOutputNames(count) : defaultOutputNames(count);
        if (names.size() != count) {
            throw new io.mgd.core.util.MgdException(module.getClass().getSimpleName() + " names " + names.size()
                    + " ONNX outputs but its forward returns " + count);
        }
        return names;
    }
}
