package io.mgd.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.optim.Optimizer;
import io.mgd.core.optim.OptimizerBuilder;
import io.mgd.core.registry.Registries;
import io.mgd.core.runner.hooks.Hook;
import io.mgd.core.runner.hooks.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LR policies through real runners against values computed by hand from mmcv's formulas. */
class LrScheduleTest {
    private static final Registries REG = Registries.load();

    /** Runs a toy model with {@code cfg} and returns the lr seen by every iteration. */
    @SuppressWarnings("unchecked")
    static List<Double> lrs(Path dir, ConfigDict cfg, int batches, InMemoryCheckpointStore[] storeOut) {
        List<Double> seen = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); InMemoryCheckpointStore store = new InMemoryCheckpointStore(m)) {
            Toys.ToyModel model = new Toys.ToyModel(m, 3);
            Optimizer opt = OptimizerBuilder.build(cfg.getDict("optimizer"), model.module(), REG);
            try (RunLogger log = new RunLogger("mmseg", dir.resolve("run.log"))) {
                BaseRunner r = Runners.build(cfg, new RunnerArgs(model, opt, dir, log, Map.of(), store, m, "ts"));
                Runners.registerTrainingHooks(r, cfg, REG);
                r.registerHook(new Hook() {
                    @Override
                    public void beforeTrainIter(BaseRunner runner) {
                        seen.add(runner.currentLr().get(0));
                    }
                }, Priority.NORMAL);
                r.run(new Toys.ToyLoader(batches, 2, 5));
            }
        }
        return seen;
    }

    static ConfigDict cfg(ConfigDict lr, ConfigDict runner, double baseLr) {
        return ConfigDict.of("optimizer", ConfigDict.of("type", "SGD", "lr", baseLr, "momentum", 0.9),
                "optimizer_config", ConfigDict.of(), "lr_config", lr, "runner", runner);
    }

    static void assertLrs(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "iterations: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-12, "iter " + i + ": " + actual);
        }
    }

    @Test
    void stepByEpochWithLinearWarmup(@TempDir Path dir) {
        // mmdet schedule shape: step [2, 3], linear warmup over 3 iters from ratio 0.001; 2 iters/epoch
        List<Double> got = lrs(dir, cfg(ConfigDict.of("policy", "step", "step", List.of(2, 3), "warmup", "linear",
                "warmup_iters", 3, "warmup_ratio", 0.001), ConfigDict.of("type", "EpochBasedRunner", "max_epochs", 4),
                0.1), 2, null);
        double k0 = (1 - 0.0 / 3) * (1 - 0.001);
        double k1 = (1 - 1.0 / 3) * (1 - 0.001);
        double k2 = (1 - 2.0 / 3) * (1 - 0.001);
        assertLrs(List.of(0.1 * (1 - k0), 0.1 * (1 - k1), 0.1 * (1 - k2), 0.1, 0.1 * 0.1, 0.1 * 0.1,
                0.1 * 0.1 * 0.1, 0.1 * 0.1 * 0.1), got);
        assertEquals(0.0001000000000000001, got.get(0), 0.0); // Python: 0.1 * (1 - k0)
    }

    @Test
    void cosineByEpochWithMinLrRatio(@TempDir Path dir) {
        List<Double> got = lrs(dir, cfg(ConfigDict.of("policy", "CosineAnnealing", "min_lr_ratio", 0.01),
                ConfigDict.of("type", "EpochBasedRunner", "max_epochs", 3), 0.4), 2, null);
        List<Double> expected = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            double lr = 0.004 + 0.5 * (0.4 - 0.004) * (Math.cos(Math.PI * e / 3) + 1);
            expected.add(lr);
            expected.add(lr);
        }
        assertLrs(expected, got);
    }

    @Test
    void polyByIterOnIterBasedRunnerWithIterCheckpoints(@TempDir Path dir) throws Exception {
        // mmseg schedule shape: poly power 0.9, min_lr 1e-4, by_epoch False (implied by the iter runner)
        ConfigDict c = cfg(ConfigDict.of("policy", "poly", "power", 0.9, "min_lr", 1e-4),
                ConfigDict.of("type", "IterBasedRunner", "max_iters", 5), 0.01);
        c.put("checkpoint_config", ConfigDict.of("interval", 2, "max_keep_ckpts", 1));
        List<Double> got = lrs(dir, c, 3, null);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add((0.01 - 1e-4) * Math.pow(1 - i / 5.0, 0.9) + 1e-4);
        }
        assertLrs(expected, got);
        // interval 2 plus save_last: iter_2, iter_4, iter_5. mmcv's max_keep_ckpts=1 walks back from the
        // current file in steps of the interval: at iter_4 it removes iter_2; at iter_5 it looks for
        // iter_3, finds none and stops, so iter_4 stays
        assertFalse(Files.exists(dir.resolve("iter_2.pth")));
        assertTrue(Files.exists(dir.resolve("iter_4.pth")));
        assertTrue(Files.exists(dir.resolve("iter_5.pth")));
        assertEquals(Path.of("iter_5.pth"), Files.readSymbolicLink(dir.resolve("latest.pth")));
    }

    @Test
    void policyNamesMapToHookTypes() {
        assertEquals("Step", Runners.title("step"));
        assertEquals("Poly", Runners.title("poly"));
        assertEquals("Cosineannealing", Runners.title("cosineannealing"));
    }
}
