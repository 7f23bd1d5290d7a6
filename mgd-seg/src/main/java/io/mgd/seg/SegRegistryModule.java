package io.mgd.seg;

import io.mgd.core.config.ConfigException;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;
import io.mgd.seg.models.decode_heads.ASPPHead;
import io.mgd.seg.models.decode_heads.FCNHead;
import io.mgd.seg.models.decode_heads.PSPHead;
import io.mgd.seg.models.distillers.SegmentationDistiller;
import io.mgd.seg.models.losses.ChannelWiseDivergence;
import io.mgd.seg.models.losses.CrossEntropyLoss;
import io.mgd.seg.models.segmentors.EncoderDecoder;
import java.util.function.Supplier;

/**
 * Every mmseg component of mgd-seg, by MMLab type name: the segmentor in {@code MODELS}, the
 * decode heads in {@code HEADS}, mmseg's {@code CrossEntropyLoss} in {@link SegRegistries#LOSSES}
 * (its name is taken by the mmcls/mmdet losses in the global registry) and the logit
 * distillation loss in {@code LOSSES}.
 */
public final class SegRegistryModule extends RegistryModule {
    @Override
    protected void registerComponents() {
        // segmentors
        register(Registries.MODELS, "EncoderDecoder", EncoderDecoder.Options.class,
                (o, ctx) -> configErrors("models.EncoderDecoder", () -> new EncoderDecoder(ctx, o)));
        // decode heads
        register(Registries.HEADS, "PSPHead", PSPHead.Options.class,
                (o, ctx) -> configErrors("heads.PSPHead", () -> new PSPHead(ctx, o)));
        register(Registries.HEADS, "ASPPHead", ASPPHead.Options.class,
                (o, ctx) -> configErrors("heads.ASPPHead", () -> new ASPPHead(ctx, o)));
        register(Registries.HEADS, "FCNHead", FCNHead.Options.class,
                (o, ctx) -> configErrors("heads.FCNHead", () -> new FCNHead(ctx, o)));
        // decode-head losses
        register(SegRegistries.LOSSES, "CrossEntropyLoss", CrossEntropyLoss.Options.class,
                (o, ctx) -> new CrossEntropyLoss(ctx.manager(), o));
        // distillation
        register(Registries.LOSSES, "ChannelWiseDivergence", ChannelWiseDivergence.Options.class,
                (o, ctx) -> new ChannelWiseDivergence(ctx.manager(), o));
        register(Registries.DISTILLERS, "SegmentationDistiller", SegmentationDistiller.Options.class,
                (o, ctx) -> configErrors("distillers.SegmentationDistiller", () -> new SegmentationDistiller(o, ctx)));
    }

    /**
     * Runs a constructor, turning its argument checks ({@link IllegalArgumentException}) into a
     * {@link ConfigException} that names the component, as the option records' checks are.
     */
    private static <T> T configErrors(String owner, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(owner + ": " + e.getMessage(), e);
        }
    }
}
