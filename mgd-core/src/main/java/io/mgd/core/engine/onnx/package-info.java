/**
 * ONNX export of {@link io.mgd.core.nn.Module} trees and ONNX Runtime inference.
 *
 * <p>{@link io.mgd.core.engine.onnx.OnnxExporter} walks a model whose modules implement
 * {@link io.mgd.core.engine.onnx.OnnxExportable} and writes an ONNX file (protobuf classes of
 * {@code tribuo-util-onnx}); {@link io.mgd.core.engine.onnx.OnnxModel} runs such a file on the
 * ONNX Runtime CPU provider; {@link io.mgd.core.engine.onnx.OnnxVerifier} compares it with the
 * DJL forward; {@link io.mgd.core.engine.onnx.OnnxTeacherBackend} runs a frozen distillation
 * teacher on ONNX Runtime.
 */
package io.mgd.core.engine.onnx;
