package io.mgd.core.engine.onnx;

import io.mgd.core.util.MgdException;
import java.util.List;

/**
 * {@code F.interpolate(x, size=like.shape[2:], mode, align_corners)} as an ONNX {@code Resize}
 * whose target size is read from {@code like} at run time ({@code Shape}, {@code Slice},
 * {@code Concat}), so it also holds for symbolic H/W. The coordinate rules are torch's:
 * {@code nearest} is {@code asymmetric} + {@code floor}, {@code bilinear} is
 * {@code align_corners} or {@code pytorch_half_pixel}.
 */
public final class OnnxResize {
    private OnnxResize() {}

    /**
     * Resizes the N×C×H×W value {@code x} to the spatial size of {@code like}.
     *
     * @param mode {@code nearest} or {@code bilinear}
     * @param alignCorners torch's {@code align_corners} (bilinear only)
     * @return the resized value
     */
    public static String like(OnnxGraph g, String x, String like, String mode, boolean alignCorners) {
        String nc = g.node("Slice", List.of(g.node("Shape", x), g.int64("nc_starts", 0), g.int64("nc_ends", 2),
                g.int64("nc_axes", 0)), java.util.Map.of());
        String hw = g.node("Slice", List.of(g.node("Shape", like), g.int64("hw_starts", 2), g.int64("hw_ends", 4),
                g.int64("hw_axes", 0)), java.util.Map.of());
        String sizes = g.node("Concat", List.of(nc, hw), OnnxGraph.attrs("axis", 0L));
        // opset 11 requires roi and scales as inputs; empty tensors mean "use sizes"
        String roi = g.floats("roi", new long[] {0});
        String scales = g.floats("scales", new long[] {0});
        List<String> in = List.of(x, roi, scales, sizes);
        return switch (mode) {
            case "nearest" -> g.node("Resize", in, OnnxGraph.attrs("mode", "nearest",
                    "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"));
            case "bilinear" -> g.node("Resize", in, OnnxGraph.attrs("mode", "linear",
                    "coordinate_transformation_mode", alignCorners ? "align_corners" : "pytorch_half_pixel"));
            default -> throw new MgdException("cannot export '" + g.currentPath() + "': interpolation mode '" + mode
                    + "' has no ONNX export (nearest, bilinear)");
        };
    }
}
