package io.mgd.seg.models.segmentors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Batch;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.seg.testing.SegTesting;
import io.mgd.seg.testing.TinyBackbone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EncoderDecoder (toy backbone, PSPHead decode head, FCN auxiliary head) against the plain
 * PyTorch model of {@code tools/golden/make_seg_fixtures.py}: state-dict keys, training losses
 * with BN batch statistics and their gradients, whole-image inference rescaled to ori_shape
 * with and without flip, and sliding-window inference (overlapping windows, count matrix, and a
 * window larger than the image).
 */
class EncoderDecoderParityTest {
    static final String BUNDLE = "encoder_decoder";
    private static final ConfigDict BN = ConfigDict.of("type", "BN", "requires_grad", true);

    static ConfigDict modelCfg(ConfigDict testCfg, Object auxiliaryHead) {
        ConfigDict cfg = ConfigDict.of("type", "EncoderDecoder",
                "backbone", ConfigDict.of("type", "TinyBackbone"),
                "decode_head", ConfigDict.of("type", "PSPHead", "in_channels", 16L, "channels", 8L, "num_classes", 5L,
                        "dropout_ratio", 0.0, "norm_cfg", BN),
                "test_cfg", testCfg);
        if (auxiliaryHead != null) {
            cfg.put("auxiliary_head", auxiliaryHead);
        }
        return cfg;
    }

    static ConfigDict auxCfg() {
        return ConfigDict.of("type", "FCNHead", "in_channels", 8L, "in_index", 2L, "channels", 4L, "num_convs", 1L,
                "concat_input", false, "num_classes", 5L, "dropout_ratio", 0.0, "norm_cfg", BN,
                "loss_decode", ConfigDict.of("type", "CrossEntropyLoss", "loss_weight", 0.4));
    }

    static EncoderDecoder build(NDManager m, ConfigDict cfg) {
        Registries r = SegTesting.registries(new TinyBackbone.RegistryModuleImpl());
        return (EncoderDecoder) r.get(Registries.MODELS).build(cfg, new BuildContext(r, m));
    }

    private EncoderDecoder loaded(NDManager m, ConfigDict testCfg) {
        EncoderDecoder model = build(m, modelCfg(testCfg, auxCfg()));
        model.loadStateDict(SegTesting.tensors(m, getClass(), BUNDLE, "sd."), true);
        return model;
    }

    private NDArray load(NDManager m, String name) {
        return Fixtures.load(m, getClass(), BUNDLE + "/" + name);
    }

    @Test
    void stateDictKeysAreMmsegs() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderDecoder model = build(m, modelCfg(null, auxCfg()));
            JsonNode keys = Fixtures.meta(getClass(), BUNDLE, "meta").get("keys");
            assertEquals(SegTesting.strings(keys), new ArrayList<>(model.stateDict().keySet()));
        }
    }

    @Test
    void trainingLossesAndGradientsMatchPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderDecoder model = loaded(m, null);
            model.train(true);
            NDArray img = load(m, "train.img");
            NDArray gt = load(m, "train.gt");
            LinkedHashMap<String, NDArray> losses;
            try (Batch batch = new Batch(Map.of("img", img, "gt_semantic_seg", gt), 2);
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                losses = model.forwardTrain(batch);
                NDArray total = null;
                for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                    if (e.getKey().contains("loss")) {
                        total = total == null ? e.getValue() : total.add(e.getValue());
                    }
                }
                gc.backward(total);
                assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg"),
                        List.copyOf(losses.keySet()));
                for (String k : losses.keySet()) {
                    Fixtures.assertAllClose(load(m, "train." + k).reshape(-1), losses.get(k).reshape(-1),
                            k.contains("acc") ? 1e-4 : 1e-5);
                }
            }
            for (String p : List.of("backbone.conv0.weight", "decode_head.conv_seg.weight",
                    "decode_head.psp_modules.1.1.conv.weight", "decode_head.bottleneck.bn.weight",
                    "auxiliary_head.convs.0.conv.weight")) {
                Fixtures.assertAllCloseRelative(load(m, "train.grad." + p), model.namedParameters().get(p).grad(), 1e-4,
                        "grad " + p);
            }
            Map<String, NDArray> sd = model.stateDict();
            Fixtures.assertAllClose(load(m, "train.running_mean"), sd.get("decode_head.bottleneck.bn.running_mean"),
                    1e-5);
            Fixtures.assertAllClose(load(m, "train.running_var"), sd.get("decode_head.bottleneck.bn.running_var"),
                    1e-5);
        }
    }

    @Test
    void wholeInferenceMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderDecoder model = loaded(m, ConfigDict.of("mode", "whole"));
            model.eval();
            NDArray img = load(m, "whole.img");
            Fixtures.assertAllCloseRelative(load(m, "whole.encode"), model.encodeDecode(img), 1e-5, "encode_decode");
            Fixtures.assertAllClose(load(m, "whole.prob"), model.inference(img, List.of(ImgMeta.of(30, 41)), true),
                    1e-5);
            List<NDArray> preds = model.simpleTest(img, List.of(ImgMeta.from(Map.of("ori_shape", List.of(30, 41, 3)))),
                    true);
            assertEquals(1, preds.size());
            assertArrayEquals(load(m, "whole.pred").get(0).toLongArray(), preds.get(0).toLongArray());
            NDArray flipped = model.inference(img, List.of(new ImgMeta(30, 41, true, "horizontal")), true);
            Fixtures.assertAllClose(load(m, "whole.prob_hflip"), flipped, 1e-5);
            // aug_test: argmax of the mean of the views' probabilities (each flipped back first)
            NDArray view = img.flip(3).mul(0.5f);
            ImgMeta flipMeta = new ImgMeta(30, 41, true, "horizontal");
            List<NDArray> aug = model.augTest(List.of(img, view), List.of(List.of(ImgMeta.of(30, 41)), List.of(flipMeta)));
            NDArray mean = load(m, "whole.prob").add(model.inference(view, List.of(flipMeta), true)).div(2f);
            assertArrayEquals(mean.argMax(1).toLongArray(), aug.get(0).toLongArray());
            // without rescale the probabilities stay at the input size
            assertEquals(new ai.djl.ndarray.types.Shape(1, 5, 20, 27),
                    model.inference(img, List.of(ImgMeta.of(30, 41)), false).getShape());
        }
    }

    @Test
    void slideInferenceMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderDecoder model = loaded(m, ConfigDict.of("mode", "slide", "crop_size", List.of(12L, 16L),
                    "stride", List.of(8L, 10L)));
            model.eval();
            NDArray img = load(m, "slide.img");
            List<ImgMeta> metas = List.of(ImgMeta.of(25, 33), ImgMeta.of(25, 33));
            Fixtures.assertAllClose(load(m, "slide.prob"), model.inference(img, metas, true), 1e-5);
            List<NDArray> preds = model.simpleTest(img, metas, true);
            NDArray expected = load(m, "slide.pred");
            assertArrayEquals(expected.toLongArray(), NDArrays.stack(new ai.djl.ndarray.NDList(preds)).toLongArray());
            NDArray small = img.get(new NDIndex(":, :, :10, :13"));
            Fixtures.assertAllClose(load(m, "slide_small.prob"),
                    model.inference(small, List.of(ImgMeta.of(10, 13), ImgMeta.of(10, 13)), true), 1e-5);
        }
    }

    @Test
    void auxiliaryHeadListGetsIndexedKeysAndLossPrefixes() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderDecoder model = build(m, modelCfg(null, List.of(auxCfg(), auxCfg())));
            Map<String, NDArray> sd = new LinkedHashMap<>();
            SegTesting.tensors(m, getClass(), BUNDLE, "sd.").forEach((k, v) -> {
                if (k.startsWith("auxiliary_head.")) {
                    sd.put(k.replace("auxiliary_head.", "auxiliary_head.0."), v);
                    sd.put(k.replace("auxiliary_head.", "auxiliary_head.1."), v);
                } else {
                    sd.put(k, v);
                }
            });
            assertTrue(model.stateDict().containsKey("auxiliary_head.1.convs.0.conv.weight"));
            model.loadStateDict(sd, true);
            model.train(true);
            LinkedHashMap<String, NDArray> losses = model.forwardTrain(load(m, "train.img"), load(m, "train.gt"));
            assertEquals(List.of("decode.loss_ce", "decode.acc_seg", "aux_0.loss_ce", "aux_0.acc_seg", "aux_1.loss_ce",
                    "aux_1.acc_seg"), List.copyOf(losses.keySet()));
            Fixtures.assertAllClose(load(m, "train.aux.loss_ce").reshape(-1), losses.get("aux_1.loss_ce").reshape(-1),
                    1e-5);
        }
    }
}
