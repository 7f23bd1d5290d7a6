package io.mgd.core.apis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.engine.onnx.ExportOptions;
import io.mgd.core.engine.onnx.OnnxExporter;
import io.mgd.core.engine.onnx.OnnxTeacherBackend;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.DistillLocation;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.nn.Module;
import io.mgd.core.optim.Optimizer;
import io.mgd.core.optim.OptimizerBuilder;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.TrainStep;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/benchmark}: times full training steps of a config's model or distiller (teacher
 * forward, student forward/backward, distillation losses, optimizer step) on synthetic input, as
 * the PyTorch anchor does, and reports images/s and the process's peak resident memory.
 */
public final class BenchmarkApi {
    private BenchmarkApi() {}

    /**
     * @param randomTeacher build the teacher without {@code teacher_pretrained} (speed does not
     *     depend on the weights, and the file may not be at hand)
     * @param teacherBackend {@code djl} or {@code onnxruntime} to run a distiller's teacher on that
     *     backend whatever the config says (ONNX Runtime: the teacher is exported with its hooked
     *     features to a temporary file first); null keeps the config's {@code teacher_backend}
     */
    public record Options(Path config, int iters, int warmup, int batch, int size, List<String> cfgOptions,
            boolean randomTeacher, String teacherBackend) {
        /** Options that keep the config's teacher backend. */
        public Options(Path config, int iters, int warmup, int batch, int size, List<String> cfgOptions,
                boolean randomTeacher) {
            this(config, iters, warmup, batch, size, cfgOptions, randomTeacher, null);
        }
    }

    /**
     * Measured speed and memory.
     *
     * @param peakRssKb the process's peak resident memory so far (VmHWM), so a later run in the
     *     same process reports at least an earlier run's peak
     * @param teacherBackend the teacher backend that ran ({@code djl}, {@code onnxruntime}), or
     *     null for a plain model
     * @param memoryFormat the layout of the input batch (the config's {@code memory_format})
     */
    public record Result(String model, int batch, int size, int iters, double imagesPerSecond, double msPerStep,
            long peakRssKb, String teacherBackend, MemoryFormat memoryFormat) {}

    public static Result run(Options o) {
        Config cfg = Config.load(o.config(), o.cfgOptions());
        ConfigDict d = cfg.dict();
        if (o.randomTeacher() && d.getDict("distiller") != null) {
            d.getDict("distiller").put("teacher_pretrained", null);
        }
        if (o.teacherBackend() != null) {
            if (d.getDict("distiller") == null) {
                throw new ConfigException("--teacher-backend needs a distiller config; " + o.config()
                        + " has no 'distiller' section");
            }
            if (!"djl".equals(o.teacherBackend()) && !"onnxruntime".equals(o.teacherBackend())) {
                throw new ConfigException("--teacher-backend '" + o.teacherBackend()
                        + "' is not supported; use djl or onnxruntime");
            }
            // The teacher is set up below from the built weights, not from the config's file.
            d.getDict("distiller").remove("teacher_backend");
            d.getDict("distiller").remove("teacher_onnx");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Registries registries = Registries.load();
            BuildContext ctx = new BuildContext(registries, manager);
            Module model = Models.buildForTraining(cfg, ctx);
            int channels = inChannels(d);
            Path teacherOnnx = null;
            if ("onnxruntime".equals(o.teacherBackend())) {
                teacherOnnx = onnxTeacher((BaseDistiller) model, channels, o);
            }
            try {
                return run(o, d, model, channels, registries, manager);
            } finally {
                if (model instanceof BaseDistiller dist) {
                    dist.close();
                }
                deleteQuietly(teacherOnnx);
            }
        }
    }

    private static Result run(Options o, ConfigDict d, Module model, int channels, Registries registries,
            NDManager manager) {
        ModelTrainable trainable = new ModelTrainable(model, null);
        Optimizer optimizer = OptimizerBuilder.build(d.getDict("optimizer"), model,
                trainable.trainableParameters(), registries);
        int classes = numClasses(d);
        model.train(true);
        try (NDManager data = manager.newSubManager()) {
            // The layout the config's loaders would give (docs/benchmarks.md: channels-last is faster).
            MemoryFormat format = MemoryFormat.fromConfig(d);
            NDArray img = format.apply(data.randomNormal(new Shape(o.batch(), channels, o.size(), o.size())));
            NDArray label = data.randomInteger(0, classes, new Shape(o.batch()), DataType.INT64);
            for (int i = 0; i < o.warmup(); i++) {
                step(trainable, optimizer, img, label, o.batch());
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < o.iters(); i++) {
                step(trainable, optimizer, img, label, o.batch());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            String name = d.getDict("distiller") != null ? String.valueOf(d.getDict("distiller").get("type"))
                    : String.valueOf(d.getDict("model").get("type"));
            String backend = model instanceof BaseDistiller dist
                    ? dist.teacherBackend() instanceof OnnxTeacherBackend ? "onnxruntime" : "djl" : null;
            return new Result(name, o.batch(), o.size(), o.iters(), o.batch() * o.iters() / secs,
                    secs * 1000 / o.iters(), peakRssKb(), backend, format);
        }
    }

    /** Exports the distiller's teacher with its hooked features and runs it on ONNX Runtime. */
    private static Path onnxTeacher(BaseDistiller dist, int channels, Options o) {
        List<String> paths = new java.util.ArrayList<>();
        for (DistillLocation loc : dist.locations()) {
            if (!loc.outputHook()) {
                throw new ConfigException("--teacher-backend onnxruntime: a distill_cfg entry hooks the input of '"
                        + loc.teacherModule() + "' (output_hook=False); ONNX exports module outputs only");
            }
            paths.add(loc.teacherModule());
        }
        Path tmp;
        try {
            tmp = Files.createTempFile("mgd-benchmark-teacher", ".onnx");
        } catch (IOException e) {
            throw new MgdException("cannot create a temporary file for the ONNX teacher: " + e.getMessage(), e);
        }
        try {
            OnnxExporter.export(dist.teacher(), ExportOptions.of(o.batch(), channels, o.size(), o.size())
                    .withDynamic(true).withOutputs(paths.stream().distinct().toList()), tmp);
            dist.setTeacherBackend(OnnxTeacherBackend.open(tmp, paths, List.of()));
            return tmp;
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file left in the temp dir is harmless
        }
    }

    private static void step(ModelTrainable model, Optimizer optimizer, NDArray img, NDArray label, int batch) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // The batch must not close the shared synthetic arrays: wrap views of them.
            Batch b = new Batch(Map.of("img", img.get(":"), "gt_label", label.get(":")), batch);
            TrainStep.forwardBackward(model, b);
            optimizer.step();
        }
    }

    private static int inChannels(ConfigDict d) {
        ConfigDict model = d.getDict("model");
        ConfigDict backbone = model == null ? null : model.getDict("backbone");
        return backbone != null && backbone.get("in_channels") instanceof Long l ? l.intValue() : 3;
    }

    private static int numClasses(ConfigDict d) {
        ConfigDict model = d.getDict("model");
        ConfigDict head = model == null ? null : model.getDict("head");
        return head != null && head.get("num_classes") instanceof Long l ? l.intValue() : 1000;
    }

    /** VmHWM of this process from /proc (Linux), in kB; -1 where unavailable. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        throw new MgdException("no VmHWM in /proc/self/status");
    }
}
