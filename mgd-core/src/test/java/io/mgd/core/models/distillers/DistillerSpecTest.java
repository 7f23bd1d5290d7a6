package io.mgd.core.models.distillers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding of {@code distill_cfg} entries and of teacher/student configs. */
class DistillerSpecTest {
    private static final ConfigDict LOSS = ConfigDict.of("type", "FeatureLoss", "name", "loss_mgd_fpn_4",
            "student_channels", 256, "teacher_channels", 256);

    @Test
    void bindsMmdetShapedEntriesAndDefaults() {
        List<DistillLocation> locs = DistillerSpec.locations(List.of(
                ConfigDict.of("student_module", "neck.fpn_convs.4.conv", "teacher_module", "neck.fpn_convs.4.conv",
                        "output_hook", true, "methods", List.of(LOSS)),
                ConfigDict.of("methods", List.of(LOSS))), "distillers.DetectionDistiller");
        assertEquals("neck.fpn_convs.4.conv", locs.get(0).studentModule());
        assertEquals("loss_mgd_fpn_4", locs.get(0).methods().get(0).get("name"));
        assertNull(locs.get(1).studentModule());
        assertNull(locs.get(1).teacherModule());
        assertTrue(locs.get(1).outputHook());
        assertEquals(List.of(), DistillerSpec.locations(null, "x"));
    }

    @Test
    void entryErrorsNameTheEntry() {
        ConfigException e = assertThrows(ConfigException.class, () -> DistillerSpec.locations(
                List.of(ConfigDict.of("methods", List.of(LOSS)), ConfigDict.of("methods", List.of())),
                "distillers.DetectionDistiller"));
        assertEquals("distillers.DetectionDistiller.distill_cfg[1]: methods must be a non-empty list of loss configs",
                e.getMessage());
    }

    @Test
    void modelCfgTakesTheModelKeyOfAWholeConfig() {
        ConfigDict model = ConfigDict.of("type", "ImageClassifier");
        ConfigDict whole = ConfigDict.of("model", model, "optimizer", ConfigDict.of("type", "SGD"));
        assertSame(whole.get("model"), DistillerSpec.modelCfg(whole));
        assertSame(model, DistillerSpec.modelCfg(model));
        assertNull(DistillerSpec.modelCfg(null));
    }
}
