package io.mgd.core.engine.onnx;

import io.mgd.core.util.MgdException;
import java.util.List;

/**
 * What {@link OnnxExporter#export} writes.
 *
 * @param inputShape the example input, e.g. {@code [1, 3, 224, 224]}; fixes every dimension that
 *     is not dynamic
 * @param opset the ONNX opset, 11 (the default, as mmcv's pytorch2onnx) to 17
 * @param dynamic a symbolic batch dimension and, when the model allows, symbolic H and W (the
 *     {@code --dynamic-export} flag)
 * @param outputs module paths whose outputs become extra graph outputs named by the path, e.g.
 *     {@code backbone.layer4}; a module with several outputs gives its last one, as the
 *     distillers' hooks do
 * @param foldBn fold each eval BatchNorm into the convolution that feeds it (when nothing else
 *     reads the convolution's output)
 * @param softmax classifiers end with a softmax over classes, like mmcls {@code simple_test};
 *     false exports the logits
 */
public record ExportOptions(long[] inputShape, int opset, boolean dynamic, List<String> outputs, boolean foldBn,
        boolean softmax) {
    /** The opset used when none is given. */
    public static final int DEFAULT_OPSET = 11;
    /** The lowest supported opset. */
    public static final int MIN_OPSET = 11;
    /** The highest supported opset. */
    public static final int MAX_OPSET = 17;

    public ExportOptions {
        if (inputShape == null || inputShape.length < 2) {
            throw new MgdException("export input shape must have at least 2 dimensions (N, C, ...), got "
                    + (inputShape == null ? "none" : java.util.Arrays.toString(inputShape)));
        }
        for (long d : inputShape) {
            if (d <= 0) {
                throw new MgdException("export input shape must be positive, got "
                        + java.util.Arrays.toString(inputShape));
            }
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new MgdException("--opset " + opset + " is not supported; use " + MIN_OPSET + " to " + MAX_OPSET);
        }
        inputShape = inputShape.clone();
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** Opset 11, static shapes, no extra outputs, BatchNorm kept, softmax on. */
    public static ExportOptions of(long... inputShape) {
        return new ExportOptions(inputShape, DEFAULT_OPSET, false, List.of(), false, true);
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** A copy with another opset. */
    public ExportOptions withOpset(int n) {
        return new ExportOptions(inputShape, n, dynamic, outputs, foldBn, softmax);
    }

    /** A copy with dynamic axes on or off. */
    public ExportOptions withDynamic(boolean on) {
        return new ExportOptions(inputShape, opset, on, outputs, foldBn, softmax);
    }

    /** A copy with these extra outputs (module paths). */
    public ExportOptions withOutputs(List<String> paths) {
        return new ExportOptions(inputShape, opset, dynamic, paths, foldBn, softmax);
    }

    /** A copy with BatchNorm folding on or off. */
    public ExportOptions withFoldBn(boolean on) {
        return new ExportOptions(inputShape, opset, dynamic, outputs, on, softmax);
    }

    /** A copy with the classifier softmax on or off. */
    public ExportOptions withSoftmax(boolean on) {
        return new ExportOptions(inputShape, opset, dynamic, outputs, foldBn, on);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExportOptions e && java.util.Arrays.equals(inputShape, e.inputShape) && opset == e.opset
                && dynamic == e.dynamic && outputs.equals(e.outputs) && foldBn == e.foldBn && softmax == e.softmax;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(inputShape), opset, dynamic, outputs, foldBn, softmax);
    }

    @Override
    public String toString() {
        return "ExportOptions[inputShape=" + java.util.Arrays.toString(inputShape) + ", opset=" + opset
                + ", dynamic=" + dynamic + ", outputs=" + outputs + ", foldBn=" + foldBn + ", softmax=" + softmax + "]";
    }
}
