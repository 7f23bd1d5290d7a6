package io.mgd.core.runner.hooks;

import io.mgd.core.config.ConfigException;
import io.mgd.core.runner.BaseRunner;
import java.util.List;

/**
 * {@code policy='step'}: {@code lr = base * gamma^k}, k = number of milestones reached (or
 * {@code progress // step} for an int step), clipped below at {@code min_lr} when set.
 */
public final class StepLrUpdaterHook extends LrUpdaterHook {
    private final List<Integer> steps;
    private final int interval;
    private final double gamma;
    private final Double minLr;

    /**
     * @param step an {@code Integer} decay interval or a {@code List} of milestones
     */
    public StepLrUpdaterHook(Object step, double gamma, Double minLr, Warmup warmup) {
        super(warmup);
        if (step instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0) {
            this.interval = n.intValue();
            this.steps = null;
        } else if (step instanceof List<?> l && l.stream().allMatch(s -> s instanceof Number n
                && n.doubleValue() == n.longValue() && n.longValue() > 0)) {
            this.interval = 0;
            this.steps = l.stream().map(s -> ((Number) s).intValue()).toList();
        } else {
            throw new ConfigException("lr_config.step must be a positive int or a list of positive ints, got " + step);
        }
        this.gamma = gamma;
        this.minLr = minLr;
    }

    @Override
    protected double getLr(BaseRunner runner, double baseLr) {
        int progress = progress(runner);
        int exp;
        if (steps == null) {
            exp = progress / interval;
        } else {
            exp = steps.size();
            for (int i = 0; i < steps.size(); i++) {
                if (progress < steps.get(i)) {
                    exp = i;
                    break;
                }
            }
        }
        double lr = baseLr * Math.pow(gamma, exp);
        return minLr != null ? Math.max(lr, minLr) : lr;
    }
}
