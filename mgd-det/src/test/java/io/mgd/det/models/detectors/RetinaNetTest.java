package io.mgd.det.models.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetinaNetTest {
    private static final String SMALL = "configs/det/fashion_mnist/retinanet_r18n_fpn_6e_fmnist.yaml";

    @Test
    void buildsFromConfigWithMmdetKeysAndTrains() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            ConfigDict cfg = DetBatches.config(SMALL).dict().getDict("model");
            Module model = new BuildContext(Registries.load(), m).build(Registries.MODELS, cfg);
            RetinaNet net = (RetinaNet) model;
            Map<String, NDArray> state = net.stateDict();
            for (String k : List.of("backbone.conv1.weight", "backbone.layer4.1.bn2.running_var",
                    "neck.lateral_convs.0.conv.weight", "neck.fpn_convs.4.conv.bias",
                    "bbox_head.cls_convs.1.conv.weight", "bbox_head.retina_cls.weight", "bbox_head.retina_reg.bias")) {
                assertTrue(state.containsKey(k), k);
            }
            // 9 anchors × 10 classes, 9 × 4 deltas; FPN at 64 channels
            assertEquals(new Shape(90, 64, 3, 3), state.get("bbox_head.retina_cls.weight").getShape());
            assertEquals(new Shape(36), state.get("bbox_head.retina_reg.bias").getShape());

            NDArray img = m.randomNormal(new Shape(2, 3, 64, 64));
            NDList feats = net.extractFeat(new NDList(img));
            assertEquals(5, feats.size());
            assertEquals(new Shape(2, 64, 8, 8), feats.get(0).getShape());
            assertEquals(new Shape(2, 64, 1, 1), feats.get(4).getShape());

            net.train(true);
            Map<String, NDArray> losses;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                losses = net.forwardTrain(new NDList(img), DetBatches.targets(m, 2, 64));
                gc.backward(losses.get("loss_cls").add(losses.get("loss_bbox")));
            }
            assertEquals(List.of("loss_cls", "loss_bbox"), List.copyOf(losses.keySet()));
            for (NDArray l : losses.values()) {
                assertEquals(new Shape(), l.getShape());
                float v = l.getFloat();
                assertTrue(Float.isFinite(v) && v > 0, "loss " + v);
            }
            NDArray g = net.bboxHead().getSubmodule("retina_cls").namedParameters().get("weight").grad();
            assertTrue(g.abs().sum().getFloat() > 0, "retina_cls received no gradient");

            net.eval();
            List<List<float[][]>> dets = net.simpleTest(img, (List<?>) DetBatches.targets(m, 2, 64).get("img_metas"),
                    true);
            assertEquals(2, dets.size());
            assertEquals(10, dets.get(0).size());
            for (float[][] perClass : dets.get(0)) {
                for (float[] row : perClass) {
                    assertEquals(5, row.length);
                    assertTrue(row[4] >= 0.05f, "score below score_thr: " + row[4]);
                    assertTrue(row[0] >= 0 && row[2] <= 64 && row[0] <= row[2], "box outside the image");
                }
            }
        }
    }

    @Test
    void numClassCheckHookComparesHeadsWithClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigDict cfg = DetBatches.config(SMALL).dict().getDict("model");
            RetinaNet net = (RetinaNet) new BuildContext(Registries.load(), m).build(Registries.MODELS, cfg);
            io.mgd.det.core.hooks.NumClassCheckHook.check(net, java.util.Collections.nCopies(10, "c"));
            MgdException e = assertThrows(MgdException.class,
                    () -> io.mgd.det.core.hooks.NumClassCheckHook.check(net, List.of("a", "b", "c")));
            assertTrue(e.getMessage().contains("`num_classes` (10)") && e.getMessage().contains("bbox_head")
                    && e.getMessage().contains("`CLASSES` 3"), e.getMessage());
        }
    }

    @Test
    void missingTargetsAreNamed() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            ConfigDict cfg = DetBatches.config(SMALL).dict().getDict("model");
            RetinaNet net = (RetinaNet) new BuildContext(Registries.load(), m).build(Registries.MODELS, cfg);
            Map<String, Object> t = DetBatches.targets(m, 1, 64);
            t.remove("gt_labels");
            MgdException e = assertThrows(MgdException.class,
                    () -> net.forwardTrain(new NDList(m.zeros(new Shape(1, 3, 64, 64))), t));
            assertTrue(e.getMessage().contains("gt_labels"), e.getMessage());
            assertFalse(e.getMessage().contains("null"), e.getMessage());
        }
    }
}
