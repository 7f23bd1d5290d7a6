package io.mgd.core.data;

import io.mgd.core.util.MgdException;
import java.util.Arrays;

/**
 * mmcv 1.x image operations ({@code mmcv.image.geometric} and {@code photometric}) on
 * {@link Image}: the same arguments and the same numbers as mmcv with its cv2 backend.
 */
public final class ImageOps {
    private ImageOps() {}

    /**
     * {@code mmcv.imresize(img, (w, h), interpolation)} with the cv2 backend. Supports
     * {@code 'bilinear'} (cv2.INTER_LINEAR) and {@code 'nearest'}.
     */
    public static Image imresize(Image img, int width, int height, String interpolation) {
        if (width <= 0 || height <= 0) {
            throw new MgdException("imresize: target size must be positive, got (w=" + width + ", h=" + height + ")");
        }
        return switch (interpolation) {
            case "bilinear" -> CvResize.linear(img, width, height);
            case "nearest" -> CvResize.nearest(img, width, height);
            default -> throw new MgdException("imresize: interpolation '" + interpolation
                    + "' is not supported; supported are 'bilinear' and 'nearest'");
        };
    }

    /** {@code mmcv._scale_size}: {@code (int(w * s + 0.5), int(h * s + 0.5))} as {w, h}. */
    public static int[] scaleSize(int width, int height, double scale) {
        return new int[] {(int) (width * scale + 0.5), (int) (height * scale + 0.5)};
    }

    /**
     * {@code mmcv.rescale_size} with a (long edge, short edge) bound: the largest factor that
     * keeps the image within both; returns {w, h}.
     */
    public static int[] rescaleSize(int width, int height, int maxLongEdge, int maxShortEdge) {
        return scaleSize(width, height, rescaleFactor(width, height, maxLongEdge, maxShortEdge));
    }

    /** The factor {@link #rescaleSize} uses: {@code min(long/max(h,w), short/min(h,w))}. */
    public static double rescaleFactor(int width, int height, int maxLongEdge, int maxShortEdge) {
        int l = Math.max(maxLongEdge, maxShortEdge);
        int s = Math.min(maxLongEdge, maxShortEdge);
        return Math.min((double) l / Math.max(height, width), (double) s / Math.min(height, width));
    }

    /** {@code mmcv.imrescale(img, (long, short))}: keep aspect ratio within the bound. */
    public static Image imrescale(Image img, int maxLongEdge, int maxShortEdge, String interpolation) {
        int[] wh = rescaleSize(img.width(), img.height(), maxLongEdge, maxShortEdge);
        return imresize(img, wh[0], wh[1], interpolation);
    }

    /**
     * {@code mmcv.imcrop(img, np.array([x1, y1, x2, y2]))}: inclusive corners, clipped to the
     * image as mmcv's {@code bbox_clip} does.
     */
    public static Image imcrop(Image img, int x1, int y1, int x2, int y2) {
        x1 = clip(x1, img.width() - 1);
        x2 = clip(x2, img.width() - 1);
        y1 = clip(y1, img.height() - 1);
        y2 = clip(y2, img.height() - 1);
        int w = x2 - x1 + 1;
        int h = y2 - y1 + 1;
        if (w <= 0 || h <= 0) {
            throw new MgdException("imcrop: empty crop (" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + ") of " + img);
        }
        if (x1 == 0 && y1 == 0 && w == img.width() && h == img.height()) {
            return img;
        }
        int cn = img.channels();
        int srcRow = img.width() * cn;
        int rowLen = w * cn;
        if (img.dtype() == Image.DType.UINT8) {
            byte[] out = new byte[h * rowLen];
            for (int y = 0; y < h; y++) {
                System.arraycopy(img.uint8Data(), (y1 + y) * srcRow + x1 * cn, out, y * rowLen, rowLen);
            }
            return Image.ofUint8(h, w, cn, out);
        }
        float[] out = new float[h * rowLen];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.float32Data(), (y1 + y) * srcRow + x1 * cn, out, y * rowLen, rowLen);
        }
        return Image.ofFloat32(h, w, cn, out);
    }

    /** {@code mmcv.imflip(img, direction)}: 'horizontal', 'vertical' or 'diagonal'. */
    public static Image imflip(Image img, String direction) {
        boolean flipX;
        boolean flipY;
        switch (direction) {
            case "horizontal" -> { flipX = true; flipY = false; }
            case "vertical" -> { flipX = false; flipY = true; }
            case "diagonal" -> { flipX = true; flipY = true; }
            default -> throw new MgdException("imflip: direction must be 'horizontal', 'vertical' or 'diagonal', got '"
                    + direction + "'");
        }
        int h = img.height();
        int w = img.width();
        int cn = img.channels();
        boolean u8 = img.dtype() == Image.DType.UINT8;
        byte[] ob = u8 ? new byte[img.size()] : null;
        float[] of = u8 ? null : new float[img.size()];
        for (int y = 0; y < h; y++) {
            int sy = flipY ? h - 1 - y : y;
            for (int x = 0; x < w; x++) {
                int sx = flipX ? w - 1 - x : x;
                int si = (sy * w + sx) * cn;
                int di = (y * w + x) * cn;
                if (u8) {
                    System.arraycopy(img.uint8Data(), si, ob, di, cn);
                } else {
                    System.arraycopy(img.float32Data(), si, of, di, cn);
                }
            }
        }
        return u8 ? Image.ofUint8(h, w, cn, ob) : Image.ofFloat32(h, w, cn, of);
    }

    /**
     * {@code mmcv.impad(img, padding=(left, top, right, bottom), pad_val, padding_mode)} via
     * cv2.copyMakeBorder: 'constant' (pad_val, one value or one per channel), 'edge'
     * (BORDER_REPLICATE), 'reflect' (BORDER_REFLECT_101), 'symmetric' (BORDER_REFLECT).
     */
    public static Image impad(Image img, int left, int top, int right, int bottom, double[] padVal,
            String paddingMode) {
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new MgdException("impad: padding must be >= 0, got (" + left + ", " + top + ", " + right + ", "
                    + bottom + ") for " + img);
        }
        int cn = img.channels();
        double[] val = padVal.length == 1 ? fill(cn, padVal[0]) : padVal;
        if (val.length != cn) {
            throw new MgdException("impad: pad_val has " + padVal.length + " values, image has " + cn + " channels");
        }
        int mode = switch (paddingMode) {
            case "constant" -> 0;
            case "edge" -> 1;
            case "reflect" -> 2;
            case "symmetric" -> 3;
            default -> throw new MgdException("impad: padding_mode must be one of constant, edge, reflect, "
                    + "symmetric; got '" + paddingMode + "'");
        };
        int h = img.height() + top + bottom;
        int w = img.width() + left + right;
        boolean u8 = img.dtype() == Image.DType.UINT8;
        byte[] ob = u8 ? new byte[h * w * cn] : null;
        float[] of = u8 ? null : new float[h * w * cn];
        for (int y = 0; y < h; y++) {
            int sy = border(y - top, img.height(), mode);
            for (int x = 0; x < w; x++) {
                int sx = border(x - left, img.width(), mode);
                int di = (y * w + x) * cn;
                for (int k = 0; k < cn; k++) {
                    if (sy < 0 || sx < 0) {
                        if (u8) {
                            ob[di + k] = (byte) Math.max(0, Math.min(255, Math.rint(val[k])));
                        } else {
                            of[di + k] = (float) val[k];
                        }
                    } else {
                        int si = (sy * img.width() + sx) * cn + k;
                        if (u8) {
                            ob[di + k] = img.uint8Data()[si];
                        } else {
                            of[di + k] = img.float32Data()[si];
                        }
                    }
                }
            }
        }
        return u8 ? Image.ofUint8(h, w, cn, ob) : Image.ofFloat32(h, w, cn, of);
    }

    /** cv::borderInterpolate; -1 means "constant". */
    private static int border(int p, int len, int mode) {
        if (p >= 0 && p < len) {
            return p;
        }
        switch (mode) {
            case 0:
                return -1;
            case 1:
                return p < 0 ? 0 : len - 1;
            default:
                if (len == 1) {
                    return 0;
                }
                int delta = mode == 2 ? 1 : 0;
                do {
                    if (p < 0) {
                        p = -p - 1 + delta;
                    } else {
                        p = len - 1 - (p - len) - delta;
                    }
                } while (p < 0 || p >= len);
                return p;
        }
    }

    /**
     * {@code mmcv.imnormalize(img, mean, std, to_rgb)}: a float32 copy, BGR→RGB when asked
     * (3 or 4 channels; no-op for 1), then {@code (x - mean) * (1 / std)} per channel in float
     * as cv2.subtract/cv2.multiply do (the float64 scalars are cast to float32 first).
     */
    public static Image imnormalize(Image img, float[] mean, float[] std, boolean toRgb) {
        int cn = img.channels();
        if (mean.length != cn && mean.length != 1 || std.length != cn && std.length != 1) {
            throw new MgdException("imnormalize: mean/std have " + mean.length + "/" + std.length
                    + " values, image has " + cn + " channels");
        }
        float[] m = new float[cn];
        float[] inv = new float[cn];
        int[] src = new int[cn];
        for (int k = 0; k < cn; k++) {
            src[k] = toRgb && cn >= 3 && k < 3 ? 2 - k : k;
            m[k] = mean[mean.length == 1 ? 0 : k];
            inv[k] = (float) (1.0 / (double) std[std.length == 1 ? 0 : k]);
        }
        int n = img.height() * img.width();
        float[] out = new float[n * cn];
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < cn; k++) {
                out[p * cn + k] = (sample(img, p * cn + src[k]) - m[k]) * inv[k];
            }
        }
        return Image.ofFloat32(img.height(), img.width(), cn, out);
    }

    /**
     * cv2 BGR→gray for uint8 ({@code (B*1868 + G*9617 + R*4899 + 8192) >> 14}) and float
     * ({@code 0.114 B + 0.587 G + 0.299 R}); returns a one-channel image.
     */
    public static Image bgr2gray(Image img) {
        if (img.channels() < 3) {
            throw new MgdException("bgr2gray: expected 3 or 4 channels, got " + img);
        }
        int n = img.height() * img.width();
        int cn = img.channels();
        if (img.dtype() == Image.DType.UINT8) {
            byte[] s = img.uint8Data();
            byte[] out = new byte[n];
            for (int p = 0; p < n; p++) {
                int b = s[p * cn] & 0xFF;
                int g = s[p * cn + 1] & 0xFF;
                int r = s[p * cn + 2] & 0xFF;
                out[p] = (byte) ((b * 1868 + g * 9617 + r * 4899 + (1 << 13)) >> 14);
            }
            return Image.ofUint8(img.height(), img.width(), 1, out);
        }
        float[] s = img.float32Data();
        float[] out = new float[n];
        for (int p = 0; p < n; p++) {
            out[p] = s[p * cn] * 0.114f + s[p * cn + 1] * 0.587f + s[p * cn + 2] * 0.299f;
        }
        return Image.ofFloat32(img.height(), img.width(), 1, out);
    }

    /** {@code mmcv.bgr2rgb}: swaps channels 0 and 2 (a fourth channel is kept). */
    public static Image bgr2rgb(Image img) {
        int cn = img.channels();
        if (cn < 3) {
            throw new MgdException("bgr2rgb: expected 3 or 4 channels, got " + img);
        }
        int n = img.height() * img.width();
        if (img.dtype() == Image.DType.UINT8) {
            byte[] s = img.uint8Data();
            byte[] o = s.clone();
            for (int p = 0; p < n; p++) {
                o[p * cn] = s[p * cn + 2];
                o[p * cn + 2] = s[p * cn];
            }
            return Image.ofUint8(img.height(), img.width(), cn, o);
        }
        float[] s = img.float32Data();
        float[] o = s.clone();
        for (int p = 0; p < n; p++) {
            o[p * cn] = s[p * cn + 2];
            o[p * cn + 2] = s[p * cn];
        }
        return Image.ofFloat32(img.height(), img.width(), cn, o);
    }

    private static float sample(Image img, int i) {
        return img.dtype() == Image.DType.UINT8 ? img.uint8Data()[i] & 0xFF : img.float32Data()[i];
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static int clip(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}
