package io.mgd.core.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.testing.Fixtures;
import io.mgd.core.testing.Layouts;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strided 1x1 convolutions on channels-last input. With fewer input channels than one SIMD block,
 * libtorch 2.7.1's oneDNN writes past its scratch space in their weight gradient (oneDNN issue
 * #6035), which hung this project's CI and gives wrong gradients; {@link Conv2d} runs those on NCHW
 * input and keeps the others channels-last. Each case must finish and match NCHW over several steps;
 * the timeout runs it on its own thread so that a hang fails the test instead of the build.
 */
class Conv2dChannelsLastTest {
    /**
     * Loads the engine on JUnit's main thread before any case runs on a timeout thread: DJL switches
     * grad mode off only on the loading thread, and the other test classes share this JVM's main thread.
     */
    @BeforeAll
    static void loadEngineOnTheMainThread() {
        Engine.getInstance();
    }

    @ParameterizedTest(name = "in_channels {0}, stride {1}")
    @CsvSource({"2, 2", "4, 2", "7, 2", "12, 2", "4, 3", "16, 2", "24, 2", "4, 1"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stridedOneByOneConvGetsTheOutputsAndGradientsOfNchw(int inChannels, int stride) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(inChannels);
            Conv2d conv = new Conv2d(m, inChannels, 8, 1, stride, 0, 1, 1, false);
            NDArray x = m.randomNormal(new Shape(8, inChannels, 32, 32));
            boolean guarded = stride > 1 && inChannels < Conv2d.MIN_CHANNELS_LAST_STRIDED_1X1;
            String label = "in_channels " + inChannels + ", stride " + stride;
            for (int i = 0; i < 5; i++) {
                NDArray[] nchw = step(conv, x);
                NDArray[] nhwc = step(conv, MemoryFormat.CHANNELS_LAST.apply(x));
                Fixtures.assertAllCloseRelative(nchw[0], nhwc[0], 1e-5, "output, " + label);
                Fixtures.assertAllCloseRelative(nchw[1], nhwc[1], 1e-5, "weight gradient, " + label);
                Fixtures.assertAllCloseRelative(nchw[2], nhwc[2], 1e-5, "input gradient, " + label);
                assertEquals(!guarded, Layouts.isChannelsLast(nhwc[0]),
                        "only the affected convolutions leave channels-last: " + label);
            }
        }
    }

    /** Output, weight gradient and input gradient of {@code sum(conv(x) * 1.5)}. */
    private static NDArray[] step(Conv2d conv, NDArray x0) {
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        if (conv.weight().grad() != null) {
            conv.weight().grad().muli(0);
        }
        NDArray out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            out = conv.forward(new NDList(x)).head();
            gc.backward(out.mul(1.5f).sum());
        }
        return new NDArray[] {out, conv.weight().grad().duplicate(), x.getGradient().duplicate()};
    }
}
