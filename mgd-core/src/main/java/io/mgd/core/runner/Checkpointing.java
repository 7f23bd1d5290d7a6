package io.mgd.core.runner;

import ai.djl.ndarray.NDArray;
import io.mgd.core.nn.LoadResult;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runner-side checkpoint plumbing: the latest link, meta access and mmcv weight loading. */
final class Checkpointing {
    private Checkpointing() {}

    /** Points {@code outDir/latest.pth} at {@code filename}: a relative symlink, else a copy. */
    static void linkLatest(Path outDir, String filename, Path file) {
        Path latest = outDir.resolve("latest.pth");
        try {
            Files.deleteIfExists(latest);
            try {
                Files.createSymbolicLink(latest, Paths.get(filename));
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(file, latest, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MgdException("cannot update " + latest + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(Map<String, Object> ckpt, Path file) {
        if (!(ckpt.get("meta") instanceof Map<?, ?> m)) {
            throw new MgdException("checkpoint " + file + " has no 'meta' dict; cannot resume from it "
                    + "(use load_from for weight-only checkpoints)");
        }
        return (Map<String, Object>) m;
    }

    static int intMeta(Map<String, Object> meta, String key, Path file) {
        if (!(meta.get(key) instanceof Number n)) {
            throw new MgdException("checkpoint " + file + ": meta." + key + " is missing or not a number");
        }
        return n.intValue();
    }

    /**
     * mmcv {@code load_checkpoint}: takes {@code state_dict} (or the whole dict), strips a
     * leading {@code module.}, loads non-strictly and logs missing and unexpected keys.
     */
    static void loadWeights(Module module, Map<String, Object> ckpt, Path file, RunLogger logger) {
        Object sd = ckpt.containsKey("state_dict") ? ckpt.get("state_dict") : ckpt;
        if (!(sd instanceof Map<?, ?> raw)) {
            throw new MgdException("No state_dict found in checkpoint file " + file);
        }
        Map<String, NDArray> state = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v instanceof NDArray a) {
                String key = String.valueOf(k);
                state.put(key.startsWith("module.") ? key.substring(7) : key, a);
            }
        });
        LoadResult r = module.loadStateDict(state, false);
        StringBuilder msg = new StringBuilder();
        if (!r.unexpectedKeys().isEmpty()) {
            msg.append("unexpected key in source state_dict: ").append(String.join(", ", r.unexpectedKeys()))
                    .append("\n");
        }
        if (!r.missingKeys().isEmpty()) {
            msg.append("missing keys in source state_dict: ").append(String.join(", ", r.missingKeys()))
                    .append("\n");
        }
        if (msg.length() > 0) {
            logger.warning("The model and loaded state dict do not match exactly\n\n" + msg);
        }
    }
}
