package io.mgd.cls.datasets.pipelines;

import static io.mgd.core.testing.GoldenImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mgd.cls.datasets.BaseDataset;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Image;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.GoldenImages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mmcls Resize/CenterCrop/Normalize against cv2 + the mmcls size rules
 * (tools/golden/make_transform_fixtures.py). uint8 outputs must match exactly.
 */
class ClsTransformsGoldenTest {
    private static final GoldenImages G = new GoldenImages(ClsTransformsGoldenTest.class, "golden");
    private static final BuildContext CTX = new BuildContext(Registries.load(), null);

    private static Image run(Image input, ConfigDict... steps) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", input);
        r.put("img_shape", input.shape());
        Map<String, Object> out = BaseDataset.buildPipeline(List.of((Object[]) steps), CTX).apply(r, null);
        assertEquals(((Image) out.get("img")).shape(), out.get("img_shape"), "img_shape follows the image");
        return (Image) out.get("img");
    }

    private static ConfigDict resize(Object size) {
        return ConfigDict.of("type", "Resize", "size", size);
    }

    @Test
    void resizeShortSideIntAndPair() {
        Image in = G.image("input");
        assertClose(G.image("resize_short12"), run(in, resize(List.of(12, -1))), 0, "Resize((12, -1))");
        assertClose(G.image("resize_short30"), run(in, resize(List.of(30, -1))), 0, "Resize((30, -1))");
        assertClose(G.image("resize_short30_f32"), run(in.toFloat32(), resize(List.of(30, -1))), 1e-4, "float");
        assertClose(G.image("resize_int10"), run(in, resize(10)), 0, "Resize(10)");
        assertClose(G.image("resize_9x14"), run(in, resize(List.of(9, 14))), 0, "Resize((9, 14))");
        assertEquals(List.of(18, 22, 3), run(in, resize(List.of(18, -1))).shape(), "short side already 18");
    }

    @Test
    void centerCropRoundingAndSmallImages() {
        Image in = G.image("input");
        assertClose(G.image("center_crop_11"), run(in, ConfigDict.of("type", "CenterCrop", "crop_size", 11)), 0, "11");
        assertClose(G.image("center_crop_7x13"), run(in, ConfigDict.of("type", "CenterCrop", "crop_size",
                List.of(7, 13))), 0, "(7, 13)");
        assertClose(G.image("center_crop_big"), run(in, ConfigDict.of("type", "CenterCrop", "crop_size",
                List.of(30, 5))), 0, "larger than the image");
    }

    @Test
    void mmclsTestPipeline() {
        Image out = run(G.image("input"), resize(List.of(20, -1)), ConfigDict.of("type", "CenterCrop", "crop_size", 16),
                ConfigDict.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53), "std",
                        List.of(58.395, 57.12, 57.375), "to_rgb", true));
        assertClose(G.image("test_pipeline"), out, 1e-5, "Resize -> CenterCrop -> Normalize");
    }
}
