package io.mgd.core.models.distillers;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.Default;
import java.util.List;

/**
 * One {@code distill_cfg} entry: where to take the student and teacher features, and the losses
 * ({@code methods}) computed on them.
 *
 * @param studentModule dotted path of the hooked student module; None for the task default
 * @param teacherModule dotted path of the hooked teacher module; None for the task default
 * @param outputHook true to capture the module's output (mmdet's only mode), false its input
 * @param methods loss configs ({@code type}, {@code name}, …) built from the {@code LOSSES}
 *     registry
 */
public record DistillLocation(@Default("null") String studentModule, @Default("null") String teacherModule,
        @Default("true") boolean outputHook, List<ConfigDict> methods) {
    public DistillLocation {
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods must be a non-empty list of loss configs");
        }
        methods = List.copyOf(methods);
    }
}
