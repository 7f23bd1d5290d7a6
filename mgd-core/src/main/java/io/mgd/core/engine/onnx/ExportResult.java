package io.mgd.core.engine.onnx;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link OnnxExporter#export} wrote.
 *
 * @param file the ONNX file
 * @param inputName the graph input ({@code input})
 * @param outputNames the graph outputs: the model's outputs ({@code output}, or {@code output_0},
 *     {@code output_1}, … when it returns several), then the extra outputs named by module path
 * @param dynamicSpatial whether H and W are symbolic
 * @param staticSpatialReason why H and W stayed fixed under {@code dynamic}, or null
 * @param foldedBatchNorms how many BatchNorms were folded into convolutions
 */
public record ExportResult(Path file, String inputName, List<String> outputNames, boolean dynamicSpatial,
        String staticSpatialReason, int foldedBatchNorms) {
    public ExportResult {
        outputNames = List.copyOf(outputNames);
    }
}
