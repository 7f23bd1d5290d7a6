package io.mgd.core.checkpoint;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mmcv checkpoint layout: a dict {@code {meta, state_dict, optimizer}} in a {@code .pth}
 * file ({@code mmcv.runner.save_checkpoint} / {@code load_checkpoint}).
 */
public final class Checkpoints {
    /** mmcv's default {@code revise_keys}: strip the {@code module.} prefix of (D)DP wrappers. */
    public static final List<ReviseKey> DEFAULT_REVISE_KEYS =
            List.of(new ReviseKey("^module\\.", ""));

    private Checkpoints() {}

    /**
     * Saves a checkpoint like {@code mmcv.runner.save_checkpoint}: {@code meta} (e.g. epoch,
     * iter, mmcv_version, time, CLASSES, config; {@code null} for an empty dict), the state
     * dict as an {@code OrderedDict} (a {@link PyOrderedDict} keeps its {@code _metadata}), and
     * the optimizer state unless it is {@code null}, in which case the key is left out as mmcv
     * does. Writing is atomic: see {@link PthFiles#write(Path, Object)}.
     *
     * @param stateDict parameter and buffer names (strings) to {@link TensorData} or DJL
     *     {@link NDArray}; a {@link PyOrderedDict} also passes its attributes
     * @param optimizer a value tree such as torch's {@code optimizer.state_dict()}, or null
     * @throws CheckpointException when a value cannot be saved or the file cannot be written
     */
    public static void save(Path file, Map<String, ?> meta, Map<?, ?> stateDict,
            Object optimizer) {
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            Object v = e.getValue();
            if (!(e.getKey() instanceof String)) {
                throw new CheckpointException("cannot write checkpoint " + file + ": state_dict "
                        + "key " + e.getKey() + " is not a string");
            }
            if (!(v instanceof TensorData || v instanceof NDArray)) {
                throw new CheckpointException("cannot write checkpoint " + file + ": state_dict "
                        + "entry '" + e.getKey() + "' is a " + PickleReader.typeName(v)
                        + ", not a tensor");
            }
        }
        PyOrderedDict weights = new PyOrderedDict(stateDict);
        if (stateDict instanceof PyOrderedDict d) {
            weights.attributes().putAll(d.attributes());
        }
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("meta", meta == null ? new LinkedHashMap<>() : meta);
        checkpoint.put("state_dict", weights);
        if (optimizer != null) {
            checkpoint.put("optimizer", optimizer);
        }
        PthFiles.write(file, checkpoint);
    }

    /**
     * Loads a checkpoint whose top level is a dict with string keys: the mmcv layout, or a bare
     * state dict (an {@code OrderedDict}, returned as a {@link PyOrderedDict}).
     *
     * @throws CheckpointException when the file cannot be read or holds something else
     */
    public static Map<String, Object> load(Path file) {
        Object obj = PthFiles.read(file);
        if (!(obj instanceof Map<?, ?> map)) {
            throw new CheckpointException("checkpoint " + file + " holds a "
                    + describe(obj) + ", not a dict");
        }
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw new CheckpointException("checkpoint " + file + " is a dict with the "
                        + "non-string key " + k);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> checked = (Map<String, Object>) map;
        return checked;
    }

    /** {@link #stateDict(Map, List)} with {@link #DEFAULT_REVISE_KEYS}. */
    public static LinkedHashMap<String, TensorData> stateDict(Map<String, ?> checkpoint) {
        return stateDict(checkpoint, DEFAULT_REVISE_KEYS);
    }

    /**
     * The weights in a loaded checkpoint, as {@code mmcv.runner.load_checkpoint} finds them:
     * {@code checkpoint['state_dict']} when present, else the checkpoint itself, with every key
     * rewritten by each {@code revise_keys} pair in turn. As in mmcv, a given list replaces the
     * default one, so include {@code ("^module\\.", "")} to keep stripping that prefix.
     *
     * @throws CheckpointException when the state dict is not a dict of tensors
     */
    public static LinkedHashMap<String, TensorData> stateDict(Map<String, ?> checkpoint,
            List<ReviseKey> reviseKeys) {
        Object sd = checkpoint.containsKey("state_dict") ? checkpoint.get("state_dict")
                : checkpoint;
        if (!(sd instanceof Map<?, ?> weights)) {
            throw new CheckpointException("checkpoint 'state_dict' is a " + describe(sd)
                    + ", not a dict of tensors");
        }
        LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : weights.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof TensorData t)) {
                throw new CheckpointException("checkpoint state_dict entry '" + e.getKey()
                        + "' is a " + describe(e.getValue()) + ", not a tensor");
            }
            for (ReviseKey r : reviseKeys) {
                key = r.apply(key);
            }
            out.put(key, t);
        }
        return out;
    }

    private static String describe(Object o) {
        if (o instanceof PyObject p) {
            return p.type() + " object";
        }
        return o instanceof TensorData ? "tensor" : PickleReader.typeName(o);
    }
}
