package io.mgd.core.runner.hooks;

import io.mgd.core.config.ConfigException;
import java.util.Locale;

/** mmcv hook priorities: lower runs first; equal priorities keep registration order. */
public enum Priority {
    HIGHEST(0), VERY_HIGH(10), HIGH(30), ABOVE_NORMAL(40), NORMAL(50), BELOW_NORMAL(60), LOW(70),
    VERY_LOW(90), LOWEST(100);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    /** The numeric priority. */
    public int value() {
        return value;
    }

    /**
     * mmcv {@code get_priority}: an int in [0, 100], a name ({@code 'NORMAL'}, any case) or a
     * {@code Priority}.
     */
    public static int parse(Object p) {
        if (p instanceof Priority pr) {
            return pr.value;
        }
        if (p instanceof Number n && n.doubleValue() == n.longValue()) {
            long v = n.longValue();
            if (v < 0 || v > 100) {
                throw new ConfigException("hook priority must be between 0 and 100, got " + v);
            }
            return (int) v;
        }
        if (p instanceof String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT)).value;
            } catch (IllegalArgumentException e) {
                throw new ConfigException("unknown hook priority '" + s + "'; expected one of "
                        + java.util.Arrays.toString(values()) + " or an int in [0, 100]");
            }
        }
        throw new ConfigException("hook priority must be an int, str or Priority, got " + p);
    }

    /** The name for a value when it is one of the named levels, else the number. */
    public static String describe(int value) {
        for (Priority p : values()) {
            if (p.value == value) {
                return p.name();
            }
        }
        return Integer.toString(value);
    }
}
