package io.mgd.seg.apis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.util.MgdException;
import io.mgd.seg.apis.SegTask.LabelMap;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --show-dir} overlays: mmseg {@code show_result}'s blend and truncation, written as PNG. */
class SegShowTest {
    private static final List<List<Integer>> PALETTE = List.of(List.of(0, 0, 0), List.of(220, 20, 60),
            List.of(0, 0, 142));

    @Test
    void blendsEachPixelWithItsClassColourAndTruncates(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, (100 << 16) | (51 << 8) | 201);
        img.setRGB(1, 0, (255 << 16) | (255 << 8) | 255);
        Path file = dir.resolve("in.png");
        ImageIO.write(img, "png", file.toFile());
        // row-major labels: (0,0) → class 2, (1,0) → class 1, (2,0) → 255 (no colour), row 1 → class 0
        LabelMap pred = new LabelMap(2, 3, new byte[] {2, 1, (byte) 255, 0, 0, 0});
        Path out = dir.resolve("show/sub/in.png");
        SegShow.write(file, pred, PALETTE, out);

        assertTrue(Files.isRegularFile(out));
        BufferedImage o = ImageIO.read(out.toFile());
        assertEquals(3, o.getWidth());
        // numpy: (img * 0.5 + colour * 0.5).astype(uint8): 100→50, 51→25 (25.5 truncated), 201→171 (171.5)
        assertEquals(List.of(50, 25, 171), rgb(o, 0, 0));
        assertEquals(List.of(237, 137, 157), rgb(o, 1, 0));
        assertEquals(List.of(0, 0, 0), rgb(o, 2, 0));
    }

    @Test
    void refusesAMissingPaletteAndAMisfitPrediction() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        LabelMap pred = new LabelMap(2, 2, new byte[4]);
        assertThrows(MgdException.class, () -> SegShow.overlay(img, pred, null, 0.5));
        assertThrows(MgdException.class, () -> SegShow.overlay(img, new LabelMap(1, 2, new byte[2]), PALETTE, 0.5));
    }

    private static List<Integer> rgb(BufferedImage img, int x, int y) {
        int v = img.getRGB(x, y);
        return List.of((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    }
}
