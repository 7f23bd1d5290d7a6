package io.mgd.core.models.losses;

import java.util.Locale;

/** Which positions MGD drops before the generation block. */
public enum MaskType {
    /** Whole channels, mask (N, C, 1, 1) that is 0 where rand &lt; λ (classification). */
    CHANNEL,
    /** Whole spatial positions, mask (N, 1, H, W) that is 0 where rand &gt; 1 − λ (det, seg). */
    SPATIAL;

    /**
     * Parses a config value {@code channel|spatial}; {@code null} gives {@code fallback}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static MaskType parse(String value, MaskType fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "channel" -> CHANNEL;
            case "spatial" -> SPATIAL;
            default -> throw new IllegalArgumentException(
                    "mask_type must be 'channel' or 'spatial' (or None for the default), got '" + value + "'");
        };
    }

    /** The config spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
