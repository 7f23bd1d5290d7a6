package io.mgd.core.config;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable Python tuple inside a config tree. Behaves as a {@link List}; kept distinct from
 * lists so a config prints back as written ({@code (1, 2)} vs {@code [1, 2]}) and so
 * {@code --cfg-options a=(1,2)} round-trips. JSON output writes tuples as lists, like mmcv.
 */
public final class Tuple extends AbstractList<Object> implements RandomAccess {
    private final Object[] items;

    private Tuple(Object[] items) {
        this.items = items;
    }

    public static Tuple of(Object... items) {
        return new Tuple(items.clone());
    }

    public static Tuple copyOf(List<?> items) {
        return new Tuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public String toString() {
        return "(" + String.join(", ", Arrays.stream(items).map(String::valueOf).toList())
                + (items.length == 1 ? ",)" : ")");
    }
}
