package io.mgd.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.GoldenImages;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared pipeline steps built by type name from cfg dicts, as a dataset builds them. */
class CoreTransformsTest {
    private static final GoldenImages G = new GoldenImages(CoreTransformsTest.class, "golden");
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);

    private static Map<String, Object> sample() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img_prefix", G.path("sample.png").getParent().toString());
        r.put("img_info", new LinkedHashMap<>(Map.of("filename", "sample.png")));
        r.put("gt_label", 3L);
        return r;
    }

    private static Compose pipeline(ConfigDict... steps) {
        return Compose.build(List.of((Object[]) steps), CTX);
    }

    @Test
    void loadNormalizeToTensorCollect() {
        Compose p = pipeline(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
                        "std", List.of(58.395, 57.12, 57.375), "to_rgb", true),
                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                ConfigDict.of("type", "ToTensor", "keys", List.of("gt_label")),
                ConfigDict.of("type", "Collect", "keys", List.of("img", "gt_label")));
        Map<String, Object> out = p.apply(sample(), new SplittableRandom(0));
        assertEquals(List.of("img_metas", "img", "gt_label"), List.copyOf(out.keySet()));
        HostArray img = (HostArray) out.get("img");
        assertArrayEquals(new long[] {3, 18, 22}, img.shape());
        Image exp = G.image("normalize_rgb");
        float[] chw = (float[]) img.data();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 18; y += 5) {
                for (int x = 0; x < 22; x += 3) {
                    assertEquals(exp.get(y, x, c), chw[(c * 18 + y) * 22 + x], 1e-5);
                }
            }
        }
        HostArray label = (HostArray) out.get("gt_label");
        assertEquals(0, label.shape().length, "numpy int64 scalar -> 0-d tensor");
        assertEquals(3.0, label.getDouble(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) out.get("img_metas");
        assertEquals(List.of("filename", "ori_filename", "ori_shape", "img_shape", "img_norm_cfg"),
                List.copyOf(meta.keySet()));
        assertEquals(List.of(18, 22, 3), meta.get("ori_shape"));
        assertEquals("sample.png", meta.get("ori_filename"));
        assertTrue(((String) meta.get("filename")).endsWith("golden/sample.png"));
        assertEquals(true, ((Map<?, ?>) meta.get("img_norm_cfg")).get("to_rgb"));
    }

    @Test
    void loadOptions() {
        Map<String, Object> r = pipeline(ConfigDict.of("type", "LoadImageFromFile", "to_float32", true,
                "color_type", "grayscale")).apply(sample(), new SplittableRandom(0));
        Image img = (Image) r.get("img");
        assertEquals(Image.DType.FLOAT32, img.dtype());
        assertEquals(List.of(18, 22, 1), r.get("img_shape"));
        assertArrayEquals(new float[] {0f}, (float[]) ((Map<?, ?>) r.get("img_norm_cfg")).get("mean"));
        Map<String, Object> noPrefix = sample();
        noPrefix.put("img_prefix", null);
        noPrefix.put("img_info", Map.of("filename", G.path("sample.png").toString()));
        Image abs = (Image) pipeline(ConfigDict.of("type", "LoadImageFromFile")).apply(noPrefix, null).get("img");
        assertEquals(G.image("read_color").get(4, 5, 2), abs.get(4, 5, 2));
    }

    @Test
    void imageToTensorIsChwAndKeepsUint8() {
        Image img = G.image("read_color");
        HostArray t = io.mgd.core.data.transforms.ImageToTensor.toChw(img);
        assertEquals(HostArray.DType.UINT8, t.dtype());
        assertEquals(img.get(7, 9, 2), t.getDouble((2 * 18 + 7) * 22 + 9));
    }

    @Test
    void composeErrorsNameTypesAndKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> pipeline(ConfigDict.of("type", "Normalise", "mean", List.of(1.0), "std", List.of(1.0))));
        assertTrue(e.getMessage().contains("'Normalise' is not in the pipelines registry (did you mean 'Normalize'?)"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> pipeline(ConfigDict.of("type", "Collect")));
        assertTrue(e.getMessage().contains("missing required argument 'keys'"), e.getMessage());
        MgdException m = assertThrows(MgdException.class, () -> pipeline(ConfigDict.of("type", "Collect",
                "keys", List.of("img"))).apply(new LinkedHashMap<>(Map.of("gt_label", 1L)), null));
        assertTrue(m.getMessage().contains("no key 'img'"), m.getMessage());
        m = assertThrows(MgdException.class, () -> pipeline(ConfigDict.of("type", "ToTensor", "keys",
                List.of("x"))).apply(new LinkedHashMap<>(Map.of("x", "text")), null));
        assertTrue(m.getMessage().contains("results['x'] of type String"), m.getMessage());
    }

    @Test
    void aStepReturningNullDropsTheSample() {
        Compose p = Compose.build(List.of((Transform) (r, rng) -> null, ConfigDict.of("type", "Collect",
                "keys", List.of("img"))), CTX);
        assertNull(p.apply(new LinkedHashMap<>(), null));
        assertEquals(2, p.transforms().size());
    }
}
