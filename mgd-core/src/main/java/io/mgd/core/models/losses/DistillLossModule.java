package io.mgd.core.models.losses;

import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;

/** Registers the MGD feature losses ({@code MGDLoss}, {@code FeatureLoss}) in {@code LOSSES}. */
public final class DistillLossModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        register(Registries.LOSSES, "MGDLoss", MGDLoss.Options.class, (o, ctx) -> new MGDLoss(ctx.manager(), o));
        register(Registries.LOSSES, "FeatureLoss", FeatureLoss.Options.class,
                (o, ctx) -> new FeatureLoss(ctx.manager(), o));
    }
}
