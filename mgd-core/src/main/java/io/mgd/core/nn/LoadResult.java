package io.mgd.core.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} did not match, as torch's {@code _IncompatibleKeys}.
 *
 * @param missingKeys keys of the module absent from the given state dict
 * @param unexpectedKeys keys of the given state dict the module does not have
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    public LoadResult {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /** True when every key matched. */
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }
}
