package io.mgd.core.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.Tuple;
import io.mgd.core.optim.Optimizer;
import io.mgd.core.optim.OptimizerBuilder;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.hooks.EvalHook;
import io.mgd.core.runner.hooks.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny EpochBasedRunner run: mmcv log formats, checkpoints, max_keep_ckpts and resume. */
class RunnerEndToEndTest {
    static final String TS = "20240102_030405";
    private static final Registries REG = Registries.load();

    static ConfigDict cfg(int maxKeep) {
        return ConfigDict.of(
                "optimizer", ConfigDict.of("type", "SGD", "lr", 0.1, "momentum", 0.9, "weight_decay", 1e-4),
                "optimizer_config", ConfigDict.of("grad_clip", ConfigDict.of("max_norm", 1.0, "norm_type", 2)),
                "lr_config", ConfigDict.of("policy", "step", "step", List.of(1)),
                "runner", ConfigDict.of("type", "EpochBasedRunner", "max_epochs", 2),
                "checkpoint_config", ConfigDict.of("interval", 1, "max_keep_ckpts", maxKeep),
                "log_config", ConfigDict.of("interval", 2, "hooks", List.of(ConfigDict.of("type", "TextLoggerHook"))),
                "workflow", List.of(Tuple.of("train", 1)));
    }

    record Run(BaseRunner runner, Toys.ToyModel model, Toys.ToyLoader loader, RunLogger logger) {}

    static Run newRun(Path workDir, NDManager m, CheckpointStore store, long modelSeed, int maxKeep) {
        ConfigDict cfg = cfg(maxKeep);
        Toys.ToyModel model = new Toys.ToyModel(m, modelSeed);
        Toys.ToyLoader loader = new Toys.ToyLoader(4, 5, 7);
        Optimizer opt = OptimizerBuilder.build(cfg.getDict("optimizer"), model.module(), REG);
        RunLogger logger = new RunLogger("mmcls", workDir.resolve(TS + ".log"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("seed", 0L);
        meta.put("exp_name", "toy.py");
        BaseRunner runner = Runners.build(cfg, new RunnerArgs(model, opt, workDir, logger, meta, store, m, TS));
        Runners.registerTrainingHooks(runner, cfg, REG);
        runner.registerHook(new EvalHook(new EvalHook.Options(1, true, null, null, null),
                Toys.accuracy(model, loader)), Priority.LOW);
        return new Run(runner, model, loader, logger);
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesMmcvLogsAndCheckpoints(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); InMemoryCheckpointStore store = new InMemoryCheckpointStore(m)) {
            Run run = newRun(dir, m, store, 1, 1);
            run.runner().run(run.loader());
            run.logger().close();

            List<String> json = Files.readAllLines(dir.resolve(TS + ".log.json"));
            assertEquals(7, json.size(), String.join("\n", json));
            assertEquals("{\"seed\": 0, \"exp_name\": \"toy.py\"}", json.get(0));
            ObjectMapper om = new ObjectMapper();
            List<Map<String, Object>> lines = new ArrayList<>();
            for (String l : json.subList(1, json.size())) {
                lines.add(om.readValue(l, LinkedHashMap.class));
                assertFalse(Pattern.compile("\\d\\.\\d{6,}").matcher(l).find(), "not rounded to 5 decimals: " + l);
                assertTrue(l.startsWith("{\"mode\": \""), l);
            }
            Map<String, Object> t1 = lines.get(0);
            assertEquals(List.of("mode", "epoch", "iter", "lr", "data_time", "loss_cls", "acc", "loss_aux", "loss",
                    "grad_norm", "time"), new ArrayList<>(t1.keySet()));
            assertEquals("train", t1.get("mode"));
            assertEquals(1, t1.get("epoch"));
            assertEquals(2, t1.get("iter"));
            assertEquals(0.1, t1.get("lr"));
            double sum = ((Number) t1.get("loss_cls")).doubleValue() + ((Number) t1.get("loss_aux")).doubleValue();
            assertEquals(sum, ((Number) t1.get("loss")).doubleValue(), 2e-5);
            assertEquals(4, lines.get(1).get("iter"));
            Map<String, Object> val = lines.get(2);
            assertEquals(List.of("mode", "epoch", "iter", "lr", "accuracy_top-1"), new ArrayList<>(val.keySet()));
            assertEquals("val", val.get("mode"));
            assertEquals(1, val.get("epoch"));
            assertEquals(4, val.get("iter"));
            assertEquals(2, lines.get(3).get("epoch"));
            assertEquals(0.01, lines.get(3).get("lr"));
            assertEquals("val", lines.get(5).get("mode"));

            String text = Files.readString(dir.resolve(TS + ".log"));
            String prefix = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - mmcls - INFO - ";
            assertTrue(Pattern.compile(prefix + "Epoch \\[1\\]\\[2/4\\]\tlr: 1\\.000e-01, eta: \\d+:\\d\\d:\\d\\d, "
                    + "time: \\d+\\.\\d{3}, data_time: \\d+\\.\\d{3}, loss_cls: \\d+\\.\\d{4}, acc: \\d+\\.\\d{4}, "
                    + "loss_aux: \\d+\\.\\d{4}, loss: \\d+\\.\\d{4}, grad_norm: \\d+\\.\\d{4}\n").matcher(text).find(), text);
            assertTrue(Pattern.compile(prefix + "Epoch\\(val\\) \\[2\\]\\[4\\]\taccuracy_top-1: \\d+\\.\\d{4}\n")
                    .matcher(text).find(), text);
            assertTrue(text.contains(" - mmcls - INFO - Exp name: toy.py\n"), text);
            assertTrue(text.contains("Saving checkpoint at 2 epochs"), text);

            // max_keep_ckpts=1: epoch_1.pth removed, latest.pth -> epoch_2.pth
            assertFalse(Files.exists(dir.resolve("epoch_1.pth")));
            assertTrue(Files.isRegularFile(dir.resolve("epoch_2.pth")));
            assertTrue(Files.isSymbolicLink(dir.resolve("latest.pth")));
            assertEquals(Path.of("epoch_2.pth"), Files.readSymbolicLink(dir.resolve("latest.pth")));
            assertEquals(2, store.saveCount());

            Map<String, Object> ckpt = store.load(dir.resolve("latest.pth"));
            Map<String, Object> meta = (Map<String, Object>) ckpt.get("meta");
            assertEquals(2, meta.get("epoch"));
            assertEquals(8, meta.get("iter"));
            assertEquals(0L, meta.get("seed"));
            assertEquals(BaseRunner.MMCV_VERSION, meta.get("mmcv_version"));
            assertEquals(List.of("a", "b", "c"), meta.get("CLASSES"));
            assertNotNull(meta.get("time"));
            assertTrue(((Map<String, Object>) meta.get("hook_msgs")).get("last_ckpt").toString().endsWith("epoch_1.pth"));
            Map<String, Object> sd = (Map<String, Object>) ckpt.get("state_dict");
            assertEquals(List.copyOf(run.model().module().stateDict().keySet()), List.copyOf(sd.keySet()));
            run.model().module().stateDict().forEach((k, v) ->
                    assertArrayEquals(v.toFloatArray(), ((NDArray) sd.get(k)).toFloatArray(), 0f, k));
            Map<String, Object> opt = (Map<String, Object>) ckpt.get("optimizer");
            assertEquals(4, ((Map<?, ?>) opt.get("state")).size());
            // unrounded like Python: 0.1 * 0.1 ** 1
            assertEquals(0.010000000000000002,
                    ((Map<String, Object>) ((List<?>) opt.get("param_groups")).get(0)).get("lr"));
            assertEquals("Saving checkpoint at 2 epochs", text.lines().filter(l -> l.contains("Saving checkpoint at 2"))
                    .findFirst().orElseThrow().replaceAll(".* - INFO - ", ""));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resumeContinuesWithSameOptimizerState(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager(); InMemoryCheckpointStore store = new InMemoryCheckpointStore(m)) {
            Path a = dir.resolve("a");
            Run full = newRun(a, m, store, 1, -1);
            full.runner().run(full.loader());
            full.logger().close();
            assertTrue(Files.exists(a.resolve("epoch_1.pth")), "max_keep_ckpts=-1 keeps every checkpoint");

            Run resumed = newRun(dir.resolve("b"), m, store, 99, -1);
            resumed.runner().resume(a.resolve("epoch_1.pth"), true);
            assertEquals(1, resumed.runner().epoch());
            assertEquals(4, resumed.runner().iter());
            Map<String, Object> ckpt = store.load(a.resolve("epoch_1.pth"));
            Map<Object, Object> saved = (Map<Object, Object>) ((Map<String, Object>) ckpt.get("optimizer")).get("state");
            Map<Object, Object> now = (Map<Object, Object>) resumed.runner().optimizer().stateDict().get("state");
            assertEquals(saved.keySet(), now.keySet());
            saved.forEach((k, v) -> assertArrayEquals(
                    ((NDArray) ((Map<String, Object>) v).get("momentum_buffer")).toFloatArray(),
                    ((NDArray) ((Map<String, Object>) now.get(k)).get("momentum_buffer")).toFloatArray(), 0f,
                    String.valueOf(k)));
            resumed.runner().run(resumed.loader());
            resumed.logger().close();
            assertEquals(List.of(1), resumed.loader().epochsSeen);
            assertEquals(2, resumed.runner().epoch());
            full.model().module().stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(),
                    resumed.model().module().stateDict().get(k).toFloatArray(), 1e-6f, "after resume: " + k));
        }
    }
}
