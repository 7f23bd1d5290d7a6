package io.mgd.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code deployment/pytorch2onnx} reads the input size and channels from a config. */
class Pytorch2OnnxTest {
    private static ConfigDict withTestPipeline(Object... steps) {
        return ConfigDict.of("data", ConfigDict.of("test", ConfigDict.of("pipeline", ConfigDict.normalize(List.of(steps)))));
    }

    @Test
    void theLastFixedResizeOrCropOfTheTestPipelineGivesTheSize() {
        ConfigDict imagenet = withTestPipeline(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "Resize", "size", List.of(256, -1)),
                ConfigDict.of("type", "CenterCrop", "crop_size", 224),
                ConfigDict.of("type", "Normalize"));
        assertArrayEquals(new long[] {224, 224}, ExportInputs.pipelineSize(imagenet));
        assertArrayEquals(new long[] {32, 48}, ExportInputs.pipelineSize(withTestPipeline(
                ConfigDict.of("type", "Resize", "size", List.of(32, 48)))));
        // a short-edge resize keeps the aspect ratio: the size depends on each image
        assertNull(ExportInputs.pipelineSize(withTestPipeline(ConfigDict.of("type", "Resize", "size", List.of(256, -1)))));
        assertNull(ExportInputs.pipelineSize(withTestPipeline(ConfigDict.of("type", "Normalize"))));
        assertNull(ExportInputs.pipelineSize(new ConfigDict()));
    }

    @Test
    void inChannelsComeFromTheBackbone() {
        assertEquals(3, ExportInputs.inChannels(ConfigDict.of("backbone", ConfigDict.of("type", "ResNet"))));
        assertEquals(1, ExportInputs.inChannels(ConfigDict.of("backbone", ConfigDict.of("in_channels", 1))));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExportInputs.inChannels(ConfigDict.of("backbone", ConfigDict.of("in_channels", "rgb"))));
        assertEquals("model.backbone.in_channels must be a positive int, got string 'rgb'", e.getMessage());
    }
}
