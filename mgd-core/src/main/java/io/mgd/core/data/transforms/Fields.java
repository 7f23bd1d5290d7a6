package io.mgd.core.data.transforms;

import io.mgd.core.data.Image;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;

/** Results-dict helpers shared by transforms. */
public final class Fields {
    private Fields() {}

    /** {@code results.get('img_fields', ['img'])}. */
    public static List<String> imageFields(Map<String, Object> results) {
        Object f = results.get("img_fields");
        if (f instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of("img");
    }

    /** The {@link Image} at {@code key}; fails naming the transform if absent or converted already. */
    public static Image image(Map<String, Object> results, String key, String transform) {
        Object v = results.get(key);
        if (v instanceof Image img) {
            return img;
        }
        throw new MgdException(transform + ": results['" + key + "'] must be an image, got "
                + (v == null ? "nothing (keys are " + results.keySet() + ")" : v.getClass().getSimpleName())
                + "; image transforms must come before ImageToTensor");
    }
}
