package io.mgd.core.apis;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mgd.core.checkpoint.CheckpointException;
import io.mgd.core.checkpoint.CheckpointLoader;
import io.mgd.core.checkpoint.Checkpoints;
import io.mgd.core.checkpoint.TensorData;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.engine.onnx.OnnxModel;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/test} as a Java API: build the config's {@code model} (for a distiller config,
 * that is the student), load a plain or distiller checkpoint (its {@code student.} keys), run the
 * test set and evaluate.
 */
public final class TestApi {
    private TestApi() {}

    /**
     * Arguments of {@code tools/test}.
     *
     * @param metrics metric names; empty → {@code evaluation.metric} of the config
     * @param out optional JSON output with the metrics and per-sample results
     * @param showDir optional folder for drawn predictions (segmentation: palette overlays)
     */
    public record TestOptions(Path config, Path checkpoint, List<String> metrics, ConfigDict metricOptions,
            Path out, List<String> cfgOptions, Path showDir) {
        public TestOptions {
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
            cfgOptions = cfgOptions == null ? List.of() : List.copyOf(cfgOptions);
        }

        /** Without a {@code --show-dir}. */
        public TestOptions(Path config, Path checkpoint, List<String> metrics, ConfigDict metricOptions, Path out,
                List<String> cfgOptions) {
            this(config, checkpoint, metrics, metricOptions, out, cfgOptions, null);
        }
    }

    /** Metrics in log order and the raw per-sample results. */
    public record TestResult(LinkedHashMap<String, Object> metrics, List<Object> results) {}

    /** What runs the model: DJL on a checkpoint, or ONNX Runtime on an exported {@code .onnx} file. */
    public enum Backend {
        /** The config's model built in DJL with the checkpoint's weights. */
        DJL,
        /** The exported model on ONNX Runtime ({@code tools/deployment/pytorch2onnx}). */
        ONNXRUNTIME;

        /** {@link #ONNXRUNTIME} for a {@code .onnx} file, else {@link #DJL}. */
        public static Backend forFile(Path file) {
            return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") ? ONNXRUNTIME : DJL;
        }
    }

    /** Runs the test as {@code tools/test}, with the backend chosen by the checkpoint's suffix. */
    public static TestResult test(TestOptions o) {
        return test(o, null);
    }

    /**
     * Runs the test as {@code tools/test} on {@code backend} (null: chosen by the file suffix,
     * {@link Backend#forFile}). With ONNX Runtime the file is the exported model and the config
     * still gives the task, dataset, pipeline and metrics.
     */
    public static TestResult test(TestOptions o, Backend backend) {
        Backend b = backend == null ? Backend.forFile(o.checkpoint()) : backend;
        Config cfg = Config.load(o.config(), o.cfgOptions());
        ConfigDict d = cfg.dict();
        Task task = Tasks.forConfig(d);
        List<String> metrics = o.metrics().isEmpty() && d.getDict("evaluation") != null
                ? TrainApi.metricList(d.getDict("evaluation").get("metric")) : o.metrics();
        if (metrics.isEmpty()) {
            throw new ConfigException("no metric given: pass --metrics (e.g. accuracy) or set evaluation.metric");
        }
        ConfigDict options = o.metricOptions() != null ? o.metricOptions()
                : d.getDict("evaluation") != null ? d.getDict("evaluation").getDict("metric_options") : null;
        try (NDManager manager = NDManager.newBaseManager()) {
            BuildContext ctx = new BuildContext(Registries.load(), manager);
            ConfigDict modelCfg = d.getDict("model");
            if (modelCfg == null) {
                throw new ConfigException(o.config() + " has no 'model' section");
            }
            Module model = null;
            if (b == Backend.DJL) {
                model = ctx.build(Registries.MODELS, modelCfg);
                loadWeights(model, o.checkpoint());
            }
            Dataset dataset = testDataset(d, task, ctx);
            List<Object> results;
            try (SampleLoader loader = testLoader(d, task, dataset)) {
                if (model != null) {
                    model.eval();
                    results = task.predict(model, loader, manager, o.showDir());
                } else {
                    if (o.showDir() != null) {
                        throw new MgdException("--show-dir needs a .pth checkpoint (DJL backend), not " + o.checkpoint());
                    }
                    try (OnnxModel onnx = OnnxModel.load(o.checkpoint())) {
                        results = task.predictOnnx(onnx, modelCfg, loader, ctx);
                    }
                }
            }
            LinkedHashMap<String, Object> m = task.evaluate(dataset, results, metrics, options);
            if (o.out() != null) {
                writeJson(o.out(), task.formatResults(dataset, results, m));
            }
            return new TestResult(m, results);
        }
    }

    /**
     * The config's test set as {@code tools/test} builds it ({@code data.test} with {@code
     * test_mode=True}), e.g. for real samples to verify an export on.
     */
    public static Dataset testDataset(ConfigDict cfg, Task task, BuildContext ctx) {
        return splitDataset(cfg, task, ctx, "test");
    }

    /**
     * {@code data.<split>} ({@code train}, {@code val}, {@code test}) built as {@code tools/test}
     * builds the test set, with {@code test_mode=True} (e.g. to run a model over the val split).
     */
    public static Dataset splitDataset(ConfigDict cfg, Task task, BuildContext ctx, String split) {
        ConfigDict splitCfg = TrainApi.dataCfg(cfg, split).deepCopy();
        splitCfg.put("test_mode", true);
        return task.buildDataset(splitCfg, ctx);
    }

    /**
     * The loader {@code tools/test} runs a dataset with: in order, no shuffling or dropping,
     * {@code data.samples_per_gpu} and {@code data.workers_per_gpu}, the task's collate, the
     * config's {@code memory_format}.
     */
    public static SampleLoader testLoader(ConfigDict cfg, Task task, Dataset dataset) {
        ConfigDict data = cfg.getDict("data");
        int batch = TrainApi.intOf(data, "samples_per_gpu", 1);
        int workers = TrainApi.intOf(data, "workers_per_gpu", 0);
        return new SampleLoader(dataset, batch, workers, false, false, 0, task.collate())
                .withMemoryFormat(MemoryFormat.fromConfig(cfg));
    }

    /**
     * Loads a model checkpoint, or the student part of a distiller checkpoint, into {@code model};
     * an error when nothing matches, so a wrong file never silently evaluates random weights.
     */
    public static void loadWeights(Module model, Path checkpoint) {
        if (!Files.isRegularFile(checkpoint)) {
            throw new CheckpointException("checkpoint file not found: " + checkpoint);
        }
        Map<String, TensorData> state = Checkpoints.stateDict(Checkpoints.load(checkpoint));
        if (state.keySet().stream().anyMatch(k -> k.startsWith("student."))) {
            Map<String, TensorData> student = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k.startsWith("student.")) {
                    student.put(k.substring("student.".length()), v);
                }
            });
            state = student;
        }
        LoadResult r = CheckpointLoader.loadState(model, state, false, checkpoint.toString());
        int own = model.stateDict().size();
        if (r.missingKeys().size() == own) {
            throw new CheckpointException(checkpoint + ": none of its " + state.size()
                    + " keys match the model built from the config (e.g. model key '"
                    + model.stateDict().keySet().iterator().next() + "', checkpoint key '"
                    + (state.isEmpty() ? "<none>" : state.keySet().iterator().next()) + "')");
        }
    }

    /** Writes {@code value} as indented JSON (the {@code --out} format), creating the parent directory. */
    public static void writeJson(Path out, Object value) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), value);
        } catch (IOException e) {
            throw new MgdException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
