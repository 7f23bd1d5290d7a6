package io.mgd.core.registry;

/** Creates a component from its bound options record and the build context. */
@FunctionalInterface
public interface ComponentFactory<O extends Record, T> {
    T create(O options, BuildContext context);
}
