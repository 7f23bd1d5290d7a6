package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Registries;
import io.mgd.det.core.anchor.AnchorGenerator;
import io.mgd.det.core.bbox.BboxOverlaps;
import io.mgd.det.core.bbox.coder.BboxCoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AnchorGenerator, bbox_overlaps and DeltaXYWHBBoxCoder against the PyTorch fixtures. */
class AnchorAndBboxParityTest extends DetTestSupport {

    private void checkAnchors(String name, ConfigDict cfg, int[][] sizes, int[] pad) {
        AnchorGenerator g = (AnchorGenerator) build(Registries.ANCHOR_GENERATORS, cfg);
        List<NDArray> anchors = g.gridPriors(manager, sizes);
        List<boolean[]> valid = g.validFlags(sizes, pad);
        for (int l = 0; l < sizes.length; l++) {
            close(fx("anchors/" + name + "." + l), anchors.get(l), 0); // bit-exact
            long[] expected = fx("anchors/" + name + "." + l + ".valid").toLongArray();
            long[] actual = new long[valid.get(l).length];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = valid.get(l)[i] ? 1 : 0;
            }
            assertArrayEquals(expected, actual, name + " valid flags level " + l);
        }
    }

    @Test
    void retinaAnchorsMatchMmdet() {
        checkAnchors("retina", ConfigDict.of("type", "AnchorGenerator", "octave_base_scale", 4L, "scales_per_octave",
                3L, "ratios", List.of(0.5, 1.0, 2.0), "strides", List.of(8L, 16L, 32L)),
                new int[][] {{5, 7}, {3, 4}, {2, 2}}, new int[] {36, 50});
    }

    @Test
    void rpnAnchorsMatchMmdet() {
        checkAnchors("rpn", ConfigDict.of("type", "AnchorGenerator", "scales", List.of(8L), "ratios",
                List.of(0.5, 1.0, 2.0), "strides", List.of(4L, 8L)), new int[][] {{6, 5}, {3, 3}}, new int[] {21, 17});
    }

    @Test
    void ratioMajorWithCenterOffsetMatchesMmdet() {
        checkAnchors("ratio_major_offset", ConfigDict.of("type", "AnchorGenerator", "scales", List.of(2.0, 3.0),
                "ratios", List.of(0.25, 1.0), "strides", List.of(10L), "scale_major", false, "center_offset", 0.5),
                new int[][] {{3, 2}}, new int[] {30, 20});
    }

    @Test
    void anchorGeneratorRejectsBothScaleForms() {
        ConfigException e = assertThrows(ConfigException.class, () -> build(Registries.ANCHOR_GENERATORS,
                ConfigDict.of("type", "AnchorGenerator", "scales", List.of(8L), "octave_base_scale", 4L,
                        "scales_per_octave", 3L, "ratios", List.of(1.0), "strides", List.of(8L))));
        assertEquals(true, e.getMessage().contains("either scales or octave_base_scale"), e.getMessage());
    }

    @Test
    void overlapsMatchMmdet() {
        NDArray b1 = fx("bbox/b1");
        NDArray b2 = fx("bbox/b2");
        for (String mode : List.of("iou", "iof", "giou")) {
            close(fx("bbox/" + mode), BboxOverlaps.bboxOverlaps(b1, b2, mode, false, 1e-6), 1e-6);
            close(fx("bbox/" + mode + ".aligned"),
                    BboxOverlaps.bboxOverlaps(b1.get("0:5"), b2, mode, true, 1e-6), 1e-6);
        }
        assertEquals(new Shape(0, 5), BboxOverlaps.iou(manager.zeros(new Shape(0, 4)), b2).getShape());
        assertEquals(1f, BboxOverlaps.iou(b1, b2).getFloat(0, 0), 1e-6);
    }

    private BboxCoder coder(Object... extra) {
        ConfigDict cfg = ConfigDict.of("type", "DeltaXYWHBBoxCoder");
        for (int i = 0; i < extra.length; i += 2) {
            cfg.put((String) extra[i], extra[i + 1]);
        }
        return (BboxCoder) build(Registries.BBOX_CODERS, cfg);
    }

    @Test
    void coderEncodeDecodeMatchMmdet() {
        NDArray props = fx("coder/proposals");
        NDArray gts = fx("coder/gts");
        NDArray deltas = fx("coder/deltas");
        List<Double> means = List.of(0.1, -0.1, 0.05, 0.0);
        List<Double> stds = List.of(0.1, 0.1, 0.2, 0.2);
        close(fx("coder/encoded"), coder().encode(props, gts), 1e-5);
        close(fx("coder/encoded_norm"), coder("target_means", means, "target_stds", stds).encode(props, gts), 1e-4);
        close(fx("coder/decoded"), coder().decode(props, deltas, null), 1e-4);
        close(fx("coder/decoded_clip"), coder().decode(props, deltas, new int[] {40, 45}), 1e-4);
        close(fx("coder/decoded_norm"), coder("target_means", means, "target_stds", stds)
                .decode(props, deltas, new int[] {60, 70, 3}), 1e-4);
        close(fx("coder/decoded_ctr"), coder("add_ctr_clamp", true, "ctr_clamp", 8L).decode(props, deltas, null),
                1e-4);
        close(fx("coder/decoded2"), coder().decode(props, fx("coder/deltas2"), new int[] {50, 50}), 1e-4);
        // clip_border=False ignores max_shape
        close(fx("coder/decoded"), coder("clip_border", false).decode(props, deltas, new int[] {40, 45}), 1e-4);
    }
}
