package io.mgd.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mgd.core.models.distillers.TeacherWeights;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.init.PretrainedLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmcv {@code load_checkpoint(model, filename, map_location, strict, revise_keys)}: resolves the
 * source (local path, {@code torchvision://}, {@code open-mmlab://}, {@code mmcls://}, http),
 * takes {@code state_dict} when present, applies the key revisions ({@code ^module\.} stripped
 * by default), and copies matching tensors into the model.
 */
public final class CheckpointLoader {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointLoader.class);

    private CheckpointLoader() {}

    /**
     * Loads {@code source} into {@code model}.
     *
     * @param prefix null for the whole state dict, else only keys under it, prefix removed
     * @param strict whether missing or unexpected keys are an error (else they are logged)
     * @return the keys that did not match
     */
    public static LoadResult load(Module model, String source, String prefix, boolean strict) {
        return load(model, source, prefix, strict, Checkpoints.DEFAULT_REVISE_KEYS);
    }

    /**
     * As {@link #load(Module, String, String, boolean)} with mmcv's {@code revise_keys}: regex
     * replacements applied to every key in order (the default strips {@code ^module\.}).
     */
    public static LoadResult load(Module model, String source, String prefix, boolean strict,
            List<ReviseKey> reviseKeys) {
        Path file = CheckpointSource.resolve(source);
        Map<String, Object> ckpt = Checkpoints.load(file);
        Map<String, TensorData> state = Checkpoints.stateDict(ckpt, reviseKeys);
        if (prefix != null) {
            String p = prefix.endsWith(".") ? prefix : prefix + ".";
            Map<String, TensorData> sub = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k.startsWith(p)) {
                    sub.put(k.substring(p.length()), v);
                }
            });
            if (sub.isEmpty()) {
                throw new CheckpointException(file + ": no keys start with prefix '" + p + "'");
            }
            state = sub;
        }
        return loadState(model, state, strict, file.toString());
    }

    /** Copies an already-read state dict into {@code model}; {@code what} names it in messages. */
    public static LoadResult loadState(Module model, Map<String, TensorData> state, boolean strict, String what) {
        try (NDManager scratch = model.manager().newSubManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            state.forEach((k, v) -> arrays.put(k, v.toNDArray(scratch)));
            LoadResult r;
            try {
                r = model.loadStateDict(arrays, strict);
            } catch (io.mgd.core.util.MgdException e) {
                throw new CheckpointException("loading " + what + " into " + model.getClass().getSimpleName()
                        + ": " + e.getMessage(), e);
            }
            report(r, what);
            return r;
        }
    }

    private static void report(LoadResult r, String what) {
        if (r.isClean()) {
            return;
        }
        StringBuilder msg = new StringBuilder("The model and loaded state dict of " + what + " do not match exactly");
        if (!r.unexpectedKeys().isEmpty()) {
            msg.append("\nunexpected key in source state_dict: ").append(String.join(", ", r.unexpectedKeys()));
        }
        if (!r.missingKeys().isEmpty()) {
            msg.append("\nmissing keys in source state_dict: ").append(String.join(", ", r.missingKeys()));
        }
        LOG.warn(msg.toString());
    }

    /** {@code init_cfg=dict(type='Pretrained', checkpoint=..., prefix=...)} loading, non-strict. */
    public static PretrainedLoader pretrainedLoader() {
        return (target, checkpoint, prefix) -> load(target, checkpoint, prefix, false);
    }

    /** {@code teacher_pretrained} loading for distillers, non-strict like the reference. */
    public static TeacherWeights teacherWeights() {
        return (teacher, source) -> load(teacher, source, null, false);
    }

    /** Keys of a state dict, for messages and tests. */
    static List<String> keys(Map<String, TensorData> state) {
        return List.copyOf(state.keySet());
    }
}
