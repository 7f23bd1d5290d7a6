package io.mgd.seg.apis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.seg.core.evaluation.AreaStats;
import io.mgd.seg.datasets.CustomDataset;
import io.mgd.seg.datasets.SegFixtures;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SegTask's test loop (pre-eval and label-map forms) and evaluate on a tiny CustomDataset. */
class SegTaskTest {
    private static final int N = 3;
    private static final int S = 16;

    @TempDir
    Path root;

    private final int[][] gts = new int[N][];

    private CustomDataset dataset(BuildContext ctx) throws Exception {
        for (int i = 0; i < N; i++) {
            SegFixtures.rgb(root.resolve("img/s" + i + ".png"), S, S, 40 * i, 90, 20 + 10 * i);
            int[] labels = new int[S * S];
            for (int p = 0; p < labels.length; p++) {
                labels[p] = p % 7 == 0 ? 255 : (p % S) * 4 / S; // four column bands, some ignored pixels
            }
            gts[i] = labels;
            SegFixtures.grey(root.resolve("ann/s" + i + ".png"), S, S, labels);
        }
        ConfigDict norm = ConfigDict.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
                "std", List.of(58.395, 57.12, 57.375), "to_rgb", true);
        List<Object> test = List.of(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "MultiScaleFlipAug", "img_scale", List.of((long) S, (long) S), "flip", false,
                        "transforms", List.of(ConfigDict.of("type", "Resize", "keep_ratio", true),
                                ConfigDict.of("type", "RandomFlip"), norm,
                                ConfigDict.of("type", "ImageToTensor", "keys", List.of("img")),
                                ConfigDict.of("type", "Collect", "keys", List.of("img")))));
        return (CustomDataset) new SegTask().buildDataset(ConfigDict.of("type", "CustomDataset",
                "data_root", root.toString(), "img_dir", "img", "ann_dir", "ann", "img_suffix", ".png",
                "test_mode", true, "classes", List.of("a", "b", "c", "d"), "pipeline", test), ctx);
    }

    private static Module model(BuildContext ctx) {
        ConfigDict bn = ConfigDict.of("type", "BN", "requires_grad", true);
        Module m = ctx.build(Registries.MODELS, ConfigDict.of("type", "EncoderDecoder",
                "backbone", ConfigDict.of("type", "ResNetV1c", "depth", 18L, "base_channels", 4L, "stem_channels", 4L,
                        "out_indices", List.of(0L, 1L, 2L, 3L), "dilations", List.of(1L, 1L, 2L, 4L),
                        "strides", List.of(1L, 2L, 1L, 1L), "norm_cfg", bn, "contract_dilation", true),
                "decode_head", ConfigDict.of("type", "FCNHead", "in_channels", 32L, "in_index", 3L, "channels", 8L,
                        "num_convs", 1L, "num_classes", 4L, "norm_cfg", bn,
                        "loss_decode", ConfigDict.of("type", "CrossEntropyLoss")),
                "test_cfg", ConfigDict.of("mode", "whole")));
        m.eval();
        return m;
    }

    /** A loader the task cannot see the dataset of: it must return label maps. */
    private static DataLoader opaque(SampleLoader l) {
        return new DataLoader() {
            @Override
            public Iterator<Batch> iterator(NDManager manager) {
                return l.iterator(manager);
            }

            @Override
            public int size() {
                return l.size();
            }

            @Override
            public int datasetSize() {
                return l.datasetSize();
            }

            @Override
            public void setEpoch(int epoch) {
                l.setEpoch(epoch);
            }
        };
    }

    @Test
    void preEvalAndLabelMapResultsEvaluateAlikeAndMatchPixelAccuracy() throws Exception {
        SegTask task = new SegTask();
        try (NDManager m = NDManager.newBaseManager()) {
            BuildContext ctx = new BuildContext(Registries.load(), m);
            CustomDataset ds = dataset(ctx);
            Module model = model(ctx);
            List<Object> pre;
            List<Object> maps;
            try (SampleLoader loader = new SampleLoader(ds, 2, 0, false, false, 0)) {
                pre = task.predict(model, loader, m);
                maps = task.predict(model, opaque(loader), m);
            }
            assertEquals(N, pre.size());
            assertTrue(pre.stream().allMatch(r -> r instanceof AreaStats), "pre_eval with an in-order SampleLoader");
            assertTrue(maps.stream().allMatch(r -> r instanceof SegTask.LabelMap), "label maps otherwise");

            LinkedHashMap<String, Object> a = task.evaluate(ds, pre, List.of("mIoU"), null);
            LinkedHashMap<String, Object> b = task.evaluate(ds, maps, List.of("mIoU"), null);
            assertEquals(a, b);
            assertEquals(List.of("aAcc", "mIoU", "mAcc", "IoU.a", "IoU.b", "IoU.c", "IoU.d", "Acc.a", "Acc.b", "Acc.c",
                    "Acc.d"), List.copyOf(a.keySet()));

            // aAcc by hand: correct non-ignored pixels over non-ignored pixels
            long correct = 0;
            long labelled = 0;
            for (int i = 0; i < N; i++) {
                SegTask.LabelMap p = (SegTask.LabelMap) maps.get(i);
                assertEquals(List.of(S, S), List.of(p.height(), p.width()));
                long[] pred = p.labelsAsLong();
                for (int k = 0; k < S * S; k++) {
                    if (gts[i][k] != 255) {
                        labelled++;
                        correct += pred[k] == gts[i][k] ? 1 : 0;
                    }
                }
            }
            double aAcc = Math.round(10000.0 * correct / labelled) / 10000.0;
            assertEquals(aAcc, (Double) a.get("aAcc"), 1e-9);

            LinkedHashMap<String, Object> dice = task.evaluate(ds, pre, List.of("mDice"), null);
            assertTrue(dice.containsKey("mDice") && dice.containsKey("Dice.a"), dice.toString());

            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) task.formatResults(ds, maps, a);
            assertEquals(a.get("mIoU"), out.get("mIoU"));
            assertEquals(N, ((List<?>) out.get("results")).size());
        }
    }

    @Test
    void unknownMetricIsAConfigError() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            CustomDataset ds = dataset(new BuildContext(Registries.load(), m));
            ConfigException e = assertThrows(ConfigException.class,
                    () -> new SegTask().evaluate(ds, List.of(), List.of("bbox"), null));
            assertTrue(e.getMessage().contains("bbox"), e.getMessage());
        }
    }
}
