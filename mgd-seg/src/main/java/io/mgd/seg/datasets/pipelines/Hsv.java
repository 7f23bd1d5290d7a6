package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.util.MgdException;

/**
 * {@code mmcv.bgr2hsv} / {@code mmcv.hsv2bgr}, i.e. {@code cv2.cvtColor} with
 * {@code COLOR_BGR2HSV} / {@code COLOR_HSV2BGR}, reproducing OpenCV 4.x (imgproc
 * {@code color_hsv.simd.hpp}, x86-64 build with AVX2+FMA dispatch) number for number.
 *
 * <p>uint8: H is 0..179 (degrees / 2), S and V 0..255. BGR→HSV is OpenCV's fixed-point code
 * (12-bit division tables). HSV→BGR computes in float, and OpenCV runs two different loops over
 * each row: the vector loop (the first {@code ⌊w / 32⌋·32} pixels: 4 × 8 float lanes) computes
 * {@code 1 − s·h} and {@code 1 − s·(1 − h)} with fused multiply-adds and <em>truncates</em> to
 * uint8; the scalar tail fuses only {@code 1 − s·h} and rounds. Both are reproduced (checked
 * against cv2 4.6 on every H, S, V triple). float32: H in degrees [0, 360), S in [0, 1], V as the
 * input, with the same vector (8-pixel blocks) / scalar split and each loop's own FMA use.
 */
final class Hsv {
    /** Pixels one vector iteration of OpenCV's uint8 HSV→BGR loop converts (4 × 8 float lanes). */
    static final int CV_SIMD_PIXELS = 32;
    /** Pixels one vector iteration of OpenCV's float32 HSV loops converts (8 float lanes). */
    static final int CV_SIMD_PIXELS_F32 = 8;
    private static final int HSV_SHIFT = 12;
    private static final int[] SDIV = new int[256];
    private static final int[] HDIV180 = new int[256];
    private static final int[][] SECTOR = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};
    private static final float FLT_EPSILON = Math.ulp(1.0f);

    static {
        for (int i = 1; i < 256; i++) {
            SDIV[i] = (int) Math.rint((255 << HSV_SHIFT) / (1.0 * i));
            HDIV180[i] = (int) Math.rint((180 << HSV_SHIFT) / (6.0 * i));
        }
    }

    private Hsv() {}

    /** {@code cv2.cvtColor(img, cv2.COLOR_BGR2HSV)} for a 3-channel uint8 or float32 image. */
    static Image bgr2hsv(Image img) {
        check(img);
        int n = img.height() * img.width();
        if (img.dtype() == Image.DType.UINT8) {
            byte[] s = img.uint8Data();
            byte[] out = new byte[s.length];
            for (int p = 0; p < n; p++) {
                int i = p * 3;
                bgr2hsv8(s[i] & 0xFF, s[i + 1] & 0xFF, s[i + 2] & 0xFF, out, i);
            }
            return Image.ofUint8(img.height(), img.width(), 3, out);
        }
        float[] s = img.float32Data();
        float[] out = new float[s.length];
        int w = img.width();
        int vectorised = w / CV_SIMD_PIXELS_F32 * CV_SIMD_PIXELS_F32;
        for (int p = 0; p < n; p++) {
            int i = p * 3;
            bgr2hsvF(s[i], s[i + 1], s[i + 2], out, i, p % w < vectorised);
        }
        return Image.ofFloat32(img.height(), img.width(), 3, out);
    }

    /** {@code cv2.cvtColor(img, cv2.COLOR_HSV2BGR)} for a 3-channel uint8 or float32 image. */
    static Image hsv2bgr(Image img) {
        check(img);
        int h = img.height();
        int w = img.width();
        float[] bgr = new float[3];
        if (img.dtype() == Image.DType.UINT8) {
            byte[] s = img.uint8Data();
            byte[] out = new byte[s.length];
            int vectorised = w / CV_SIMD_PIXELS * CV_SIMD_PIXELS;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    float hue = s[i] & 0xFF;
                    float sat = (s[i + 1] & 0xFF) * (1.0f / 255.0f);
                    float val = (s[i + 2] & 0xFF) * (1.0f / 255.0f);
                    boolean vector = x < vectorised;
                    hsv2bgrF(hue, sat, val, 6.0f / 180, bgr, vector);
                    for (int k = 0; k < 3; k++) {
                        float v = bgr[k] * 255.0f;
                        int q = vector ? (int) v : (int) Math.rint(v);
                        out[i + k] = (byte) Math.max(0, Math.min(255, q));
                    }
                }
            }
            return Image.ofUint8(h, w, 3, out);
        }
        float[] s = img.float32Data();
        float[] out = new float[s.length];
        int vectorised = w / CV_SIMD_PIXELS_F32 * CV_SIMD_PIXELS_F32;
        for (int p = 0; p < h * w; p++) {
            int i = p * 3;
            hsv2bgrF(s[i], s[i + 1], s[i + 2], 6.0f / 360, bgr, p % w < vectorised);
            System.arraycopy(bgr, 0, out, i, 3);
        }
        return Image.ofFloat32(h, w, 3, out);
    }

    /** OpenCV {@code RGB2HSV_b} with hrange 180. */
    private static void bgr2hsv8(int b, int g, int r, byte[] out, int i) {
        int v = Math.max(b, Math.max(g, r));
        int vmin = Math.min(b, Math.min(g, r));
        int diff = v - vmin;
        int vr = v == r ? -1 : 0;
        int vg = v == g ? -1 : 0;
        int s = (diff * SDIV[v] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
        int h = (vr & (g - b)) + (~vr & ((vg & (b - r + 2 * diff)) + (~vg & (r - g + 4 * diff))));
        h = (h * HDIV180[diff] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
        h += h < 0 ? 180 : 0;
        out[i] = (byte) Math.max(0, Math.min(255, h));
        out[i + 1] = (byte) s;
        out[i + 2] = (byte) v;
    }

    /** OpenCV {@code RGB2HSV_f} with hrange 360: its vector {@code process} or its scalar loop. */
    private static void bgr2hsvF(float b, float g, float r, float[] out, int i, boolean vector) {
        float v = r;
        float vmin = r;
        if (v < g) {
            v = g;
        }
        if (v < b) {
            v = b;
        }
        if (vmin > g) {
            vmin = g;
        }
        if (vmin > b) {
            vmin = b;
        }
        float diff = v - vmin;
        float s = diff / (Math.abs(v) + FLT_EPSILON);
        float h;
        if (vector) {
            // v_muladd(h, 60 / (diff + eps), part): float division, fused multiply-add.
            float rev = 60.0f / (diff + FLT_EPSILON);
            if (r == v) {
                h = Math.fma(g - b, rev, g < b ? 360.0f : 0.0f);
            } else if (g == v) {
                h = Math.fma(b - r, rev, 120.0f);
            } else {
                h = Math.fma(r - g, rev, 240.0f);
            }
        } else {
            // Scalar loop: double division; the compiler contracts "x * diff + 120" into an FMA.
            diff = (float) (60.0 / (diff + FLT_EPSILON));
            if (v == r) {
                h = (g - b) * diff;
            } else if (v == g) {
                h = Math.fma(b - r, diff, 120.0f);
            } else {
                h = Math.fma(r - g, diff, 240.0f);
            }
            if (h < 0) {
                h += 360.0f;
            }
        }
        out[i] = h;
        out[i + 1] = s;
        out[i + 2] = v;
    }

    /**
     * OpenCV {@code HSV2RGB_simd} ({@code vector}) or {@code HSV2RGB_native}: writes b, g, r into
     * {@code bgr}. The vector code fuses both {@code 1 − s·x} terms; the scalar code (as compiled
     * with FMA contraction) only the first.
     */
    private static void hsv2bgrF(float h, float s, float v, float hscale, float[] bgr, boolean vector) {
        if (s == 0 && !vector) {
            bgr[0] = v;
            bgr[1] = v;
            bgr[2] = v;
            return;
        }
        h *= hscale;
        int sector;
        if (vector) {
            float pre = (float) (int) h;
            h -= pre;
            sector = (int) (pre - (float) (int) (pre * (1.0f / 6.0f)) * 6.0f);
        } else {
            h = h % 6.0f;
            sector = (int) Math.floor(h);
            h -= sector;
            if (sector < 0 || sector >= 6) {
                sector = 0;
                h = 0.0f;
            }
        }
        float t2 = Math.fma(-s, h, 1.0f);
        float t3 = vector ? Math.fma(-s, 1.0f - h, 1.0f) : 1.0f - s * (1.0f - h);
        float[] tab = {v, v * (1.0f - s), v * t2, v * t3};
        if (sector < 0 || sector > 5) {
            // The vector code's masks select nothing outside 0..5 (not reachable from H in range).
            bgr[0] = 0;
            bgr[1] = 0;
            bgr[2] = 0;
            return;
        }
        bgr[0] = tab[SECTOR[sector][0]];
        bgr[1] = tab[SECTOR[sector][1]];
        bgr[2] = tab[SECTOR[sector][2]];
    }

    private static void check(Image img) {
        if (img.channels() != 3) {
            throw new MgdException("HSV conversion needs a 3-channel BGR image, got " + img);
        }
    }
}
