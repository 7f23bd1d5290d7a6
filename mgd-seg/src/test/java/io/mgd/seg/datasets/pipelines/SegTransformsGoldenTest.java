package io.mgd.seg.datasets.pipelines;

import static io.mgd.core.testing.GoldenImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Image;
import io.mgd.core.testing.GoldenImages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PhotoMetricDistortion and Resize against OpenCV 4 with mmseg's logic around it
 * (tools/golden/make_seg_transform_fixtures.py). uint8 outputs must match exactly.
 */
class SegTransformsGoldenTest {
    private static final GoldenImages G = new GoldenImages(SegTransformsGoldenTest.class, "golden");

    private static Double num(JsonNode n) {
        return n.isNull() ? null : n.asDouble();
    }

    @Test
    void photoMetricDistortionMatchesOpenCv() throws IOException {
        JsonNode cases;
        try (InputStream in = SegTransformsGoldenTest.class.getResourceAsStream("golden/pmd_cases.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        Image input = G.image("input");
        int checked = 0;
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            PhotoMetricDistortion.Decisions d = new PhotoMetricDistortion.Decisions(num(c.get("brightness")),
                    c.get("contrast_first").asBoolean(), num(c.get("contrast")), num(c.get("saturation")),
                    c.get("hue").isNull() ? null : c.get("hue").asInt());
            Image src = c.path("float_input").asBoolean(false) ? input.toFloat32() : input;
            Image out = PhotoMetricDistortion.distort(src, d);
            assertClose(G.image(name), out, 0, name);
            checked++;
        }
        assertEquals(8, checked);
        assertNotEquals(0, maxDiff(input, G.image("pmd_hue_only")), "the hue case changes the image");
    }

    @Test
    void hsvRoundTripColumnsFollowOpenCvLoops() {
        // Columns 0..63 of the 77-wide input go through OpenCV's vector loop (truncation), the rest
        // through the scalar loop (rounding); pmd_saturation_only covers both halves exactly.
        Image input = G.image("input");
        Image expected = G.image("pmd_saturation_only");
        Image out = PhotoMetricDistortion.distort(input, new PhotoMetricDistortion.Decisions(null, false, null, 1.5, null));
        assertClose(expected, out, 0, "saturation 1.5");
        assertEquals(64, 77 / Hsv.CV_SIMD_PIXELS * Hsv.CV_SIMD_PIXELS);
    }

    @Test
    void hsvConversionsMatchOpenCvOnEveryColumn() {
        // Rows 77 wide: the vector loops (32 pixels uint8, 8 float) and the scalar tails both occur.
        assertClose(G.image("hsv_cube_bgr"), Hsv.hsv2bgr(G.image("hsv_cube")), 0, "uint8 HSV2BGR");
        assertClose(G.image("bgr_random_hsv"), Hsv.bgr2hsv(G.image("bgr_random")), 0, "uint8 BGR2HSV");
        Image f = G.image("bgr_random").toFloat32();
        Image fh = Hsv.bgr2hsv(f);
        assertClose(G.image("bgr_random_hsv_f32"), fh, 0, "float BGR2HSV");
        assertClose(G.image("bgr_random_hsv_f32_back"), Hsv.hsv2bgr(fh), 0, "float HSV2BGR");
    }

    private static double maxDiff(Image a, Image b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs((a.uint8Data()[i] & 0xFF) - (b.uint8Data()[i] & 0xFF)));
        }
        return m;
    }

    private static Map<String, Object> resize(List<Integer> scale, boolean keepRatio) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("img", G.image("input"));
        r.put("gt_semantic_seg", G.image("seg"));
        r.put("seg_fields", new ArrayList<>(List.of("gt_semantic_seg")));
        Resize t = new Resize(io.mgd.core.registry.ArgBinder.bind(Resize.Options.class,
                ConfigDict.of("img_scale", scale, "keep_ratio", keepRatio), "Resize"));
        return t.apply(r, new java.util.SplittableRandom(0));
    }

    @Test
    void resizeKeepRatioAndFreeMatchOpenCv() {
        for (String name : List.of("keep_60x30", "keep_200x100", "free_50x20")) {
            String[] wh = name.substring(name.indexOf('_') + 1).split("x");
            Map<String, Object> r = resize(List.of(Integer.parseInt(wh[0]), Integer.parseInt(wh[1])),
                    name.startsWith("keep"));
            assertClose(G.image("resize_" + name), (Image) r.get("img"), 0, name);
            assertClose(G.image("resize_" + name + "_seg"), (Image) r.get("gt_semantic_seg"), 0, name + " seg");
        }
    }
}
