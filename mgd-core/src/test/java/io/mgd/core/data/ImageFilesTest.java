package io.mgd.core.data;

import static io.mgd.core.testing.GoldenImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.testing.GoldenImages;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding against cv2.imread of the same files. */
class ImageFilesTest {
    private static final GoldenImages G = new GoldenImages(ImageFilesTest.class, "golden");

    @Test
    void pngColorIsExactBgr() {
        Image img = ImageFiles.read(G.path("sample.png"), "color");
        assertEquals(java.util.List.of(18, 22, 3), img.shape());
        assertClose(G.image("read_color"), img, 0, "png color");
    }

    @Test
    void rgbaPngDropsAlphaForColorAndKeepsItUnchanged() {
        assertClose(G.image("read_rgba_color"), ImageFiles.read(G.path("sample_rgba.png"), "color"), 0, "rgba color");
        assertClose(G.image("read_rgba_unchanged"), ImageFiles.read(G.path("sample_rgba.png"), "unchanged"), 0,
                "rgba unchanged");
    }

    @Test
    void grayscaleWithinOneOfLibpng() {
        // OpenCV lets libpng convert RGB to grey; we use cv2's BGR2GRAY fixed point: ±1.
        assertClose(G.image("read_gray"), ImageFiles.read(G.path("sample.png"), "grayscale"), 1, "png grayscale");
    }

    @Test
    void jpegCloseToLibjpeg() {
        // Different IDCT/upsampling implementations: allow a few levels, and check the mean error is small.
        Image exp = G.image("read_jpg_color");
        Image got = ImageFiles.read(G.path("sample.jpg"), "color");
        assertClose(exp, got, 8, "jpeg color");
        double sum = 0;
        for (int i = 0; i < exp.size(); i++) {
            sum += Math.abs((exp.uint8Data()[i] & 0xFF) - (got.uint8Data()[i] & 0xFF));
        }
        assertTrue(sum / exp.size() < 1.5, "mean abs jpeg difference " + sum / exp.size());
    }

    @Test
    void errorsNameTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.png");
        MgdException e = assertThrows(MgdException.class, () -> ImageFiles.read(missing, "color"));
        assertTrue(e.getMessage().contains("nope.png"), e.getMessage());
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "not an image");
        e = assertThrows(MgdException.class, () -> ImageFiles.read(junk, "color"));
        assertTrue(e.getMessage().contains("junk.png"), e.getMessage());
        e = assertThrows(MgdException.class, () -> ImageFiles.read(G.path("sample.png"), "colour"));
        assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
    }
}
