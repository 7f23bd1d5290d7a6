package io.mgd.core.registry;

/**
 * A typed registry name, e.g. {@code RegistryKey<Module> BACKBONES}. Standard keys are in
 * {@link Registries}; task modules may declare more.
 *
 * @param name the registry name shown in errors ({@code backbones})
 * @param type the base type of its components
 */
public record RegistryKey<T>(String name, Class<T> type) {}
