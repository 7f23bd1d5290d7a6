package io.mgd.core.data;

import io.mgd.core.util.MgdException;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Image decoding like {@code mmcv.imfrombytes} with the cv2 backend, on {@code javax.imageio}
 * (PNG, JPEG, BMP, GIF). Colour images come back BGR.
 *
 * <p>Flags ({@code color_type}): {@code 'color'} → 3 channels BGR (grey replicated, alpha
 * dropped, 16-bit samples reduced to their high byte as libpng's strip_16 does);
 * {@code 'grayscale'} → 1 channel (colour converted with cv2's BGR2GRAY fixed-point weights;
 * OpenCV lets libpng/libjpeg do this conversion, which can differ by ±1);
 * {@code 'unchanged'} → the stored channels (BGR, BGRA or grey; grey+alpha becomes BGRA) and
 * 16-bit files as float32 holding the raw 0..65535 values. The {@code *_ignore_orientation}
 * flags are accepted; EXIF orientation is not applied by this reader in any mode.
 * JPEG decoding is the JDK's, which may differ from libjpeg by a few levels.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** Reads and decodes {@code file}; {@code colorType} as in mmcv. */
    public static Image read(Path file, String colorType) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MgdException("cannot read image file " + file + ": " + e, e);
        }
        return decode(bytes, colorType, file.toString());
    }

    /** Decodes encoded image bytes; {@code source} names them in errors. */
    public static Image decode(byte[] bytes, String colorType, String source) {
        String flag = switch (colorType) {
            case "color", "color_ignore_orientation" -> "color";
            case "grayscale", "grayscale_ignore_orientation" -> "grayscale";
            case "unchanged" -> "unchanged";
            default -> throw new MgdException("color_type must be 'color', 'grayscale' or 'unchanged', got '"
                    + colorType + "' (reading " + source + ")");
        };
        BufferedImage bi;
        try {
            bi = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new MgdException("cannot decode image " + source + ": " + e.getMessage(), e);
        }
        if (bi == null) {
            throw new MgdException("cannot decode image " + source
                    + ": not a format javax.imageio reads (PNG, JPEG, BMP, GIF)");
        }
        return convert(bi, flag);
    }

    private static Image convert(BufferedImage bi, String flag) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        Raster r = bi.getRaster();
        Image fast = fastPath(bi, r, flag);
        if (fast != null) {
            return fast;
        }
        boolean direct = bi.getColorModel() instanceof ComponentColorModel
                && (r.getNumBands() >= 1 && r.getNumBands() <= 4);
        int bands;
        int[] px;
        boolean sixteen = false;
        if (direct) {
            bands = r.getNumBands();
            px = r.getPixels(0, 0, w, h, (int[]) null);
            sixteen = r.getTransferType() == DataBuffer.TYPE_USHORT;
        } else {
            // Palette and packed types: go through ARGB.
            boolean alpha = bi.getColorModel().hasAlpha();
            bands = alpha ? 4 : 3;
            int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
            px = new int[w * h * bands];
            for (int i = 0; i < argb.length; i++) {
                int v = argb[i];
                px[i * bands] = (v >> 16) & 0xFF;
                px[i * bands + 1] = (v >> 8) & 0xFF;
                px[i * bands + 2] = v & 0xFF;
                if (alpha) {
                    px[i * bands + 3] = (v >>> 24) & 0xFF;
                }
            }
        }
        boolean grey = bands <= 2;
        boolean alpha = bands == 2 || bands == 4;
        int outCn = switch (flag) {
            case "color" -> 3;
            case "grayscale" -> 1;
            default -> grey ? (alpha ? 4 : 1) : bands;
        };
        int n = w * h;
        if (sixteen && flag.equals("unchanged")) {
            float[] out = new float[n * outCn];
            for (int p = 0; p < n; p++) {
                fillPixel(px, p, bands, grey, alpha, outCn, v -> v, out, null);
            }
            return Image.ofFloat32(h, w, outCn, out);
        }
        java.util.function.IntUnaryOperator to8 = sixteen ? v -> v >> 8 : v -> v;
        if (flag.equals("grayscale") && !grey) {
            byte[] bgr = new byte[n * 3];
            for (int p = 0; p < n; p++) {
                fillPixel(px, p, bands, false, alpha, 3, to8, null, bgr);
            }
            return ImageOps.bgr2gray(Image.ofUint8(h, w, 3, bgr));
        }
        byte[] out = new byte[n * outCn];
        for (int p = 0; p < n; p++) {
            fillPixel(px, p, bands, grey, alpha, outCn, to8, null, out);
        }
        return Image.ofUint8(h, w, outCn, out);
    }

    /** Decoded JPEGs and most PNGs are already interleaved BGR (or grey) bytes: copy them. */
    private static Image fastPath(BufferedImage bi, Raster r, String flag) {
        int type = bi.getType();
        boolean bgr = type == BufferedImage.TYPE_3BYTE_BGR && !flag.equals("grayscale");
        boolean grey = type == BufferedImage.TYPE_BYTE_GRAY && !flag.equals("color");
        if (!(bgr || grey) || r.getParent() != null || r.getMinX() != 0 || r.getMinY() != 0
                || !(r.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || !(r.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1) {
            return null;
        }
        int cn = bgr ? 3 : 1;
        int[] offsets = sm.getBandOffsets();
        boolean layout = sm.getPixelStride() == cn && sm.getScanlineStride() == bi.getWidth() * cn
                && db.getOffset() == 0 && (bgr ? offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0 : offsets[0] == 0);
        if (!layout || db.getData().length < bi.getWidth() * bi.getHeight() * cn) {
            return null;
        }
        byte[] data = java.util.Arrays.copyOf(db.getData(), bi.getWidth() * bi.getHeight() * cn);
        return Image.ofUint8(bi.getHeight(), bi.getWidth(), cn, data);
    }

    /** Writes pixel {@code p} (source bands in R,G,B,A or Y,A order) as BGR(A)/Y into out. */
    private static void fillPixel(int[] px, int p, int bands, boolean grey, boolean alpha, int outCn,
            java.util.function.IntUnaryOperator f, float[] outF, byte[] outB) {
        int s = p * bands;
        int b;
        int g;
        int r;
        if (grey) {
            b = g = r = f.applyAsInt(px[s]);
        } else {
            r = f.applyAsInt(px[s]);
            g = f.applyAsInt(px[s + 1]);
            b = f.applyAsInt(px[s + 2]);
        }
        int a = alpha ? f.applyAsInt(px[s + bands - 1]) : 0;
        int o = p * outCn;
        int[] vals = outCn == 1 ? new int[] {b} : outCn == 3 ? new int[] {b, g, r} : new int[] {b, g, r, a};
        for (int k = 0; k < outCn; k++) {
            if (outF != null) {
                outF[o + k] = vals[k];
            } else {
                outB[o + k] = (byte) vals[k];
            }
        }
    }
}
