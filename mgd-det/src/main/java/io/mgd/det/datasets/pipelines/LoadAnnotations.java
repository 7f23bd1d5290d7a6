package io.mgd.det.datasets.pipelines;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.HostArray;
import io.mgd.core.data.Transform;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmdet {@code LoadAnnotations(with_bbox=True, with_label=True, with_mask=False,
 * with_seg=False, poly2mask=True, file_client_args=dict(backend='disk'))}: copies
 * {@code ann_info.bboxes} to {@code gt_bboxes}, {@code ann_info.bboxes_ignore} to
 * {@code gt_bboxes_ignore} (both listed in {@code bbox_fields}, ignore first as mmdet does)
 * and {@code ann_info.labels} to {@code gt_labels}. Masks and semantic maps are not supported.
 */
public final class LoadAnnotations implements Transform {
    /** Options (mmdet names and defaults). */
    public record Options(@Default("true") boolean withBbox, @Default("true") boolean withLabel,
            @Default("false") boolean withMask, @Default("false") boolean withSeg,
            @Default("true") boolean poly2mask, @Default("{backend: disk}") ConfigDict fileClientArgs) {
        public Options {
            Args.check(!withMask && !withSeg, "LoadAnnotations",
                    "with_mask and with_seg are not supported (bounding boxes and labels only)");
        }
    }

    private final Options o;

    public LoadAnnotations(Options o) {
        this.o = o;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (!(results.get("ann_info") instanceof Map<?, ?> ann)) {
            throw new MgdException("LoadAnnotations: results have no ann_info (keys are " + results.keySet()
                    + "); annotations are only loaded for training datasets (test_mode=False)");
        }
        if (o.withBbox()) {
            List<String> fields = bboxFields(results);
            results.put("gt_bboxes", required(ann, "bboxes"));
            if (ann.get("bboxes_ignore") instanceof HostArray ignore) {
                results.put("gt_bboxes_ignore", ignore);
                fields.add("gt_bboxes_ignore");
            }
            fields.add("gt_bboxes");
        }
        if (o.withLabel()) {
            results.put("gt_labels", required(ann, "labels"));
        }
        return results;
    }

    /** The mutable {@code bbox_fields} list (the dataset's pre_pipeline creates it). */
    @SuppressWarnings("unchecked")
    private static List<String> bboxFields(Map<String, Object> results) {
        Object f = results.get("bbox_fields");
        if (f instanceof ArrayList<?> l) {
            return (List<String>) l;
        }
        List<String> out = f instanceof List<?> l ? new ArrayList<>(l.stream().map(String::valueOf).toList())
                : new ArrayList<>();
        results.put("bbox_fields", out);
        return out;
    }

    private static HostArray required(Map<?, ?> ann, String key) {
        if (ann.get(key) instanceof HostArray h) {
            return h;
        }
        throw new MgdException("LoadAnnotations: ann_info has no '" + key + "' array; keys are " + ann.keySet());
    }
}
