package io.mgd.det.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.mgd.core.config.Config;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.det.models.detectors.DetBatches;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Fashion-MNIST detection configs (teacher, baseline student, MGD student) load and build. */
class FashionDetConfigsTest {
    private static final String MGD = "configs/det/distillers/mgd/retina_r34n_distill_retina_r18n_fpn_6e_fmnist.yaml";

    @Test
    void mgdStudentConfigBuildsWithTeacherAndStudentSharingNeckAndHeadShapes() {
        ConfigDict d = DetBatches.config(MGD).dict();
        ConfigDict distiller = d.getDict("distiller").deepCopy();
        assertEquals("work_dirs/fmnist_det_teacher/latest.pth", distiller.get("teacher_pretrained"));
        assertEquals(true, distiller.get("init_student"));
        assertEquals("CocoDataset", d.getDict("data").getDict("train").get("type"));
        assertEquals("data/fashion_mnist_det/", d.getDict("data").getDict("test").get("data_root"));
        // no teacher checkpoint in a unit test: build without it
        distiller.put("teacher_pretrained", null);
        distiller.put("init_student", false);
        Config teacher = DetBatches.config((String) d.get("teacher_cfg"));
        Config student = DetBatches.config((String) d.get("student_cfg"));
        assertEquals(34L, teacher.dict().getDict("model").getDict("backbone").get("depth"));
        assertEquals(18L, student.dict().getDict("model").getDict("backbone").get("depth"));
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BaseDistiller dist = Distillers.build(distiller, teacher.dict(), student.dict(), null,
                    new BuildContext(Registries.load(), m));
            assertEquals(List.of("loss_mgd_fpn_4", "loss_mgd_fpn_3", "loss_mgd_fpn_2", "loss_mgd_fpn_1",
                    "loss_mgd_fpn_0"), List.copyOf(dist.distillLosses().keySet()));
            // init_student copies every non-backbone teacher key: they must exist in the student with the same shapes
            var t = dist.teacher().stateDict();
            var s = dist.student().stateDict();
            t.forEach((k, v) -> {
                if (!k.startsWith("backbone.")) {
                    assertTrue(s.containsKey(k), k);
                    assertEquals(v.getShape(), s.get(k).getShape(), k);
                }
            });
            dist.preflight(new ai.djl.ndarray.NDList(m.randomNormal(new ai.djl.ndarray.types.Shape(1, 3, 128, 128))));
        }
    }
}
