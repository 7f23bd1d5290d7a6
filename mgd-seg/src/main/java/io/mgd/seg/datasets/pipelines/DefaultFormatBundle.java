package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.HostArray;
import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.Fields;
import io.mgd.core.data.transforms.ImageToTensor;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmseg {@code DefaultFormatBundle()}: {@code img} (HWC) becomes a CHW array of the same dtype
 * and {@code gt_semantic_seg} a (1, H, W) int64 array, both stacked by the collate function into
 * N×C×H×W and N×1×H×W.
 */
public final class DefaultFormatBundle implements Transform {
    /** No options. */
    public record Options() {}

    /** Builds the step. */
    public DefaultFormatBundle() {}

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (results.containsKey("img")) {
            results.put("img", ImageToTensor.toChw(Fields.image(results, "img", "DefaultFormatBundle")));
        }
        if (results.containsKey("gt_semantic_seg")) {
            results.put("gt_semantic_seg", toLong(SegFields.segMap(results, "gt_semantic_seg", "DefaultFormatBundle")));
        }
        return results;
    }

    /** {@code seg[None, ...].astype(np.int64)}. */
    static HostArray toLong(Image seg) {
        byte[] s = seg.uint8Data();
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] & 0xFF;
        }
        return HostArray.ofInt64(out, 1, seg.height(), seg.width());
    }
}
