package io.mgd.core.nn.functional;

import ai.djl.ndarray.NDArray;
import io.mgd.core.nn.Tensors;

/** How a loss reduces its elementwise values, as torch's {@code reduction=} argument. */
public enum Reduction {
    /** Keep the elementwise loss. */
    NONE,
    /** Mean over every element. */
    MEAN,
    /** Sum over every element. */
    SUM,
    /** Sum divided by the batch size (dim 0); only {@link F#klDiv} accepts it, as in torch. */
    BATCHMEAN;

    /** Parses torch's spelling ({@code "none"}, {@code "mean"}, {@code "sum"}, {@code "batchmean"}). */
    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reduction must be one of none, mean, sum, batchmean; got '"
                + name + "'");
    }

    /** Applies this reduction to an elementwise loss. */
    public NDArray apply(NDArray loss) {
        return switch (this) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> loss.sum().div(Tensors.scalar(loss.getManager(), loss.getShape().get(0)));
        };
    }
}
