package io.mgd.core.nn.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.Parameter;

/**
 * Weight initialisers with torch/mmcv formulas ({@code torch.nn.init}, {@code mmcv.cnn.utils.weight_init}).
 * Random draws use the engine's seeded generator.
 */
public final class Init {
    private Init() {}

    /** Fan-in and fan-out of a weight: dim 1 and dim 0 times the receptive field. */
    public static long[] fans(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("fan in/out needs at least 2 dims, got " + shape);
        }
        long receptive = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            receptive *= shape.get(i);
        }
        return new long[] {shape.get(1) * receptive, shape.get(0) * receptive};
    }

    /** Gain for a nonlinearity as {@code torch.nn.init.calculate_gain}. */
    public static double gain(String nonlinearity, double a) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                    "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + a * a));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("unsupported nonlinearity " + nonlinearity);
        };
    }

    /** {@code kaiming_normal_}/{@code kaiming_uniform_} with mode fan_in|fan_out. */
    public static void kaiming(Parameter p, double a, String mode, String nonlinearity, String distribution) {
        if (!"fan_in".equals(mode) && !"fan_out".equals(mode)) {
            throw new IllegalArgumentException("mode " + mode + " not supported, please use fan_in or fan_out");
        }
        long[] f = fans(p.data().getShape());
        long fan = "fan_in".equals(mode) ? f[0] : f[1];
        double std = gain(nonlinearity, a) / Math.sqrt(fan);
        if ("uniform".equals(distribution)) {
            uniform(p, -Math.sqrt(3.0) * std, Math.sqrt(3.0) * std);
        } else {
            normal(p, 0, std);
        }
    }

    /** {@code xavier_normal_}/{@code xavier_uniform_}. */
    public static void xavier(Parameter p, double gain, String distribution) {
        long[] f = fans(p.data().getShape());
        double std = gain * Math.sqrt(2.0 / (f[0] + f[1]));
        if ("uniform".equals(distribution)) {
            uniform(p, -Math.sqrt(3.0) * std, Math.sqrt(3.0) * std);
        } else {
            normal(p, 0, std);
        }
    }

    /** N(mean, std²). */
    public static void normal(Parameter p, double mean, double std) {
        NDManager m = p.data().getManager();
        try (NDArray v = m.randomNormal((float) mean, (float) std, p.data().getShape(), p.data().getDataType())) {
            p.set(v);
        }
    }

    /**
     * mmcv {@code trunc_normal_}: N(mean, std²) restricted to [a, b] by inverse-CDF sampling
     * (uniform in the truncated CDF range, erfinv, then a clamp for rounding).
     */
    public static void truncNormal(Parameter p, double mean, double std, double a, double b) {
        double lower = normCdf((a - mean) / std);
        double upper = normCdf((b - mean) / std);
        NDManager m = p.data().getManager();
        try (NDArray u = m.randomUniform((float) (2 * lower - 1), (float) (2 * upper - 1), p.data().getShape(),
                p.data().getDataType());
                NDArray e = u.erfinv();
                NDArray v = e.mul((float) (std * Math.sqrt(2.0))).add((float) mean);
                NDArray c = v.clip(a, b)) {
            p.set(c);
        }
    }

    private static double normCdf(double x) {
        return (1 + erf(x / Math.sqrt(2))) / 2;
    }

    /**
     * erf from the Chebyshev fit of erfc (Numerical Recipes, |error| < 1.2e-7), ample for the
     * truncation bounds (Java has no Math.erf).
     */
    private static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - r : r - 1;
    }

    /** U(a, b). */
    public static void uniform(Parameter p, double a, double b) {
        NDManager m = p.data().getManager();
        try (NDArray v = m.randomUniform((float) a, (float) b, p.data().getShape(), p.data().getDataType())) {
            p.set(v);
        }
    }

    /** Fills with a constant. */
    public static void constant(Parameter p, double value) {
        NDManager m = p.data().getManager();
        try (NDArray v = m.full(p.data().getShape(), (float) value, p.data().getDataType())) {
            p.set(v);
        }
    }

    /** mmcv {@code bias_init_with_prob}: the logit of a prior probability. */
    public static double biasWithProb(double prior) {
        return -Math.log((1 - prior) / prior);
    }
}
