package io.mgd.core.models;

import io.mgd.core.config.ConfigException;
import io.mgd.core.models.backbones.MobileNetV1;
import io.mgd.core.models.backbones.ResNeXtOptions;
import io.mgd.core.models.backbones.ResNet;
import io.mgd.core.models.backbones.ResNetOptions;
import io.mgd.core.models.backbones.ResNetVariant;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;
import java.util.List;

/**
 * Registers the task-independent backbones in {@link Registries#BACKBONES}: {@code ResNet},
 * {@code ResNetV1d}, {@code ResNet_CIFAR} (mmcls layout), {@code ResNetV1c}, {@code ResNeXt}
 * (mmdet/mmseg layout) and the MGD {@code MobileNetV1}.
 */
public final class CoreModelsModule extends RegistryModule {

    /**
     * MobileNetV1 options: the MGD reference takes only {@code init_cfg}; the others default to the
     * reference network and adapt it to small, single-channel images.
     */
    public record MobileNetV1Options(@Default("3") int inChannels, @Default("1.0") double widenFactor,
            @Default("null") List<Integer> strides, @Default("null") Object initCfg) {}

    @Override
    protected void registerComponents() {
        for (ResNetVariant v : new ResNetVariant[] {ResNetVariant.RESNET, ResNetVariant.RESNET_V1D,
            ResNetVariant.RESNET_CIFAR, ResNetVariant.RESNET_V1C}) {
            register(Registries.BACKBONES, v.typeName(), ResNetOptions.class,
                    (o, ctx) -> new ResNet(ctx.manager(), v.resolve(o, 1, 4)));
        }
        register(Registries.BACKBONES, "ResNeXt", ResNeXtOptions.class, (o, ctx) -> {
            if (o.baseWidth() != null && o.widthPerGroup() != null) {
                throw new ConfigException("backbones.ResNeXt: give base_width or width_per_group, not both");
            }
            int width = o.baseWidth() != null ? o.baseWidth() : o.widthPerGroup() != null ? o.widthPerGroup() : 4;
            return new ResNet(ctx.manager(), ResNetVariant.RESNEXT.resolve(o.common(), o.groups(), width));
        });
        register(Registries.BACKBONES, "MobileNetV1", MobileNetV1Options.class,
                (o, ctx) -> new MobileNetV1(ctx.manager(), o.inChannels(), o.widenFactor(), o.strides(), o.initCfg()));
    }
}
