package io.mgd.core.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * torch's thread-local autograd switch, for {@code torch.no_grad()} blocks. DJL turns it off only on
 * the thread that loads the engine (and on for the span of a gradient collector); libtorch starts
 * every other thread with it on. Code that updates parameters in place, such as an optimizer step,
 * turns it off itself, as torch's optimizers do with {@code @torch.no_grad()}, so that it works on
 * any thread.
 */
public final class GradMode {
    private GradMode() {}

    /** Grad mode off until the returned scope closes, which restores the previous mode. */
    public static NoGrad disabled() {
        return new NoGrad(JniUtils.isGradMode());
    }

    /** A {@code torch.no_grad()} block; close it on the thread that opened it. */
    public static final class NoGrad implements AutoCloseable {
        private final boolean previous;

        private NoGrad(boolean previous) {
            this.previous = previous;
            JniUtils.setGradMode(false);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
