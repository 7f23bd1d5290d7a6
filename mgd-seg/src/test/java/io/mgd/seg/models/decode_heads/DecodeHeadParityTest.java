package io.mgd.seg.models.decode_heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.nn.Module;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.core.testing.Fixtures;
import io.mgd.seg.testing.SegTesting;
import io.mgd.seg.testing.SegTestingJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * PSPHead, ASPPHead and FCNHead against the plain-PyTorch mmseg heads of
 * {@code tools/golden/make_seg_fixtures.py} (eval mode, random weights and BN statistics):
 * state-dict keys in order, then outputs, on 9×9 and 13×13 maps (adaptive pools that do not
 * divide), with align_corners, dilations, resize_concat and an Identity {@code convs}.
 */
class DecodeHeadParityTest {
    private static final String BUNDLE = "heads";

    static BaseDecodeHead build(NDManager m, ConfigDict cfg) {
        Registries r = SegTesting.registries();
        return (BaseDecodeHead) r.get(Registries.HEADS).build(cfg, new BuildContext(r, m));
    }

    @ParameterizedTest
    @ValueSource(strings = {"psp9", "psp13", "psp13_ac", "aspp9", "aspp13", "fcn13", "fcn_aux9", "fcn_concat9",
        "fcn_identity9"})
    void matchesPyTorch(String name) {
        JsonNode meta = Fixtures.meta(getClass(), BUNDLE, "meta").get(name);
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigDict cfg = SegTestingJson.dict(meta.get("cfg"));
            cfg.put("norm_cfg", ConfigDict.of("type", "BN", "requires_grad", true));
            BaseDecodeHead head = build(m, cfg);
            assertEquals(SegTesting.strings(meta.get("keys")), new ArrayList<>(head.stateDict().keySet()),
                    name + ": state-dict keys");
            Map<String, NDArray> sd = SegTesting.tensors(m, getClass(), BUNDLE, name + ".sd.");
            head.loadStateDict(sd, true);
            head.eval();
            String in = meta.get("input").asText();
            NDList feats = new NDList();
            for (int i = 0; i < 4; i++) {
                feats.add(Fixtures.load(m, getClass(), BUNDLE + "/" + in + "." + i));
            }
            NDArray out = head.forward(feats).head();
            Fixtures.assertAllCloseRelative(Fixtures.load(m, getClass(), BUNDLE + "/" + name + ".out"), out, 1e-5,
                    name + ".out");
        }
    }

    @Test
    void defaultsFollowMmseg() {
        try (NDManager m = NDManager.newBaseManager()) {
            PSPHead head = (PSPHead) build(m, ConfigDict.of("type", "PSPHead", "in_channels", 32L, "channels", 16L,
                    "num_classes", 19L));
            // conv_seg first (registered before the subclass modules), no norm -> conv biases
            List<String> keys = new ArrayList<>(head.stateDict().keySet());
            assertEquals(List.of("conv_seg.weight", "conv_seg.bias", "psp_modules.0.1.conv.weight",
                    "psp_modules.0.1.conv.bias"), keys.subList(0, 4));
            assertEquals(2 + 4 * 2 + 2, keys.size());
            assertEquals(255, head.ignoreIndex());
            assertTrue(head.child("dropout") instanceof io.mgd.core.nn.layers.Dropout2d);
            assertEquals(0.1f, ((io.mgd.core.nn.layers.Dropout2d) head.child("dropout")).p(), 1e-7);
            assertEquals("loss_ce", head.lossDecode().get(0).lossName());
            // init_cfg Normal(std=0.01) on conv_seg, bias 0
            NDArray w = head.convSeg().weight().data();
            double std = w.sub(w.mean()).square().mean().sqrt().getFloat();
            assertTrue(std > 0.005 && std < 0.015, "conv_seg std " + std);
            assertEquals(0f, head.convSeg().bias().data().abs().sum().getFloat());
            FCNHead noDrop = (FCNHead) build(m, ConfigDict.of("type", "FCNHead", "in_channels", 8L, "channels", 4L,
                    "num_classes", 3L, "dropout_ratio", 0.0));
            assertNull(noDrop.child("dropout"));
            assertNotNull(noDrop.child("conv_cat"));
        }
    }

    @Test
    void auxiliaryHeadKeysOfTheMgdConfig() {
        try (NDManager m = NDManager.newBaseManager()) {
            Module aux = build(m, ConfigDict.of("type", "FCNHead", "in_channels", 256L, "in_index", 2L, "channels",
                    64L, "num_convs", 1L, "concat_input", false, "dropout_ratio", 0.1, "num_classes", 19L,
                    "norm_cfg", ConfigDict.of("type", "SyncBN", "requires_grad", true), "align_corners", false,
                    "loss_decode", ConfigDict.of("type", "CrossEntropyLoss", "use_sigmoid", false,
                            "loss_weight", 0.4)));
            assertEquals(List.of("conv_seg.weight", "conv_seg.bias", "convs.0.conv.weight", "convs.0.bn.weight",
                    "convs.0.bn.bias", "convs.0.bn.running_mean", "convs.0.bn.running_var",
                    "convs.0.bn.num_batches_tracked"), new ArrayList<>(aux.stateDict().keySet()));
            assertEquals(new ai.djl.ndarray.types.Shape(64, 256, 3, 3),
                    aux.stateDict().get("convs.0.conv.weight").getShape());
        }
    }

    @Test
    void badConfigsNameTheHeadAndKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigException e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "PSPHead",
                    "in_channels", List.of(8L, 16L), "channels", 8L, "num_classes", 5L)));
            assertTrue(e.getMessage().startsWith("heads.PSPHead: without input_transform, in_channels and in_index "
                    + "must be ints"), e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "FCNHead", "in_channels", 8L,
                    "channels", 8L, "num_classes", 5L, "loss_decode", ConfigDict.of("type", "FocalLos"))));
            assertTrue(e.getMessage().contains("'FocalLos' is not in the seg.losses registry"), e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "ASPPHead", "in_channels",
                    List.of(8L, 16L), "in_index", List.of(0L, 1L), "input_transform", "multiple_select", "channels",
                    8L, "num_classes", 5L)));
            assertTrue(e.getMessage().contains("multiple_select"), e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "FCNHead", "in_channels", 8L,
                    "channels", 4L, "num_classes", 5L, "num_convs", 0L)));
            assertTrue(e.getMessage().contains("num_convs=0 needs in_channels == channels"), e.getMessage());
            e = assertThrows(ConfigException.class, () -> build(m, ConfigDict.of("type", "FCNHead", "in_channels", 8L,
                    "channels", 4L, "num_classes", 5L, "sampler", ConfigDict.of("type", "OHEMPixelSampler"))));
            assertTrue(e.getMessage().contains("sampler OHEMPixelSampler is not supported"), e.getMessage());
        }
    }
}
