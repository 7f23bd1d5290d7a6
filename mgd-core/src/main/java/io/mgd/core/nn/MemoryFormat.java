package io.mgd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a 4-D image batch is laid out in memory, with torch's names ({@code
 * torch.contiguous_format}, {@code torch.channels_last}). The shape stays (N, C, H, W) either way;
 * only the strides differ.
 *
 * <p>Why it matters: libtorch's CPU convolutions (oneDNN) run natively on NHWC data, and every
 * convolution, batch norm, ReLU, pooling and residual add keeps the layout of its input, so a
 * channels-last input batch makes the whole network, forward and backward, run channels-last
 * without touching the weights. On the ResNet-34 → ResNet-18 distillation step this is 7–12 %
 * faster than NCHW (docs/benchmarks.md). Values are the same up to float rounding (a different
 * summation order inside the convolutions); {@code contiguous_format} gives PyTorch's default
 * layout.
 *
 * <p>Configs select it with the top-level key {@code memory_format} (see {@link #fromConfig}),
 * and the data loaders apply it to the {@code img} field of each batch.
 */
public enum MemoryFormat {
    /** Row-major (N, C, H, W): PyTorch's default. */
    CONTIGUOUS_FORMAT,
    /** (N, H, W, C) in memory, shown as (N, C, H, W): torch's {@code channels_last}. */
    CHANNELS_LAST;

    /** The top-level config key. */
    public static final String CONFIG_KEY = "memory_format";

    /** What a config without {@value #CONFIG_KEY} gets. */
    public static final MemoryFormat DEFAULT = CHANNELS_LAST;

    /** torch's name: {@code contiguous_format} or {@code channels_last}. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses torch's name (a {@code torch.} prefix is accepted).
     *
     * @throws ConfigException naming {@code where} and the allowed values
     */
    public static MemoryFormat parse(String value, String where) {
        String v = value.startsWith("torch.") ? value.substring("torch.".length()) : value;
        for (MemoryFormat f : values()) {
            if (f.torchName().equals(v)) {
                return f;
            }
        }
        throw new ConfigException(where + " must be one of " + Arrays.stream(values()).map(MemoryFormat::torchName)
                .toList() + ", got '" + value + "'");
    }

    /** The config's {@value #CONFIG_KEY}, or {@link #DEFAULT} when the key is absent or None. */
    public static MemoryFormat fromConfig(ConfigDict cfg) {
        String v = cfg.getString(CONFIG_KEY, null);
        return v == null ? DEFAULT : parse(v, "config key '" + CONFIG_KEY + "'");
    }

    /**
     * {@code x} in this layout: {@code x} itself when it is not 4-D or when both layouts coincide (one
     * channel or one pixel); otherwise a new array in {@code x}'s manager with the same values, which the
     * caller owns (it shares {@code x}'s storage when {@code x} already has this layout).
     */
    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) == 1 || s.get(2) * s.get(3) == 1) {
            return x;
        }
        if (this == CONTIGUOUS_FORMAT) {
            // reshape(-1) copies a channels-last array into row-major order and is a view of a row-major one
            try (NDArray flat = x.reshape(-1)) {
                return flat.reshape(s);
            }
        }
        // reshape(-1) of the permuted view of an NCHW array cannot be a view when C > 1 and H*W > 1,
        // so it copies into NHWC order; the final transpose is a view showing it as (N, C, H, W).
        try (NDArray nhwcView = x.transpose(0, 2, 3, 1);
                NDArray flat = nhwcView.reshape(-1);
                NDArray nhwc = flat.reshape(s.get(0), s.get(2), s.get(3), s.get(1))) {
            return nhwc.transpose(0, 3, 1, 2);
        }
    }
}
