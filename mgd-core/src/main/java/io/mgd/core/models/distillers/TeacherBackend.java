package io.mgd.core.models.distillers;

import ai.djl.ndarray.NDList;

/**
 * Runs the frozen teacher of a distiller and returns its hooked features. The default runs the
 * DJL teacher module with forward hooks; {@code io.mgd.core.engine.onnx.OnnxTeacherBackend} runs
 * an exported teacher on ONNX Runtime ({@code teacher_backend='onnxruntime'}).
 */
public interface TeacherBackend extends AutoCloseable {
    /**
     * The teacher's features for a batch, one per distill location in {@code distill_cfg} order,
     * without autograd graph, in arrays owned by the inputs' manager (the step's scope).
     *
     * @param inputs the batch images as the first element
     */
    TeacherFeatures forward(NDList inputs);

    /** Releases native resources (an ONNX Runtime session); a no-op by default. */
    @Override
    default void close() {}
}
