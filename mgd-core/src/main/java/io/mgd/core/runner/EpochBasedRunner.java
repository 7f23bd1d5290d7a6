package io.mgd.core.runner;

import ai.djl.ndarray.NDScope;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.runner.hooks.Hook;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * mmcv's {@code EpochBasedRunner} with the {@code [('train', 1)]} workflow: epochs until
 * {@code max_epochs}; each iteration runs in its own {@code NDScope} (batch, forward, backward and
 * the after-iteration hooks), so memory stays flat. The loader's {@link DataLoader#setEpoch} is
 * called before each epoch (what mmcv's {@code DistSamplerSeedHook} does).
 */
public final class EpochBasedRunner extends BaseRunner {

    /** A runner for {@code max_epochs} epochs. */
    public EpochBasedRunner(RunnerArgs args, int maxEpochs) {
        super(args);
        if (maxEpochs <= 0) {
            throw new MgdException("runner.max_epochs must be positive, got " + maxEpochs);
        }
        this.maxEpochs = maxEpochs;
    }

    @Override
    public void run(DataLoader trainLoader) {
        maxIters = maxEpochs * trainLoader.size();
        logger().info("Start running, host: " + hostInfo() + ", work_dir: " + workDir());
        logger().info("Hooks will be executed in the following order:\n" + hookInfo());
        logger().info("workflow: [('train', 1)], max: " + maxEpochs + " epochs");
        callHook(Hook::beforeRun);
        while (epoch < maxEpochs) {
            train(trainLoader);
        }
        callHook(Hook::afterRun);
    }

    /** One epoch over {@code loader}. */
    public void train(DataLoader loader) {
        model().module().train(true);
        setMode("train");
        setDataLoader(loader);
        maxIters = maxEpochs * loader.size();
        loader.setEpoch(epoch);
        callHook(Hook::beforeTrainEpoch);
        Iterator<Batch> it = loader.iterator(manager());
        for (int i = 0; ; i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                if (!it.hasNext()) {
                    break;
                }
                try (Batch batch = it.next()) {
                    innerIter = i;
                    callHook(Hook::beforeTrainIter);
                    runTrainIter(batch);
                    callHook(Hook::afterTrainIter);
                }
            }
            iter++;
        }
        callHook(Hook::afterTrainEpoch);
        epoch++;
    }

    @Override
    public String defaultFilenameTmpl() {
        return "epoch_{}.pth";
    }

    /** Saves {@code epoch_{epoch+1}.pth}; meta holds {@code epoch = epoch + 1}, {@code iter}. */
    @Override
    public Path saveCheckpoint(Path outDir, String filenameTmpl, Map<String, Object> extraMeta,
            boolean saveOptimizer, boolean createSymlink) {
        String filename = filenameTmpl.replace("{}", Integer.toString(epoch + 1));
        return writeCheckpoint(outDir, filename, extraMeta, saveOptimizer, createSymlink, epoch + 1, iter);
    }

    /** As mmcv: hook messages are merged, then the checkpoint's meta becomes the runner meta. */
    @Override
    protected void afterResumeCounters(Map<String, Object> checkpointMeta) {
        setMeta(new LinkedHashMap<>(checkpointMeta));
    }
}
