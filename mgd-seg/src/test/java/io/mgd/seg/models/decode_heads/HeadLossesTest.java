package io.mgd.seg.models.decode_heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.testing.Fixtures;
import io.mgd.seg.ops.Resize;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code BaseDecodeHead.losses} against PyTorch: logits 9×9 resized bilinearly to a 19×23 label
 * with 15% ignored pixels, then mmseg's CE (mean over all pixels), CE with class weights and
 * loss_weight 0.4, sigmoid BCE with loss_weight 0.7, acc_seg, and the gradient of their sum.
 */
class HeadLossesTest {
    private static final String BUNDLE = "head_losses";

    private static BaseDecodeHead head(NDManager m, boolean alignCorners, Object lossDecode) {
        return DecodeHeadParityTest.build(m, ConfigDict.of("type", "FCNHead", "in_channels", 5L, "channels", 5L,
                "num_classes", 5L, "num_convs", 0L, "concat_input", false, "align_corners", alignCorners,
                "loss_decode", lossDecode));
    }

    @ParameterizedTest
    @ValueSource(strings = {"noac", "ac"})
    void lossesMatchPyTorch(String tag) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Double> cw = List.of(1.0, 0.5, 2.0, 1.5, 0.8);
            BaseDecodeHead h = head(m, tag.equals("ac"), List.of(
                    ConfigDict.of("type", "CrossEntropyLoss"),
                    ConfigDict.of("type", "CrossEntropyLoss", "class_weight", cw, "loss_weight", 0.4,
                            "loss_name", "loss_wce"),
                    ConfigDict.of("type", "CrossEntropyLoss", "use_sigmoid", true, "loss_weight", 0.7,
                            "loss_name", "loss_bce")));
            NDArray logit = Fixtures.load(m, getClass(), BUNDLE + "/logit");
            NDArray label = Fixtures.load(m, getClass(), BUNDLE + "/label");
            Fixtures.assertAllClose(Fixtures.load(m, getClass(), BUNDLE + "/" + tag + ".resized"),
                    Resize.bilinearLike(logit, label.getShape(), tag.equals("ac")), 1e-5);
            logit.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                LinkedHashMap<String, NDArray> out = h.losses(logit, label);
                assertEquals(List.of("loss_ce", "loss_wce", "loss_bce", "acc_seg"), List.copyOf(out.keySet()));
                for (String k : out.keySet()) {
                    assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, out.get(k).getDataType(), k);
                    Fixtures.assertAllClose(Fixtures.load(m, getClass(), BUNDLE + "/" + tag + "." + k).reshape(-1),
                            out.get(k).reshape(-1), k.equals("acc_seg") ? 1e-4 : 1e-5);
                }
                gc.backward(out.get("loss_ce").add(out.get("loss_wce")).add(out.get("loss_bce")));
            }
            Fixtures.assertAllClose(Fixtures.load(m, getClass(), BUNDLE + "/" + tag + ".grad_logit"),
                    logit.getGradient(), 1e-6);
        }
    }

    @Test
    void lossesWithTheSameNameAreSummed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logit = Fixtures.load(m, getClass(), BUNDLE + "/logit");
            NDArray label = Fixtures.load(m, getClass(), BUNDLE + "/label");
            BaseDecodeHead twice = head(m, false, List.of(ConfigDict.of("type", "CrossEntropyLoss"),
                    ConfigDict.of("type", "CrossEntropyLoss", "loss_weight", 0.5)));
            LinkedHashMap<String, NDArray> out = twice.losses(logit, label);
            assertEquals(List.of("loss_ce", "acc_seg"), List.copyOf(out.keySet()));
            float single = Fixtures.load(m, getClass(), BUNDLE + "/noac.loss_ce").getFloat();
            assertEquals(1.5f * single, out.get("loss_ce").getFloat(), 1e-5f);
        }
    }
}
