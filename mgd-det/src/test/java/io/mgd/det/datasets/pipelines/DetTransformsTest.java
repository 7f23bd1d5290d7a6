package io.mgd.det.datasets.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.Image;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** mmdet Resize/RandomFlip/Pad/LoadAnnotations/DefaultFormatBundle box and shape arithmetic, hand-checked. */
class DetTransformsTest {
    /** nextDouble() == 0.5 always. */
    static final RandomGenerator HALF = () -> 1L << 63;

    /** A w×h 3-channel uint8 image whose pixel (y, x, c) = (y * 7 + x * 3 + c) mod 256. */
    static Image image(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) (y * 7 + x * 3 + c);
                }
            }
        }
        return Image.ofUint8(h, w, 3, px);
    }

    /** What LoadImageFromFile + LoadAnnotations leave: an image and boxes listed in bbox_fields. */
    static Map<String, Object> results(Image img, float... boxes) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", img);
        r.put("img_shape", img.shape());
        r.put("ori_shape", img.shape());
        r.put("gt_bboxes", Boxes.of(boxes));
        r.put("bbox_fields", new ArrayList<>(List.of("gt_bboxes")));
        return r;
    }

    static float[] boxes(Map<String, Object> r, String key) {
        return (float[]) ((HostArray) r.get(key)).data();
    }

    static Resize resize(Object... kv) {
        ConfigDict c = ConfigDict.of(kv);
        return new Resize(new Resize.Options(c.get("img_scale"), (String) c.getOrDefault("multiscale_mode", "range"),
                c.get("ratio_range") == null ? null
                        : ((List<?>) c.get("ratio_range")).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray(),
                (Boolean) c.getOrDefault("keep_ratio", true), (Boolean) c.getOrDefault("bbox_clip_border", true), "cv2",
                "bilinear", (Boolean) c.getOrDefault("override", false)));
    }

    @Test
    void resizeKeepRatioScalesAndClipsBoxesLikeMmdet() {
        // 101×61 into (50, 40): factor min(50/101, 40/61) → 50×30; scale_factor = [50/101, 30/61] in float32.
        Map<String, Object> r = results(image(101, 61), 10, 20, 120, 70, 0.5f, 3.25f, 77.7f, 40.1f);
        resize("img_scale", List.of(50, 40)).apply(r, new SplittableRandom(0));
        assertEquals(List.of(30, 50, 3), r.get("img_shape"));
        assertEquals(List.of(30, 50, 3), r.get("pad_shape"));
        assertEquals(List.of(50, 40), r.get("scale"));
        assertEquals(0, r.get("scale_idx"));
        assertArrayEquals(new float[] {0.4950495f, 0.4918033f, 0.4950495f, 0.4918033f}, (float[]) r.get("scale_factor"));
        // numpy: boxes * scale_factor, then x clipped to [0, 50], y to [0, 30].
        assertArrayEquals(new float[] {4.95049524307251f, 9.836065292358398f, 50f, 30f,
            0.24752475321292877f, 1.5983606576919556f, 38.4653434753418f, 19.721311569213867f}, boxes(r, "gt_bboxes"));
        assertEquals(true, r.get("keep_ratio"));

        Map<String, Object> noClip = results(image(101, 61), 10, 20, 120, 70);
        resize("img_scale", List.of(50, 40), "bbox_clip_border", false).apply(noClip, new SplittableRandom(0));
        assertArrayEquals(new float[] {4.95049524307251f, 9.836065292358398f, 59.405941009521484f,
            34.426231384277344f}, boxes(noClip, "gt_bboxes"));
    }

    @Test
    void resizeWithoutKeepRatioUsesTheExactSize() {
        Map<String, Object> r = results(image(100, 60), 10, 20, 90, 50);
        resize("img_scale", List.of(40, 30), "keep_ratio", false).apply(r, new SplittableRandom(0));
        Image img = (Image) r.get("img");
        assertEquals(40, img.width());
        assertEquals(30, img.height());
        assertArrayEquals(new float[] {0.4f, 0.5f, 0.4f, 0.5f}, (float[]) r.get("scale_factor"));
        assertArrayEquals(new float[] {4f, 10f, 36f, 25f}, boxes(r, "gt_bboxes"));
    }

    @Test
    void scalesAcceptPythonTuplesAndYamlLists() {
        assertEquals(1, Args.scales(io.mgd.core.config.Tuple.of(1333L, 800L), "Resize", "img_scale").size());
        assertEquals(1, Args.scales(List.of(1333L, 800L), "Resize", "img_scale").size());
        List<int[]> two = Args.scales(List.of(io.mgd.core.config.Tuple.of(1333L, 640L),
                io.mgd.core.config.Tuple.of(1333L, 800L)), "Resize", "img_scale");
        assertArrayEquals(new int[] {1333, 800}, two.get(1));
        assertThrows(ConfigException.class, () -> Args.scales(List.of(1.5, 2.0), "Resize", "img_scale"));
    }

    @Test
    void resizeDrawsScales() {
        // ratio_range: ratio = u * (max - min) + min = 0.5 * 1 + 0.5 = 1.0 → scale (100, 80).
        Map<String, Object> r = results(image(100, 60));
        resize("img_scale", List.of(100, 80), "ratio_range", List.of(0.5, 1.5)).apply(r, HALF);
        assertEquals(List.of(100, 80), r.get("scale"));
        assertNull(r.get("scale_idx"));
        // range: long edge in [60, 100], short in [30, 50].
        Resize range = resize("img_scale", List.of(List.of(100, 30), List.of(50, 60)));
        Set<Integer> longs = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            int[] scale = range.randomScale(s, rng);
            assertTrue(scale[0] >= 60 && scale[0] <= 100 && scale[1] >= 30 && scale[1] <= 50, scale[0] + "," + scale[1]);
            longs.add(scale[0]);
        }
        assertTrue(longs.contains(60) && longs.contains(100), "both ends of the range are drawn");
        // value: one of the scales, with its index.
        Resize value = resize("img_scale", List.of(List.of(100, 30), List.of(50, 60)), "multiscale_mode", "value");
        Map<String, Object> s = new LinkedHashMap<>();
        int[] scale = value.randomScale(s, new SplittableRandom(3));
        int idx = (Integer) s.get("scale_idx");
        assertArrayEquals(idx == 0 ? new int[] {100, 30} : new int[] {50, 60}, scale);
    }

    @Test
    void resizeFollowsScaleOrScaleFactorFromResults() {
        Map<String, Object> r = results(image(100, 60), 10, 20, 90, 50);
        r.put("scale_factor", 0.5);
        resize("img_scale", List.of(1000, 1000)).apply(r, HALF);
        assertEquals(List.of(50, 30), r.get("scale"));
        assertEquals(List.of(30, 50, 3), r.get("img_shape"));
        assertArrayEquals(new float[] {5f, 10f, 45f, 25f}, boxes(r, "gt_bboxes"));

        Map<String, Object> both = results(image(100, 60));
        both.put("scale", List.of(50, 30));
        both.put("scale_factor", new float[] {1, 1, 1, 1});
        assertThrows(MgdException.class, () -> resize("img_scale", List.of(20, 20)).apply(both, HALF));
        resize("img_scale", List.of(20, 20), "override", true).apply(both, HALF);
        assertEquals(List.of(20, 20), both.get("scale"));
        assertEquals(List.of(12, 20, 3), both.get("img_shape"));
        assertThrows(ConfigException.class, () -> resize("img_scale", List.of(1, 2), "multiscale_mode", "nope"));
    }

    static RandomFlip flip(Object ratio, Object direction) {
        return new RandomFlip(new RandomFlip.Options(ratio, direction));
    }

    @Test
    void flipMirrorsBoxesAgainstTheImageShape() {
        // w = 100, h = 60: horizontal x1' = 100 - x2, x2' = 100 - x1; vertical y1' = 60 - y2, y2' = 60 - y1.
        Map<String, Object> h = results(image(100, 60), 10, 20, 40, 50);
        flip(1.0, "horizontal").apply(h, HALF);
        assertEquals(true, h.get("flip"));
        assertEquals("horizontal", h.get("flip_direction"));
        assertArrayEquals(new float[] {60, 20, 90, 50}, boxes(h, "gt_bboxes"));
        Image src = image(100, 60);
        assertEquals(src.get(5, 99, 2), ((Image) h.get("img")).get(5, 0, 2));

        Map<String, Object> v = results(image(100, 60), 10, 20, 40, 50);
        flip(1.0, "vertical").apply(v, HALF);
        assertArrayEquals(new float[] {10, 10, 40, 40}, boxes(v, "gt_bboxes"));
        assertEquals(src.get(59, 3, 1), ((Image) v.get("img")).get(0, 3, 1));

        Map<String, Object> d = results(image(100, 60), 10, 20, 40, 50);
        flip(1.0, "diagonal").apply(d, HALF);
        assertArrayEquals(new float[] {60, 10, 90, 40}, boxes(d, "gt_bboxes"));

        Map<String, Object> none = results(image(100, 60), 10, 20, 40, 50);
        flip(0.0, "horizontal").apply(none, HALF);
        assertEquals(false, none.get("flip"));
        assertNull(none.get("flip_direction"));
        assertArrayEquals(new float[] {10, 20, 40, 50}, boxes(none, "gt_bboxes"));
    }

    @Test
    void flipChoosesDirectionsLikeNumpyChoice() {
        RandomFlip perDir = flip(List.of(0.3, 0.5), List.of("horizontal", "vertical"));
        assertEquals("horizontal", perDir.choose(0.29));
        assertEquals("vertical", perDir.choose(0.3));
        assertEquals("vertical", perDir.choose(0.79));
        assertNull(perDir.choose(0.8));
        RandomFlip split = flip(0.5, List.of("horizontal", "vertical"));
        assertEquals("horizontal", split.choose(0.2));
        assertEquals("vertical", split.choose(0.3));
        assertNull(split.choose(0.6));
        // Preset by MultiScaleFlipAug: no draw, even without a ratio.
        Map<String, Object> preset = results(image(100, 60), 10, 20, 40, 50);
        preset.put("flip", true);
        preset.put("flip_direction", "horizontal");
        flip(null, "horizontal").apply(preset, HALF);
        assertArrayEquals(new float[] {60, 20, 90, 50}, boxes(preset, "gt_bboxes"));
        assertThrows(MgdException.class, () -> flip(null, "horizontal").apply(results(image(4, 4)), HALF));
        assertThrows(ConfigException.class, () -> flip(List.of(0.3), List.of("horizontal", "vertical")));
        assertThrows(ConfigException.class, () -> flip(0.5, "sideways"));
    }

    @Test
    void padToDivisorFixedSizeOrSquareKeepsImgShape() {
        Map<String, Object> r = results(image(50, 30));
        new Pad(new Pad.Options(null, 32, false, ConfigDict.of("img", 7))).apply(r, HALF);
        Image p = (Image) r.get("img");
        assertEquals(List.of(32, 64, 3), p.shape());
        assertEquals(List.of(32, 64, 3), r.get("pad_shape"));
        assertEquals(List.of(30, 50, 3), r.get("img_shape"));
        assertEquals(32, r.get("pad_size_divisor"));
        assertNull(r.get("pad_fixed_size"));
        assertEquals(7f, p.get(31, 10, 0));
        assertEquals(7f, p.get(5, 50, 2));
        assertEquals(image(50, 30).get(29, 49, 1), p.get(29, 49, 1));

        Map<String, Object> f = results(image(50, 30));
        new Pad(new Pad.Options(List.of(40, 60), null, false, 0L)).apply(f, HALF);
        assertEquals(List.of(40, 60, 3), f.get("pad_shape"));
        assertEquals(List.of(40, 60), f.get("pad_fixed_size"));

        Map<String, Object> sq = results(image(50, 30));
        new Pad(new Pad.Options(null, null, true, ConfigDict.of("img", 0))).apply(sq, HALF);
        assertEquals(List.of(50, 50, 3), sq.get("pad_shape"));

        assertThrows(ConfigException.class, () -> new Pad.Options(List.of(4, 4), 32, false, 0L));
        assertThrows(ConfigException.class, () -> new Pad.Options(null, null, false, 0L));
        assertThrows(MgdException.class, () -> new Pad(new Pad.Options(List.of(10, 10), null, false, 0L))
                .apply(results(image(50, 30)), HALF));
    }

    @Test
    void loadAnnotationsListsIgnoreBeforeGtBoxes() {
        Map<String, Object> ann = new LinkedHashMap<>();
        ann.put("bboxes", Boxes.of(new float[] {1, 2, 3, 4}));
        ann.put("labels", HostArray.ofInt64(new long[] {5}, 1));
        ann.put("bboxes_ignore", Boxes.of(new float[0]));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ann_info", ann);
        r.put("bbox_fields", new ArrayList<String>());
        new LoadAnnotations(new LoadAnnotations.Options(true, true, false, false, true, null)).apply(r, HALF);
        assertEquals(List.of("gt_bboxes_ignore", "gt_bboxes"), r.get("bbox_fields"));
        assertArrayEquals(new float[] {1, 2, 3, 4}, boxes(r, "gt_bboxes"));
        assertArrayEquals(new long[] {0, 4}, ((HostArray) r.get("gt_bboxes_ignore")).shape());
        assertArrayEquals(new long[] {5}, (long[]) ((HostArray) r.get("gt_labels")).data());

        Map<String, Object> noLabel = new LinkedHashMap<>();
        noLabel.put("ann_info", ann);
        new LoadAnnotations(new LoadAnnotations.Options(true, false, false, false, true, null)).apply(noLabel, HALF);
        assertFalse(noLabel.containsKey("gt_labels"));
        assertThrows(ConfigException.class, () -> new LoadAnnotations.Options(true, true, true, false, true, null));
        assertThrows(MgdException.class, () -> new LoadAnnotations(new LoadAnnotations.Options(true, true, false, false,
                true, null)).apply(new LinkedHashMap<>(), HALF));
    }

    @Test
    void defaultFormatBundleMakesFloatChwAndDefaultMetas() {
        Map<String, Object> r = results(image(5, 4), 1, 1, 3, 3);
        HostArray gt = (HostArray) r.get("gt_bboxes");
        new DefaultFormatBundle(new DefaultFormatBundle.Options(true, ConfigDict.of("img", 0))).apply(r, HALF);
        HostArray img = (HostArray) r.get("img");
        assertEquals(HostArray.DType.FLOAT32, img.dtype());
        assertArrayEquals(new long[] {3, 4, 5}, img.shape());
        // CHW index (c=2, y=3, x=4) holds HWC pixel (3, 4, 2) = 3*7 + 4*3 + 2 = 35.
        assertEquals(35.0, img.getDouble((2 * 4 + 3) * 5 + 4));
        assertEquals(List.of(4, 5, 3), r.get("pad_shape"));
        assertEquals(1.0, r.get("scale_factor"));
        Map<?, ?> norm = (Map<?, ?>) r.get("img_norm_cfg");
        assertArrayEquals(new float[] {1, 1, 1}, (float[]) norm.get("std"));
        assertEquals(false, norm.get("to_rgb"));
        assertEquals(gt, r.get("gt_bboxes"));

        Map<String, Object> keep = results(image(5, 4));
        keep.put("scale_factor", new float[] {2, 2, 2, 2});
        new DefaultFormatBundle(new DefaultFormatBundle.Options(false, ConfigDict.of("img", 0))).apply(keep, HALF);
        assertEquals(HostArray.DType.UINT8, ((HostArray) keep.get("img")).dtype());
        assertArrayEquals(new float[] {2, 2, 2, 2}, (float[]) keep.get("scale_factor"));
    }
}
