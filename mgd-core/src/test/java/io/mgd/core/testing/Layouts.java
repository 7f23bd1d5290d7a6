package io.mgd.core.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads a tensor's memory layout in tests. DJL exposes no strides, so this calls libtorch's
 * {@code is_contiguous} through DJL's package-private JNI binding.
 */
public final class Layouts {
    private Layouts() {}

    /** {@code x.is_contiguous()} in libtorch. */
    public static boolean isContiguous(NDArray x) {
        try {
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field instance = lib.getDeclaredField("LIB");
            instance.setAccessible(true);
            Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
            m.setAccessible(true);
            return (Boolean) m.invoke(instance.get(null), ((PtNDArray) x).getHandle());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read the layout through DJL's JNI binding: " + e, e);
        }
    }

    /** Whether a 4-D {@code x} is stored as (N, H, W, C) ({@code torch.channels_last}). */
    public static boolean isChannelsLast(NDArray x) {
        if (x.getShape().dimension() != 4) {
            return false;
        }
        try (NDArray nhwc = x.transpose(0, 2, 3, 1)) {
            return isContiguous(nhwc);
        }
    }
}
