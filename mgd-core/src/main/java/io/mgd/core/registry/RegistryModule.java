package io.mgd.core.registry;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * A Guice module that registers components by MMLab type name. Each task module ships one,
 * listed in {@code META-INF/services/io.mgd.core.registry.RegistryModule}.
 */
public abstract class RegistryModule extends AbstractModule {
    private Multibinder<Registration> binder;

    @Override
    protected final void configure() {
        binder = Multibinder.newSetBinder(binder(), Registration.class);
        registerComponents();
    }

    /** Calls {@link #register} for each component of this module. */
    protected abstract void registerComponents();

    /** Registers {@code type} in {@code key}, bound to options record {@code options}. */
    protected final <O extends Record, T> void register(RegistryKey<T> key, String type, Class<O> options,
            ComponentFactory<O, ? extends T> factory) {
        binder.addBinding().toInstance(new Registration(key, type, options, factory));
    }
}
