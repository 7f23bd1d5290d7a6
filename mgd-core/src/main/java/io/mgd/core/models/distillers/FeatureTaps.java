package io.mgd.core.models.distillers;

import ai.djl.ndarray.NDArray;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward hooks on one model (student or teacher) that keep the latest feature of each distill
 * location, like the buffers the mmdet distiller's hooks fill. Captured arrays belong to the
 * step's scope, so the distiller clears the slots after using them.
 */
final class FeatureTaps {
    private final List<String> paths = new ArrayList<>();
    private final NDArray[] slots;

    /**
     * @param root the student or teacher model
     * @param role {@code student} or {@code teacher}, for messages
     * @param locations the distill locations, paths already defaulted
     */
    FeatureTaps(Module root, String role, List<DistillLocation> locations) {
        slots = new NDArray[locations.size()];
        for (int i = 0; i < locations.size(); i++) {
            DistillLocation loc = locations.get(i);
            String path = "student".equals(role) ? loc.studentModule() : loc.teacherModule();
            Module target;
            try {
                target = root.getSubmodule(path);
            } catch (MgdException e) {
                throw new MgdException("distill_cfg[" + i + "]." + role + "_module: " + e.getMessage(), e);
            }
            int slot = i;
            boolean output = loc.outputHook();
            // A module that is a tuple producer (a backbone) gives its last output, as the
            // reference's fea[-1]; single-output modules give their only one.
            target.registerForwardHook((m, in, out) -> slots[slot] = output ? out.get(out.size() - 1) : in.head());
            paths.add(path);
        }
    }

    /** The feature captured for location {@code i} since the last {@link #clear()}, or null. */
    NDArray get(int i) {
        return slots[i];
    }

    String path(int i) {
        return paths.get(i);
    }

    int size() {
        return slots.length;
    }

    /** Drops the references (the arrays themselves belong to the step scope). */
    void clear() {
        java.util.Arrays.fill(slots, null);
    }
}
