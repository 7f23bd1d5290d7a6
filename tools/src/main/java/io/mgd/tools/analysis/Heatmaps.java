package io.mgd.tools.analysis;

import io.mgd.core.util.MgdException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Pictures for feature analysis: maps in [0, 1] as colour heatmaps (the jet colormap), images as
 * grey or RGB panels, and labelled grids of panels (contact sheets). Panels are enlarged by an
 * integer factor with nearest-neighbour sampling, so every source pixel stays a visible block.
 */
public final class Heatmaps {
    private static final int GAP = 4;
    private static final int MARGIN = 6;

    private Heatmaps() {}

    /**
     * The jet colormap (matplotlib's {@code jet}: dark blue → cyan → yellow → dark red) at
     * {@code v} in [0, 1] (clamped), as a packed {@code 0xRRGGBB}.
     */
    public static int jet(double v) {
        double x = Math.max(0, Math.min(1, v));
        int r = channel(1.5 - Math.abs(4 * x - 3));
        int g = channel(1.5 - Math.abs(4 * x - 2));
        int b = channel(1.5 - Math.abs(4 * x - 1));
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    /** A row-major {@code h×w} map in [0, 1] as a jet heatmap, each value a {@code scale}² block. */
    public static BufferedImage heatmap(float[] map, int h, int w, int scale) {
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                img.setRGB(x, y, jet(map[(y / scale) * w + x / scale]));
            }
        }
        return img;
    }

    /**
     * A {@code (C, H, W)} image with values in [0, 1]: grey for one channel, RGB (channels in that
     * order) for three; each pixel a {@code scale}² block.
     */
    public static BufferedImage image(float[] chw, int c, int h, int w, int scale) {
        if (c != 1 && c != 3) {
            throw new MgdException("cannot draw an image with " + c + " channels (1 or 3 expected)");
        }
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int i = (y / scale) * w + x / scale;
                int r = channel(chw[i]);
                int g = c == 1 ? r : channel(chw[plane + i]);
                int b = c == 1 ? r : channel(chw[2 * plane + i]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /**
     * A labelled grid: a header with one label per column, one label per row on the left, the
     * panels (all the same size) in between, on white.
     */
    public static BufferedImage sheet(List<String> columnLabels, List<String> rowLabels, List<List<BufferedImage>> rows) {
        int pw = rows.get(0).get(0).getWidth();
        int ph = rows.get(0).get(0).getHeight();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        int rowLabelW = rowLabels.stream().mapToInt(fm::stringWidth).max().orElse(0) + MARGIN;
        int header = fm.getHeight() + MARGIN;
        int cols = columnLabels.size();
        int width = MARGIN + rowLabelW + cols * (pw + GAP) - GAP + MARGIN;
        int height = header + rows.size() * (ph + GAP) - GAP + MARGIN;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(font);
            int x0 = MARGIN + rowLabelW;
            for (int c = 0; c < cols; c++) {
                String label = columnLabels.get(c);
                int x = x0 + c * (pw + GAP) + Math.max(0, (pw - fm.stringWidth(label)) / 2);
                g.drawString(label, x, fm.getAscent() + MARGIN / 2);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y = header + r * (ph + GAP);
                g.drawString(rowLabels.get(r), MARGIN, y + ph / 2 + fm.getAscent() / 2);
                List<BufferedImage> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    g.drawImage(row.get(c), x0 + c * (pw + GAP), y, null);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes a PNG, creating the parent directory. */
    public static void writePng(BufferedImage img, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new MgdException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
