package io.mgd.core.models.losses;

import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;

/**
 * Registers the distillation losses in {@code LOSSES}: the MGD feature losses ({@code MGDLoss},
 * {@code FeatureLoss}), logit distillation ({@code KDLoss}) and direct imitation ({@code
 * FeatureMimicLoss}).
 */
public final class DistillLossModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        register(Registries.LOSSES, "MGDLoss", MGDLoss.Options.class, (o, ctx) -> new MGDLoss(ctx.manager(), o));
        register(Registries.LOSSES, "FeatureLoss", FeatureLoss.Options.class,
                (o, ctx) -> new FeatureLoss(ctx.manager(), o));
        register(Registries.LOSSES, "KDLoss", KDLoss.Options.class, (o, ctx) -> new KDLoss(ctx.manager(), o));
        register(Registries.LOSSES, "FeatureMimicLoss", FeatureMimicLoss.Options.class,
                (o, ctx) -> new FeatureMimicLoss(ctx.manager(), o));
    }
}
