package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.layers.Conv2d;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mmcv load_checkpoint semantics: state_dict unwrapping, ^module. stripping, prefix, revise_keys. */
class CheckpointLoaderTest {
    @TempDir
    Path dir;

    @Test
    void prefixAndReviseKeysSelectAndRenameKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d src = new Conv2d(m, 2, 3, 1, 1, 0, 1, 1, true);
            Map<String, Object> sd = new LinkedHashMap<>();
            src.stateDict().forEach((k, v) -> sd.put("module.backbone." + k, TensorData.fromNDArray(v)));
            sd.put("module.head.fc.weight", TensorData.ofFloats(new long[] {1}, new float[] {7f}));
            Path file = dir.resolve("ckpt.pth");
            Checkpoints.save(file, Map.of("epoch", 1L), sd, null);

            Conv2d target = new Conv2d(m, 2, 3, 1, 1, 0, 1, 1, true);
            LoadResult r = CheckpointLoader.load(target, file.toString(), "backbone", true);
            assertTrue(r.isClean(), r.toString());
            assertArrayEquals(src.weight().data().toFloatArray(), target.weight().data().toFloatArray());

            Conv2d renamed = new Conv2d(m, 2, 3, 1, 1, 0, 1, 1, true);
            LoadResult r2 = CheckpointLoader.load(renamed, file.toString(), null, false,
                    List.of(new ReviseKey("^module\\.backbone\\.", "")));
            assertEquals(List.of("module.head.fc.weight"), r2.unexpectedKeys());
            assertArrayEquals(src.bias().data().toFloatArray(), renamed.bias().data().toFloatArray());

            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> CheckpointLoader.load(target, file.toString(), "neck", false));
            assertTrue(e.getMessage().contains("no keys start with prefix 'neck.'"), e.getMessage());
        }
    }
}
