package io.mgd.det.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mgd.core.data.HostArray;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mmcv collate semantics for detection samples. */
class DetCollateTest {
    /** A C×H×W float image whose value at (c, y, x) is base + c*100 + y*10 + x. */
    static HostArray chw(int c, int h, int w, float base) {
        float[] d = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(k * h + y) * w + x] = base + k * 100 + y * 10 + x;
                }
            }
        }
        return HostArray.ofFloat32(d, c, h, w);
    }

    static Map<String, Object> sample(HostArray img, int boxes, String name) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("img_metas", Map.of("filename", name));
        s.put("img", img);
        s.put("gt_bboxes", HostArray.ofFloat32(new float[boxes * 4], boxes, 4));
        s.put("gt_labels", HostArray.ofInt64(new long[boxes], boxes));
        s.put("idx", (long) boxes);
        return s;
    }

    @Test
    void imagesArePaddedToTheLargestAtBottomRight() {
        Map<String, Object> a = sample(chw(2, 2, 3, 1000), 2, "a");
        Map<String, Object> b = sample(chw(2, 3, 2, 2000), 0, "b");
        Map<String, Object> out = new DetCollate().collate(List.of(a, b));
        assertEquals(List.of("img_metas", "img", "gt_bboxes", "gt_labels", "idx"), List.copyOf(out.keySet()));
        HostArray img = (HostArray) out.get("img");
        assertArrayEquals(new long[] {2, 2, 3, 3}, img.shape());
        float[] d = (float[]) img.data();
        // sample 0, channel 1: rows 0-1 hold the image, row 2 is padding (0).
        assertArrayEquals(new float[] {1100, 1101, 1102, 1110, 1111, 1112, 0, 0, 0}, java.util.Arrays.copyOfRange(d, 9, 18));
        // sample 1, channel 0: column 2 is padding.
        assertArrayEquals(new float[] {2000, 2001, 0, 2010, 2011, 0, 2020, 2021, 0}, java.util.Arrays.copyOfRange(d, 18, 27));
        List<?> boxes = (List<?>) out.get("gt_bboxes");
        assertSame(a.get("gt_bboxes"), boxes.get(0));
        assertArrayEquals(new long[] {0, 4}, ((HostArray) boxes.get(1)).shape());
        assertEquals(List.of(Map.of("filename", "a"), Map.of("filename", "b")), out.get("img_metas"));
        assertArrayEquals(new long[] {2, 0}, (long[]) ((HostArray) out.get("idx")).data());
    }

    @Test
    void sizeDivisorAndPadValue() {
        HostArray img = (HostArray) new DetCollate(-1, 4).collate(List.of(sample(chw(1, 5, 3, 0), 1, "a")))
                .get("img");
        assertArrayEquals(new long[] {1, 1, 8, 4}, img.shape());
        assertEquals(-1.0, img.getDouble(3));
        assertEquals(-1.0, img.getDouble(5 * 4));
        assertEquals(42.0, img.getDouble(4 * 4 + 2));
        assertThrows(MgdException.class, () -> new DetCollate(0, 0));
    }

    @Test
    void testTimeAugmentationsAreCollatedPerAugmentation() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("img_metas", List.of(Map.of("k", "a0"), Map.of("k", "a1")));
        a.put("img", List.of(chw(1, 2, 2, 0), chw(1, 4, 4, 0)));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("img_metas", List.of(Map.of("k", "b0"), Map.of("k", "b1")));
        b.put("img", List.of(chw(1, 3, 1, 0), chw(1, 2, 6, 0)));
        Map<String, Object> out = new DetCollate().collate(List.of(a, b));
        List<?> imgs = (List<?>) out.get("img");
        assertEquals(2, imgs.size());
        assertArrayEquals(new long[] {2, 1, 3, 2}, ((HostArray) imgs.get(0)).shape());
        assertArrayEquals(new long[] {2, 1, 4, 6}, ((HostArray) imgs.get(1)).shape());
        assertEquals(List.of(List.of(Map.of("k", "a0"), Map.of("k", "b0")), List.of(Map.of("k", "a1"),
                Map.of("k", "b1"))), out.get("img_metas"));
    }

    @Test
    void mismatchedChannelsFail() {
        MgdException e = assertThrows(MgdException.class, () -> new DetCollate().collate(List.of(
                sample(chw(1, 2, 2, 0), 0, "a"), sample(chw(3, 2, 2, 0), 0, "b"))));
        assertEquals(true, e.getMessage().contains("'img'"), e.getMessage());
    }
}
