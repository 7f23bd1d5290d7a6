package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mmcv layout: save, load, state-dict extraction with revise_keys, atomic saves. */
class CheckpointsTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> weights() {
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("module.backbone.conv1.weight", TensorData.ofFloats(new long[] {2, 1}, 1f, 2f));
        sd.put("module.backbone.bn1.num_batches_tracked", TensorData.ofLongs(new long[0], 3));
        return sd;
    }

    @Test
    void savesMmcvLayoutAndKeepsMetadata() {
        PyOrderedDict sd = new PyOrderedDict(weights());
        PyOrderedDict md = new PyOrderedDict();
        md.put("", Map.of("version", 1L));
        sd.setMetadata(md);
        Map<String, Object> optimizer = Map.of("state", Map.of(0L, Map.of("momentum_buffer",
                TensorData.ofFloats(new long[] {1}, 0.5f))), "param_groups", List.of());
        Path file = tmp.resolve("epoch_1.pth");
        Checkpoints.save(file, Map.of("epoch", 1L), sd, optimizer);

        Map<String, Object> ckpt = Checkpoints.load(file);
        assertEquals(List.of("meta", "state_dict", "optimizer"), List.copyOf(ckpt.keySet()));
        PyOrderedDict loaded = (PyOrderedDict) ckpt.get("state_dict");
        assertEquals(md, loaded.metadata());
        assertEquals(sd, loaded);
        Object buf = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ckpt.get("optimizer")).get("state"))
                .get(0L)).get("momentum_buffer");
        assertEquals(TensorData.ofFloats(new long[] {1}, 0.5f), buf);
    }

    @Test
    void optimizerKeyIsLeftOutWhenNullAndMetaDefaultsToEmpty() {
        Path file = tmp.resolve("a.pth");
        Checkpoints.save(file, null, weights(), null);
        Map<String, Object> ckpt = Checkpoints.load(file);
        assertEquals(List.of("meta", "state_dict"), List.copyOf(ckpt.keySet()));
        assertEquals(Map.of(), ckpt.get("meta"));
    }

    @Test
    void stateDictStripsModulePrefixByDefault() {
        Map<String, Object> ckpt = Map.of("state_dict", new PyOrderedDict(weights()));
        LinkedHashMap<String, TensorData> sd = Checkpoints.stateDict(ckpt);
        assertEquals(List.of("backbone.conv1.weight", "backbone.bn1.num_batches_tracked"),
                List.copyOf(sd.keySet()));
    }

    @Test
    void stateDictWithoutStateDictKeyUsesTheWholeDict() {
        LinkedHashMap<String, TensorData> sd = Checkpoints.stateDict(weights(), List.of());
        assertEquals(List.copyOf(weights().keySet()), List.copyOf(sd.keySet()));
    }

    @Test
    void reviseKeysApplyInTurnWithPythonSyntax() {
        List<ReviseKey> revise = List.of(new ReviseKey("^module\\.", ""),
                new ReviseKey("^backbone\\.(\\w+)\\.", "student.\\1."),
                new ReviseKey("(?P<kind>weight|bias)$", "\\g<kind>_\\g<0>"));
        LinkedHashMap<String, TensorData> sd = Checkpoints.stateDict(weights(), revise);
        assertEquals(List.of("student.conv1.weight_weight", "student.bn1.num_batches_tracked"),
                List.copyOf(sd.keySet()));
    }

    @Test
    void reviseKeyReplacesEveryMatchLikeReSub() {
        ReviseKey r = new ReviseKey("\\.", "/");
        assertEquals("a/b/c", r.apply("a.b.c"));
        assertEquals("nochange", new ReviseKey("^x", "y").apply("nochange"));
        assertEquals("$1\\x", new ReviseKey("a", "$1\\\\x").apply("a"));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new ReviseKey("(a)", "\\2"));
        assertTrue(e.getMessage().contains("group 2"), e.getMessage());
        assertThrows(CheckpointException.class, () -> new ReviseKey("(", ""));
    }

    @Test
    void nonTensorStateDictEntriesAreNamed() {
        Map<String, Object> ckpt = Map.of("state_dict", Map.of("head.fc.weight", "oops"));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.stateDict(ckpt));
        assertTrue(e.getMessage().contains("head.fc.weight"), e.getMessage());
        Map<String, Object> bad = new LinkedHashMap<>(weights());
        bad.put("x", 1.0);
        e = assertThrows(CheckpointException.class,
                () -> Checkpoints.save(tmp.resolve("b.pth"), null, bad, null));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void loadRejectsNonDictCheckpoints() throws IOException {
        Path file = tmp.resolve("t.pth");
        PthFiles.write(file, TensorData.ofFloats(new long[] {1}, 1f));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.load(file));
        assertTrue(e.getMessage().contains("t.pth") && e.getMessage().contains("tensor"),
                e.getMessage());
    }

    @Test
    void failedSaveKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("latest.pth");
        Checkpoints.save(file, Map.of("epoch", 1L), weights(), null);
        byte[] before = Files.readAllBytes(file);

        Map<String, Object> meta = Map.of("epoch", 2L, "bad", new Object());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.save(file, meta, weights(), null));
        assertTrue(e.getMessage().contains("latest.pth") && e.getMessage().contains("bad"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(1L, ((Map<?, ?>) Checkpoints.load(file).get("meta")).get("epoch"));
    }

    @Test
    void failedWriteAfterPicklingKeepsTheOldFile() throws IOException {
        // The target is a non-empty directory: the rename fails after the data was written.
        Path dir = tmp.resolve("taken.pth");
        Files.createDirectories(dir.resolve("inside"));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.save(dir, null, weights(), null));
        assertTrue(e.getMessage().contains("taken.pth"), e.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("inside")));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(dir), files.toList());
        }
    }

    @Test
    void saveIntoMissingDirectoryNamesIt() {
        Path file = tmp.resolve("no/such/dir/x.pth");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.save(file, null, weights(), null));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void secondSaveReplacesTheFile() {
        Path file = tmp.resolve("x.pth");
        Checkpoints.save(file, Map.of("epoch", 1L), weights(), null);
        Checkpoints.save(file, Map.of("epoch", 2L), weights(), null);
        assertEquals(2L, ((Map<?, ?>) Checkpoints.load(file).get("meta")).get("epoch"));
        assertNull(Checkpoints.load(file).get("optimizer"));
    }
}
