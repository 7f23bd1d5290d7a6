package io.mgd.det.datasets.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Compose;
import io.mgd.core.data.HostArray;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.det.datasets.DetDataModule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mmdet test pipeline: MultiScaleFlipAug built from config through the det registries. */
class MultiScaleFlipAugTest {
    static final BuildContext CTX = new BuildContext(Registries.load(), null);

    static List<ConfigDict> inner() {
        return List.of(ConfigDict.of("type", "Resize", "keep_ratio", true),
                ConfigDict.of("type", "RandomFlip"),
                ConfigDict.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
                        "std", List.of(58.395, 57.12, 57.375), "to_rgb", true),
                ConfigDict.of("type", "Pad", "size_divisor", 32),
                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                ConfigDict.of("type", "Collect", "keys", List.of("img")));
    }

    @Test
    void augmentationsComeScaleMajorWithUnflippedFirst() {
        Compose pipeline = DetDataModule.buildPipeline(List.of(ConfigDict.of("type", "MultiScaleFlipAug",
                "img_scale", List.of(List.of(50, 40), List.of(100, 80)), "flip", true,
                "flip_direction", List.of("horizontal", "vertical"), "transforms", inner())), CTX);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", DetTransformsTest.image(100, 60));
        r.put("img_shape", List.of(60, 100, 3));
        r.put("ori_shape", List.of(60, 100, 3));
        r.put("filename", "a.png");
        Map<String, Object> out = pipeline.apply(r, new SplittableRandom(0));
        assertEquals(List.of("img_metas", "img"), List.copyOf(out.keySet()));
        List<?> imgs = (List<?>) out.get("img");
        List<?> metas = (List<?>) out.get("img_metas");
        assertEquals(6, imgs.size());
        assertEquals(6, metas.size());
        List<?> flips = metas.stream().map(m -> ((Map<?, ?>) m).get("flip")).toList();
        assertEquals(List.of(false, true, true, false, true, true), flips);
        assertEquals(Arrays.asList(null, "horizontal", "vertical", null, "horizontal", "vertical"),
                metas.stream().map(m -> ((Map<?, ?>) m).get("flip_direction")).toList());
        // (50, 40) → 50×30 padded to 64×32; (100, 80) → factor min(1, 80/60) = 1 → 100×60 padded to 128×64.
        Map<?, ?> small = (Map<?, ?>) metas.get(0);
        assertEquals(List.of(30, 50, 3), small.get("img_shape"));
        assertEquals(List.of(32, 64, 3), small.get("pad_shape"));
        assertEquals(List.of(60, 100, 3), small.get("ori_shape"));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, (float[]) small.get("scale_factor"));
        assertArrayEquals(new long[] {3, 32, 64}, ((HostArray) imgs.get(0)).shape());
        assertArrayEquals(new long[] {3, 64, 128}, ((HostArray) imgs.get(3)).shape());
        // The flipped copy is the mirror image of the unflipped one (inside the unpadded width 100).
        HostArray plain = (HostArray) imgs.get(3);
        HostArray mirrored = (HostArray) imgs.get(4);
        int w = 128;
        assertEquals(plain.getDouble(2 * 64 * w + 10 * w + 99), mirrored.getDouble(2 * 64 * w + 10 * w));
    }

    @Test
    void scaleFactorModeAndArgumentChecks() {
        Compose pipeline = DetDataModule.buildPipeline(List.of(ConfigDict.of("type", "MultiScaleFlipAug",
                "scale_factor", List.of(0.5, 1.0), "transforms", inner())), CTX);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", DetTransformsTest.image(100, 60));
        r.put("img_shape", List.of(60, 100, 3));
        Map<String, Object> out = pipeline.apply(r, new SplittableRandom(0));
        List<?> metas = (List<?>) out.get("img_metas");
        assertEquals(List.of(30, 50, 3), ((Map<?, ?>) metas.get(0)).get("img_shape"));
        assertEquals(List.of(60, 100, 3), ((Map<?, ?>) metas.get(1)).get("img_shape"));
        assertThrows(ConfigException.class, () -> DetDataModule.buildPipeline(List.of(ConfigDict.of(
                "type", "MultiScaleFlipAug", "transforms", inner())), CTX));
        assertThrows(ConfigException.class, () -> DetDataModule.buildPipeline(List.of(ConfigDict.of(
                "type", "MultiScaleFlipAug", "img_scale", List.of(1, 2), "scale_factor", 1.0,
                "transforms", inner())), CTX));
    }
}
