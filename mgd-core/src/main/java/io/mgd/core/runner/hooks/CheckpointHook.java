package io.mgd.core.runner.hooks;

import io.mgd.core.runner.BaseRunner;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * mmcv's {@code CheckpointHook} (priority NORMAL): every {@code interval} epochs (or iterations
 * when {@code by_epoch=False}) and at the end ({@code save_last}), saves {@code epoch_{e}.pth} /
 * {@code iter_{i}.pth} and {@code latest.pth} into {@code out_dir} (default work_dir; otherwise
 * {@code out_dir/<work_dir name>}), records {@code meta.hook_msgs.last_ckpt}, and with
 * {@code max_keep_ckpts > 0} deletes older files of the same series (stopping at the first gap).
 */
public final class CheckpointHook implements Hook {
    /** Options as in mmcv; {@code meta} is merged into each checkpoint's meta. */
    public record Options(int interval, boolean byEpoch, boolean saveOptimizer, String outDir,
            int maxKeepCkpts, boolean saveLast, String filenameTmpl, Boolean createSymlink,
            Map<String, Object> meta) {}

    private final Options o;
    private Path outDir;

    public CheckpointHook(Options options) {
        this.o = options;
    }

    /** Where checkpoints go (resolved at {@code before_run}). */
    public Path outDir() {
        return outDir;
    }

    @Override
    public void beforeRun(BaseRunner runner) {
        if (o.outDir() == null || o.outDir().isEmpty()) {
            outDir = runner.workDir();
        } else {
            outDir = Path.of(o.outDir()).resolve(runner.workDir().toAbsolutePath().normalize().getFileName());
        }
        runner.logger().info("Checkpoints will be saved to " + outDir + " by HardDiskBackend.");
    }

    @Override
    public void afterTrainEpoch(BaseRunner runner) {
        if (o.byEpoch() && (Hook.everyNEpochs(runner, o.interval()) || (o.saveLast() && Hook.isLastEpoch(runner)))) {
            runner.logger().info("Saving checkpoint at " + (runner.epoch() + 1) + " epochs");
            save(runner);
        }
    }

    @Override
    public void afterTrainIter(BaseRunner runner) {
        if (!o.byEpoch() && (Hook.everyNIters(runner, o.interval()) || (o.saveLast() && Hook.isLastIter(runner)))) {
            runner.logger().info("Saving checkpoint at " + (runner.iter() + 1) + " iterations");
            save(runner);
        }
    }

    private void save(BaseRunner runner) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new MgdException("cannot create checkpoint directory " + outDir + ": " + e.getMessage(), e);
        }
        String tmpl = o.filenameTmpl() != null ? o.filenameTmpl() : runner.defaultFilenameTmpl();
        boolean link = o.createSymlink() == null || o.createSymlink();
        Map<String, Object> extra = o.meta() == null ? null : new LinkedHashMap<>(o.meta());
        runner.saveCheckpoint(outDir, tmpl, extra, o.saveOptimizer(), link);
        int current = o.byEpoch() ? runner.epoch() + 1 : runner.iter() + 1;
        if (runner.meta() != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> msgs = (Map<String, Object>) runner.meta()
                    .computeIfAbsent("hook_msgs", k -> new LinkedHashMap<String, Object>());
            msgs.put("last_ckpt", outDir.resolve(tmpl.replace("{}", Integer.toString(current))).toString());
        }
        if (o.maxKeepCkpts() > 0) {
            String series = o.filenameTmpl() != null ? o.filenameTmpl() : o.byEpoch() ? "epoch_{}.pth" : "iter_{}.pth";
            for (int step = current - o.maxKeepCkpts() * o.interval(); step > 0; step -= o.interval()) {
                Path old = outDir.resolve(series.replace("{}", Integer.toString(step)));
                if (!Files.isRegularFile(old)) {
                    break;
                }
                try {
                    Files.delete(old);
                } catch (IOException e) {
                    throw new MgdException("cannot remove old checkpoint " + old + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
