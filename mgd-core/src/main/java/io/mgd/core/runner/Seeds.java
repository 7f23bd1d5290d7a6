package io.mgd.core.runner;

import ai.djl.engine.Engine;
import java.security.SecureRandom;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The run's seed ({@code --seed}, {@code --deterministic}): seeds the engine's RNG and hands each
 * component its own {@link SplittableRandom}, derived from the seed and the component's name so
 * that adding a component never shifts another's stream. Recorded in the runner meta as
 * {@code seed} (and {@code deterministic}) like the MMLab train scripts.
 *
 * <p>Deterministic mode is recorded only: the CPU kernels of libtorch are deterministic already,
 * and DJL exposes no cuDNN switch.
 */
public final class Seeds {
    private final long seed;
    private final boolean deterministic;

    private Seeds(long seed, boolean deterministic) {
        this.seed = seed;
        this.deterministic = deterministic;
    }

    /**
     * Seeds the engine with {@code seed}, or, when null, with a random 31-bit seed like mmdet's
     * {@code init_random_seed}.
     */
    public static Seeds apply(Long seed, boolean deterministic) {
        long s = seed != null ? seed : new SecureRandom().nextInt(1 << 30) * 2L;
        Engine.getInstance().setRandomSeed((int) s);
        return new Seeds(s, deterministic);
    }

    public long seed() {
        return seed;
    }

    public boolean deterministic() {
        return deterministic;
    }

    /** A random stream for one component (e.g. {@code "data.train.shuffle"}). */
    public SplittableRandom forComponent(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
    }

    /** Puts {@code seed} (and {@code deterministic} when set) into a runner meta. */
    public void recordIn(Map<String, Object> meta) {
        meta.put("seed", seed);
        if (deterministic) {
            meta.put("deterministic", true);
        }
    }
}
