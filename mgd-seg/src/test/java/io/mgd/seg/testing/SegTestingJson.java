package io.mgd.seg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigDict;
import java.util.Map;

/** JSON fixture metadata → config values. */
public final class SegTestingJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SegTestingJson() {}

    /** A JSON object as a normalised ConfigDict (ints as Long, floats as Double). */
    public static ConfigDict dict(JsonNode node) {
        return (ConfigDict) ConfigDict.normalize(JSON.convertValue(node, Map.class));
    }

    /** A JSON number or null (NaN in the generator) as a double. */
    public static double num(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }
}
