package io.mgd.core.models.backbones;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.mgd.core.nn.Module;

/**
 * The two pooling layers the ResNet family needs, over DJL's functional pooling ops. They have
 * no parameters, so they add no state-dict keys. They move to {@code io.mgd.core.nn.layers} when
 * the shared pooling layers land there.
 */
final class Pools {
    private Pools() {}

    /** {@code nn.MaxPool2d(kernel, stride, padding)}, ceil_mode False. */
    static final class MaxPool2d extends Module {
        private final Shape kernel;
        private final Shape stride;
        private final Shape padding;

        MaxPool2d(NDManager manager, int kernel, int stride, int padding) {
            super(manager);
            this.kernel = new Shape(kernel, kernel);
            this.stride = new Shape(stride, stride);
            this.padding = new Shape(padding, padding);
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return new NDList(Pool.maxPool2d(inputs.head(), kernel, stride, padding, false));
        }
    }

    /** {@code nn.AvgPool2d(k, s, ceil_mode=True, count_include_pad=False)} as ResNet-D downsampling uses. */
    static final class AvgPool2d extends Module {
        private final Shape kernel;
        private final Shape stride;

        AvgPool2d(NDManager manager, int kernel, int stride) {
            super(manager);
            this.kernel = new Shape(kernel, kernel);
            this.stride = new Shape(stride, stride);
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return new NDList(Pool.avgPool2d(inputs.head(), kernel, stride, new Shape(0, 0), true, false));
        }
    }
}
