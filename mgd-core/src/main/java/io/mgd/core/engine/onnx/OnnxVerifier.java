package io.mgd.core.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Compares an exported model run in ONNX Runtime with the DJL forward of the module it came from
 * (the {@code --verify} of pytorch2onnx): the primary outputs ({@code output}/{@code output_i}, or
 * the names of {@link OnnxExportable#onnxOutputNames}) against the forward's outputs, and each extra output named by a module path against that module's last
 * output captured by a forward hook.
 */
public final class OnnxVerifier {
    private OnnxVerifier() {}

    /** Verifies against {@code module.forward} (eval mode). */
    public static Map<String, Double> verify(Module module, Path onnxPath, NDList inputs) {
        return verify(module, module::forward, onnxPath, inputs);
    }

    /**
     * Verifies with {@code reference} as the DJL side of the primary outputs, e.g. a classifier's
     * logits for a model exported without softmax; hooks on {@code module} still give the extra
     * outputs.
     *
     * @return the max absolute difference per ONNX output name, in graph order
     * @throws MgdException when an output has no DJL counterpart or the shapes differ
     */
    public static Map<String, Double> verify(Module module, UnaryOperator<NDList> reference, Path onnxPath,
            NDList inputs) {
        try (OnnxModel model = OnnxModel.load(onnxPath)) {
            return verify(module, reference, model, inputs);
        }
    }

    /** {@link #verify(Module, UnaryOperator, Path, NDList)} on an already loaded model. */
    public static Map<String, Double> verify(Module module, UnaryOperator<NDList> reference, OnnxModel model,
            NDList inputs) {
        boolean wasTraining = module.isTraining();
        module.eval();
        List<Module.HookHandle> hooks = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, NDArray> hooked = new LinkedHashMap<>();
            Map<String, MgdException> unresolved = new LinkedHashMap<>();
            for (String name : model.outputNames()) {
                Module target;
                try {
                    target = module.getSubmodule(name);
                } catch (MgdException e) {
                    // a primary output (output, cls_score_0, ...), known once the forward ran
                    unresolved.put(name, e);
                    continue;
                }
                hooks.add(target.registerForwardHook((m, in, out) -> hooked.put(name, out.get(out.size() - 1))));
            }
            NDList ref = reference.apply(inputs);
            hooks.forEach(Module.HookHandle::remove);
            hooks.clear();
            List<String> primary = OnnxExportable.outputNamesOf(module, ref.size());
            Map<String, NDArray> onnx = model.run(inputs, List.of(), inputs.head().getManager());
            Map<String, Double> diffs = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : onnx.entrySet()) {
                String name = e.getKey();
                int i = primary.indexOf(name);
                if (i < 0 && unresolved.containsKey(name)) {
                    throw new MgdException("ONNX output '" + name + "' of '" + model.path()
                            + "' has no DJL counterpart: it is none of the forward's outputs " + primary + " and "
                            + unresolved.get(name).getMessage(), unresolved.get(name));
                }
                NDArray expected = i >= 0 ? ref.get(i) : hooked.get(name);
                if (expected == null) {
                    throw new MgdException("module '" + name + "' did not run in the DJL forward, so ONNX output '"
                            + name + "' cannot be verified");
                }
                NDArray actual = e.getValue();
                if (!expected.getShape().equals(actual.getShape())) {
                    throw new MgdException("ONNX output '" + name + "' has shape " + actual.getShape()
                            + " but the DJL forward gives " + expected.getShape());
                }
                diffs.put(name, (double) expected.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .sub(actual).abs().max().getFloat());
            }
            return diffs;
        } finally {
            hooks.forEach(Module.HookHandle::remove);
            if (wasTraining) {
                module.train(true);
            }
        }
    }
}
