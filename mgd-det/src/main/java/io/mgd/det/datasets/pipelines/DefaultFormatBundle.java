package io.mgd.det.datasets.pipelines;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.Image;
import io.mgd.core.data.Transform;
import io.mgd.core.data.transforms.ImageToTensor;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmdet {@code DefaultFormatBundle(img_to_float=True, pad_val=dict(img=0, masks=0, seg=255))}:
 * {@code img} becomes a CHW {@link HostArray} (float32 when {@code img_to_float} and the image is
 * uint8), after setting the default meta keys {@code pad_shape} (the image shape),
 * {@code scale_factor} (1.0) and {@code img_norm_cfg} (mean 0, std 1, to_rgb False) when no
 * earlier step did. {@code proposals}, {@code gt_bboxes}, {@code gt_bboxes_ignore} and
 * {@code gt_labels} stay the host arrays they are (mmdet's {@code DC(to_tensor(x))}); their
 * number of rows differs between images, so batching keeps them as per-image lists (see
 * {@link io.mgd.det.datasets.DetCollate}), and the image is padded there with
 * {@code pad_val['img']}.
 */
public final class DefaultFormatBundle implements Transform {
    /** Options (mmdet names and defaults). */
    public record Options(@Default("true") boolean imgToFloat,
            @Default("{img: 0, masks: 0, seg: 255}") ConfigDict padVal) {}

    private static final List<String> ARRAY_KEYS = List.of("proposals", "gt_bboxes", "gt_bboxes_ignore", "gt_labels");
    private final Options o;

    public DefaultFormatBundle(Options o) {
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (results.containsKey("img")) {
            if (!(results.get("img") instanceof Image img)) {
                throw new MgdException("DefaultFormatBundle: results['img'] must be an image, got "
                        + results.get("img") + "; DefaultFormatBundle replaces ImageToTensor, do not use both");
            }
            if (o.imgToFloat() && img.dtype() == Image.DType.UINT8) {
                img = img.toFloat32();
            }
            addDefaultMetaKeys(results, img);
            results.put("img", ImageToTensor.toChw(img));
        }
        for (String key : ARRAY_KEYS) {
            if (results.containsKey(key) && !(results.get(key) instanceof HostArray)) {
                throw new MgdException("DefaultFormatBundle: results['" + key + "'] must be an array, got "
                        + results.get(key));
            }
        }
        for (String key : List.of("gt_masks", "gt_semantic_seg")) {
            if (results.containsKey(key)) {
                throw new MgdException("DefaultFormatBundle: '" + key + "' is not supported by mgd-det");
            }
        }
        return results;
    }

    private static void addDefaultMetaKeys(Map<String, Object> results, Image img) {
        results.putIfAbsent("pad_shape", img.shape());
        results.putIfAbsent("scale_factor", 1.0);
        float[] std = new float[img.channels()];
        Arrays.fill(std, 1f);
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("mean", new float[img.channels()]);
        norm.put("std", std);
        norm.put("to_rgb", false);
        results.putIfAbsent("img_norm_cfg", norm);
    }
}
