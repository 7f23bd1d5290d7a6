package io.mgd.core.apis;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link Task} a config belongs to from its {@code distiller.type} or {@code model.type}. */
public final class Tasks {
    private Tasks() {}

    /** Every task on the class path. */
    public static List<Task> all() {
        List<Task> out = new ArrayList<>();
        ServiceLoader.load(Task.class).forEach(out::add);
        return out;
    }

    /** The task owning this config's model (the distiller's type is tried first). */
    public static Task forConfig(ConfigDict cfg) {
        List<String> types = new ArrayList<>();
        if (cfg.getDict("distiller") != null && cfg.getDict("distiller").get("type") instanceof String t) {
            types.add(t);
        }
        if (cfg.getDict("model") != null && cfg.getDict("model").get("type") instanceof String t) {
            types.add(t);
        }
        if (types.isEmpty()) {
            throw new ConfigException("config has neither model.type nor distiller.type");
        }
        List<Task> tasks = all();
        for (String type : types) {
            for (Task task : tasks) {
                if (task.owns(type)) {
                    return task;
                }
            }
        }
        throw new ConfigException("no task module knows model type " + types + "; tasks on the class path are "
                + tasks.stream().map(Task::name).toList());
    }
}
