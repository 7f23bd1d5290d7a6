package io.mgd.seg;

import io.mgd.core.nn.Module;
import io.mgd.core.registry.RegistryKey;

/**
 * Registries that only mmseg components read. mmseg's {@code LOSSES} holds its own
 * {@code CrossEntropyLoss} (mean over every pixel, {@code loss_name}), which shares its type name
 * with the mmcls and mmdet losses in the global {@link io.mgd.core.registry.Registries#LOSSES};
 * decode heads therefore build {@code loss_decode} from {@link #LOSSES}, as mmseg builds from its
 * own registry. Distillation losses stay in the global one.
 */
public final class SegRegistries {
    /** mmseg decode-head losses ({@code loss_decode}). */
    public static final RegistryKey<Module> LOSSES = new RegistryKey<>("seg.losses", Module.class);

    private SegRegistries() {}
}
