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
}
