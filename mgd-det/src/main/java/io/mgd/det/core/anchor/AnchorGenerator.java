package io.mgd.det.core.anchor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Default;
import java.util.ArrayList;
import java.util.List;

/**
 * mmdet's {@code AnchorGenerator} (2.x): per level, base anchors of size
 * {@code base_size · scale} for every (ratio, scale) pair, shifted over the feature grid.
 *
 * <p>Order (the one the heads' channel layout assumes): for {@code scale_major=True} base
 * anchor {@code ratio_idx · num_scales + scale_idx}; the grid is row-major (x fastest) and all
 * anchors of one location come before the next location. Ratio r gives h = √r, w = 1/√r; the
 * base centre is {@code center_offset · base_size}. Arithmetic is float32 in torch's operation
 * order, so anchors equal mmdet's bit for bit.
 */
public final class AnchorGenerator {
    private final int[][] strides; // (w, h) per level
    private final float[][] baseAnchors; // per level: A×4 flattened

    /**
     * Options, bound to the mmdet config keys. Exactly one of {@code scales} and
     * ({@code octave_base_scale}, {@code scales_per_octave}) must be set.
     *
     * @param strides per level, an int or a (w, h) pair
     * @param baseSizes per level; null means min(stride)
     * @param centers per level (x, y) centre of the base anchors; null means
     *     {@code center_offset · base_size}
     */
    public record Options(List<Object> strides, List<Double> ratios, @Default("null") List<Double> scales,
            @Default("null") List<Double> baseSizes, @Default("true") boolean scaleMajor,
            @Default("null") Double octaveBaseScale, @Default("null") Integer scalesPerOctave,
            @Default("null") List<List<Double>> centers, @Default("0.0") double centerOffset) {}

    /** Builds the generator; configuration errors are {@link ConfigException}s. */
    public AnchorGenerator(Options o) {
        if (o.centerOffset() != 0 && o.centers() != null) {
            throw new ConfigException("AnchorGenerator: centers cannot be set when center_offset != 0, got "
                    + o.centers());
        }
        if (!(o.centerOffset() >= 0 && o.centerOffset() <= 1)) {
            throw new ConfigException("AnchorGenerator: center_offset should be in range [0, 1], got "
                    + o.centerOffset());
        }
        int levels = o.strides().size();
        strides = new int[levels][];
        for (int i = 0; i < levels; i++) {
            strides[i] = pair(o.strides().get(i));
        }
        if (o.centers() != null && o.centers().size() != levels) {
            throw new ConfigException("AnchorGenerator: the number of strides should be the same as centers, got "
                    + o.strides() + " and " + o.centers());
        }
        double[] baseSizes = new double[levels];
        for (int i = 0; i < levels; i++) {
            baseSizes[i] = o.baseSizes() == null ? Math.min(strides[i][0], strides[i][1]) : o.baseSizes().get(i);
        }
        if (o.baseSizes() != null && o.baseSizes().size() != levels) {
            throw new ConfigException("AnchorGenerator: the number of strides should be the same as base sizes, got "
                    + o.strides() + " and " + o.baseSizes());
        }
        boolean octave = o.octaveBaseScale() != null && o.scalesPerOctave() != null;
        if (octave == (o.scales() != null)) {
            throw new ConfigException("AnchorGenerator: set either scales or octave_base_scale with "
                    + "scales_per_octave, not both and not neither");
        }
        float[] scales;
        if (octave) {
            int n = o.scalesPerOctave();
            scales = new float[n];
            for (int i = 0; i < n; i++) {
                scales[i] = (float) (Math.pow(2, (double) i / n) * o.octaveBaseScale()); // numpy float64, then float32
            }
        } else {
            scales = toFloats(o.scales());
        }
        float[] ratios = toFloats(o.ratios());
        baseAnchors = new float[levels][];
        for (int i = 0; i < levels; i++) {
            float cx;
            float cy;
            if (o.centers() != null) {
                cx = o.centers().get(i).get(0).floatValue();
                cy = o.centers().get(i).get(1).floatValue();
            } else {
                cx = (float) (o.centerOffset() * baseSizes[i]);
                cy = cx;
            }
            baseAnchors[i] = baseLevel((float) baseSizes[i], scales, ratios, o.scaleMajor(), cx, cy);
        }
    }

    private static float[] baseLevel(float size, float[] scales, float[] ratios, boolean scaleMajor, float cx,
            float cy) {
        int n = scales.length * ratios.length;
        float[] out = new float[n * 4];
        int k = 0;
        int outer = scaleMajor ? ratios.length : scales.length;
        int inner = scaleMajor ? scales.length : ratios.length;
        for (int a = 0; a < outer; a++) {
            for (int b = 0; b < inner; b++) {
                int r = scaleMajor ? a : b;
                int s = scaleMajor ? b : a;
                float hRatio = (float) Math.sqrt(ratios[r]);
                float wRatio = 1f / hRatio;
                // torch: (w * w_ratios[:, None] * scales[None, :]) or (w * scales[:, None] * w_ratios[None, :])
                float ws = scaleMajor ? size * wRatio * scales[s] : size * scales[s] * wRatio;
                float hs = scaleMajor ? size * hRatio * scales[s] : size * scales[s] * hRatio;
                out[k++] = cx - 0.5f * ws;
                out[k++] = cy - 0.5f * hs;
                out[k++] = cx + 0.5f * ws;
                out[k++] = cy + 0.5f * hs;
            }
        }
        return out;
    }

    private static int[] pair(Object stride) {
        if (stride instanceof Number n) {
            return new int[] {n.intValue(), n.intValue()};
        }
        if (stride instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a
                && l.get(1) instanceof Number b) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw new ConfigException("AnchorGenerator: each stride must be an int or a (w, h) pair, got " + stride);
    }

    private static float[] toFloats(List<Double> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    /** Number of feature levels. */
    public int numLevels() {
        return strides.length;
    }

    /** Anchors per feature location of each level (mmdet {@code num_base_priors}). */
    public int[] numBasePriors() {
        int[] out = new int[strides.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseAnchors[i].length / 4;
        }
        return out;
    }

    /** The (w, h) stride of a level. */
    public int[] stride(int level) {
        return strides[level].clone();
    }

    /** The base anchors of a level as A×4 floats, row-major. */
    public float[] baseAnchors(int level) {
        return baseAnchors[level].clone();
    }

    /**
     * Anchors of one level for a feature map of {@code featH × featW}, flattened (H·W·A)×4 in
     * mmdet order.
     */
    public float[] singleLevelGridPriors(int featH, int featW, int level) {
        float[] base = baseAnchors[level];
        int a = base.length / 4;
        float sw = strides[level][0];
        float sh = strides[level][1];
        float[] out = new float[featH * featW * a * 4];
        int k = 0;
        for (int y = 0; y < featH; y++) {
            float shiftY = y * sh;
            for (int x = 0; x < featW; x++) {
                float shiftX = x * sw;
                for (int j = 0; j < a; j++) {
                    out[k++] = base[j * 4] + shiftX;
                    out[k++] = base[j * 4 + 1] + shiftY;
                    out[k++] = base[j * 4 + 2] + shiftX;
                    out[k++] = base[j * 4 + 3] + shiftY;
                }
            }
        }
        return out;
    }

    /**
     * mmdet {@code grid_priors}: one (H·W·A)×4 float32 array per level.
     *
     * @param featmapSizes per level (h, w)
     */
    public List<NDArray> gridPriors(NDManager manager, int[][] featmapSizes) {
        checkLevels(featmapSizes);
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < featmapSizes.length; i++) {
            float[] a = singleLevelGridPriors(featmapSizes[i][0], featmapSizes[i][1], i);
            out.add(io.mgd.core.nn.Tensors.owned(manager.create(a, new Shape(a.length / 4, 4))));
        }
        return out;
    }

    /**
     * mmdet {@code valid_flags}: an anchor is valid when its feature location lies within
     * {@code ceil(pad / stride)} of the padded image.
     *
     * @param padShape (h, w) of the padded image
     * @return per level, H·W·A flags
     */
    public List<boolean[]> validFlags(int[][] featmapSizes, int[] padShape) {
        checkLevels(featmapSizes);
        List<boolean[]> out = new ArrayList<>();
        int[] priors = numBasePriors();
        for (int i = 0; i < featmapSizes.length; i++) {
            int fh = featmapSizes[i][0];
            int fw = featmapSizes[i][1];
            int vh = Math.min((int) Math.ceil((double) padShape[0] / strides[i][1]), fh);
            int vw = Math.min((int) Math.ceil((double) padShape[1] / strides[i][0]), fw);
            boolean[] flags = new boolean[fh * fw * priors[i]];
            int k = 0;
            for (int y = 0; y < fh; y++) {
                for (int x = 0; x < fw; x++) {
                    boolean v = x < vw && y < vh;
                    for (int j = 0; j < priors[i]; j++) {
                        flags[k++] = v;
                    }
                }
            }
            out.add(flags);
        }
        return out;
    }

    private void checkLevels(int[][] featmapSizes) {
        if (featmapSizes.length != strides.length) {
            throw new IllegalArgumentException("AnchorGenerator has " + strides.length + " levels but got "
                    + featmapSizes.length + " feature map sizes");
        }
    }
}
