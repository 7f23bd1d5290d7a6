package io.mgd.core.runner;

import ai.djl.ndarray.NDManager;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.optim.Optimizer;
import io.mgd.core.optim.ParamGroup;
import io.mgd.core.runner.hooks.Hook;
import io.mgd.core.runner.hooks.Priority;
import io.mgd.core.util.MgdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The part of mmcv's {@code BaseRunner} shared by the epoch and iteration runners: counters
 * ({@code epoch}, {@code iter}, {@code inner_iter}), hooks in priority order, the log buffer, one
 * training step, checkpoint save/resume/load. Only the {@code [('train', 1)]} workflow exists:
 * validation runs through {@link io.mgd.core.runner.hooks.EvalHook}, as in every MGD config.
 */
public abstract class BaseRunner {
    /** The mmcv version whose checkpoint and log layout this runner writes. */
    public static final String MMCV_VERSION = "1.4.2";

    private final RunnerArgs args;
    private final List<Hook> hooks = new ArrayList<>();
    private final List<Integer> priorities = new ArrayList<>();
    private final LogBuffer logBuffer = new LogBuffer();
    private Map<String, Object> meta;
    private String mode = "train";
    private DataLoader dataLoader;
    private double lastLoss = Double.NaN;
    private int lastBatchSize;
    /** mmcv's protected counters; subclasses drive them. */
    protected int epoch;
    protected int iter;
    protected int innerIter;
    protected int maxEpochs;
    protected int maxIters;

    protected BaseRunner(RunnerArgs args) {
        this.args = args;
        this.meta = args.meta() == null ? null : new LinkedHashMap<>(args.meta());
        try {
            Files.createDirectories(args.workDir());
        } catch (java.io.IOException e) {
            throw new MgdException("cannot create work_dir " + args.workDir() + ": " + e.getMessage(), e);
        }
    }

    /** Trains on {@code trainLoader} until {@code max_epochs} or {@code max_iters}. */
    public abstract void run(DataLoader trainLoader);

    /** Saves a checkpoint named by this runner's counter ({@code epoch_{}} or {@code iter_{}}). */
    public abstract Path saveCheckpoint(Path outDir, String filenameTmpl, Map<String, Object> extraMeta,
            boolean saveOptimizer, boolean createSymlink);

    /** Default file name template: {@code epoch_{}.pth} or {@code iter_{}.pth}. */
    public abstract String defaultFilenameTmpl();

    // ---- accessors ----------------------------------------------------------------------

    public TrainableModel model() {
        return args.model();
    }

    public Optimizer optimizer() {
        return args.optimizer();
    }

    public Path workDir() {
        return args.workDir();
    }

    public RunLogger logger() {
        return args.logger();
    }

    public String timestamp() {
        return args.timestamp();
    }

    public NDManager manager() {
        return args.manager();
    }

    public CheckpointStore checkpointStore() {
        if (args.checkpointStore() == null) {
            throw new MgdException("no checkpoint store configured for this runner");
        }
        return args.checkpointStore();
    }

    /** The runner meta (mutable), or null. */
    public Map<String, Object> meta() {
        return meta;
    }

    public void setMeta(Map<String, Object> meta) {
        this.meta = meta;
    }

    /** Completed epochs. */
    public int epoch() {
        return epoch;
    }

    /** Completed iterations. */
    public int iter() {
        return iter;
    }

    /** Iteration index within the current epoch. */
    public int innerIter() {
        return innerIter;
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    public int maxIters() {
        return maxIters;
    }

    /** {@code "train"} or {@code "val"}. */
    public String mode() {
        return mode;
    }

    protected void setMode(String mode) {
        this.mode = mode;
    }

    /** The loader of the current pass. */
    public DataLoader dataLoader() {
        return dataLoader;
    }

    protected void setDataLoader(DataLoader loader) {
        this.dataLoader = loader;
    }

    public LogBuffer logBuffer() {
        return logBuffer;
    }

    /** The last step's summed loss ({@code outputs['loss']}). */
    public double lastLoss() {
        return lastLoss;
    }

    /** The last step's batch size ({@code outputs['num_samples']}). */
    public int lastBatchSize() {
        return lastBatchSize;
    }

    /** The lr of each param group. */
    public List<Double> currentLr() {
        if (optimizer() == null) {
            throw new MgdException("lr is not applicable because optimizer does not exist");
        }
        return optimizer().paramGroups().stream().map(ParamGroup::lr).toList();
    }

    // ---- hooks --------------------------------------------------------------------------

    /** Registered hooks in calling order (read-only). */
    public List<Hook> hooks() {
        return List.copyOf(hooks);
    }

    /** Inserts a hook after every hook of lower or equal priority value (stable). */
    public void registerHook(Hook hook, Object priority) {
        int p = Priority.parse(priority);
        int at = 0;
        for (int i = priorities.size() - 1; i >= 0; i--) {
            if (p >= priorities.get(i)) {
                at = i + 1;
                break;
            }
        }
        hooks.add(at, hook);
        priorities.add(at, p);
    }

    /** Calls one stage on every hook, e.g. {@code callHook(Hook::beforeRun)}. */
    public void callHook(BiConsumer<Hook, BaseRunner> stage) {
        for (Hook h : List.copyOf(hooks)) {
            stage.accept(h, this);
        }
    }

    /** mmcv's {@code get_hook_info}, simplified to one line per hook with its priority. */
    public String hookInfo() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hooks.size(); i++) {
            sb.append(String.format("(%-12s) %s%n", Priority.describe(priorities.get(i)),
                    hooks.get(i).getClass().getSimpleName()));
        }
        return sb.toString().stripTrailing();
    }

    // ---- one training step --------------------------------------------------------------

    /**
     * Zeroes gradients, runs {@code forwardTrain} and the backward of the summed loss inside a
     * gradient collector, and records the log vars. The optimizer step belongs to
     * {@link io.mgd.core.runner.hooks.OptimizerHook}. Call inside the step's {@code NDScope}.
     */
    protected final void runTrainIter(Batch batch) {
        Map<String, Double> logVars = TrainStep.forwardBackward(model(), batch);
        logBuffer.update(logVars, batch.batchSize());
        lastLoss = logVars.get("loss");
        lastBatchSize = batch.batchSize();
    }

    // ---- checkpoints --------------------------------------------------------------------

    /**
     * Builds mmcv's checkpoint dict and saves it to {@code outDir/filename}, then points
     * {@code latest.pth} at it (a relative symlink, or a copy where links are not allowed).
     */
    protected final Path writeCheckpoint(Path outDir, String filename, Map<String, Object> extraMeta,
            boolean saveOptimizer, boolean createSymlink, int metaEpoch, int metaIter) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (extraMeta != null) {
            m.putAll(extraMeta);
        }
        if (meta != null) {
            m.putAll(meta);
        }
        m.put("epoch", metaEpoch);
        m.put("iter", metaIter);
        m.put("mmcv_version", MMCV_VERSION);
        m.put("time", java.time.LocalDateTime.now().format(
                java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.US)));
        if (model().classes() != null) {
            m.put("CLASSES", List.copyOf(model().classes()));
        }
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("meta", m);
        ckpt.put("state_dict", new LinkedHashMap<String, Object>(model().module().stateDict()));
        if (saveOptimizer && optimizer() != null) {
            ckpt.put("optimizer", optimizer().stateDict());
        }
        Path file = outDir.resolve(filename);
        checkpointStore().save(file, ckpt);
        if (createSymlink) {
            Checkpointing.linkLatest(outDir, filename, file);
        }
        return file;
    }

    /** Loads model weights (and optionally optimizer state and counters) like mmcv's resume. */
    public void resume(Path checkpoint, boolean resumeOptimizer) {
        Map<String, Object> ckpt = loadCheckpoint(checkpoint);
        Map<String, Object> ckMeta = Checkpointing.meta(ckpt, checkpoint);
        epoch = Checkpointing.intMeta(ckMeta, "epoch", checkpoint);
        iter = Checkpointing.intMeta(ckMeta, "iter", checkpoint);
        afterResumeCounters(ckMeta);
        if (resumeOptimizer && ckpt.get("optimizer") instanceof Map<?, ?> opt && optimizer() != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) opt;
            optimizer().loadStateDict(state);
        }
        logger().info("resumed epoch " + epoch + ", iter " + iter);
    }

    /** Hook for the runner-specific part of resume (meta handling, inner_iter). */
    protected abstract void afterResumeCounters(Map<String, Object> checkpointMeta);

    /** mmcv {@code load_checkpoint}: loads weights non-strictly and logs key mismatches. */
    public Map<String, Object> loadCheckpoint(Path checkpoint) {
        Map<String, Object> ckpt = checkpointStore().load(checkpoint);
        Checkpointing.loadWeights(model().module(), ckpt, checkpoint, logger());
        logger().info("load checkpoint from local path: " + checkpoint);
        return ckpt;
    }

    /** Python's {@code str(timedelta(seconds=int(sec)))}: {@code H:MM:SS} or {@code N day(s), H:MM:SS}. */
    public static String formatDuration(double seconds) {
        long s = (long) seconds;
        long days = s / 86400;
        long rem = s % 86400;
        String hms = String.format("%d:%02d:%02d", rem / 3600, rem % 3600 / 60, rem % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }

    /** mmcv's {@code get_host_info}: {@code user@hostname}. */
    protected static String hostInfo() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
