package io.mgd.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.runner.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's checkpoint store on real {@code .pth} files: NDArrays are serialised as torch
 * tensors ({@link PthFiles#write} writes a temp file and renames it, so an interrupted save never
 * damages an existing checkpoint); loaded tensors become NDArrays in this store's manager.
 */
public final class PthCheckpointStore implements CheckpointStore {
    private final NDManager manager;

    /** @param manager owns arrays of loaded checkpoints (the runner's long-lived manager) */
    public PthCheckpointStore(NDManager manager) {
        this.manager = manager;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void save(Path path, Map<String, Object> checkpoint) {
        Map<Object, Object> out = (Map<Object, Object>) toTorch(checkpoint);
        if (out.get("state_dict") instanceof Map<?, ?> sd && !(sd instanceof PyOrderedDict)) {
            // torch state dicts are OrderedDicts; keep the type so torch.load gives the same object.
            out.put("state_dict", new PyOrderedDict(sd));
        }
        PthFiles.write(path, out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> load(Path path) {
        Object o = PthFiles.read(path);
        if (!(o instanceof Map<?, ?> m)) {
            throw new CheckpointException(path + " does not hold a checkpoint dict (found "
                    + (o == null ? "None" : o.getClass().getSimpleName()) + ")");
        }
        return (Map<String, Object>) toArrays(m);
    }

    private static Object toTorch(Object v) {
        if (v instanceof NDArray a) {
            return TensorData.fromNDArray(a);
        }
        if (v instanceof PyOrderedDict) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, toTorch(x)));
            return out;
        }
        if (v instanceof List<?> l && !(v instanceof io.mgd.core.config.Tuple)) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(toTorch(x)));
            return out;
        }
        return v;
    }

    private Object toArrays(Object v) {
        if (v instanceof TensorData t) {
            NDArray a = t.toNDArray(manager);
            ai.djl.ndarray.NDScope.unregister(a);
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, toArrays(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(toArrays(x)));
            return out;
        }
        return v;
    }
}
