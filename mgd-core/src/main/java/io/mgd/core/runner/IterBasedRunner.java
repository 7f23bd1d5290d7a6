package io.mgd.core.runner;

import ai.djl.ndarray.NDScope;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.runner.hooks.Hook;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * mmcv's {@code IterBasedRunner} with the {@code [('train', 1)]} workflow: iterations until
 * {@code max_iters}, restarting the loader (and bumping its epoch) whenever it is exhausted, like
 * mmcv's {@code IterLoader}. {@code before_epoch}/{@code after_epoch} run once around the whole
 * run. Each iteration runs in its own {@code NDScope}.
 *
 * <p>mmcv quirks kept for checkpoint compatibility: {@code iter_{n}.pth} stores
 * {@code meta.iter = n - 1} (the save happens before the counter moves), so resuming repeats
 * that one iteration; the runner's epoch follows the loader's pass count, which restarts at 0.
 */
public final class IterBasedRunner extends BaseRunner {
    private int loaderEpoch;
    private Iterator<Batch> current;

    /** A runner for {@code max_iters} iterations. */
    public IterBasedRunner(RunnerArgs args, int maxIters) {
        super(args);
        if (maxIters <= 0) {
            throw new MgdException("runner.max_iters must be positive, got " + maxIters);
        }
        this.maxIters = maxIters;
    }

    @Override
    public void run(DataLoader trainLoader) {
        logger().info("Start running, host: " + hostInfo() + ", work_dir: " + workDir());
        logger().info("Hooks will be executed in the following order:\n" + hookInfo());
        logger().info("workflow: [('train', 1)], max: " + maxIters + " iters");
        callHook(Hook::beforeRun);
        loaderEpoch = 0;
        trainLoader.setEpoch(loaderEpoch);
        current = null;
        callHook(Hook::beforeEpoch);
        while (iter < maxIters) {
            innerIter = 0;
            train(trainLoader);
        }
        callHook(Hook::afterEpoch);
        callHook(Hook::afterRun);
    }

    private void train(DataLoader loader) {
        model().module().train(true);
        setMode("train");
        setDataLoader(loader);
        epoch = loaderEpoch;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (Batch batch = next(loader)) {
                epoch = loaderEpoch;
                callHook(Hook::beforeTrainIter);
                runTrainIter(batch);
                callHook(Hook::afterTrainIter);
            }
        }
        innerIter++;
        iter++;
    }

    private Batch next(DataLoader loader) {
        if (current == null) {
            current = loader.iterator(manager());
        }
        if (!current.hasNext()) {
            loaderEpoch++;
            loader.setEpoch(loaderEpoch);
            current = loader.iterator(manager());
            if (!current.hasNext()) {
                throw new MgdException("the training data loader yields no batches");
            }
        }
        return current.next();
    }

    @Override
    public String defaultFilenameTmpl() {
        return "iter_{}.pth";
    }

    /** Saves {@code iter_{iter+1}.pth}; meta holds {@code epoch = epoch + 1}, {@code iter}. */
    @Override
    public Path saveCheckpoint(Path outDir, String filenameTmpl, Map<String, Object> extraMeta,
            boolean saveOptimizer, boolean createSymlink) {
        String filename = filenameTmpl.replace("{}", Integer.toString(iter + 1));
        return writeCheckpoint(outDir, filename, extraMeta, saveOptimizer, createSymlink, epoch + 1, iter);
    }

    @Override
    protected void afterResumeCounters(Map<String, Object> checkpointMeta) {
        innerIter = iter;
    }
}
