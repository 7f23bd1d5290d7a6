package io.mgd.core.runner.hooks;

import io.mgd.core.config.ConfigException;
import io.mgd.core.runner.BaseRunner;

/** {@code policy='CosineAnnealing'}: cosine from base to {@code min_lr} (or base*min_lr_ratio). */
public final class CosineAnnealingLrUpdaterHook extends LrUpdaterHook {
    private final Double minLr;
    private final Double minLrRatio;

    /** Exactly one of {@code minLr} and {@code minLrRatio} must be set. */
    public CosineAnnealingLrUpdaterHook(Double minLr, Double minLrRatio, Warmup warmup) {
        super(warmup);
        if ((minLr == null) == (minLrRatio == null)) {
            throw new ConfigException("lr_config: CosineAnnealing needs exactly one of min_lr and min_lr_ratio");
        }
        this.minLr = minLr;
        this.minLrRatio = minLrRatio;
    }

    @Override
    protected double getLr(BaseRunner runner, double baseLr) {
        double target = minLrRatio != null ? baseLr * minLrRatio : minLr;
        return annealingCos(baseLr, target, (double) progress(runner) / maxProgress(runner));
    }
}
