package io.mgd.core.data;

import static io.mgd.core.testing.GoldenImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.testing.GoldenImages;
import io.mgd.core.util.MgdException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * mmcv image ops against OpenCV 4.6 outputs (tools/golden/make_transform_fixtures.py).
 * uint8 resize must match exactly (the fixed-point arithmetic is reproduced); float32 within
 * 1e-4 on 0..255 values (float rounding order).
 */
class ImageOpsGoldenTest {
    private static final GoldenImages G = new GoldenImages(ImageOpsGoldenTest.class, "golden");
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    private static Image src() {
        return G.image("read_color");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "half", "mixed", "odd"})
    void bilinearResizeMatchesCv2(String tag) {
        Image expU8 = G.image("resize_" + tag + "_u8");
        Image gotU8 = ImageOps.imresize(src(), expU8.width(), expU8.height(), "bilinear");
        assertClose(expU8, gotU8, 0, "uint8 resize " + tag);
        Image expF = G.image("resize_" + tag + "_f32");
        Image gotF = ImageOps.imresize(G.image("input_f32"), expF.width(), expF.height(), "bilinear");
        assertClose(expF, gotF, 1e-4, "float32 resize " + tag);
    }

    @Test
    void nearestAndSingleChannelResizeMatchCv2() {
        Image exp = G.image("resize_nearest_u8");
        assertClose(exp, ImageOps.imresize(src(), exp.width(), exp.height(), "nearest"), 0, "nearest");
        Image expGray = G.image("resize_gray_up_u8");
        assertClose(expGray, ImageOps.imresize(G.image("read_gray"), 30, 25, "bilinear"), 0, "gray");
    }

    @Test
    void normalizeMatchesImnormalize() {
        assertClose(G.image("normalize_rgb"), ImageOps.imnormalize(src(), MEAN, STD, true), 1e-5, "to_rgb");
        assertClose(G.image("normalize_bgr"), ImageOps.imnormalize(src(), MEAN, STD, false), 1e-5, "bgr");
    }

    @Test
    void cropFlipPadMatchMmcv() {
        assertClose(G.image("crop"), ImageOps.imcrop(src(), 3, 2, 15, 40), 0, "crop clipped to the image");
        assertClose(G.image("flip_h"), ImageOps.imflip(src(), "horizontal"), 0, "flip h");
        assertClose(G.image("flip_v"), ImageOps.imflip(src(), "vertical"), 0, "flip v");
        for (String mode : new String[] {"constant", "edge", "reflect", "symmetric"}) {
            Image exp = G.image("pad_" + mode);
            assertClose(exp, ImageOps.impad(src(), 3, 1, 2, 4, new double[] {10, 20, 30}, mode), 0, "pad " + mode);
        }
    }

    @Test
    void resizeToSameSizeIsIdentityAndBadArgumentsFail() {
        Image s = src();
        assertTrue(ImageOps.imresize(s, s.width(), s.height(), "bilinear") == s);
        assertThrows(MgdException.class, () -> ImageOps.imresize(s, 0, 3, "bilinear"));
        MgdException e = assertThrows(MgdException.class, () -> ImageOps.imresize(s, 4, 3, "bicubic"));
        assertTrue(e.getMessage().contains("'bicubic'"), e.getMessage());
    }

    @Test
    void rescaleSizeFollowsMmcv() {
        // (1333, 800) bound on 640x480: factor min(1333/640, 800/480) = 1.6667, int(1066.67 + 0.5) = 1067.
        assertEquals(1067, ImageOps.rescaleSize(640, 480, 1333, 800)[0]);
        assertEquals(800, ImageOps.rescaleSize(640, 480, 1333, 800)[1]);
        assertEquals(2, ImageOps.scaleSize(3, 5, 0.5)[0]); // int(1.5 + 0.5)
        assertEquals(3, ImageOps.scaleSize(3, 5, 0.5)[1]); // int(2.5 + 0.5)
    }
}
