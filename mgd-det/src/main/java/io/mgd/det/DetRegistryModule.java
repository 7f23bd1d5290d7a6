package io.mgd.det;

import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;
import io.mgd.det.core.anchor.AnchorGenerator;
import io.mgd.det.core.bbox.assigners.MaxIoUAssigner;
import io.mgd.det.core.bbox.coder.DeltaXYWHBBoxCoder;
import io.mgd.det.core.bbox.samplers.PseudoSampler;
import io.mgd.det.core.bbox.samplers.RandomSampler;
import io.mgd.det.core.hooks.NumClassCheckHook;
import io.mgd.det.models.dense_heads.RetinaHead;
import io.mgd.det.models.detectors.RetinaNet;
import io.mgd.det.models.detectors.SingleStageDetector;
import io.mgd.det.models.losses.FocalLoss;
import io.mgd.det.models.losses.GIoULoss;
import io.mgd.det.models.losses.L1Loss;
import io.mgd.det.models.losses.SmoothL1Loss;
import io.mgd.det.models.necks.FPN;

/** Registers mgd-det's components under their mmdet type names. */
public final class DetRegistryModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        register(Registries.MODELS, "RetinaNet", SingleStageDetector.Options.class,
                (o, ctx) -> new RetinaNet(ctx, o));
        register(Registries.HOOKS, "NumClassCheckHook", NumClassCheckHook.Options.class,
                (o, ctx) -> new NumClassCheckHook());
        register(Registries.NECKS, "FPN", FPN.Options.class, (o, ctx) -> new FPN(ctx.manager(), o));
        register(Registries.HEADS, "RetinaHead", RetinaHead.Options.class,
                (o, ctx) -> new RetinaHead(ctx.manager(), ctx, o));
        register(Registries.ANCHOR_GENERATORS, "AnchorGenerator", AnchorGenerator.Options.class,
                (o, ctx) -> new AnchorGenerator(o));
        register(Registries.BBOX_CODERS, "DeltaXYWHBBoxCoder", DeltaXYWHBBoxCoder.Options.class,
                (o, ctx) -> new DeltaXYWHBBoxCoder(o));
        register(Registries.ASSIGNERS, "MaxIoUAssigner", MaxIoUAssigner.Options.class,
                (o, ctx) -> new MaxIoUAssigner(o));
        register(Registries.SAMPLERS, "PseudoSampler", PseudoSampler.Options.class, (o, ctx) -> new PseudoSampler());
        register(Registries.SAMPLERS, "RandomSampler", RandomSampler.Options.class, (o, ctx) -> new RandomSampler(o));
        register(Registries.LOSSES, "FocalLoss", FocalLoss.Options.class, (o, ctx) -> new FocalLoss(ctx.manager(), o));
        register(Registries.LOSSES, "L1Loss", L1Loss.Options.class, (o, ctx) -> new L1Loss(ctx.manager(), o));
        register(Registries.LOSSES, "SmoothL1Loss", SmoothL1Loss.Options.class,
                (o, ctx) -> new SmoothL1Loss(ctx.manager(), o));
        register(Registries.LOSSES, "GIoULoss", GIoULoss.Options.class, (o, ctx) -> new GIoULoss(ctx.manager(), o));
    }
}
