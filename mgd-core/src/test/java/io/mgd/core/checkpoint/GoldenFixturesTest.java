package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture written by real PyTorch ({@code tools/golden/make_checkpoint_fixtures.py})
 * loads to exactly what {@code torch.load} returned ({@code expected.json}), and survives a
 * round trip through our writer and reader. The re-written files are kept in
 * {@code target/checkpoint-interop/rt_*.pth} for {@code tools/golden/check_our_checkpoint.py}.
 */
class GoldenFixturesTest {
    static final Path INTEROP_DIR = Path.of("target", "checkpoint-interop");
    private static final JsonNode EXPECTED = TypedJson.resource("expected.json");

    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        EXPECTED.fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static Path fixture(String name) {
        try {
            return Path.of(GoldenFixturesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsExactlyWhatTorchLoads(String name) {
        Object loaded = PthFiles.read(fixture(name));
        List<String> diff = TypedJson.diff(EXPECTED.get(name), loaded);
        assertTrue(diff.isEmpty(), name + " differs from torch.load:\n" + String.join("\n", diff));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void roundTripsThroughOurWriter(String name) throws IOException {
        Object loaded = PthFiles.read(fixture(name));
        Files.createDirectories(INTEROP_DIR);
        Path out = INTEROP_DIR.resolve("rt_" + name);
        PthFiles.write(out, loaded);
        List<String> diff = TypedJson.diff(EXPECTED.get(name), PthFiles.read(out));
        assertTrue(diff.isEmpty(), name + " changed in our round trip:\n" + String.join("\n", diff));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void recordPrefixComesFromTheFirstEntry(String name) throws IOException {
        if (name.equals("legacy.pth")) {
            return;
        }
        try (var ch = java.nio.channels.FileChannel.open(fixture(name))) {
            String first = new ZipReader(ch).entries().get(0).name();
            String expected = name.equals("mmcv_checkpoint.pth") ? "archive/"
                    : name.replace(".pth", "/");
            assertTrue(first.startsWith(expected), first);
        }
    }

    @org.junit.jupiter.api.Test
    void sharedStorageAndViewsKeepTheirValues() {
        var views = assertInstanceOf(java.util.Map.class, PthFiles.read(fixture("views.pth")));
        TensorData t = (TensorData) views.get("transpose");
        assertEquals(List.of(6L, 4L), List.of(t.shape()[0], t.shape()[1]));
        float[] v = t.toFloatArray();
        assertEquals(6f, v[1]); // transpose[0][1] = base[1][0]
        assertEquals(8f, ((TensorData) views.get("slice")).toFloatArray()[0]);
        assertEquals(15f, ((TensorData) views.get("scalar")).toFloatArray()[0]);
        long[] a = ((TensorData) views.get("shared_a")).toLongArray();
        long[] b = ((TensorData) views.get("shared_b")).toLongArray();
        assertEquals(2L, a[0]);
        assertEquals(9L, b[9]);
    }
}
