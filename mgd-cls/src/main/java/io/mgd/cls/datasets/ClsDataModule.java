package io.mgd.cls.datasets;

import io.mgd.cls.datasets.pipelines.CenterCrop;
import io.mgd.cls.datasets.pipelines.Pad;
import io.mgd.cls.datasets.pipelines.RandomCrop;
import io.mgd.cls.datasets.pipelines.RandomFlip;
import io.mgd.cls.datasets.pipelines.RandomResizedCrop;
import io.mgd.cls.datasets.pipelines.Resize;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryKey;
import io.mgd.core.registry.RegistryModule;

/**
 * Registers the mmcls datasets in {@link Registries#DATASETS} and the mmcls-specific pipeline
 * steps in {@link #PIPELINES} (mmcls's own PIPELINES registry: its Resize/RandomFlip/Pad take
 * other arguments than mmdet's and mmseg's). Classification pipelines look there first, then
 * in the shared {@link Registries#TRANSFORMS}.
 */
public final class ClsDataModule extends RegistryModule {
    /** mmcls pipeline steps. */
    public static final RegistryKey<Object> PIPELINES = new RegistryKey<>("cls_pipelines", Object.class);

    @Override
    protected void registerComponents() {
        register(Registries.DATASETS, "ImageNet", ImageNet.Options.class, ImageNet::new);
        register(Registries.DATASETS, "CustomDataset", CustomDataset.Options.class, CustomDataset::new);
        register(Registries.DATASETS, "CIFAR10", CIFAR10.Options.class, CIFAR10::new);
        register(Registries.DATASETS, "CIFAR100", CIFAR10.Options.class, CIFAR100::new);
        register(Registries.DATASETS, "MNIST", MNIST.Options.class, MNIST::new);
        register(Registries.DATASETS, "FashionMNIST", MNIST.Options.class, FashionMNIST::new);

        register(PIPELINES, "Resize", Resize.Options.class, (o, ctx) -> new Resize(o));
        register(PIPELINES, "CenterCrop", CenterCrop.Options.class, (o, ctx) -> new CenterCrop(o));
        register(PIPELINES, "RandomResizedCrop", RandomResizedCrop.Options.class, (o, ctx) -> new RandomResizedCrop(o));
        register(PIPELINES, "RandomCrop", RandomCrop.Options.class, (o, ctx) -> new RandomCrop(o));
        register(PIPELINES, "RandomFlip", RandomFlip.Options.class, (o, ctx) -> new RandomFlip(o));
        register(PIPELINES, "Pad", Pad.Options.class, (o, ctx) -> new Pad(o));
    }
}
