package io.mgd.core;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;

class EngineProbeTest {
  @Test
  void engineStartsOffline() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2, 3});
      assertEquals(6f, a.sum().getFloat());
      assertEquals("PyTorch", m.getEngine().getEngineName());
      System.out.println(m.getEngine().getVersion());
    }
  }
}
