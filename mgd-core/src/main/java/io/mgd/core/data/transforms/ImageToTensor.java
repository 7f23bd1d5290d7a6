package io.mgd.core.data.transforms;

import io.mgd.core.data.HostArray;
import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** mmcv-style {@code ImageToTensor(keys)}: HWC {@link Image} → CHW {@link HostArray}, same dtype. */
public final class ImageToTensor implements Transform {
    /** Options. */
    public record Options(List<String> keys) {}

    private final List<String> keys;

    public ImageToTensor(Options o) {
        this.keys = o.keys();
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        for (String key : keys) {
            results.put(key, toChw(Fields.image(results, key, "ImageToTensor")));
        }
        return results;
    }

    /** HWC → CHW copy. */
    public static HostArray toChw(Image img) {
        int h = img.height();
        int w = img.width();
        int cn = img.channels();
        int plane = h * w;
        if (img.dtype() == Image.DType.UINT8) {
            byte[] s = img.uint8Data();
            byte[] o = new byte[s.length];
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < cn; c++) {
                    o[c * plane + p] = s[p * cn + c];
                }
            }
            return HostArray.ofUint8(o, cn, h, w);
        }
        float[] s = img.float32Data();
        float[] o = new float[s.length];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < cn; c++) {
                o[c * plane + p] = s[p * cn + c];
            }
        }
        return HostArray.ofFloat32(o, cn, h, w);
    }
}
