package io.mgd.core.data;

/**
 * OpenCV's {@code cv::resize} for {@code INTER_LINEAR} and {@code INTER_NEAREST}, reproduced
 * sample for sample (OpenCV 4.x {@code imgproc/src/resize.cpp}, generic path, no IPP):
 *
 * <ul>
 *   <li>pixel-centre mapping {@code fx = (float)((dx + 0.5) * scale - 0.5)};
 *   <li>horizontal taps clamped at the borders with their weight moved to the edge pixel,
 *       vertical taps clamped by row index only (weights untouched);
 *   <li>uint8: 11-bit fixed-point weights ({@code saturate_cast<short>(w * 2048)}), the
 *       horizontal pass in int, the vertical pass as
 *       {@code ((b0*(S0>>4))>>16) + ((b1*(S1>>4))>>16) + 2 >> 2};
 *   <li>float32: the same two passes in float;
 *   <li>an exact 2× downscale in both directions is OpenCV's fast INTER_AREA (2×2 mean).
 * </ul>
 */
final class CvResize {
    private static final int COEF_SCALE = 2048;

    private CvResize() {}

    static Image linear(Image src, int dw, int dh) {
        int sw = src.width();
        int sh = src.height();
        if (dw == sw && dh == sh) {
            return src;
        }
        double scaleX = 1.0 / ((double) dw / sw);
        double scaleY = 1.0 / ((double) dh / sh);
        if (isTwo(scaleX) && isTwo(scaleY)) {
            return areaFast2x(src, dw, dh);
        }
        int[] xofs = new int[dw];
        float[] ax = new float[dw * 2];
        for (int dx = 0; dx < dw; dx++) {
            float fx = (float) ((dx + 0.5) * scaleX - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            if (sx < 0) {
                fx = 0;
                sx = 0;
            }
            if (sx >= sw - 1) {
                fx = 0;
                sx = sw - 1;
            }
            xofs[dx] = sx;
            ax[dx * 2] = 1.f - fx;
            ax[dx * 2 + 1] = fx;
        }
        int[] y0 = new int[dh];
        int[] y1 = new int[dh];
        float[] by = new float[dh * 2];
        for (int dy = 0; dy < dh; dy++) {
            float fy = (float) ((dy + 0.5) * scaleY - 0.5);
            int sy = (int) Math.floor(fy);
            fy -= sy;
            y0[dy] = clamp(sy, sh);
            y1[dy] = clamp(sy + 1, sh);
            by[dy * 2] = 1.f - fy;
            by[dy * 2 + 1] = fy;
        }
        return src.dtype() == Image.DType.UINT8
                ? linearU8(src, dw, dh, xofs, ax, y0, y1, by)
                : linearF32(src, dw, dh, xofs, ax, y0, y1, by);
    }

    private static Image linearU8(Image src, int dw, int dh, int[] xofs, float[] ax, int[] y0, int[] y1,
            float[] by) {
        int sw = src.width();
        int sh = src.height();
        int cn = src.channels();
        byte[] s = src.uint8Data();
        short[] ia = new short[ax.length];
        for (int i = 0; i < ax.length; i++) {
            ia[i] = fix(ax[i]);
        }
        // Horizontal pass once per source row that the vertical pass reads.
        int rowLen = dw * cn;
        int[] slot = rowSlots(sh, y0, y1);
        int[] h = new int[slot[sh] * rowLen];
        for (int y = 0; y < sh; y++) {
            if (slot[y] < 0) {
                continue;
            }
            int srow = y * sw * cn;
            int hrow = slot[y] * rowLen;
            for (int dx = 0; dx < dw; dx++) {
                int sx = xofs[dx];
                int a0 = ia[dx * 2];
                int a1 = ia[dx * 2 + 1];
                for (int k = 0; k < cn; k++) {
                    int v = (s[srow + sx * cn + k] & 0xFF) * a0;
                    if (sx + 1 < sw) {
                        v += (s[srow + (sx + 1) * cn + k] & 0xFF) * a1;
                    }
                    h[hrow + dx * cn + k] = v;
                }
            }
        }
        byte[] out = new byte[dh * rowLen];
        for (int dy = 0; dy < dh; dy++) {
            int b0 = fix(by[dy * 2]);
            int b1 = fix(by[dy * 2 + 1]);
            int r0 = slot[y0[dy]] * rowLen;
            int r1 = slot[y1[dy]] * rowLen;
            int o = dy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                int v = (((b0 * (h[r0 + i] >> 4)) >> 16) + ((b1 * (h[r1 + i] >> 4)) >> 16) + 2) >> 2;
                out[o + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return Image.ofUint8(dh, dw, cn, out);
    }

    private static Image linearF32(Image src, int dw, int dh, int[] xofs, float[] ax, int[] y0, int[] y1,
            float[] by) {
        int sw = src.width();
        int sh = src.height();
        int cn = src.channels();
        float[] s = src.float32Data();
        int rowLen = dw * cn;
        int[] slot = rowSlots(sh, y0, y1);
        float[] h = new float[slot[sh] * rowLen];
        for (int y = 0; y < sh; y++) {
            if (slot[y] < 0) {
                continue;
            }
            int srow = y * sw * cn;
            int hrow = slot[y] * rowLen;
            for (int dx = 0; dx < dw; dx++) {
                int sx = xofs[dx];
                float a0 = ax[dx * 2];
                float a1 = ax[dx * 2 + 1];
                for (int k = 0; k < cn; k++) {
                    float v = s[srow + sx * cn + k] * a0;
                    if (sx + 1 < sw) {
                        v += s[srow + (sx + 1) * cn + k] * a1;
                    }
                    h[hrow + dx * cn + k] = v;
                }
            }
        }
        float[] out = new float[dh * rowLen];
        for (int dy = 0; dy < dh; dy++) {
            float b0 = by[dy * 2];
            float b1 = by[dy * 2 + 1];
            int r0 = slot[y0[dy]] * rowLen;
            int r1 = slot[y1[dy]] * rowLen;
            int o = dy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                out[o + i] = h[r0 + i] * b0 + h[r1 + i] * b1;
            }
        }
        return Image.ofFloat32(dh, dw, cn, out);
    }

    /** OpenCV resizeAreaFast for an exact 2× reduction: rounded mean of each 2×2 block. */
    private static Image areaFast2x(Image src, int dw, int dh) {
        int cn = src.channels();
        int sRow = src.width() * cn;
        int n = dh * dw * cn;
        if (src.dtype() == Image.DType.UINT8) {
            byte[] s = src.uint8Data();
            byte[] out = new byte[n];
            for (int dy = 0; dy < dh; dy++) {
                for (int dx = 0; dx < dw; dx++) {
                    for (int k = 0; k < cn; k++) {
                        int i = 2 * dy * sRow + 2 * dx * cn + k;
                        int sum = (s[i] & 0xFF) + (s[i + cn] & 0xFF) + (s[i + sRow] & 0xFF) + (s[i + sRow + cn] & 0xFF);
                        out[(dy * dw + dx) * cn + k] = (byte) ((sum + 2) >> 2);
                    }
                }
            }
            return Image.ofUint8(dh, dw, cn, out);
        }
        float[] s = src.float32Data();
        float[] out = new float[n];
        for (int dy = 0; dy < dh; dy++) {
            for (int dx = 0; dx < dw; dx++) {
                for (int k = 0; k < cn; k++) {
                    int i = 2 * dy * sRow + 2 * dx * cn + k;
                    out[(dy * dw + dx) * cn + k] = (s[i] + s[i + cn] + s[i + sRow] + s[i + sRow + cn]) * 0.25f;
                }
            }
        }
        return Image.ofFloat32(dh, dw, cn, out);
    }

    /** cv::INTER_NEAREST: {@code sx = min(floor(dx * scale), w - 1)}. */
    static Image nearest(Image src, int dw, int dh) {
        int sw = src.width();
        int sh = src.height();
        if (dw == sw && dh == sh) {
            return src;
        }
        int cn = src.channels();
        double ifx = 1.0 / ((double) dw / sw);
        double ify = 1.0 / ((double) dh / sh);
        int[] xs = new int[dw];
        for (int dx = 0; dx < dw; dx++) {
            xs[dx] = Math.min((int) Math.floor(dx * ifx), sw - 1);
        }
        boolean u8 = src.dtype() == Image.DType.UINT8;
        byte[] ob = u8 ? new byte[dh * dw * cn] : null;
        float[] of = u8 ? null : new float[dh * dw * cn];
        for (int dy = 0; dy < dh; dy++) {
            int sy = Math.min((int) Math.floor(dy * ify), sh - 1);
            for (int dx = 0; dx < dw; dx++) {
                int si = (sy * sw + xs[dx]) * cn;
                int di = (dy * dw + dx) * cn;
                if (u8) {
                    System.arraycopy(src.uint8Data(), si, ob, di, cn);
                } else {
                    System.arraycopy(src.float32Data(), si, of, di, cn);
                }
            }
        }
        return u8 ? Image.ofUint8(dh, dw, cn, ob) : Image.ofFloat32(dh, dw, cn, of);
    }

    /** Compact index of each needed source row (-1 if unused); element {@code sh} is the count. */
    private static int[] rowSlots(int sh, int[] y0, int[] y1) {
        int[] slot = new int[sh + 1];
        java.util.Arrays.fill(slot, 0, sh, -1);
        for (int i = 0; i < y0.length; i++) {
            slot[y0[i]] = 0;
            slot[y1[i]] = 0;
        }
        int n = 0;
        for (int y = 0; y < sh; y++) {
            if (slot[y] == 0) {
                slot[y] = n++;
            }
        }
        slot[sh] = n;
        return slot;
    }

    private static boolean isTwo(double scale) {
        return Math.abs(scale - 2.0) < Math.ulp(1.0);
    }

    private static int clamp(int y, int h) {
        return y < 0 ? 0 : Math.min(y, h - 1);
    }

    /** {@code saturate_cast<short>(w * INTER_RESIZE_COEF_SCALE)}: round half to even. */
    private static short fix(float w) {
        return (short) Math.rint(w * COEF_SCALE);
    }
}
