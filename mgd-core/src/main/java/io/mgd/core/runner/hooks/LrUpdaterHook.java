package io.mgd.core.runner.hooks;

import io.mgd.core.config.ConfigException;
import io.mgd.core.optim.ParamGroup;
import io.mgd.core.runner.BaseRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * mmcv's {@code LrUpdaterHook}: base lrs are the groups' {@code initial_lr} (set from {@code lr}
 * when absent) at {@code before_run}; by-epoch policies set the regular lr at the start of each
 * epoch, by-iter ones before each iteration; warmup ({@code constant}, {@code linear},
 * {@code exp}) scales the regular lr per iteration while {@code iter < warmup_iters}
 * ({@code warmup_by_epoch}: warmup_iters counts epochs).
 */
public abstract class LrUpdaterHook implements Hook {
    /** Arguments common to every policy. */
    public record Warmup(boolean byEpoch, String warmup, int warmupIters, double warmupRatio,
            boolean warmupByEpoch) {
        public Warmup {
            if (warmup != null) {
                if (!List.of("constant", "linear", "exp").contains(warmup)) {
                    throw new ConfigException("lr_config.warmup: \"" + warmup + "\" is not a supported type for "
                            + "warming up, valid types are \"constant\", \"linear\" and \"exp\"");
                }
                if (warmupIters <= 0) {
                    throw new ConfigException("lr_config.warmup_iters must be a positive integer");
                }
                if (!(warmupRatio > 0 && warmupRatio <= 1)) {
                    throw new ConfigException("lr_config.warmup_ratio must be in range (0,1], got " + warmupRatio);
                }
            }
        }

        /** No warmup, by epoch or by iteration. */
        public static Warmup none(boolean byEpoch) {
            return new Warmup(byEpoch, null, 0, 0.1, false);
        }
    }

    private final Warmup w;
    private Integer warmupIters;
    private final Integer warmupEpochs;
    private List<Double> baseLr = new ArrayList<>();
    private List<Double> regularLr = new ArrayList<>();

    protected LrUpdaterHook(Warmup warmup) {
        this.w = warmup;
        this.warmupIters = warmup.warmupByEpoch() ? null : warmup.warmupIters();
        this.warmupEpochs = warmup.warmupByEpoch() ? warmup.warmupIters() : null;
    }

    /** Whether the regular schedule advances by epoch. */
    public boolean byEpoch() {
        return w.byEpoch();
    }

    /** The regular (non-warmup) lr for one group. */
    protected abstract double getLr(BaseRunner runner, double baseLr);

    /** {@code epoch} or {@code iter}, as the schedule counts. */
    protected int progress(BaseRunner runner) {
        return byEpoch() ? runner.epoch() : runner.iter();
    }

    /** {@code max_epochs} or {@code max_iters}. */
    protected int maxProgress(BaseRunner runner) {
        return byEpoch() ? runner.maxEpochs() : runner.maxIters();
    }

    private List<Double> regularLrs(BaseRunner runner) {
        List<Double> out = new ArrayList<>();
        for (double b : baseLr) {
            out.add(getLr(runner, b));
        }
        return out;
    }

    private List<Double> warmupLrs(int curIter) {
        List<Double> out = new ArrayList<>();
        for (double lr : regularLr) {
            switch (w.warmup()) {
                case "constant" -> out.add(lr * w.warmupRatio());
                case "linear" -> {
                    double k = (1 - (double) curIter / warmupIters) * (1 - w.warmupRatio());
                    out.add(lr * (1 - k));
                }
                default -> out.add(lr * Math.pow(w.warmupRatio(), 1 - (double) curIter / warmupIters));
            }
        }
        return out;
    }

    private static void setLr(BaseRunner runner, List<Double> lrs) {
        List<ParamGroup> groups = runner.optimizer().paramGroups();
        for (int i = 0; i < groups.size() && i < lrs.size(); i++) {
            groups.get(i).setLr(lrs.get(i));
        }
    }

    @Override
    public void beforeRun(BaseRunner runner) {
        baseLr = new ArrayList<>();
        for (ParamGroup g : runner.optimizer().paramGroups()) {
            g.options().putIfAbsent("initial_lr", g.lr());
            baseLr.add(((Number) g.options().get("initial_lr")).doubleValue());
        }
    }

    @Override
    public void beforeTrainEpoch(BaseRunner runner) {
        if (warmupIters == null) {
            warmupIters = warmupEpochs * runner.dataLoader().size();
        }
        if (!byEpoch()) {
            return;
        }
        regularLr = regularLrs(runner);
        setLr(runner, regularLr);
    }

    @Override
    public void beforeTrainIter(BaseRunner runner) {
        int cur = runner.iter();
        if (warmupIters == null) {
            // iteration runners have no train epoch; mmcv would fail here, we size from the loader
            warmupIters = warmupEpochs * runner.dataLoader().size();
        }
        if (!byEpoch()) {
            regularLr = regularLrs(runner);
            setLr(runner, w.warmup() == null || cur >= warmupIters ? regularLr : warmupLrs(cur));
        } else if (w.warmup() != null && cur <= warmupIters) {
            setLr(runner, cur == warmupIters ? regularLr : warmupLrs(cur));
        }
    }

    /** mmcv's {@code annealing_cos}: from {@code start} at factor 0 to {@code end} at 1. */
    protected static double annealingCos(double start, double end, double factor) {
        return end + 0.5 * (start - end) * (Math.cos(Math.PI * factor) + 1);
    }
}
