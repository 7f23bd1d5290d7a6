package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.testing.Layouts;
import org.junit.jupiter.api.Test;

class MemoryFormatTest {
    @Test
    void channelsLastKeepsShapeAndValuesAndStoresNhwc() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            NDArray y = MemoryFormat.CHANNELS_LAST.apply(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            assertTrue(Layouts.isContiguous(x));
            assertFalse(Layouts.isContiguous(y));
            assertTrue(Layouts.isChannelsLast(y));
            // Applying it again keeps the layout and the values.
            NDArray z = MemoryFormat.CHANNELS_LAST.apply(y);
            assertTrue(Layouts.isChannelsLast(z));
            assertArrayEquals(x.toFloatArray(), z.toFloatArray());
            // Batch of one: still converted.
            NDArray one = MemoryFormat.CHANNELS_LAST.apply(m.randomNormal(new Shape(1, 3, 4, 4)));
            assertTrue(Layouts.isChannelsLast(one));
        }
    }

    @Test
    void contiguousFormatTurnsAChannelsLastArrayBackIntoRowMajor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            NDArray nhwc = MemoryFormat.CHANNELS_LAST.apply(x);
            NDArray back = MemoryFormat.CONTIGUOUS_FORMAT.apply(nhwc);
            assertTrue(Layouts.isContiguous(back));
            assertArrayEquals(x.toFloatArray(), back.toFloatArray());
            // An array already in row-major order comes back as an equal row-major array.
            NDArray same = MemoryFormat.CONTIGUOUS_FORMAT.apply(x);
            assertTrue(Layouts.isContiguous(same));
            assertArrayEquals(x.toFloatArray(), same.toFloatArray());
        }
    }

    @Test
    void returnsTheInputWhereTheLayoutsCoincideOrDoNotApply() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray threeD = m.randomNormal(new Shape(3, 5, 7));
            assertSame(threeD, MemoryFormat.CHANNELS_LAST.apply(threeD));
            NDArray oneChannel = m.randomNormal(new Shape(2, 1, 5, 7));
            assertSame(oneChannel, MemoryFormat.CHANNELS_LAST.apply(oneChannel));
            NDArray onePixel = m.randomNormal(new Shape(2, 8, 1, 1));
            assertSame(onePixel, MemoryFormat.CHANNELS_LAST.apply(onePixel));
        }
    }

    @Test
    void configKeyUsesTorchNamesAndDefaultsToChannelsLast() {
        assertEquals(MemoryFormat.CHANNELS_LAST, MemoryFormat.fromConfig(ConfigDict.of()));
        assertEquals(MemoryFormat.CHANNELS_LAST, MemoryFormat.fromConfig(ConfigDict.of("memory_format", null)));
        assertEquals(MemoryFormat.CONTIGUOUS_FORMAT,
                MemoryFormat.fromConfig(ConfigDict.of("memory_format", "contiguous_format")));
        assertEquals(MemoryFormat.CHANNELS_LAST,
                MemoryFormat.fromConfig(ConfigDict.of("memory_format", "torch.channels_last")));
        assertEquals("channels_last", MemoryFormat.CHANNELS_LAST.torchName());
    }

    @Test
    void anUnknownValueNamesTheKeyAndTheAllowedValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryFormat.fromConfig(ConfigDict.of("memory_format", "nhwc")));
        assertEquals("config key 'memory_format' must be one of [contiguous_format, channels_last], got 'nhwc'",
                e.getMessage());
        ConfigException notString = assertThrows(ConfigException.class,
                () -> MemoryFormat.fromConfig(ConfigDict.of("memory_format", 3L)));
        assertTrue(notString.getMessage().contains("'memory_format' must be a string"), notString.getMessage());
    }
}
