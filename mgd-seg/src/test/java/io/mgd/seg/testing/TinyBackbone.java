package io.mgd.seg.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.functional.F;
import io.mgd.core.nn.layers.Conv2d;
import io.mgd.core.registry.Default;
import io.mgd.core.registry.Registries;
import io.mgd.core.registry.RegistryModule;

/**
 * The toy backbone of {@code tools/golden/make_seg_fixtures.py}: four conv+ReLU stages (3→4
 * stride 2, 4→8 stride 2, 8→8 dilation 2, 8→16), every stage output returned, like a ResNet with
 * {@code out_indices=(0, 1, 2, 3)}.
 */
public final class TinyBackbone extends Module {
    /** Accepts the segmentor's {@code pretrained}, which it ignores. */
    public record Options(@Default("null") String pretrained) {}

    /** Registers {@code TinyBackbone} in BACKBONES. */
    public static final class RegistryModuleImpl extends RegistryModule {
        @Override
        protected void registerComponents() {
            register(Registries.BACKBONES, "TinyBackbone", Options.class, (o, ctx) -> new TinyBackbone(ctx.manager()));
        }
    }

    private final Conv2d[] convs;

    public TinyBackbone(NDManager manager) {
        super(manager);
        convs = new Conv2d[] {
            registerModule("conv0", new Conv2d(manager, 3, 4, 3, 2, 1, 1, 1, true)),
            registerModule("conv1", new Conv2d(manager, 4, 8, 3, 2, 1, 1, 1, true)),
            registerModule("conv2", new Conv2d(manager, 8, 8, 3, 1, 2, 2, 1, true)),
            registerModule("conv3", new Conv2d(manager, 8, 16, 3, 1, 1, 1, 1, true)),
        };
    }

    @Override
    protected NDList forwardInternal(NDList inputs) {
        NDArray x = inputs.head();
        NDList outs = new NDList();
        for (Conv2d c : convs) {
            x = F.relu(c.forward(x));
            outs.add(x);
        }
        return outs;
    }
}
