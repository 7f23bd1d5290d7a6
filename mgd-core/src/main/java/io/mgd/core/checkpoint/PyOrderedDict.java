package io.mgd.core.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python {@code collections.OrderedDict}: the entries plus the instance attributes that
 * pickling keeps. PyTorch state dicts carry one attribute, {@code _metadata} (per-module
 * {@code {'version': n}}), which {@code load_state_dict} uses for version-dependent loading.
 */
public final class PyOrderedDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    /** Name of the state-dict metadata attribute. */
    public static final String METADATA = "_metadata";

    private final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();

    public PyOrderedDict() {}

    /** A copy of {@code entries} without attributes. */
    public PyOrderedDict(Map<?, ?> entries) {
        super(entries);
    }

    /** Instance attributes ({@code obj.__dict__}), mutable; written back on save. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The {@code _metadata} attribute, or {@code null}. */
    public Object metadata() {
        return attributes.get(METADATA);
    }

    /** Sets (or with {@code null} removes) the {@code _metadata} attribute. */
    public void setMetadata(Object metadata) {
        if (metadata == null) {
            attributes.remove(METADATA);
        } else {
            attributes.put(METADATA, metadata);
        }
    }
}
