package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmseg {@code LoadImageFromFile(to_float32=False, color_type='color',
 * file_client_args=dict(backend='disk'), imdecode_backend='cv2')}: the shared loader plus the
 * initial values mmseg sets for its default meta keys, {@code pad_shape} (the image shape) and
 * {@code scale_factor} (1.0), so a pipeline without Resize/Pad still collects them.
 */
public final class LoadImageFromFile implements Transform {
    private final io.mgd.core.data.transforms.LoadImageFromFile load;

    /** Same options as the shared step. */
    public LoadImageFromFile(io.mgd.core.data.transforms.LoadImageFromFile.Options options) {
        this.load = new io.mgd.core.data.transforms.LoadImageFromFile(options);
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        Map<String, Object> out = load.apply(results, rng);
        out.put("pad_shape", ((Image) out.get("img")).shape());
        out.put("scale_factor", 1.0);
        return out;
    }
}
