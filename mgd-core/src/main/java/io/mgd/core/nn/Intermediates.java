package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Frees the intermediate arrays of one {@code forwardInternal} call as soon as the next op has
 * consumed them, the way PyTorch frees a tensor when its last Python reference goes. Without it
 * every activation of a step lives until the step's {@code NDScope} closes: a training step holds
 * the outputs of every BN, ReLU and residual sum that autograd never needed, and a no-grad teacher
 * forward holds all its activations at once.
 *
 * <p>Closing a DJL handle is safe for autograd: libtorch's graph keeps its own reference to every
 * tensor it saved for backward (BN saves its input, ReLU its output, conv its input), so that
 * storage lives exactly as long as backward needs it, and numbers and gradients do not change.
 *
 * <p>What is never closed: the module's own inputs, any array a consumer returned unchanged (an
 * {@code Identity} child), and anything at all when a module below the owner has a forward hook
 * (a hook may keep an output or input it saw, e.g. a distiller's feature tap). What the owner
 * returns must simply not be passed here.
 */
public final class Intermediates {
    private final NDList inputs;
    private final boolean enabled;

    /** Use {@link Module#intermediates(NDList)}. */
    Intermediates(NDList inputs, boolean enabled) {
        this.inputs = inputs;
        this.enabled = enabled;
    }

    /** Runs {@code m} on {@code in}, then frees {@code in} (see {@link #release}); returns the output. */
    public NDArray consume(Module m, NDArray in) {
        NDArray out = m.forward(in);
        release(in, out);
        return out;
    }

    /** Runs {@code m} on {@code in}, then frees every array of {@code in} that {@code out} does not hold. */
    public NDList consume(Module m, NDList in) {
        NDList out = m.forward(in);
        for (NDArray a : in) {
            if (!contains(out, a)) {
                release(a);
            }
        }
        return out;
    }

    /**
     * Frees {@code done}, an intermediate nothing in this forward will read again, unless it is one
     * of the module's inputs or one of {@code results} (what was computed from it, which may be the
     * very same array).
     */
    public void release(NDArray done, NDArray... results) {
        if (!enabled) {
            return;
        }
        for (NDArray r : results) {
            if (r == done) {
                return;
            }
        }
        if (!contains(inputs, done)) {
            done.close();
        }
    }

    private static boolean contains(NDList list, NDArray a) {
        for (NDArray x : list) {
            if (x == a) {
                return true;
            }
        }
        return false;
    }
}
