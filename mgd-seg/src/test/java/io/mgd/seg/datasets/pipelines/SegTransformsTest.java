package io.mgd.seg.datasets.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Compose;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.seg.datasets.SegDataModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SegTransformsTest {
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);

    private static Compose pipeline(ConfigDict... steps) {
        return Compose.build(List.of((Object[]) steps), CTX, SegDataModule.PIPELINES, Registries.TRANSFORMS);
    }

    /** An h×w BGR image with pixel (y, x) = (y, x, y + x) and a map with label(y, x) = f(y, x). */
    private static Map<String, Object> sample(int h, int w, java.util.function.IntBinaryOperator label) {
        byte[] img = new byte[h * w * 3];
        byte[] seg = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                img[p * 3] = (byte) y;
                img[p * 3 + 1] = (byte) x;
                img[p * 3 + 2] = (byte) (y + x);
                seg[p] = (byte) label.applyAsInt(y, x);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", Image.ofUint8(h, w, 3, img));
        r.put("gt_semantic_seg", Image.ofUint8(h, w, 1, seg));
        r.put("seg_fields", new ArrayList<>(List.of("gt_semantic_seg")));
        return r;
    }

    private static Image img(Map<String, Object> r) {
        return (Image) r.get("img");
    }

    private static Image seg(Map<String, Object> r) {
        return (Image) r.get("gt_semantic_seg");
    }

    /** Counts nextInt calls; otherwise a seeded SplittableRandom. */
    private static final class Counting implements RandomGenerator {
        final SplittableRandom r;
        int ints;

        Counting(long seed) {
            r = new SplittableRandom(seed);
        }

        @Override
        public long nextLong() {
            return r.nextLong();
        }

        @Override
        public int nextInt(int bound) {
            ints++;
            return r.nextInt(bound);
        }
    }

    @Test
    void randomCropKeepsImageAndMapAlignedAndRespectsCatMaxRatio() {
        Compose crop = pipeline(ConfigDict.of("type", "RandomCrop", "crop_size", List.of(4, 5), "cat_max_ratio", 0.75));
        // Left 12 columns class 1, right 4 columns class 2: only crops reaching x >= 12 with >= 2 columns pass.
        for (long seed = 0; seed < 20; seed++) {
            Counting rng = new Counting(seed);
            Map<String, Object> r = crop.apply(sample(10, 16, (y, x) -> x < 12 ? 1 : 2), rng);
            Image im = img(r);
            Image s = seg(r);
            assertEquals(List.of(4, 5, 3), im.shape());
            assertEquals(List.of(4, 5, 3), r.get("img_shape"));
            int y0 = (int) im.get(0, 0, 0);
            int x0 = (int) im.get(0, 0, 1);
            for (int x = 0; x < 5; x++) {
                assertEquals(x0 + x < 12 ? 1 : 2, s.get(0, x, 0), 0, "map cropped with the image");
            }
            int boxes = rng.ints / 2;
            assertTrue(boxes >= 1 && boxes <= 11);
            boolean ok = x0 + 4 >= 12 && x0 + 4 - 12 + 1 <= 3;
            if (boxes < 11) {
                assertTrue(ok, "an accepted crop has no class over 75%: x0=" + x0 + " y0=" + y0);
            }
        }
        // One class everywhere: all 10 checks fail, the 11th box is used unchecked (22 draws).
        Counting rng = new Counting(3);
        crop.apply(sample(10, 16, (y, x) -> 7), rng);
        assertEquals(22, rng.ints);
        // ignore_index does not count as a class: 7 and 255 halves still fail.
        rng = new Counting(3);
        crop.apply(sample(10, 16, (y, x) -> x % 2 == 0 ? 7 : 255), rng);
        assertEquals(22, rng.ints);
        // Without cat_max_ratio: one box; an image smaller than the crop stays whole on that side.
        rng = new Counting(3);
        Map<String, Object> small = pipeline(ConfigDict.of("type", "RandomCrop", "crop_size", List.of(8, 3)))
                .apply(sample(5, 9, (y, x) -> x), rng);
        assertEquals(2, rng.ints);
        assertEquals(List.of(5, 3, 3), img(small).shape());
        assertEquals(List.of(5, 3, 1), seg(small).shape());
    }

    @Test
    void randomFlipFlipsImageAndMapTogether() {
        Map<String, Object> r = pipeline(ConfigDict.of("type", "RandomFlip", "prob", 1.0))
                .apply(sample(3, 4, (y, x) -> 10 * y + x), new SplittableRandom(0));
        assertEquals(true, r.get("flip"));
        assertEquals("horizontal", r.get("flip_direction"));
        assertEquals(3, img(r).get(1, 0, 1), 0);
        assertEquals(13, seg(r).get(1, 0, 0), 0);
        Map<String, Object> v = pipeline(ConfigDict.of("type", "RandomFlip", "flip_ratio", 1.0, "direction", "vertical"))
                .apply(sample(3, 4, (y, x) -> 10 * y + x), new SplittableRandom(0));
        assertEquals(2, img(v).get(0, 1, 0), 0);
        assertEquals(21, seg(v).get(0, 1, 0), 0);
        Map<String, Object> no = sample(3, 4, (y, x) -> x);
        Image before = img(no);
        no.put("flip", false);
        pipeline(ConfigDict.of("type", "RandomFlip", "prob", 1.0)).apply(no, new SplittableRandom(0));
        assertEquals(before, img(no), "a preset flip=False wins over prob");
        int flipped = 0;
        for (int s = 0; s < 200; s++) {
            Map<String, Object> x = pipeline(ConfigDict.of("type", "RandomFlip", "prob", 0.3))
                    .apply(sample(1, 2, (a, b) -> b), new SplittableRandom(s));
            flipped += (Boolean) x.get("flip") ? 1 : 0;
        }
        assertTrue(flipped > 35 && flipped < 85, "about 30% flipped: " + flipped);
        assertThrows(ConfigException.class, () -> pipeline(ConfigDict.of("type", "RandomFlip", "prob", 0.5,
                "flip_ratio", 0.5)));
        MgdException noProb = assertThrows(MgdException.class, () -> pipeline(ConfigDict.of("type", "RandomFlip"))
                .apply(sample(1, 2, (a, b) -> b), new SplittableRandom(0)));
        assertTrue(noProb.getMessage().contains("prob is None"));
    }

    @Test
    void resizeKeepRatioScalesAndUsesNearestForLabels() {
        Map<String, Object> r = pipeline(ConfigDict.of("type", "Resize", "img_scale", List.of(40, 10)))
                .apply(sample(8, 12, (y, x) -> x < 6 ? 3 : 200), new SplittableRandom(0));
        // long edge ≤ 40, short ≤ 10 → factor min(40/12, 10/8) = 1.25 → (15, 10)
        assertEquals(List.of(10, 15, 3), img(r).shape());
        assertEquals(List.of(10, 15, 1), seg(r).shape());
        assertEquals(List.of(10, 15, 3), r.get("img_shape"));
        assertEquals(List.of(10, 15, 3), r.get("pad_shape"));
        assertArrayEquals(new float[] {1.25f, 1.25f, 1.25f, 1.25f}, (float[]) r.get("scale_factor"));
        assertEquals(List.of(40, 10), r.get("scale"));
        assertEquals(true, r.get("keep_ratio"));
        for (byte b : seg(r).uint8Data()) {
            assertTrue((b & 0xFF) == 3 || (b & 0xFF) == 200, "nearest keeps labels");
        }
        Map<String, Object> free = pipeline(ConfigDict.of("type", "Resize", "img_scale", List.of(7, 5), "keep_ratio", false))
                .apply(sample(8, 12, (y, x) -> 1), new SplittableRandom(0));
        assertEquals(List.of(5, 7, 3), img(free).shape());
        assertArrayEquals(new float[] {7 / 12f, 5 / 8f, 7 / 12f, 5 / 8f}, (float[]) free.get("scale_factor"));
        // ratio_range: scale = (int(2048 r), int(1024 r)) with r = 0.5 + 1.5 u from the rng
        SplittableRandom probe = new SplittableRandom(5);
        double ratio = probe.nextDouble() * 1.5 + 0.5;
        Map<String, Object> rr = pipeline(ConfigDict.of("type", "Resize", "img_scale", List.of(2048, 1024),
                "ratio_range", List.of(0.5, 2.0))).apply(sample(4, 8, (y, x) -> 1), new SplittableRandom(5));
        assertEquals(List.of((int) (2048 * ratio), (int) (1024 * ratio)), rr.get("scale"));
        double factor = Math.min((int) (2048 * ratio) / 8.0, (int) (1024 * ratio) / 4.0);
        assertEquals(List.of((int) (4 * factor + 0.5), (int) (8 * factor + 0.5), 3), img(rr).shape());
        Map<String, Object> preset = sample(4, 8, (y, x) -> 1);
        preset.put("scale", List.of(16, 16));
        pipeline(ConfigDict.of("type", "Resize", "img_scale", List.of(2048, 1024))).apply(preset, new SplittableRandom(0));
        assertEquals(List.of(8, 16, 3), img(preset).shape(), "results['scale'] from MultiScaleFlipAug wins");
        ConfigException e = assertThrows(ConfigException.class, () -> pipeline(ConfigDict.of("type", "Resize",
                "img_scale", List.of(List.of(1, 2), List.of(3, 4)), "ratio_range", List.of(0.5, 2.0))));
        assertTrue(e.getMessage().contains("single scale"), e.getMessage());
    }

    @Test
    void padUsesSegPadValForMapsAndPadValForImages() {
        Map<String, Object> r = pipeline(ConfigDict.of("type", "Pad", "size", List.of(6, 7), "pad_val", 9))
                .apply(sample(4, 5, (y, x) -> 1), new SplittableRandom(0));
        assertEquals(List.of(6, 7, 3), img(r).shape());
        assertEquals(List.of(6, 7, 3), r.get("pad_shape"));
        assertEquals(List.of(6, 7), r.get("pad_fixed_size"));
        assertEquals(9, img(r).get(5, 6, 0), 0);
        assertEquals(3, img(r).get(3, 4, 0), 0, "content stays top-left");
        assertEquals(255, seg(r).get(5, 0, 0), 0);
        assertEquals(255, seg(r).get(0, 6, 0), 0);
        assertEquals(1, seg(r).get(3, 4, 0), 0);
        Map<String, Object> d = pipeline(ConfigDict.of("type", "Pad", "size_divisor", 4, "seg_pad_val", 7))
                .apply(sample(5, 9, (y, x) -> 1), new SplittableRandom(0));
        assertEquals(List.of(8, 12, 3), d.get("pad_shape"));
        assertEquals(7, seg(d).get(7, 11, 0), 0);
        assertThrows(ConfigException.class, () -> pipeline(ConfigDict.of("type", "Pad")));
        MgdException small = assertThrows(MgdException.class, () -> pipeline(ConfigDict.of("type", "Pad", "size",
                List.of(2, 2))).apply(sample(4, 5, (y, x) -> 1), new SplittableRandom(0)));
        assertTrue(small.getMessage().contains("cannot pad"));
    }

    @Test
    void formatBundleAndCollectGiveTensorsAndMetas() {
        Map<String, Object> r = pipeline(ConfigDict.of("type", "Normalize", "mean", List.of(1.0, 2.0, 3.0),
                "std", List.of(1.0, 1.0, 1.0), "to_rgb", false), ConfigDict.of("type", "DefaultFormatBundle"),
                ConfigDict.of("type", "Collect", "keys", List.of("img", "gt_semantic_seg")))
                .apply(sample(2, 3, (y, x) -> 250 + x), new SplittableRandom(0));
        HostArray im = (HostArray) r.get("img");
        HostArray gt = (HostArray) r.get("gt_semantic_seg");
        assertEquals(HostArray.DType.FLOAT32, im.dtype());
        assertArrayEquals(new long[] {3, 2, 3}, im.shape());
        assertEquals(1 - 2, im.getDouble(3 * 2 * 1 + 1), 1e-6, "CHW: channel 1 at (0, 1) is x − mean");
        assertEquals(HostArray.DType.INT64, gt.dtype());
        assertArrayEquals(new long[] {1, 2, 3}, gt.shape());
        assertArrayEquals(new long[] {250, 251, 252, 250, 251, 252}, (long[]) gt.data());
        assertTrue(r.get("img_metas") instanceof Map<?, ?> m && m.containsKey("img_norm_cfg"));
    }

    /** A generator replaying fixed ints and doubles in order, failing on any other call. */
    private static final class Script implements RandomGenerator {
        final int[] ints;
        final double[] doubles;
        int i;
        int d;

        Script(int[] ints, double[] doubles) {
            this.ints = ints;
            this.doubles = doubles;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("unexpected draw");
        }

        @Override
        public int nextInt(int bound) {
            return ints[i++];
        }

        @Override
        public int nextInt(int origin, int bound) {
            return ints[i++];
        }

        @Override
        public double nextDouble() {
            return doubles[d++];
        }
    }

    @Test
    void photoMetricDistortionDrawsInMmsegOrder() {
        PhotoMetricDistortion pmd = new PhotoMetricDistortion(io.mgd.core.registry.ArgBinder.bind(
                PhotoMetricDistortion.Options.class, new ConfigDict(), "PhotoMetricDistortion"));
        // brightness yes (u=0.75 → 16), mode 0, saturation no, hue yes (−5), contrast yes (u=0.5 → 1.0)
        Script s = new Script(new int[] {1, 0, 0, 1, -5, 1}, new double[] {0.75, 0.5});
        PhotoMetricDistortion.Decisions d = pmd.draw(s);
        assertEquals(16.0, d.brightness(), 1e-12);
        assertFalse(d.contrastFirst());
        assertEquals(null, d.saturation());
        assertEquals(-5, d.hue());
        assertEquals(1.0, d.contrast(), 1e-12);
        assertEquals(6, s.i);
        assertEquals(2, s.d);
        // mode 1: contrast is drawn right after the mode coin
        Script s1 = new Script(new int[] {0, 1, 1, 1, 0}, new double[] {0.0, 1.0});
        PhotoMetricDistortion.Decisions d1 = pmd.draw(s1);
        assertEquals(null, d1.brightness());
        assertTrue(d1.contrastFirst());
        assertEquals(0.5, d1.contrast(), 1e-12);
        assertEquals(1.5, d1.saturation(), 1e-12);
        assertEquals(null, d1.hue());
        // hue is drawn from [-18, 18): numpy's exclusive upper bound
        for (int seed = 0; seed < 300; seed++) {
            Integer h = pmd.draw(new SplittableRandom(seed)).hue();
            assertTrue(h == null || h >= -18 && h < 18);
        }
        // convert: float32 multiply-add, clipped, truncated
        Image px = Image.ofUint8(1, 1, 3, new byte[] {100, (byte) 250, 3});
        assertArrayEquals(new byte[] {(byte) 115, (byte) 255, 18}, PhotoMetricDistortion.convert(px, 1f, 15.9f).uint8Data());
        assertArrayEquals(new byte[] {0, 0, 0}, PhotoMetricDistortion.convert(px, 1f, -300f).uint8Data());
        Map<String, Object> r = sample(2, 2, (y, x) -> 0);
        Image before = img(r);
        pipeline(ConfigDict.of("type", "PhotoMetricDistortion")).apply(r, new SplittableRandom(1));
        assertNotSame(before, img(r));
        assertEquals(before.shape(), img(r).shape());
    }
}
