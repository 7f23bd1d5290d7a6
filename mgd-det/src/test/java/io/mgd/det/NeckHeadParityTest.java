package io.mgd.det;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.det.core.ImgMeta;
import io.mgd.det.core.post_processing.Detections;
import io.mgd.det.models.dense_heads.AnchorHead;
import io.mgd.det.models.dense_heads.RetinaHead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FPN and RetinaHead (forward, loss, gradients, get_bboxes) against the PyTorch fixtures. */
class NeckHeadParityTest extends DetTestSupport {

    private void loadWeights(Module m, String prefix) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        for (String key : m.stateDict().keySet()) {
            state.put(key, fx(prefix + key));
        }
        m.loadStateDict(state, true);
    }

    @Test
    void fpnMatchesMmdetForAllExtraConvModes() {
        for (String name : List.of("retina", "faster", "on_output_relu", "on_lateral")) {
            NDList inputs = new NDList(); // fresh leaves: gradients accumulate across collectors
            for (int i = 0; i < 4; i++) {
                inputs.add(fx("fpn/x" + i));
            }
            JsonNode meta = Fixtures.meta(DetTestSupport.class, "fpn", "meta").get(name);
            Object extra = meta.get("add_extra_convs").isBoolean() ? (Object) meta.get("add_extra_convs").asBoolean()
                    : meta.get("add_extra_convs").asText();
            ConfigDict cfg = ConfigDict.of("type", "FPN", "in_channels", List.of(3L, 4L, 6L, 8L), "out_channels", 5L,
                    "num_outs", meta.get("num_outs").asLong(), "start_level", meta.get("start_level").asLong(),
                    "add_extra_convs", extra, "relu_before_extra_convs", meta.get("relu_before_extra_convs").asBoolean());
            Module fpn = build(Registries.NECKS, cfg);
            loadWeights(fpn, "fpn/" + name + ".w.");
            for (NDArray x : inputs) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList outs = fpn.forward(inputs);
                assertEquals(meta.get("num_outs").asInt(), outs.size(), name);
                NDArray total = null;
                for (int i = 0; i < outs.size(); i++) {
                    close(fx("fpn/" + name + ".out" + i), outs.get(i), 1e-5);
                    NDArray term = outs.get(i).mul(fx("fpn/" + name + ".r" + i)).sum();
                    total = total == null ? term : total.add(term);
                }
                gc.backward(total);
            }
            close(fx("fpn/" + name + ".grad_x3"), inputs.get(3).getGradient(), 1e-5);
            close(fx("fpn/" + name + ".grad_w.fpn_convs.0.conv.weight"),
                    fpn.namedParameters().get("fpn_convs.0.conv.weight").grad(), 1e-4);
        }
    }

    @Test
    void fpnDefaultsFollowMmdet() {
        Module fpn = build(Registries.NECKS, ConfigDict.of("type", "FPN", "in_channels",
                List.of(256L, 512L, 1024L, 2048L), "out_channels", 256L, "start_level", 1L, "add_extra_convs",
                "on_input", "num_outs", 5L));
        Map<String, NDArray> sd = fpn.stateDict();
        assertEquals(List.of(256L, 2048L, 3L, 3L), List.of(sd.get("fpn_convs.3.conv.weight").getShape().getShape()[0],
                sd.get("fpn_convs.3.conv.weight").getShape().get(1), 3L, 3L));
        assertEquals(16, sd.size()); // 3 laterals + 5 fpn convs, weight and bias each
        // Xavier uniform (gain 1): bound sqrt(6 / (fan_in + fan_out)), bias 0
        float bound = (float) Math.sqrt(6.0 / (2048 * 9 + 256 * 9));
        NDArray w = sd.get("fpn_convs.3.conv.weight");
        assertTrue(w.abs().max().getFloat() <= bound && w.abs().max().getFloat() > 0.9 * bound);
        assertEquals(0f, sd.get("lateral_convs.0.conv.bias").abs().sum().getFloat());
    }

    private RetinaHead retina(ConfigDict lossBbox, boolean regDecoded) {
        JsonNode c = Fixtures.meta(DetTestSupport.class, "retina", "meta").get("config");
        ConfigDict cfg = ConfigDict.of("type", "RetinaHead", "num_classes", c.get("num_classes").asLong(),
                "in_channels", c.get("in_channels").asLong(), "feat_channels", c.get("feat_channels").asLong(),
                "stacked_convs", c.get("stacked_convs").asLong(),
                "anchor_generator", ConfigDict.of("type", "AnchorGenerator", "octave_base_scale", 4L,
                        "scales_per_octave", 2L, "ratios", List.of(0.5, 1.0, 2.0), "strides", List.of(8L, 16L, 32L)),
                "loss_cls", ConfigDict.of("type", "FocalLoss", "use_sigmoid", true, "gamma", 2.0, "alpha", 0.25,
                        "loss_weight", 1.0),
                "loss_bbox", lossBbox, "reg_decoded_bbox", regDecoded,
                "train_cfg", ConfigDict.of("assigner", ConfigDict.of("type", "MaxIoUAssigner", "pos_iou_thr", 0.5,
                        "neg_iou_thr", 0.4, "min_pos_iou", 0.0, "ignore_iof_thr", -1L), "allowed_border", -1L,
                        "pos_weight", -1L, "debug", false),
                "test_cfg", ConfigDict.of("nms_pre", 20L, "min_bbox_size", 0L, "score_thr", 0.45, "nms",
                        ConfigDict.of("type", "nms", "iou_threshold", 0.5), "max_per_img", 15L));
        RetinaHead head = (RetinaHead) build(Registries.HEADS, cfg);
        loadWeights(head, "retina/w.");
        return head;
    }

    private List<ImgMeta> metas() {
        List<ImgMeta> out = new ArrayList<>();
        for (JsonNode m : Fixtures.meta(DetTestSupport.class, "retina", "meta").get("metas")) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String k : List.of("img_shape", "pad_shape", "scale_factor")) {
                List<Double> v = new ArrayList<>();
                m.get(k).forEach(n -> v.add(n.asDouble()));
                map.put(k, v);
            }
            out.add(ImgMeta.fromMap(map));
        }
        return out;
    }

    @Test
    void retinaHeadForwardLossAndGradients() {
        RetinaHead head = retina(ConfigDict.of("type", "L1Loss", "loss_weight", 1.0), false);
        NDList feats = new NDList(fx("retina/feat0"), fx("retina/feat1"), fx("retina/feat2"));
        feats.get(0).setRequiresGradient(true);
        List<NDArray> gts = List.of(fx("retina/gt0"), fx("retina/gt1"));
        List<NDArray> labels = List.of(fx("retina/gt_labels0"), fx("retina/gt_labels1"));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = head.forward(feats);
            NDList cls = AnchorHead.clsScores(out);
            NDList reg = AnchorHead.bboxPreds(out);
            for (int l = 0; l < 3; l++) {
                close(fx("retina/cls" + l), cls.get(l), 1e-5);
                close(fx("retina/reg" + l), reg.get(l), 1e-5);
            }
            Map<String, NDList> losses = head.loss(cls, reg, gts, labels, metas(), null);
            assertEquals(List.of("loss_cls", "loss_bbox"), List.copyOf(losses.keySet()));
            NDArray total = null;
            for (int l = 0; l < 3; l++) {
                close(fx("retina/loss_cls" + l), losses.get("loss_cls").get(l), 1e-6);
                close(fx("retina/loss_bbox" + l), losses.get("loss_bbox").get(l), 1e-6);
                NDArray t = losses.get("loss_cls").get(l).add(losses.get("loss_bbox").get(l));
                total = total == null ? t : total.add(t);
            }
            gc.backward(total);
        }
        close(fx("retina/grad.feat0"), feats.get(0).getGradient(), 1e-6);
        Map<String, Parameter> params = head.namedParameters();
        for (String k : List.of("retina_cls.weight", "retina_reg.weight", "cls_convs.0.conv.weight",
                "reg_convs.1.conv.bias")) {
            close(fx("retina/grad." + k), params.get(k).grad(), 1e-5);
        }
    }

    @Test
    void retinaHeadDecodedGiouLoss() {
        RetinaHead head = retina(ConfigDict.of("type", "GIoULoss", "loss_weight", 1.0), true);
        NDList out = head.forward(new NDList(fx("retina/feat0"), fx("retina/feat1"), fx("retina/feat2")));
        Map<String, NDList> losses = head.loss(AnchorHead.clsScores(out), AnchorHead.bboxPreds(out),
                List.of(fx("retina/gt0"), fx("retina/gt1")), List.of(fx("retina/gt_labels0"), fx("retina/gt_labels1")),
                metas(), null);
        for (int l = 0; l < 3; l++) {
            close(fx("retina/loss_giou" + l), losses.get("loss_bbox").get(l), 1e-5);
            close(fx("retina/loss_cls" + l), losses.get("loss_cls").get(l), 1e-6);
        }
    }

    @Test
    void retinaHeadGetBboxesMatchesMmdet() {
        RetinaHead head = retina(ConfigDict.of("type", "L1Loss"), false);
        NDList out = head.forward(new NDList(fx("retina/feat0"), fx("retina/feat1"), fx("retina/feat2")));
        List<Detections> dets = head.getBboxes(AnchorHead.clsScores(out), AnchorHead.bboxPreds(out), metas(), null,
                true);
        for (int i = 0; i < 2; i++) {
            close(fx("retina/dets" + i), dets.get(i).dets(manager), 1e-4);
            assertArrayEquals(fx("retina/det_labels" + i).toLongArray(), dets.get(i).labels());
        }
    }

    @Test
    void retinaHeadDefaultInitAndKeys() {
        RetinaHead head = (RetinaHead) build(Registries.HEADS, ConfigDict.of("type", "RetinaHead", "num_classes", 80L,
                "in_channels", 256L, "loss_cls", ConfigDict.of("type", "FocalLoss", "use_sigmoid", true)));
        Map<String, NDArray> sd = head.stateDict();
        assertEquals(List.of("cls_convs.0.conv.weight", "cls_convs.0.conv.bias"),
                List.copyOf(sd.keySet()).subList(0, 2));
        assertArrayEquals(new long[] {720, 256, 3, 3}, sd.get("retina_cls.weight").getShape().getShape());
        assertArrayEquals(new long[] {36, 256, 3, 3}, sd.get("retina_reg.weight").getShape().getShape());
        assertEquals(-4.59512, sd.get("retina_cls.bias").getFloat(0), 1e-4);
        assertEquals(0f, sd.get("retina_reg.bias").abs().max().getFloat());
        float std = sd.get("retina_cls.weight").sub(0f).square().mean().sqrt().getFloat();
        assertEquals(0.01, std, 0.0005);
        assertEquals(9, head.numBasePriors());
    }
}
