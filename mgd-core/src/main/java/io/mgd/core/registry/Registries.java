package io.mgd.core.registry;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import io.mgd.core.nn.Module;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * All registries of a run, filled by the Guice {@link RegistryModule}s found with
 * {@link ServiceLoader} (core, cls, det, seg each contribute one). Obtain with {@link #load()}.
 */
public final class Registries {
    public static final RegistryKey<Module> MODELS = new RegistryKey<>("models", Module.class);
    public static final RegistryKey<Module> BACKBONES = new RegistryKey<>("backbones", Module.class);
    public static final RegistryKey<Module> NECKS = new RegistryKey<>("necks", Module.class);
    public static final RegistryKey<Module> HEADS = new RegistryKey<>("heads", Module.class);
    public static final RegistryKey<Module> LOSSES = new RegistryKey<>("losses", Module.class);
    public static final RegistryKey<Module> DISTILLERS = new RegistryKey<>("distillers", Module.class);
    public static final RegistryKey<Object> DATASETS = new RegistryKey<>("datasets", Object.class);
    public static final RegistryKey<Object> TRANSFORMS = new RegistryKey<>("pipelines", Object.class);
    public static final RegistryKey<Object> HOOKS = new RegistryKey<>("hooks", Object.class);
    public static final RegistryKey<Object> OPTIMIZERS = new RegistryKey<>("optimizers", Object.class);
    public static final RegistryKey<Object> LR_POLICIES = new RegistryKey<>("lr_policies", Object.class);
    public static final RegistryKey<Object> METRICS = new RegistryKey<>("metrics", Object.class);
    public static final RegistryKey<Object> BBOX_CODERS = new RegistryKey<>("bbox_coders", Object.class);
    public static final RegistryKey<Object> ASSIGNERS = new RegistryKey<>("bbox_assigners", Object.class);
    public static final RegistryKey<Object> SAMPLERS = new RegistryKey<>("bbox_samplers", Object.class);
    public static final RegistryKey<Object> ANCHOR_GENERATORS = new RegistryKey<>("anchor_generators", Object.class);

    private final Map<String, Registry<?>> registries = new LinkedHashMap<>();

    @Inject
    Registries(Set<Registration> registrations) {
        for (Registration r : registrations) {
            registryFor(r.registry()).add(r);
        }
    }

    /** Loads every {@link RegistryModule} on the class path into one set of registries. */
    public static Registries load() {
        List<com.google.inject.Module> modules = new ArrayList<>();
        modules.add(new RegistryModule() {
            @Override
            protected void registerComponents() {}
        });
        ServiceLoader.load(RegistryModule.class).forEach(modules::add);
        Injector injector = Guice.createInjector(modules);
        return injector.getInstance(Registries.class);
    }

    /** The registry for {@code key} (empty if nothing registered under it yet). */
    @SuppressWarnings("unchecked")
    public <T> Registry<T> get(RegistryKey<T> key) {
        return (Registry<T>) registryFor(key);
    }

    private Registry<?> registryFor(RegistryKey<?> key) {
        Registry<?> r = registries.computeIfAbsent(key.name(), n -> new Registry<>(key));
        if (!r.name().equals(key.name())) {
            throw new MgdException("registry name clash: " + key.name());
        }
        return r;
    }

    /** Registry names known in this run. */
    public Set<String> names() {
        return registries.keySet();
    }
}
