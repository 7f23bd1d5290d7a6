package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;
import io.mgd.core.runner.PyFormat;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mmcv's {@code TextLoggerHook}: each record goes to the runner's text log
 * ({@code <timestamp>.log}, e.g. {@code Epoch [1][50/500]\tlr: 1.000e-02, eta: 0:10:00, time:
 * 0.120, data_time: 0.010, loss_cls: 0.5000, loss: 0.7000}) and, as one JSON object per line, to
 * {@code <work_dir>/<timestamp>.log.json}, whose first line is the runner meta. JSON keys:
 * {@code mode, epoch, iter, lr}, then the buffer in first-seen order ({@code data_time}, losses,
 * {@code loss}, {@code grad_norm}, {@code time}) or the metrics of a val line; floats rounded to
 * 5 decimals and written as Python does. {@code memory} is omitted: it is CUDA-only in mmcv and
 * this engine runs on the CPU.
 */
public final class TextLoggerHook extends LoggerHook {
    private static final Set<String> IN_HEADER = Set.of("mode", "Epoch", "iter", "lr", "time", "data_time",
            "memory", "epoch");
    private final int intervalExpName;
    private double timeSecTot;
    private int startIter;
    private Path jsonLogPath;

    /** mmcv defaults: by_epoch True, interval 10, ignore_last True, interval_exp_name 1000. */
    public TextLoggerHook(boolean byEpoch, int interval, boolean ignoreLast, boolean resetFlag,
            int intervalExpName) {
        super(interval, ignoreLast, resetFlag, byEpoch);
        this.intervalExpName = intervalExpName;
    }

    /** The JSON log file (set at {@code before_run}). */
    public Path jsonLogPath() {
        return jsonLogPath;
    }

    @Override
    public void beforeRun(BaseRunner runner) {
        super.beforeRun(runner);
        startIter = runner.iter();
        jsonLogPath = runner.workDir().resolve(runner.timestamp() + ".log.json");
        if (runner.meta() != null) {
            dump(runner.meta());
        }
    }

    @Override
    protected void log(BaseRunner runner) {
        Map<String, Object> output = runner.logBuffer().output();
        int curIter = output.containsKey("eval_iter_num") ? ((Number) output.remove("eval_iter_num")).intValue()
                : iter(runner);
        Map<String, Object> logDict = new LinkedHashMap<>();
        logDict.put("mode", mode(runner));
        logDict.put("epoch", epoch(runner));
        logDict.put("iter", curIter);
        logDict.put("lr", runner.currentLr().get(0));
        logDict.putAll(output);
        logInfo(logDict, runner);
        dump(logDict);
    }

    private void logInfo(Map<String, Object> d, BaseRunner runner) {
        if (runner.meta() != null && runner.meta().containsKey("exp_name")
                && (Hook.everyNIters(runner, intervalExpName) || (byEpoch && Hook.endOfEpoch(runner)))) {
            runner.logger().info("Exp name: " + runner.meta().get("exp_name"));
        }
        StringBuilder s = new StringBuilder();
        if (d.get("mode").equals("train")) {
            if (byEpoch) {
                s.append("Epoch [").append(d.get("epoch")).append("][").append(d.get("iter")).append('/')
                        .append(runner.dataLoader().size()).append("]\t");
            } else {
                s.append("Iter [").append(d.get("iter")).append('/').append(runner.maxIters()).append("]\t");
            }
            s.append("lr: ").append(PyFormat.sci((Double) d.get("lr"), 3)).append(", ");
            if (d.containsKey("time")) {
                double time = ((Number) d.get("time")).doubleValue();
                timeSecTot += time * interval;
                double avg = timeSecTot / (runner.iter() - startIter + 1);
                double eta = avg * (runner.maxIters() - runner.iter() - 1);
                s.append("eta: ").append(BaseRunner.formatDuration(eta)).append(", ");
                s.append("time: ").append(PyFormat.fixed(time, 3)).append(", data_time: ")
                        .append(PyFormat.fixed(((Number) d.get("data_time")).doubleValue(), 3)).append(", ");
            }
        } else if (byEpoch) {
            s.append("Epoch(").append(d.get("mode")).append(") [").append(d.get("epoch")).append("][")
                    .append(d.get("iter")).append("]\t");
        } else {
            s.append("Iter(").append(d.get("mode")).append(") [").append(d.get("iter")).append("]\t");
        }
        List<String> items = new ArrayList<>();
        d.forEach((k, v) -> {
            if (!IN_HEADER.contains(k)) {
                items.add(k + ": " + (v instanceof Double x ? PyFormat.fixed(x, 4) : String.valueOf(v)));
            }
        });
        s.append(String.join(", ", items));
        runner.logger().info(s.toString());
    }

    private void dump(Map<String, Object> d) {
        Map<String, Object> rounded = new LinkedHashMap<>();
        d.forEach((k, v) -> rounded.put(k, roundFloat(v)));
        try {
            Files.writeString(jsonLogPath, PyFormat.json(rounded) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new MgdException("cannot write json log " + jsonLogPath + ": " + e.getMessage(), e);
        }
    }

    private static Object roundFloat(Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(roundFloat(x)));
            return out;
        }
        if (v instanceof Double || v instanceof Float) {
            return PyFormat.round(((Number) v).doubleValue(), 5);
        }
        return v;
    }
}
