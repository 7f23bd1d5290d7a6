package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;

/** {@code policy='poly'}: {@code (base - min_lr) * (1 - progress/max)^power + min_lr}. */
public final class PolyLrUpdaterHook extends LrUpdaterHook {
    private final double power;
    private final double minLr;

    public PolyLrUpdaterHook(double power, double minLr, Warmup warmup) {
        super(warmup);
        this.power = power;
        this.minLr = minLr;
    }

    @Override
    protected double getLr(BaseRunner runner, double baseLr) {
        double coeff = Math.pow(1 - (double) progress(runner) / maxProgress(runner), power);
        return (baseLr - minLr) * coeff + minLr;
    }
}
