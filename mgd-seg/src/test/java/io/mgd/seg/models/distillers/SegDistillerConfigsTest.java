package io.mgd.seg.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Batch;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.nn.Parameter;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.seg.datasets.SegDataModule;
import io.mgd.seg.models.segmentors.EncoderDecoder;
import io.mgd.seg.testing.FmnistSegFixtures;
import io.mgd.seg.tools.FashionMnistSegConverter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both reference MGD seg distiller configs (PSP-R101 teacher; PSP-R18 and DeepLabV3-R18 students)
 * load through their {@code _base_} chains, build (no network: pretrained entries and
 * teacher_pretrained cleared in the config dict) and run two training steps (forward and backward)
 * on 2×3×64×64 batches of generated Fashion-MNIST segmentation data (batches of 2: PSPHead pool
 * scale 1 gives one value per channel, which training BN rejects, as torch does; 64×64 crops
 * instead of the reference's 512×512 keep the R101 teacher affordable on a CPU).
 */
class SegDistillerConfigsTest {
    @TempDir
    static Path tmp;

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"psp_r101_distill_psp_r18_40k_512x512_city", "psp_r101_distill_deepv3_r18_40k_512x512_city"})
    void referenceConfigBuildsAndTrainsTwoStepsOnGeneratedData(String name) {
        Config cfg = Config.fromFile(REPO.resolve("configs/seg/distillers/mgd/" + name + ".yaml"));
        ConfigDict d = cfg.dict();
        ConfigDict distiller = d.getDict("distiller").deepCopy();
        assertEquals("SegmentationDistiller", distiller.get("type"));
        assertTrue(((String) distiller.get("teacher_pretrained")).endsWith("-467e7cf4.pth"));
        ConfigDict fea = (ConfigDict) ((List<?>) ((ConfigDict) ((List<?>) distiller.get("distill_cfg")).get(0))
                .get("methods")).get(0);
        assertEquals(List.of(512L, 2048L, 0.00002, 0.75), List.of(fea.get("student_channels"),
                fea.get("teacher_channels"), fea.get("alpha_mgd"), fea.get("lambda_mgd")));
        distiller.put("teacher_pretrained", null);
        ConfigDict teacher = offline(Config.fromFile(REPO.resolve((String) d.get("teacher_cfg"))).dict());
        ConfigDict student = offline(Config.fromFile(REPO.resolve((String) d.get("student_cfg"))).dict());
        assertEquals(101L, teacher.getDict("model").getDict("backbone").get("depth"));
        assertEquals(18L, student.getDict("model").getDict("backbone").get("depth"));

        try (NDManager manager = NDManager.newBaseManager()) {
            BuildContext ctx = new BuildContext(Registries.load(), manager);
            BaseDistiller dist = Distillers.build(distiller, teacher, student, null, ctx);
            SegmentationDistiller sd = (SegmentationDistiller) dist;
            assertTrue(sd.useLogit());
            EncoderDecoder s = (EncoderDecoder) dist.student();
            assertEquals(19, s.numClasses());
            assertEquals(new Shape(19, 128, 1, 1), dist.student().stateDict().get("decode_head.conv_seg.weight").getShape());
            assertEquals(new Shape(512, 4096, 3, 3), dist.teacher().stateDict().get("decode_head.bottleneck.conv.weight").getShape());
            assertEquals(new Shape(2048, 512, 1, 1),
                    dist.distillLosses().stateDict().get("loss_mgd_fea.align.weight").getShape());
            dist.train(true);
            // two training steps on batches of the generated data through the Fashion-MNIST train pipeline
            Iterator<Batch> batches = generatedTrainLoader(ctx).iterator(manager);
            for (int step = 0; step < 2; step++) {
                Batch batch = batches.next();
                NDArray img = batch.getArray("img");
                NDArray gt = batch.getArray("gt_semantic_seg");
                assertEquals(new Shape(2, 3, 64, 64), img.getShape());
                Map<String, NDArray> losses;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    losses = dist.forwardTrain(new NDList(img), Map.of("gt_semantic_seg", gt));
                    NDArray total = null;
                    for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                        if (e.getKey().contains("loss")) {
                            total = total == null ? e.getValue() : total.add(e.getValue());
                        }
                    }
                    gc.backward(total);
                }
                assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg", "loss_mgd_fea",
                        "loss_logit"), List.copyOf(losses.keySet()));
                losses.forEach((k, v) -> assertTrue(Float.isFinite(v.getFloat()), k + " = " + v.getFloat()));
                assertTrue(losses.get("loss_mgd_fea").getFloat() > 0);
                Map<String, Parameter> trainable = dist.trainableParameters();
                assertTrue(trainable.get("student.backbone.stem.0.weight").grad().abs().sum().getFloat() > 0);
                assertTrue(trainable.get("distill_losses.loss_mgd_fea.align.weight").grad().abs().sum().getFloat() > 0);
                assertFalse(trainable.keySet().stream().anyMatch(k -> k.startsWith("teacher.")));
                batch.close();
            }
        }
    }

    /**
     * The train split of a small Fashion-MNIST segmentation set that the converter builds from
     * synthetic IDX files (Cityscapes layout, 64×64), read with the shipped dataset config's
     * train pipeline (random resize, crop, flip, photometric distortion), batches of 2.
     */
    private static SampleLoader generatedTrainLoader(BuildContext ctx) {
        try {
            Path root = java.nio.file.Files.createTempDirectory(tmp, "gen");
            Path src = FmnistSegFixtures.idxFiles(root.resolve("src"));
            Path data = root.resolve("data");
            FashionMnistSegConverter.convert(new FashionMnistSegConverter.Options(src, data, 4, 0, 64, 0, "cityscapes",
                    50, 3));
            ConfigDict train = ((ConfigDict) Config.fromFile(REPO.resolve("configs/seg/_base_/datasets/fashion_mnist_seg.yaml"))
                    .get("data.train")).deepCopy();
            train.put("data_root", data.toString());
            Dataset ds = (Dataset) ctx.build(SegDataModule.DATASETS, train);
            return new SampleLoader(ds, 2, 0, true, true, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"psp_r18w_distill_psp_r18n_800it_64x64_fmnist", "psp_r18w_distill_deepv3_r18n_800it_64x64_fmnist"})
    void fashionMnistConfigsBuildAndTrainOneStep(String name) {
        Config cfg = Config.fromFile(REPO.resolve("configs/seg/distillers/mgd/" + name + ".yaml"));
        ConfigDict d = cfg.dict();
        ConfigDict distiller = d.getDict("distiller").deepCopy();
        distiller.put("teacher_pretrained", null);
        ConfigDict teacher = Config.fromFile(REPO.resolve((String) d.get("teacher_cfg"))).dict();
        ConfigDict student = Config.fromFile(REPO.resolve((String) d.get("student_cfg"))).dict();
        assertEquals("data/fashion_mnist_seg/", student.getDict("data").getDict("train").get("data_root"));
        assertEquals("IterBasedRunner", student.getDict("runner").get("type"));
        try (NDManager manager = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BaseDistiller dist = Distillers.build(distiller, teacher, student, null, new BuildContext(Registries.load(),
                    manager));
            assertEquals(new Shape(256, 128, 1, 1),
                    dist.distillLosses().stateDict().get("loss_mgd_fea.align.weight").getShape());
            assertEquals(11, ((EncoderDecoder) dist.student()).numClasses());
            dist.train(true);
            Map<String, NDArray> losses = dist.forwardTrain(new NDList(manager.randomNormal(new Shape(2, 3, 64, 64))),
                    Map.of("gt_semantic_seg", manager.randomInteger(0, 11, new Shape(2, 1, 64, 64), DataType.INT64)));
            assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg", "loss_mgd_fea",
                    "loss_logit"), List.copyOf(losses.keySet()));
            losses.forEach((k, v) -> assertTrue(Float.isFinite(v.getFloat()), k + " = " + v.getFloat()));
        }
    }

    /** The config with its download-only pieces removed ({@code pretrained}, Pretrained init_cfg). */
    private static ConfigDict offline(ConfigDict cfg) {
        ConfigDict c = cfg.deepCopy();
        ConfigDict model = c.getDict("model");
        assertTrue(String.valueOf(model.get("pretrained")).startsWith("open-mmlab://resnet"));
        model.put("pretrained", null);
        model.getDict("backbone").remove("init_cfg");
        assertNull(model.getDict("backbone").get("pretrained"));
        return c;
    }

}
