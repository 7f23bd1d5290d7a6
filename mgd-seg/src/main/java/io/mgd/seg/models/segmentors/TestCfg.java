package io.mgd.seg.models.segmentors;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.List;

/**
 * A segmentor's {@code test_cfg}: {@code mode='whole'} (the full image at once) or
 * {@code mode='slide'} with {@code crop_size=(h, w)} and {@code stride=(h, w)}. A missing
 * test_cfg means whole-image inference.
 *
 * @param mode {@code whole} or {@code slide}
 * @param cropSize (h, w) of a window, slide only
 * @param stride (h, w) step between windows, slide only
 */
public record TestCfg(String mode, int[] cropSize, int[] stride) {
    /** Whole-image inference. */
    public static final TestCfg WHOLE = new TestCfg("whole", null, null);

    public TestCfg {
        if (!"whole".equals(mode) && !"slide".equals(mode)) {
            throw new ConfigException("test_cfg.mode must be 'slide' or 'whole', got " + ConfigDict.describe(mode));
        }
        if ("slide".equals(mode)) {
            check(cropSize, "crop_size");
            check(stride, "stride");
        }
    }

    private static void check(int[] v, String key) {
        if (v == null || v.length != 2 || v[0] <= 0 || v[1] <= 0) {
            throw new ConfigException("test_cfg." + key + " must be two positive ints (h, w) for mode 'slide', got "
                    + (v == null ? "None" : java.util.Arrays.toString(v)));
        }
    }

    /** Parses the config dict; null gives {@link #WHOLE}. Other keys are ignored, as in mmseg. */
    public static TestCfg of(ConfigDict cfg) {
        if (cfg == null || cfg.get("mode") == null && !cfg.containsKey("crop_size")) {
            return WHOLE;
        }
        Object mode = cfg.get("mode");
        if (!(mode instanceof String m)) {
            throw new ConfigException("test_cfg.mode must be 'slide' or 'whole', got " + ConfigDict.describe(mode));
        }
        return new TestCfg(m, pair(cfg.get("crop_size"), "crop_size"), pair(cfg.get("stride"), "stride"));
    }

    private static int[] pair(Object v, String key) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l && l.size() == 2 && l.stream().allMatch(Long.class::isInstance)) {
            return new int[] {((Long) l.get(0)).intValue(), ((Long) l.get(1)).intValue()};
        }
        throw new ConfigException("test_cfg." + key + " must be a pair of ints (h, w), got " + ConfigDict.describe(v));
    }
}
