package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;

/** {@code policy='exp'}: {@code base * gamma^progress}. */
public final class ExpLrUpdaterHook extends LrUpdaterHook {
    private final double gamma;

    public ExpLrUpdaterHook(double gamma, Warmup warmup) {
        super(warmup);
        this.gamma = gamma;
    }

    @Override
    protected double getLr(BaseRunner runner, double baseLr) {
        return baseLr * Math.pow(gamma, progress(runner));
    }
}
