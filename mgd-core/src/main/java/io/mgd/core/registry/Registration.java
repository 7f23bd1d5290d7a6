package io.mgd.core.registry;

/**
 * One registered component: the registry it belongs to, its MMLab type name, the options record
 * its config binds to, and its factory.
 */
public record Registration(
        RegistryKey<?> registry,
        String type,
        Class<? extends Record> optionsType,
        ComponentFactory<? extends Record, ?> factory) {}
