package io.mgd.cls.datasets.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.cls.datasets.BaseDataset;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Compose;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Semantics of the random and padding steps: shapes, ranges, reproducibility, validation. */
class ClsTransformsTest {
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);

    /** A uint8 image whose pixel (y, x) holds y in channel 0 and x in channel 1. */
    private static Image coords(int h, int w) {
        byte[] d = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[(y * w + x) * 3] = (byte) y;
                d[(y * w + x) * 3 + 1] = (byte) x;
                d[(y * w + x) * 3 + 2] = 9;
            }
        }
        return Image.ofUint8(h, w, 3, d);
    }

    private static Map<String, Object> run(ConfigDict step, Image img, long seed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", img);
        r.put("img_shape", img.shape());
        return BaseDataset.buildPipeline(List.of(step), CTX).apply(r, new SplittableRandom(seed));
    }

    @Test
    void randomResizedCropBoxesStayInsideAndRespectRanges() {
        RandomResizedCrop t = new RandomResizedCrop(new RandomResizedCrop.Options(224L, List.of(0.08, 1.0),
                List.of(3 / 4.0, 4 / 3.0), 10, false, 0.1, 32, "bilinear", "cv2"));
        SplittableRandom rng = new SplittableRandom(3);
        Set<Integer> xs = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int[] p = t.params(60, 80, rng);
            int h = p[2] - p[0] + 1;
            int w = p[3] - p[1] + 1;
            assertTrue(p[0] >= 0 && p[1] >= 0 && p[2] < 60 && p[3] < 80, "box inside the image");
            double frac = (double) h * w / (60 * 80);
            assertTrue(frac > 0.05 && frac <= 1.05, "area fraction " + frac);
            xs.add(p[1]);
        }
        assertTrue(xs.size() > 20, "crops are spread over the image");
    }

    @Test
    void randomResizedCropFallsBackToTheCentreAndResizes() {
        // max_attempts=0: the central crop clamped to the ratio range. 20x100 has w/h = 5 > 4/3, so
        // height 20, width round(20 * 4/3) = 27, left (100 - 27) // 2 = 36.
        RandomResizedCrop t = new RandomResizedCrop(new RandomResizedCrop.Options(List.of(8L, 6L), List.of(0.08, 1.0),
                List.of(3 / 4.0, 4 / 3.0), 0, false, 0.1, 32, "bilinear", "cv2"));
        assertArrayEquals(new int[] {0, 36, 19, 62}, t.params(20, 100, new SplittableRandom(0)));
        Map<String, Object> r = run(ConfigDict.of("type", "RandomResizedCrop", "size", List.of(8, 6)), coords(40, 50), 1);
        assertEquals(List.of(8, 6, 3), ((Image) r.get("img")).shape());
        assertEquals(List.of(40, 50, 3), r.get("img_shape"), "mmcls leaves img_shape untouched");
    }

    @Test
    void randomStepsAreReproducibleFromTheGenerator() {
        ConfigDict step = ConfigDict.of("type", "RandomResizedCrop", "size", 7);
        Image a = (Image) run(step, coords(40, 50), 11).get("img");
        Image b = (Image) run(step, coords(40, 50), 11).get("img");
        Image c = (Image) run(step, coords(40, 50), 12).get("img");
        assertArrayEquals(a.uint8Data(), b.uint8Data());
        assertFalse(java.util.Arrays.equals(a.uint8Data(), c.uint8Data()));
    }

    @Test
    void randomFlipProbabilityAndDirection() {
        Image img = coords(4, 5);
        Map<String, Object> never = run(ConfigDict.of("type", "RandomFlip", "flip_prob", 0.0), img, 0);
        assertEquals(false, never.get("flip"));
        assertEquals("horizontal", never.get("flip_direction"));
        Map<String, Object> always = run(ConfigDict.of("type", "RandomFlip", "flip_prob", 1.0, "direction", "vertical"),
                img, 0);
        assertEquals(true, always.get("flip"));
        assertEquals(3f, ((Image) always.get("img")).get(0, 2, 0), "row 3 is now on top");
        int flips = 0;
        for (int s = 0; s < 400; s++) {
            flips += (Boolean) run(ConfigDict.of("type", "RandomFlip"), img, s).get("flip") ? 1 : 0;
        }
        assertTrue(flips > 150 && flips < 250, "flip_prob 0.5 flipped " + flips + " of 400");
        assertThrows(ConfigException.class, () -> run(ConfigDict.of("type", "RandomFlip", "flip_prob", 1.5), img, 0));
    }

    @Test
    void randomCropIsASubImageAndPads() {
        Image img = coords(10, 12);
        for (int s = 0; s < 20; s++) {
            Image out = (Image) run(ConfigDict.of("type", "RandomCrop", "size", List.of(4, 5)), img, s).get("img");
            assertEquals(List.of(4, 5, 3), out.shape());
            float y0 = out.get(0, 0, 0);
            float x0 = out.get(0, 0, 1);
            assertTrue(y0 <= 6 && x0 <= 7);
            assertEquals(y0 + 3, out.get(3, 4, 0));
            assertEquals(x0 + 4, out.get(3, 4, 1));
        }
        // padding=2 around a 3x3 image, crop 7x7 = the whole padded image, zeros at the border.
        Image padded = (Image) run(ConfigDict.of("type", "RandomCrop", "size", 7, "padding", 2, "pad_val", 5), coords(3, 3),
                0).get("img");
        assertEquals(5f, padded.get(0, 0, 2));
        assertEquals(9f, padded.get(2, 2, 2));
        // pad_if_needed pads a short side by the shortfall on both ends, as mmcls does.
        Image grown = (Image) run(ConfigDict.of("type", "RandomCrop", "size", 6, "pad_if_needed", true,
                "padding_mode", "edge"), coords(3, 8), 0).get("img");
        assertEquals(List.of(6, 6, 3), grown.shape());
        MgdException e = assertThrows(MgdException.class,
                () -> run(ConfigDict.of("type", "RandomCrop", "size", 6), coords(3, 8), 0));
        assertTrue(e.getMessage().contains("smaller than the crop size"), e.getMessage());
    }

    @Test
    void padToSizeOrSquare() {
        Map<String, Object> r = run(ConfigDict.of("type", "Pad", "size", List.of(6, 7), "pad_val", 1), coords(4, 5), 0);
        Image out = (Image) r.get("img");
        assertEquals(List.of(6, 7, 3), out.shape());
        assertEquals(List.of(6, 7, 3), r.get("img_shape"));
        assertEquals(1f, out.get(5, 6, 2));
        assertEquals(9f, out.get(3, 4, 2));
        assertEquals(List.of(5, 5, 3), ((Image) run(ConfigDict.of("type", "Pad", "pad_to_square", true), coords(4, 5), 0)
                .get("img")).shape());
        assertThrows(ConfigException.class, () -> run(ConfigDict.of("type", "Pad"), coords(4, 5), 0));
    }

    @Test
    void clsStepsComeFromTheClsRegistryAndSharedOnesFromCore() {
        Compose p = BaseDataset.buildPipeline(List.of(ConfigDict.of("type", "Resize", "size", 4),
                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img"))), CTX);
        assertEquals(2, p.transforms().size());
        ConfigException e = assertThrows(ConfigException.class, () -> BaseDataset.buildPipeline(
                List.of(ConfigDict.of("type", "Resize", "img_scale", List.of(1333, 800))), CTX));
        assertTrue(e.getMessage().contains("unexpected argument 'img_scale'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> BaseDataset.buildPipeline(
                List.of(ConfigDict.of("type", "CentreCrop", "crop_size", 3)), CTX));
        assertTrue(e.getMessage().contains("cls_pipelines or pipelines registry (did you mean 'CenterCrop'?)"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> run(ConfigDict.of("type", "Resize", "size", "big"), coords(2, 2), 0));
        assertTrue(e.getMessage().contains("Resize: argument 'size' expects an int or an (h, w) pair"), e.getMessage());
    }
}
