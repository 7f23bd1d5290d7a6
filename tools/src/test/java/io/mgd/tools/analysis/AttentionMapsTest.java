package io.mgd.tools.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.util.MgdException;
import org.junit.jupiter.api.Test;

/** Attention maps, their resizing, normalisation, cosine and colours against hand-computed numbers. */
class AttentionMapsTest {
    // sample 0: channel 0 = [[1, -2], [3, 0]], channel 1 = [[-1, 0], [1, 4]] -> mean |x| = [[1, 1], [2, 2]]
    // sample 1: channel 0 = 0, channel 1 = [[2, -2], [2, -2]]               -> [[1, 1], [1, 1]]
    private static final float[] FEATURE = {1, -2, 3, 0, -1, 0, 1, 4, 0, 0, 0, 0, 2, -2, 2, -2};

    @Test
    void attentionIsTheChannelMeanOfAbsoluteValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray att = AttentionMaps.spatialAttention(m.create(FEATURE, new Shape(2, 2, 2, 2)), "x");
            assertEquals(new Shape(2, 2, 2), att.getShape());
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 1, 1}, att.toFloatArray(), 1e-6f);
            MgdException e = assertThrows(MgdException.class,
                    () -> AttentionMaps.spatialAttention(m.ones(new Shape(2, 3)), "head.fc"));
            assertEquals(true, e.getMessage().contains("head.fc"));
        }
    }

    @Test
    void resizeIsTorchBilinearWithoutAlignedCorners() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray up = AttentionMaps.resize(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2)), 4, 4);
            // F.interpolate(x, size=4, mode='bilinear', align_corners=False): source coordinate
            // (d + 0.5) / 2 - 0.5, clamped at 0 and at the last pixel.
            assertArrayEquals(new float[] {
                1.0f, 1.25f, 1.75f, 2.0f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2.5f, 2.75f, 3.25f, 3.5f,
                3.0f, 3.25f, 3.75f, 4.0f}, up.toFloatArray(), 1e-6f);
            NDArray same = m.create(new float[] {5, 6}, new Shape(1, 1, 2));
            assertEquals(same, AttentionMaps.resize(same, 1, 2));
        }
    }

    @Test
    void cosineAndNormalisation() {
        // 1·1 + 1·2 + 2·3 + 2·4 = 17; |a| = √10, |b| = √30
        assertEquals(17 / Math.sqrt(300), AttentionMaps.cosine(new float[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4}), 1e-12);
        assertEquals(1.0, AttentionMaps.cosine(new float[] {1, 1, 2, 2}, new float[] {2, 2, 4, 4}), 1e-12);
        assertEquals(0.0, AttentionMaps.cosine(new float[] {0, 0}, new float[] {1, 2}), 0);
        assertThrows(IllegalArgumentException.class, () -> AttentionMaps.cosine(new float[2], new float[3]));
        assertArrayEquals(new float[] {0, 0, 1, 1}, AttentionMaps.normalize(new float[] {1, 1, 2, 2}), 0);
        assertArrayEquals(new float[] {0, 0.25f, 1}, AttentionMaps.normalize(new float[] {-1, 0, 3}), 1e-7f);
        assertArrayEquals(new float[] {0, 0}, AttentionMaps.normalize(new float[] {7, 7}), 0);
    }

    @Test
    void collectorKeepsComparisonMapsAndNormalisedPictures() {
        try (NDManager m = NDManager.newBaseManager()) {
            AttentionCollector c = new AttentionCollector("layer", new long[] {1, 1}, 1, 4, 4);
            NDArray f = m.create(FEATURE, new Shape(2, 2, 2, 2));
            c.onForward(null, new NDList(), new NDList(f));
            c.checkCount(2);
            assertArrayEquals(new long[] {2, 2, 2}, c.featureShape());
            // resized to 1x1 by bilinear: the centre of a 2x2 map is the mean of its four values
            assertArrayEquals(new float[] {1.5f}, c.maps().get(0), 1e-6f);
            assertArrayEquals(new float[] {1.0f}, c.maps().get(1), 1e-6f);
            assertEquals(1, c.pictures().size());
            // [[1,1],[2,2]] upsampled to 4x4 rows 1, 1.25, 1.75, 2 -> normalised 0, 0.25, 0.75, 1
            float[] p = c.pictures().get(0);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f}, java.util.Arrays.copyOf(p, 8), 1e-6f);
            assertThrows(MgdException.class, () -> c.checkCount(3));
        }
    }

    @Test
    void jetColormapEndsAndMiddle() {
        assertEquals(0x000080, Heatmaps.jet(0));
        assertEquals(0x80FF80, Heatmaps.jet(0.5));
        assertEquals(0x800000, Heatmaps.jet(1));
        assertEquals(Heatmaps.jet(1), Heatmaps.jet(3), "clamped");
        assertEquals(0x0080FF, Heatmaps.jet(0.25) & 0xFFFFFF);
    }
}
