package io.mgd.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CheckpointStore} for tests and embedding: checkpoint dicts are deep-copied into memory
 * (arrays into this store's own manager) and a small placeholder file is written at the path (via
 * a temp file and an atomic rename) so that links, deletion and existence behave as with real
 * files. {@link #load} fails when the file is gone.
 */
public final class InMemoryCheckpointStore implements CheckpointStore, AutoCloseable {
    private final NDManager manager;
    private final Map<Path, Map<String, Object>> saved = new HashMap<>();
    private int saves;

    /** A store owning a new sub-manager of {@code parent}. */
    public InMemoryCheckpointStore(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    @Override
    public synchronized void save(Path path, Map<String, Object> checkpoint) {
        Path key = path.toAbsolutePath().normalize();
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) deepCopy(checkpoint);
        try {
            Files.createDirectories(key.getParent());
            Path tmp = Files.createTempFile(key.getParent(), key.getFileName().toString(), ".tmp");
            Files.writeString(tmp, "in-memory checkpoint #" + (++saves) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MgdException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
        }
        saved.put(key, copy);
    }

    @Override
    public synchronized Map<String, Object> load(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new MgdException("checkpoint file " + path + " does not exist");
        }
        Map<String, Object> ckpt = saved.get(real);
        if (ckpt == null) {
            throw new MgdException("checkpoint file " + path + " was not written by this store");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) deepCopy(ckpt);
        return copy;
    }

    /** Number of {@link #save} calls so far. */
    public synchronized int saveCount() {
        return saves;
    }

    private Object deepCopy(Object v) {
        if (v instanceof NDArray a) {
            NDArray detached = a.stopGradient();
            NDArray c = detached.duplicate();
            detached.close();
            c.attach(manager);
            NDScope.unregister(c);
            return c;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, x) -> c.put(k, deepCopy(x)));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(x -> c.add(deepCopy(x)));
            return c;
        }
        return v;
    }

    @Override
    public void close() {
        manager.close();
    }
}
