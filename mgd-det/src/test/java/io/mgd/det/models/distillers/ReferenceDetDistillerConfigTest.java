package io.mgd.det.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.apis.ModelTrainable;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Batch;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.SampleLoader;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.det.datasets.DetCollate;
import io.mgd.det.datasets.DetDataModule;
import io.mgd.det.models.detectors.DetBatches;
import io.mgd.det.models.detectors.RetinaNet;
import io.mgd.det.tools.FashionMnistDetConverter;
import io.mgd.det.tools.FashionMnistDetTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference MGD RetinaNet config (X101-64x4d teacher, R50 student, five FPN FeatureLosses)
 * loads, builds, runs one training step on a tiny generated batch, then two on batches of
 * converter-built Fashion-MNIST canvases through the shipped train pipeline. Nothing is downloaded:
 * teacher_pretrained is set to null (so init_student, which copies from that checkpoint, is
 * switched off too) and the backbones' Pretrained init_cfg is only loaded by the tools.
 */
class ReferenceDetDistillerConfigTest {
    @TempDir
    Path tmp;

    private static final String CFG = "configs/det/distillers/mgd/retina_rx101_64x4d_distill_retina_r50_fpn_2x_coco.yaml";

    @Test
    void referenceConfigBuildsAndTrainsThreeStepsTwoOnGeneratedData() {
        Config cfg = DetBatches.config(CFG);
        ConfigDict d = cfg.dict();
        ConfigDict distiller = d.getDict("distiller").deepCopy();
        assertEquals(true, distiller.get("init_student"));
        assertEquals(5, ((List<?>) distiller.get("distill_cfg")).size());
        assertEquals(35.0, ((Number) d.getDict("optimizer_config").getDict("grad_clip").get("max_norm")).doubleValue());
        assertEquals(0.01, ((Number) d.getDict("optimizer").get("lr")).doubleValue());
        assertEquals(List.of(16L, 22L), d.getDict("lr_config").get("step"));
        distiller.put("teacher_pretrained", null);
        distiller.put("init_student", false);
        Config teacherCfg = DetBatches.config((String) d.get("teacher_cfg"));
        Config studentCfg = DetBatches.config((String) d.get("student_cfg"));
        assertEquals("ResNeXt", teacherCfg.dict().getDict("model").getDict("backbone").get("type"));

        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BaseDistiller dist = Distillers.build(distiller, teacherCfg.dict(), studentCfg.dict(), null,
                    new BuildContext(Registries.load(), m));
            assertTrue(dist instanceof DetectionDistiller);
            RetinaNet student = (RetinaNet) dist.student();
            assertEquals(80, student.numClasses());
            assertTrue(dist.teacher().stateDict().containsKey("backbone.layer3.22.conv2.weight")); // X101: 23 blocks
            // ResNeXt 64x4d: conv2 of the first block has 64 groups of 4 channels → 256 out, 4 in per group
            assertEquals(new Shape(256, 4, 3, 3), dist.teacher().stateDict().get("backbone.layer1.0.conv2.weight").getShape());
            List<String> keys = new ArrayList<>(dist.distillLosses().keySet());
            assertEquals(List.of("loss_mgd_fpn_4", "loss_mgd_fpn_3", "loss_mgd_fpn_2", "loss_mgd_fpn_1",
                    "loss_mgd_fpn_0"), keys);

            NDArray img = m.randomNormal(new Shape(2, 3, 64, 64));
            dist.preflight(new NDList(img));
            dist.train(true);
            assertTrue(!dist.teacher().isTraining());
            Map<String, NDArray> losses;
            TeacherFeatures t = dist.teacherForward(new NDList(img));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                losses = dist.forwardTrain(new NDList(img), DetBatches.targets(m, 2, 64), t);
                NDArray total = null;
                for (NDArray v : losses.values()) {
                    total = total == null ? v : total.add(v);
                }
                gc.backward(total);
            }
            assertEquals(List.of("loss_cls", "loss_bbox", "loss_mgd_fpn_4", "loss_mgd_fpn_3", "loss_mgd_fpn_2",
                    "loss_mgd_fpn_1", "loss_mgd_fpn_0"), List.copyOf(losses.keySet()));
            for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                float v = e.getValue().getFloat();
                assertTrue(Float.isFinite(v) && v > 0, e.getKey() + " = " + v);
            }
            NDArray g = dist.trainableParameters().get("student.neck.fpn_convs.4.conv.weight").grad();
            assertTrue(g.abs().sum().getFloat() > 0, "the distilled FPN conv received no gradient");
            NDArray gen = dist.trainableParameters().get("distill_losses.loss_mgd_fpn_0.generation.0.weight").grad();
            assertTrue(gen.abs().sum().getFloat() > 0, "the MGD generator received no gradient");
            assertNull(dist.trainableParameters().get("teacher.neck.fpn_convs.4.conv.weight"));

            // two more steps on batches of generated Fashion-MNIST canvases, read through the shipped
            // Fashion-MNIST detection train pipeline (resize, flip, normalize, pad) and DetCollate
            ModelTrainable trainable = new ModelTrainable(dist, List.of());
            try (SampleLoader loader = generatedTrainLoader(tmp, new BuildContext(Registries.load(), m))) {
                Iterator<Batch> batches = loader.iterator(m);
                for (int step = 0; step < 2; step++) {
                    try (Batch batch = batches.next()) {
                        assertEquals(2, batch.getArray("img").getShape().get(0));
                        dist.trainableParameters().values().forEach(p -> {
                            if (p.grad() != null) {
                                p.grad().muli(0);
                            }
                        });
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            losses = trainable.forwardTrain(batch);
                            NDArray total = null;
                            for (NDArray v : losses.values()) {
                                total = total == null ? v : total.add(v);
                            }
                            gc.backward(total);
                        }
                        for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                            float v = e.getValue().getFloat();
                            assertTrue(Float.isFinite(v) && v >= 0, "step " + step + ": " + e.getKey() + " = " + v);
                        }
                        assertTrue(losses.get("loss_mgd_fpn_0").getFloat() > 0);
                        assertTrue(dist.trainableParameters().get("student.backbone.layer4.0.conv1.weight").grad().abs().sum()
                                .getFloat() > 0, "step " + step + ": the student backbone received no gradient");
                    }
                }
            }
        }
    }

    /**
     * The train split of a small detection set that the converter builds from synthetic IDX files
     * (64×64 canvases), read with the shipped {@code fashion_mnist_det} dataset config's train
     * pipeline, shuffled batches of 2 padded by {@link DetCollate}.
     */
    private static SampleLoader generatedTrainLoader(Path root, BuildContext ctx) {
        try {
            Path src = root.resolve("src");
            Files.createDirectories(src);
            FashionMnistDetTest.writeIdx(src, "train", 20);
            FashionMnistDetTest.writeIdx(src, "t10k", 10);
            Path data = root.resolve("data");
            FashionMnistDetConverter.convert(new FashionMnistDetConverter.Settings(src, data, 4, 2, 64, 0, 0.75, 2.0));
            ConfigDict train = ((ConfigDict) DetBatches.config("configs/det/_base_/datasets/fashion_mnist_det.yaml")
                    .get("data.train")).deepCopy();
            train.put("data_root", data + "/");
            Dataset ds = (Dataset) ctx.build(DetDataModule.DATASETS, train);
            assertEquals(4, ds.size());
            return new SampleLoader(ds, 2, 0, true, true, 0, new DetCollate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
