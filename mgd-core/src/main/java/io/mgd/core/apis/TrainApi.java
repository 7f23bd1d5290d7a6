package io.mgd.core.apis;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.mgd.core.checkpoint.PthCheckpointStore;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.nn.Module;
import io.mgd.core.optim.Optimizer;
import io.mgd.core.optim.OptimizerBuilder;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.BaseRunner;
import io.mgd.core.runner.RunLogger;
import io.mgd.core.runner.RunnerArgs;
import io.mgd.core.runner.Runners;
import io.mgd.core.runner.Seeds;
import io.mgd.core.runner.hooks.EvalHook;
import io.mgd.core.runner.hooks.Priority;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/train} as a Java API (MMLab's {@code tools/train.py} + {@code train_model}): load
 * and dump the config, set up the work dir, logs and seed, build the model or distiller, the
 * datasets and the optimizer, check the distiller's feature pairs, then run the runner.
 */
public final class TrainApi {
    private TrainApi() {}

    /** Result of a run: where it wrote and the last checkpoint. */
    public record TrainResult(Path workDir, Path log, Path jsonLog, Path latestCheckpoint) {}

    /** Trains as {@code tools/train} does. */
    public static TrainResult train(TrainOptions o) {
        Config cfg = Config.load(o.config(), o.cfgOptions());
        ConfigDict d = cfg.dict();
        Path workDir = o.workDir() != null ? o.workDir()
                : d.get("work_dir") instanceof String w ? Path.of(w)
                : Path.of("work_dirs", baseName(o.config()));
        d.put("work_dir", workDir.toString());
        if (o.resumeFrom() != null) {
            d.put("resume_from", o.resumeFrom().toString());
        }
        try {
            Files.createDirectories(workDir);
            cfg.dump(workDir.resolve(o.config().getFileName()));
        } catch (IOException e) {
            throw new MgdException("cannot create work_dir " + workDir + ": " + e.getMessage(), e);
        }
        Task task = Tasks.forConfig(d);
        String timestamp = RunnerArgs.newTimestamp();
        Path logFile = workDir.resolve(timestamp + ".log");
        try (RunLogger logger = new RunLogger(task.loggerName(), logFile);
                NDManager manager = NDManager.newBaseManager()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            String envInfo = EnvInfo.collect();
            logger.info("Environment info:\n" + "-".repeat(60) + "\n" + envInfo + "\n" + "-".repeat(60) + "\n");
            meta.put("env_info", envInfo);
            logger.info("Distributed training: False");
            logger.info("Config:\n" + cfg.prettyText());
            Seeds seeds = Seeds.apply(o.seed(), o.deterministic());
            logger.info("Set random seed to " + seeds.seed() + ", deterministic: " + seeds.deterministic());
            seeds.recordIn(meta);
            meta.put("exp_name", o.config().getFileName().toString());
            meta.put("config", cfg.prettyText());

            Registries registries = Registries.load();
            BuildContext ctx = new BuildContext(registries, manager);
            Module model = Models.buildForTraining(cfg, ctx);
            Dataset trainSet = task.buildDataset(dataCfg(d, "train"), ctx);
            ConfigDict data = d.getDict("data");
            int batch = intOf(data, "samples_per_gpu", 1);
            int workers = intOf(data, "workers_per_gpu", 0);
            List<String> classes = task.classes(trainSet);
            MemoryFormat memoryFormat = MemoryFormat.fromConfig(d);
            logger.info("Memory format of input batches: " + memoryFormat.torchName());
            try (SampleLoader loader = new SampleLoader(trainSet, batch, workers, true, false, seeds.seed(),
                    task.collate()).withMemoryFormat(memoryFormat)) {
                if (model instanceof BaseDistiller distiller) {
                    preflight(distiller, loader, manager);
                }
                ModelTrainable trainable = new ModelTrainable(model, classes);
                Optimizer optimizer = OptimizerBuilder.build(d.getDict("optimizer"), model,
                        trainable.trainableParameters(), registries);
                if (classes != null) {
                    meta.put("CLASSES", classes);
                }
                RunnerArgs args = new RunnerArgs(trainable, optimizer, workDir, logger, meta,
                        new PthCheckpointStore(manager), manager, timestamp);
                BaseRunner runner = Runners.build(d, args);
                Runners.registerTrainingHooks(runner, d, registries);
                runner.registerHook(new io.mgd.core.runner.hooks.ProgressBarHook(), Priority.LOWEST);
                SampleLoader valLoader = null;
                if (!o.noValidate() && d.getDict("evaluation") != null && data.getDict("val") != null) {
                    ConfigDict val = dataCfg(d, "val").deepCopy();
                    val.put("test_mode", true);
                    Dataset valSet = task.buildDataset(val, ctx);
                    valLoader = new SampleLoader(valSet, intOf(data, "val_samples_per_gpu", batch),
                            workers, false, false, seeds.seed(), task.collate()).withMemoryFormat(memoryFormat);
                    runner.registerHook(evalHook(d.getDict("evaluation"), runner, task, valSet, valLoader),
                            Priority.LOW);
                }
                try {
                    if (d.get("resume_from") instanceof String r) {
                        runner.resume(Path.of(r), true);
                    } else if (d.get("load_from") instanceof String l) {
                        runner.loadCheckpoint(Path.of(l));
                    }
                    runner.run(loader);
                } finally {
                    if (valLoader != null) {
                        valLoader.close();
                    }
                }
            }
            Path latest = workDir.resolve("latest.pth");
            return new TrainResult(workDir, logFile, workDir.resolve(timestamp + ".log.json"),
                    Files.exists(latest) ? latest : null);
        }
    }

    /** One dry forward with a real batch checks every hooked student/teacher pair. */
    private static void preflight(BaseDistiller distiller, SampleLoader loader, NDManager manager) {
        try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Iterator<Batch> it = loader.iterate(0, scratch);
            if (!it.hasNext()) {
                throw new MgdException("the training dataset is empty");
            }
            try (Batch b = it.next()) {
                distiller.preflight(new NDList(b.getArray("img")));
            }
            if (it instanceof AutoCloseable c) {
                c.close();
            }
        } catch (MgdException e) {
            throw e;
        } catch (Exception e) {
            throw new MgdException("pre-flight forward failed: " + e.getMessage(), e);
        }
    }

    private static EvalHook evalHook(ConfigDict ev, BaseRunner runner, Task task, Dataset valSet,
            SampleLoader valLoader) {
        ConfigDict e = ev.deepCopy();
        int interval = e.get("interval") instanceof Long l ? l.intValue() : 1;
        boolean byEpoch = e.get("by_epoch") instanceof Boolean b ? b
                : !(runner instanceof io.mgd.core.runner.IterBasedRunner);
        Integer start = e.get("start") instanceof Long s ? s.intValue() : null;
        String saveBest = e.get("save_best") instanceof String s ? s : null;
        String rule = e.get("rule") instanceof String r ? r : null;
        List<String> metrics = metricList(e.get("metric"));
        ConfigDict options = e.getDict("metric_options");
        return new EvalHook(new EvalHook.Options(interval, byEpoch, start, saveBest, rule),
                new TaskEvaluator(task, valSet, valLoader, metrics, options));
    }

    /** {@code metric='accuracy'} or a list of names. */
    static List<String> metricList(Object m) {
        if (m == null) {
            return List.of();
        }
        if (m instanceof String s) {
            return List.of(s);
        }
        if (m instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new ConfigException("evaluation.metric must be a string or a list, got " + ConfigDict.describe(m));
    }

    static ConfigDict dataCfg(ConfigDict d, String split) {
        ConfigDict data = d.getDict("data");
        if (data == null || data.getDict(split) == null) {
            throw new ConfigException("config has no data." + split + " section");
        }
        return data.getDict(split);
    }

    static int intOf(ConfigDict d, String key, int def) {
        Object v = d.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Long l)) {
            throw new ConfigException("data." + key + " must be an int, got " + ConfigDict.describe(v));
        }
        return l.intValue();
    }

    static String baseName(Path config) {
        String n = config.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Engine used, for logs. */
    static String engineName() {
        return Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion();
    }
}
