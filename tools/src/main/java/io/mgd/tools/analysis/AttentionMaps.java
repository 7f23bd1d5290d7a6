package io.mgd.tools.analysis;

import ai.djl.ndarray.NDArray;
import io.mgd.core.nn.functional.F;
import io.mgd.core.util.MgdException;

/**
 * Spatial attention maps of a feature map, as in the MGD paper's analysis figure: the mean over
 * channels of the absolute activation, compared between models by cosine similarity.
 */
public final class AttentionMaps {
    private AttentionMaps() {}

    /**
     * The spatial attention of an {@code (N, C, H, W)} feature: {@code mean_c |x[n, c, h, w]|},
     * shape {@code (N, H, W)}.
     *
     * @param where names the layer in the error when the feature is not 4-D
     */
    public static NDArray spatialAttention(NDArray feature, String where) {
        if (feature.getShape().dimension() != 4) {
            throw new MgdException("layer '" + where + "' output has shape " + feature.getShape()
                    + "; a spatial attention map needs an (N, C, H, W) feature map");
        }
        return feature.abs().mean(new int[] {1});
    }

    /**
     * Resizes {@code (N, H, W)} maps to {@code (N, h, w)} with PyTorch's bilinear interpolation
     * ({@code F.interpolate(..., mode='bilinear', align_corners=False)}); unchanged when the size
     * already matches.
     */
    public static NDArray resize(NDArray maps, long h, long w) {
        if (maps.getShape().get(1) == h && maps.getShape().get(2) == w) {
            return maps;
        }
        return F.interpolate(maps.expandDims(1), new long[] {h, w}, "bilinear", false).squeeze(1);
    }

    /**
     * Min–max normalisation to [0, 1] for display; a constant map becomes all zeros. (Cosine
     * similarity is computed on the raw maps: it ignores their scale, and subtracting the minimum
     * would change it.)
     */
    public static float[] normalize(float[] map) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[map.length];
        double range = max - min;
        if (range > 0) {
            for (int i = 0; i < map.length; i++) {
                out[i] = (float) ((map[i] - min) / range);
            }
        }
        return out;
    }

    /**
     * Cosine similarity {@code a·b / (|a| |b|)} of two flattened maps of the same size; 0 when
     * either is all zeros.
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps differ in size: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
