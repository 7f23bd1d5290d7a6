package io.mgd.tools.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.mgd.core.nn.ForwardHook;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;

/**
 * A forward hook that turns a layer's output into spatial attention maps
 * ({@link AttentionMaps#spatialAttention}) batch by batch, in sample order, and keeps them as
 * Java arrays: every sample's map at a comparison size (for cosine similarity), and the first
 * {@code keep} maps upsampled to the input size and normalised to [0, 1] (for pictures).
 */
public final class AttentionCollector implements ForwardHook {
    private final String layer;
    private final long[] compareSize;
    private final int keep;
    private final int imageH;
    private final int imageW;
    private final List<float[]> maps = new ArrayList<>();
    private final List<float[]> pictures = new ArrayList<>();
    private long[] featureShape;

    /**
     * @param layer the hooked module path (for messages)
     * @param compareSize {@code {h, w}} the maps are resized to for comparison, or null for the
     *     layer's own size
     * @param keep how many leading samples get a picture map
     * @param imageH input height the picture maps are upsampled to
     * @param imageW input width
     */
    public AttentionCollector(String layer, long[] compareSize, int keep, int imageH, int imageW) {
        this.layer = layer;
        this.compareSize = compareSize == null ? null : compareSize.clone();
        this.keep = keep;
        this.imageH = imageH;
        this.imageW = imageW;
    }

    @Override
    public void onForward(Module module, NDList inputs, NDList outputs) {
        NDArray feature = outputs.get(0);
        NDArray att = AttentionMaps.spatialAttention(feature, layer).toType(DataType.FLOAT32, false);
        if (featureShape == null) {
            featureShape = new long[] {feature.getShape().get(1), feature.getShape().get(2), feature.getShape().get(3)};
        }
        int n = (int) att.getShape().get(0);
        NDArray cmp = compareSize == null ? att : AttentionMaps.resize(att, compareSize[0], compareSize[1]);
        addRows(cmp.toFloatArray(), n, maps);
        int pictureRows = Math.min(n, keep - pictures.size());
        if (pictureRows > 0) {
            NDArray up = AttentionMaps.resize(att.get("0:" + pictureRows), imageH, imageW);
            List<float[]> rows = new ArrayList<>();
            addRows(up.toFloatArray(), pictureRows, rows);
            rows.forEach(r -> pictures.add(AttentionMaps.normalize(r)));
        }
    }

    private static void addRows(float[] flat, int n, List<float[]> into) {
        int per = flat.length / n;
        for (int i = 0; i < n; i++) {
            float[] row = new float[per];
            System.arraycopy(flat, i * per, row, 0, per);
            into.add(row);
        }
    }

    /** Every sample's map at the comparison size, in sample order. */
    public List<float[]> maps() {
        return maps;
    }

    /** The first {@code keep} maps at the input size, normalised to [0, 1]. */
    public List<float[]> pictures() {
        return pictures;
    }

    /** {@code (C, H, W)} of the layer's output. */
    public long[] featureShape() {
        if (featureShape == null) {
            throw new MgdException("layer '" + layer + "' was never run: is it on the model's test path?");
        }
        return featureShape.clone();
    }

    /** {@code {H, W}} of the layer's own maps. */
    public long[] mapSize() {
        long[] s = featureShape();
        return new long[] {s[1], s[2]};
    }

    /** Checks one map per sample, i.e. the layer ran exactly once per image. */
    public void checkCount(int samples) {
        if (maps.size() != samples) {
            throw new MgdException("layer '" + layer + "' produced " + maps.size() + " maps for " + samples
                    + " images (it must run exactly once per forward)");
        }
    }
}
