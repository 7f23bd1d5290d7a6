package io.mgd.seg.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.Distillers;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.util.MgdException;
import io.mgd.seg.models.segmentors.EncoderDecoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SegmentationDistiller's loss dict and its loss_logit, checked against the reference formula. */
class SegmentationDistillerTest {

    private static ConfigDict model(int width, int numClasses, double dropout) {
        ConfigDict bn = ConfigDict.of("type", "BN", "requires_grad", true);
        ConfigDict ce = ConfigDict.of("type", "CrossEntropyLoss", "use_sigmoid", false, "loss_weight", 1.0);
        return ConfigDict.of("model", ConfigDict.of("type", "EncoderDecoder",
                "backbone", ConfigDict.of("type", "ResNetV1c", "depth", 18L, "base_channels", (long) width,
                        "stem_channels", (long) width, "out_indices", List.of(0L, 1L, 2L, 3L),
                        "dilations", List.of(1L, 1L, 2L, 4L), "strides", List.of(1L, 2L, 1L, 1L), "norm_cfg", bn,
                        "contract_dilation", true),
                "decode_head", ConfigDict.of("type", "PSPHead", "in_channels", 8L * width, "in_index", 3L,
                        "channels", 8L, "pool_scales", List.of(1L, 2L, 3L, 6L), "dropout_ratio", dropout,
                        "num_classes", (long) numClasses, "norm_cfg", bn, "loss_decode", ce),
                "auxiliary_head", ConfigDict.of("type", "FCNHead", "in_channels", 4L * width, "in_index", 2L,
                        "channels", 4L, "num_convs", 1L, "concat_input", false, "dropout_ratio", dropout,
                        "num_classes", (long) numClasses, "norm_cfg", bn, "loss_decode",
                        ConfigDict.of("type", "CrossEntropyLoss", "loss_weight", 0.4)),
                "test_cfg", ConfigDict.of("mode", "whole")));
    }

    private static BaseDistiller build(BuildContext ctx, boolean useLogit, int studentClasses) {
        ConfigDict cfg = ConfigDict.of("type", "SegmentationDistiller", "use_logit", useLogit,
                "distill_cfg", List.of(ConfigDict.of("methods", List.of(ConfigDict.of("type", "FeatureLoss",
                        "name", "loss_mgd_fea", "student_channels", 32L, "teacher_channels", 64L,
                        "alpha_mgd", 0.00002, "lambda_mgd", 0.75)))));
        return Distillers.build(cfg, model(8, 5, 0.1), model(4, studentClasses, 0.0), null, ctx);
    }

    @Test
    void lossLogitIsTheReferenceChannelWiseKlOfTheLowResolutionLogits() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BuildContext ctx = new BuildContext(Registries.load(), m);
            BaseDistiller d = build(ctx, true, 5);
            d.train(true);
            NDArray img = m.randomNormal(new Shape(2, 3, 32, 32));
            NDArray gt = m.randomInteger(0, 5, new Shape(2, 1, 32, 32), DataType.INT64);
            Map<String, NDArray> losses = d.forwardTrain(new NDList(img), Map.of("gt_semantic_seg", gt));
            assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg", "loss_mgd_fea",
                    "loss_logit"), List.copyOf(losses.keySet()));

            // independent recomputation: teacher in eval mode, student in training mode (no dropout,
            // BN on batch statistics, so the same logits again), both at feature resolution
            EncoderDecoder t = (EncoderDecoder) d.teacher();
            EncoderDecoder s = (EncoderDecoder) d.student();
            NDArray lt = t.decodeHeadForwardTest(t.extractFeat(img));
            NDArray ls = s.decodeHeadForwardTest(s.extractFeat(img));
            assertEquals(new Shape(2, 5, 4, 4), ls.getShape(), "output stride 8");
            assertEquals(reference(lt.toFloatArray(), ls.toFloatArray(), 2, 5, 16),
                    losses.get("loss_logit").getFloat(), 1e-5 * Math.max(1, Math.abs(losses.get("loss_logit").getFloat())));
            // decode.* come from those same logits
            float ce = s.decodeHead().losses(ls, gt).get("loss_ce").getFloat();
            assertEquals(ce, losses.get("decode.loss_ce").getFloat(), 1e-5);
        }
    }

    /** {@code 3 * Σ (p·log p_T − p·log p_S) · 4² / (C·N)} over rows of H·W, τ = 4. */
    private static double reference(float[] t, float[] s, int n, int c, int hw) {
        double total = 0;
        for (int row = 0; row < n * c; row++) {
            double[] lt = logSoftmax(t, row * hw, hw, 4);
            double[] ls = logSoftmax(s, row * hw, hw, 4);
            for (int i = 0; i < hw; i++) {
                double p = Math.exp(lt[i]);
                total += p * lt[i] - p * ls[i];
            }
        }
        return 3 * total * 16 / (c * n);
    }

    private static double[] logSoftmax(float[] x, int off, int len, double tau) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, x[off + i] / tau);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += Math.exp(x[off + i] / tau - max);
        }
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            out[i] = x[off + i] / tau - max - Math.log(sum);
        }
        return out;
    }

    @Test
    void withoutUseLogitThereIsNoLogitLossAndTheTeacherIsFrozen() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BaseDistiller d = build(new BuildContext(Registries.load(), m), false, 5);
            d.train(true);
            assertTrue(d.teacher().namedParameters().values().stream().noneMatch(p -> p.requiresGrad()));
            Map<String, NDArray> losses = d.forwardTrain(new NDList(m.randomNormal(new Shape(2, 3, 32, 32))),
                    Map.of("gt_semantic_seg", m.zeros(new Shape(2, 1, 32, 32), DataType.INT64)));
            assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg", "loss_mgd_fea"),
                    List.copyOf(losses.keySet()));
            assertTrue(!d.teacher().isTraining());
        }
    }

    @Test
    void logitShapeMismatchIsReportedByName() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BaseDistiller d = build(new BuildContext(Registries.load(), m), true, 3);
            d.train(true);
            MgdException e = assertThrows(MgdException.class, () -> d.forwardTrain(
                    new NDList(m.randomNormal(new Shape(2, 3, 32, 32))),
                    Map.of("gt_semantic_seg", m.zeros(new Shape(2, 1, 32, 32), DataType.INT64))));
            assertTrue(e.getMessage().contains("loss_logit"), e.getMessage());
        }
    }
}
