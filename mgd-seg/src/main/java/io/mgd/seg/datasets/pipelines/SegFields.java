package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Results-dict helpers for segmentation maps. A seg map is a one-channel uint8 {@link Image}
 * (mmseg's H×W uint8 array); {@code seg_fields} lists the keys holding such maps.
 */
public final class SegFields {
    private SegFields() {}

    /** {@code results.get('seg_fields', [])}. */
    public static List<String> segFields(Map<String, Object> results) {
        Object f = results.get("seg_fields");
        if (f instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** Appends {@code key} to {@code results['seg_fields']}, creating the list if needed. */
    @SuppressWarnings("unchecked")
    static void addSegField(Map<String, Object> results, String key) {
        Object f = results.get("seg_fields");
        List<Object> list = f instanceof List<?> l ? new ArrayList<>((List<Object>) l) : new ArrayList<>();
        list.add(key);
        results.put("seg_fields", list);
    }

    /** The seg map at {@code key}; fails naming the transform if it is absent or already converted. */
    static Image segMap(Map<String, Object> results, String key, String transform) {
        Object v = results.get(key);
        if (v instanceof Image img && img.channels() == 1 && img.dtype() == Image.DType.UINT8) {
            return img;
        }
        throw new MgdException(transform + ": results['" + key + "'] must be a one-channel uint8 segmentation map, got "
                + (v == null ? "nothing (keys are " + results.keySet() + ")" : String.valueOf(v))
                + "; segmentation transforms must come after LoadAnnotations and before DefaultFormatBundle");
    }
}
