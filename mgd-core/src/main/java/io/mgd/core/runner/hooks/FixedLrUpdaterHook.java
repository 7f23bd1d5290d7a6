package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;

/** {@code policy='fixed'}: the base lr (warmup still applies). */
public final class FixedLrUpdaterHook extends LrUpdaterHook {
    public FixedLrUpdaterHook(Warmup warmup) {
        super(warmup);
    }

    @Override
    protected double getLr(BaseRunner runner, double baseLr) {
        return baseLr;
    }
}
