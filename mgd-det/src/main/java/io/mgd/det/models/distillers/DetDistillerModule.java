package io.mgd.det.models.distillers;

import io.mgd.core.registry.RegistryModule;
import io.mgd.core.registry.Registries;

/** Registers {@code DetectionDistiller} in {@code DISTILLERS}. */
public final class DetDistillerModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        register(Registries.DISTILLERS, "DetectionDistiller", DetectionDistiller.Options.class,
                DetectionDistiller::new);
    }
}
