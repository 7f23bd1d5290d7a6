import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * A grid of equally sized images with a label above each column and left of each row, scaled up
 * without smoothing: {@code java tools/experiments/Montage.java OUT.png SCALE "col1,col2,..."
 * "row1,row2,..." IMG...} (images row by row). Used by fmnist_seg.sh for the predictions picture.
 */
public final class Montage {
    public static void main(String[] a) throws Exception {
        File out = new File(a[0]);
        int scale = Integer.parseInt(a[1]);
        String[] cols = a[2].split(",");
        String[] rows = a[3].split(",");
        if (a.length - 4 != cols.length * rows.length) {
            throw new IllegalArgumentException("need " + cols.length * rows.length + " images, got " + (a.length - 4));
        }
        BufferedImage first = ImageIO.read(new File(a[4]));
        int w = first.getWidth() * scale;
        int h = first.getHeight() * scale;
        int left = 90;
        int top = 18;
        int gap = 4;
        BufferedImage m = new BufferedImage(left + cols.length * (w + gap), top + rows.length * (h + gap),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, m.getWidth(), m.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        for (int c = 0; c < cols.length; c++) {
            g.drawString(cols[c], left + c * (w + gap) + 2, top - 5);
        }
        for (int r = 0; r < rows.length; r++) {
            g.drawString(rows[r], 2, top + r * (h + gap) + h / 2);
            for (int c = 0; c < cols.length; c++) {
                BufferedImage img = ImageIO.read(new File(a[4 + r * cols.length + c]));
                g.drawImage(img, left + c * (w + gap), top + r * (h + gap), w, h, null);
            }
        }
        g.dispose();
        ImageIO.write(m, "png", out);
    }
}
