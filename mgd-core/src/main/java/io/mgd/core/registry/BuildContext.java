package io.mgd.core.registry;

import ai.djl.ndarray.NDManager;
import io.mgd.core.config.ConfigDict;

/**
 * What a factory needs besides its options: the registries (to build nested components such as
 * a backbone inside a classifier) and the manager that will own created parameters.
 */
public record BuildContext(Registries registries, NDManager manager) {

    /** Builds a nested component from {@code cfg} in registry {@code key}. */
    public <T> T build(RegistryKey<T> key, ConfigDict cfg) {
        return registries.get(key).build(cfg, this);
    }

    /** Builds a nested component, filling absent keys from {@code defaults} (mmcv default_args). */
    public <T> T build(RegistryKey<T> key, ConfigDict cfg, ConfigDict defaults) {
        return registries.get(key).build(cfg, this, defaults);
    }
}
