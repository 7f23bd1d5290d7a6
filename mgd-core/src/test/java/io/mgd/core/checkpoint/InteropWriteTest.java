package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.Tuple;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes {@code interop_input.json} (an mmcv checkpoint made by PyTorch, in typed JSON) with our
 * writer to {@code target/checkpoint-interop/ours.pth} and {@code ours_zip64.pth} (all ZIP64
 * fields forced), checks them with our reader and checks the zip layout torch expects. Run
 * {@code /usr/bin/python3 tools/golden/check_our_checkpoint.py} afterwards to torch.load them.
 */
class InteropWriteTest {
    private static final Path DIR = GoldenFixturesTest.INTEROP_DIR;
    private static final JsonNode SPEC = TypedJson.resource("interop_input.json");

    @BeforeAll
    static void writeFiles() throws IOException {
        Files.createDirectories(DIR);
        @SuppressWarnings("unchecked")
        Map<String, Object> ckpt = (Map<String, Object>) TypedJson.decode(SPEC);
        @SuppressWarnings("unchecked")
        Map<String, ?> meta = (Map<String, ?>) ckpt.get("meta");
        Checkpoints.save(DIR.resolve("ours.pth"), meta, (PyOrderedDict) ckpt.get("state_dict"),
                ckpt.get("optimizer"));
        try (OutputStream out = Files.newOutputStream(DIR.resolve("ours_zip64.pth"))) {
            PthFiles.write(out, ckpt, 0);
        }
    }

    @Test
    void ourFilesReadBackExactly() {
        for (String name : List.of("ours.pth", "ours_zip64.pth")) {
            List<String> diff = TypedJson.diff(SPEC, Checkpoints.load(DIR.resolve(name)));
            assertTrue(diff.isEmpty(), name + ":\n" + String.join("\n", diff));
        }
    }

    @Test
    void zipLayoutIsTorchs() throws IOException {
        for (String name : List.of("ours.pth", "ours_zip64.pth")) {
            try (FileChannel ch = FileChannel.open(DIR.resolve(name))) {
                ZipReader zip = new ZipReader(ch);
                List<ZipReader.Entry> entries = zip.entries();
                assertEquals("archive/data.pkl", entries.get(0).name());
                for (ZipReader.Entry e : entries) {
                    assertTrue(e.name().startsWith("archive/"), e.name());
                    assertEquals(0, e.method(), e.name());
                    assertEquals(0, zip.dataOffset(e) % 64, e.name() + " is not 64-byte aligned");
                }
                assertEquals("3\n", text(zip, "archive/version"));
                assertEquals("little", text(zip, "archive/byteorder"));
                assertTrue(zip.find("archive/data/0") != null);
            }
        }
    }

    @Test
    void configDictMetaAndDjlArraysSave(@TempDir Path tmp) {
        Path file = tmp.resolve("epoch_1.pth");
        ConfigDict meta = ConfigDict.of("epoch", 1, "CLASSES", Tuple.of("a", "b"),
                "hook_msgs", Map.of("last_ckpt", "x.pth"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.arange(6f).reshape(2, 3).transpose(); // non-contiguous
            Map<String, Object> sd = new LinkedHashMap<>();
            sd.put("fc.weight", w);
            sd.put("bn.num_batches_tracked", m.create(5L));
            Checkpoints.save(file, meta, sd, null);
            Map<String, Object> back = Checkpoints.load(file);
            assertEquals(List.of("meta", "state_dict"), List.copyOf(back.keySet()));
            assertEquals(Tuple.of("a", "b"), ((Map<?, ?>) back.get("meta")).get("CLASSES"));
            LinkedHashMap<String, TensorData> weights = Checkpoints.stateDict(back);
            TensorData fc = weights.get("fc.weight");
            assertEquals(TensorData.fromNDArray(w), fc);
            assertEquals(List.of(0f, 3f, 1f, 4f, 2f, 5f), boxed(fc.toFloatArray()));
            assertEquals(DType.INT64, weights.get("bn.num_batches_tracked").dtype());
            assertEquals(0, weights.get("bn.num_batches_tracked").rank());
        }
    }

    private static List<Float> boxed(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return List.of(b);
    }

    private static String text(ZipReader zip, String name) throws IOException {
        ByteBuffer b = zip.read(zip.find(name));
        return StandardCharsets.US_ASCII.decode(b).toString();
    }
}
