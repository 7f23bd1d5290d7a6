package io.mgd.core.runner.hooks;

import io.mgd.core.config.ConfigException;
import io.mgd.core.runner.BaseRunner;
import io.mgd.core.runner.Evaluator;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * mmcv's {@code EvalHook} (registered with priority LOW): every {@code interval} epochs (or
 * iterations), runs the {@link Evaluator} and puts its metrics into the log buffer so the logger
 * writes a val line ({@code iter} = batches of the val loader). By iteration, the pending train
 * line is logged first and the buffer cleared, as in mmcv. With {@code save_best} (a metric name
 * or {@code auto} for the first metric) the best checkpoint is kept as
 * {@code best_<metric>_epoch_<e>.pth}, the previous best deleted, and
 * {@code hook_msgs.best_score}/{@code best_ckpt} recorded.
 */
public final class EvalHook implements Hook {
    private static final List<String> GREATER = List.of("acc", "top", "ar@", "auc", "precision", "map", "mdice",
            "miou", "macc", "aacc");
    private static final List<String> LESS = List.of("loss");

    /** Options as in mmcv; {@code start} may be null; {@code rule} is greater/less/null. */
    public record Options(int interval, boolean byEpoch, Integer start, String saveBest, String rule) {
        public Options {
            if (interval <= 0) {
                throw new ConfigException("evaluation.interval must be a positive number, got " + interval);
            }
            if (start != null && start < 0) {
                throw new ConfigException("evaluation.start " + start + " is smaller than 0");
            }
            if (rule != null && !rule.equals("greater") && !rule.equals("less")) {
                throw new ConfigException("evaluation.rule must be greater, less or None, got " + rule);
            }
        }
    }

    private final Options o;
    private final Evaluator evaluator;
    private boolean initialFlag = true;
    private String keyIndicator;
    private String rule;
    private Path bestCkptPath;

    public EvalHook(Options options, Evaluator evaluator) {
        this.o = options;
        this.evaluator = evaluator;
        if (o.saveBest() != null) {
            initRule(o.rule(), o.saveBest());
        }
    }

    private void initRule(String r, String key) {
        if (r == null && !key.equals("auto")) {
            String lc = key.toLowerCase(Locale.ROOT);
            if (GREATER.contains(lc)) {
                r = "greater";
            } else if (LESS.contains(lc)) {
                r = "less";
            } else if (GREATER.stream().anyMatch(lc::contains)) {
                r = "greater";
            } else if (LESS.stream().anyMatch(lc::contains)) {
                r = "less";
            } else {
                throw new ConfigException("evaluation.save_best: cannot infer the rule for key " + key
                        + ", thus a specific rule must be specified");
            }
        }
        this.rule = r;
        this.keyIndicator = key;
    }

    @Override
    public void beforeRun(BaseRunner runner) {
        if (o.saveBest() != null && runner.meta() != null) {
            Object best = hookMsgs(runner).get("best_ckpt");
            bestCkptPath = best == null ? null : Path.of(best.toString());
        }
    }

    @Override
    public void beforeTrainIter(BaseRunner runner) {
        if (o.byEpoch() || !initialFlag) {
            return;
        }
        if (o.start() != null && runner.iter() >= o.start()) {
            afterTrainIter(runner);
        }
        initialFlag = false;
    }

    @Override
    public void beforeTrainEpoch(BaseRunner runner) {
        if (!(o.byEpoch() && initialFlag)) {
            return;
        }
        if (o.start() != null && runner.epoch() >= o.start()) {
            afterTrainEpoch(runner);
        }
        initialFlag = false;
    }

    @Override
    public void afterTrainIter(BaseRunner runner) {
        if (!o.byEpoch() && shouldEvaluate(runner)) {
            for (Hook h : runner.hooks()) {
                if (h instanceof LoggerHook lh) {
                    lh.afterTrainIter(runner);
                }
            }
            runner.logBuffer().clear();
            evaluate(runner);
        }
    }

    @Override
    public void afterTrainEpoch(BaseRunner runner) {
        if (o.byEpoch() && shouldEvaluate(runner)) {
            evaluate(runner);
        }
    }

    private boolean shouldEvaluate(BaseRunner runner) {
        int current = o.byEpoch() ? runner.epoch() : runner.iter();
        if (o.start() == null) {
            return o.byEpoch() ? Hook.everyNEpochs(runner, o.interval()) : Hook.everyNIters(runner, o.interval());
        }
        return current + 1 >= o.start() && (current + 1 - o.start()) % o.interval() == 0;
    }

    private void evaluate(BaseRunner runner) {
        boolean wasTraining = runner.model().module().isTraining();
        runner.model().module().eval();
        LinkedHashMap<String, Object> results;
        try {
            results = evaluator.evaluate(runner);
        } finally {
            runner.model().module().train(wasTraining);
        }
        Map<String, Object> out = runner.logBuffer().output();
        out.put("eval_iter_num", evaluator.numBatches());
        out.putAll(results);
        runner.logBuffer().setReady(true);
        if (o.saveBest() != null && !results.isEmpty()) {
            if (keyIndicator.equals("auto")) {
                initRule(rule, results.keySet().iterator().next());
            }
            Object score = results.get(keyIndicator);
            if (!(score instanceof Number n)) {
                throw new MgdException("evaluation.save_best: metric '" + keyIndicator + "' not among " + results.keySet());
            }
            saveBest(runner, n.doubleValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hookMsgs(BaseRunner runner) {
        return (Map<String, Object>) runner.meta().computeIfAbsent("hook_msgs", k -> new LinkedHashMap<String, Object>());
    }

    private void saveBest(BaseRunner runner, double score) {
        if (runner.meta() == null) {
            runner.setMeta(new LinkedHashMap<>());
        }
        Map<String, Object> msgs = hookMsgs(runner);
        boolean greater = rule.equals("greater");
        Object prev = msgs.get("best_score");
        double best = prev instanceof Number n ? n.doubleValue()
                : greater ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (greater ? score > best : score < best) {
            msgs.put("best_score", score);
            if (bestCkptPath != null) {
                try {
                    if (Files.deleteIfExists(bestCkptPath)) {
                        runner.logger().info("The previous best checkpoint " + bestCkptPath + " was removed");
                    }
                } catch (IOException e) {
                    throw new MgdException("cannot remove " + bestCkptPath + ": " + e.getMessage(), e);
                }
            }
            String current = o.byEpoch() ? "epoch_" + (runner.epoch() + 1) : "iter_" + (runner.iter() + 1);
            String name = "best_" + keyIndicator + "_" + current + ".pth";
            bestCkptPath = runner.workDir().resolve(name);
            msgs.put("best_ckpt", bestCkptPath.toString());
            runner.saveCheckpoint(runner.workDir(), name, null, true, false);
            runner.logger().info("Now best checkpoint is saved as " + name + ".");
        }
    }
}
