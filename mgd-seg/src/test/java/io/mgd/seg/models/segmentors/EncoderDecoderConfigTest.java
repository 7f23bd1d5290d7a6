package io.mgd.seg.models.segmentors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import io.mgd.seg.SegRegistries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EncoderDecoder built from the MGD PSPNet R18-d8 student config through the service-loaded
 * registries (mgd-core's ResNetV1c plus mgd-seg), and its configuration errors.
 */
class EncoderDecoderConfigTest {
    private static final ConfigDict SYNC_BN = ConfigDict.of("type", "SyncBN", "requires_grad", true);

    /** {@code pspnet_r18-d8_512x512_40k_cityscapes.py} as the MGD repository resolves it. */
    static ConfigDict pspR18() {
        return ConfigDict.of("type", "EncoderDecoder",
                "backbone", ConfigDict.of("type", "ResNetV1c", "depth", 18L, "num_stages", 4L,
                        "out_indices", List.of(0L, 1L, 2L, 3L), "dilations", List.of(1L, 1L, 2L, 4L),
                        "strides", List.of(1L, 2L, 1L, 1L), "norm_cfg", SYNC_BN, "norm_eval", false,
                        "style", "pytorch", "contract_dilation", true),
                "decode_head", ConfigDict.of("type", "PSPHead", "in_channels", 512L, "in_index", 3L, "channels", 128L,
                        "pool_scales", List.of(1L, 2L, 3L, 6L), "dropout_ratio", 0.1, "num_classes", 19L,
                        "norm_cfg", SYNC_BN, "align_corners", false,
                        "loss_decode", ConfigDict.of("type", "CrossEntropyLoss", "use_sigmoid", false,
                                "loss_weight", 1.0)),
                "auxiliary_head", ConfigDict.of("type", "FCNHead", "in_channels", 256L, "in_index", 2L,
                        "channels", 64L, "num_convs", 1L, "concat_input", false, "dropout_ratio", 0.1,
                        "num_classes", 19L, "norm_cfg", SYNC_BN, "align_corners", false,
                        "loss_decode", ConfigDict.of("type", "CrossEntropyLoss", "use_sigmoid", false,
                                "loss_weight", 0.4)),
                "train_cfg", new ConfigDict(),
                "test_cfg", ConfigDict.of("mode", "whole"));
    }

    private static EncoderDecoder build(NDManager m, ConfigDict cfg) {
        Registries r = Registries.load();
        return (EncoderDecoder) r.get(Registries.MODELS).build(cfg, new BuildContext(r, m));
    }

    @Test
    void serviceLoadedRegistriesHoldTheSegComponents() {
        Registries r = Registries.load();
        assertTrue(r.get(Registries.MODELS).contains("EncoderDecoder"));
        assertTrue(r.get(Registries.HEADS).types().containsAll(List.of("PSPHead", "ASPPHead", "FCNHead")));
        assertTrue(r.get(SegRegistries.LOSSES).contains("CrossEntropyLoss"));
        assertTrue(r.get(Registries.LOSSES).contains("ChannelWiseDivergence"));
    }

    @Test
    void mgdPspR18StudentHasTheReferenceShapesAndRuns() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderDecoder model = build(m, pspR18());
            Map<String, NDArray> sd = model.stateDict();
            assertEquals(new Shape(128, 512, 1, 1), sd.get("decode_head.psp_modules.3.1.conv.weight").getShape());
            assertEquals(new Shape(128, 1024, 3, 3), sd.get("decode_head.bottleneck.conv.weight").getShape());
            assertEquals(new Shape(19, 128, 1, 1), sd.get("decode_head.conv_seg.weight").getShape());
            assertEquals(new Shape(64, 256, 3, 3), sd.get("auxiliary_head.convs.0.conv.weight").getShape());
            assertEquals(new Shape(19, 64, 1, 1), sd.get("auxiliary_head.conv_seg.weight").getShape());
            assertTrue(sd.containsKey("backbone.stem.0.weight"));
            model.eval();
            NDArray img = m.randomNormal(new Shape(1, 3, 40, 48));
            assertEquals(new Shape(1, 512, 5, 6), model.extractFeat(img).get(3).getShape()); // output stride 8
            assertEquals(new Shape(1, 19, 40, 48), model.encodeDecode(img).getShape());
            List<NDArray> pred = model.simpleTest(img, List.of(ImgMeta.of(50, 60)), true);
            assertEquals(new Shape(50, 60), pred.get(0).getShape());
            NDArray p = pred.get(0);
            assertTrue(p.min().getLong() >= 0 && p.max().getLong() < 19);
        }
    }

    @Test
    void configErrorsNameTheModelAndKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigDict both = pspR18();
            both.put("pretrained", "open-mmlab://resnet18_v1c");
            both.getDict("backbone").put("pretrained", "other.pth");
            ConfigException e = assertThrows(ConfigException.class, () -> build(m, both));
            assertEquals("models.EncoderDecoder: both backbone and segmentor set pretrained weight", e.getMessage());

            ConfigDict badMode = pspR18();
            badMode.put("test_cfg", ConfigDict.of("mode", "sliding"));
            e = assertThrows(ConfigException.class, () -> build(m, badMode));
            assertTrue(e.getMessage().contains("test_cfg.mode must be 'slide' or 'whole'"), e.getMessage());

            ConfigDict noCrop = pspR18();
            noCrop.put("test_cfg", ConfigDict.of("mode", "slide", "stride", List.of(8L, 8L)));
            e = assertThrows(ConfigException.class, () -> build(m, noCrop));
            assertTrue(e.getMessage().contains("test_cfg.crop_size must be two positive ints"), e.getMessage());

            ConfigDict badAux = pspR18();
            badAux.put("auxiliary_head", "FCNHead");
            e = assertThrows(ConfigException.class, () -> build(m, badAux));
            assertTrue(e.getMessage().contains("auxiliary_head must be a dict or a list of dicts"), e.getMessage());
        }
    }

    @Test
    void pretrainedIsHandedToTheBackbone() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfigDict cfg = pspR18();
            cfg.put("pretrained", "open-mmlab://resnet18_v1c");
            EncoderDecoder model = build(m, cfg);
            assertEquals("open-mmlab://resnet18_v1c",
                    ((io.mgd.core.models.backbones.ResNet) model.backbone()).pretrainedCheckpoint());
        }
    }
}
