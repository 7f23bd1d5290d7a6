package io.mgd.cls.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped Fashion-MNIST KD, MGD+KD and imitation configs build with the real ImageClassifier
 * / ResNet_CIFAR models (randomly initialised teacher), pass the pre-flight check and log their
 * losses in a training step.
 */
class FmnistDistillConfigsTest extends DistillerTestBase {
    private static final Path REPO = Path.of("..");

    @ParameterizedTest
    @CsvSource({
        "kd/res18w16_distill_res18w8_fmnist.yaml, loss_kd",
        "kd/res18w16_distill_res18w8_mgd_kd_fmnist.yaml, loss_mgd loss_kd",
        "mimic/res18w16_distill_res18w8_fmnist.yaml, loss_mimic"})
    void configBuildsChecksAndSteps(String file, String lossNames) {
        ConfigDict cfg = Config.fromFile(REPO.resolve("configs/cls/distillers").resolve(file)).dict();
        ConfigDict teacher = Config.fromFile(REPO.resolve(cfg.getString("teacher_cfg", null))).dict();
        ConfigDict student = Config.fromFile(REPO.resolve(cfg.getString("student_cfg", null))).dict();
        ConfigDict distiller = cfg.getDict("distiller").deepCopy();
        assertTrue(distiller.getString("teacher_pretrained", "").endsWith("resnet18_w16_fmnist/latest.pth"));
        distiller.put("teacher_pretrained", null); // no trained teacher in a unit test
        BaseDistiller d = Distillers.build(distiller, teacher, student, null,
                new BuildContext(Registries.load(), manager));
        NDList x = new NDList(manager.randomNormal(new Shape(2, 1, 28, 28)));
        d.preflight(x);
        Map<String, Float> step = new Trainer(d, 0.01).steps(x,
                Map.of("gt_label", manager.create(new long[] {3, 7})), 1).get(0);
        List<String> expected = new java.util.ArrayList<>(List.of("ori_loss"));
        expected.addAll(List.of(lossNames.split(" ")));
        assertEquals(expected, List.copyOf(step.keySet()));
        step.values().forEach(v -> assertTrue(Float.isFinite(v) && v > 0, step.toString()));
    }
}
