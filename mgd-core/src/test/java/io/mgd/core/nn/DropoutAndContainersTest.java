package io.mgd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.nn.layers.Dropout;
import io.mgd.core.nn.layers.Dropout2d;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.nn.layers.ModuleDict;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Training-mode dropout statistics and seeding; ModuleDict naming. */
class DropoutAndContainersTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRest() {
        NDArray x = manager.ones(new Shape(100, 100));
        float[] y = new Dropout(manager, 0.3f).forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1 / 0.7f, v, 1e-6, "kept elements are scaled by 1/(1-p)");
            }
        }
        assertEquals(0.3, zeros / 10000.0, 0.03, "fraction zeroed");
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        NDArray x = manager.ones(new Shape(8, 50, 3, 4));
        float[] y = new Dropout2d(manager, 0.5f).forward(x).toFloatArray();
        int dropped = 0;
        for (int ch = 0; ch < 8 * 50; ch++) {
            float first = y[ch * 12];
            for (int i = 1; i < 12; i++) {
                assertEquals(first, y[ch * 12 + i], "channel " + ch + " is not uniform");
            }
            if (first == 0f) {
                dropped++;
            } else {
                assertEquals(2f, first, 1e-6);
            }
        }
        assertEquals(0.5, dropped / 400.0, 0.1, "fraction of channels dropped");
    }

    @Test
    void dropoutFollowsTheEngineSeed() {
        NDArray x = manager.ones(new Shape(4, 8, 2, 2));
        Dropout2d d = new Dropout2d(manager, 0.5f);
        Engine.getInstance().setRandomSeed(7);
        float[] a = d.forward(x).toFloatArray();
        Engine.getInstance().setRandomSeed(7);
        float[] b = d.forward(x).toFloatArray();
        assertEquals(List.of(a.length), List.of(b.length));
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], "same seed must give the same mask");
        }
        assertThrows(IllegalArgumentException.class, () -> new Dropout(manager, 1.5f));
    }

    @Test
    void dropoutWithPOneZeroesEverything() {
        NDArray x = manager.ones(new Shape(2, 3, 2, 2));
        assertEquals(0f, new Dropout2d(manager, 1f).forward(x).abs().sum().getFloat());
    }

    @Test
    void moduleDictKeepsInsertionOrderAndKeys() {
        ModuleDict d = new ModuleDict(manager)
                .put("loss_mgd_fpn_1", new Conv2d(manager, 2, 2, 1, 1, 0, 1, 1, true))
                .put("head", new Linear(manager, 3, 2, false));
        assertEquals(List.of("loss_mgd_fpn_1", "head"), List.copyOf(d.keySet()));
        assertEquals(List.of("loss_mgd_fpn_1.weight", "loss_mgd_fpn_1.bias", "head.weight"),
                List.copyOf(d.stateDict().keySet()));
        assertTrue(d.containsKey("head"));
        assertNull(d.get("missing"));
        assertThrows(IllegalArgumentException.class, () -> d.put("head", new Linear(manager, 1, 1, false)));
    }
}
