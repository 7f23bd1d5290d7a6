package io.mgd.cls.models.distillers;

import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;

/** Registers {@code ClassificationDistiller} in {@code DISTILLERS}. */
public final class ClsDistillerModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        register(Registries.DISTILLERS, "ClassificationDistiller", ClassificationDistiller.Options.class,
                ClassificationDistiller::new);
    }
}
