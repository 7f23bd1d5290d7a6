package io.mgd.core.nn;

import static io.mgd.core.testing.Fixtures.assertAllClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgd.core.testing.Fixtures;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Runs one golden case: forward, backward of sum(out * R), compare out and gradients. */
final class Golden {
    static final double ATOL = 1e-5;

    private final NDManager manager;
    private final String bundle;

    Golden(NDManager manager, String bundle) {
        this.manager = manager;
        this.bundle = bundle;
    }

    NDArray load(String name) {
        return Fixtures.load(manager, Golden.class, bundle + "/" + name);
    }

    JsonNode meta(String kase) {
        return Fixtures.meta(Golden.class, bundle, "meta").get(kase);
    }

    /** Loads {@code <case>.x}, runs fn and checks {@code out}, {@code grad_x} and {@code grad_<param>}. */
    NDArray check(String kase, UnaryOperator<NDArray> fn, Map<String, Parameter> params) {
        return check(kase, load(kase + ".x"), fn, params);
    }

    NDArray check(String kase, NDArray x, UnaryOperator<NDArray> fn, Map<String, Parameter> params) {
        NDArray r = load(kase + ".r");
        x.setRequiresGradient(true);
        NDArray out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            out = fn.apply(x);
            gc.backward(out.mul(r).sum());
        }
        assertAllClose(load(kase + ".out"), out, ATOL);
        assertAllClose(load(kase + ".grad_x"), x.getGradient(), ATOL);
        params.forEach((name, p) -> assertAllClose(load(kase + ".grad_" + name), p.grad(), ATOL));
        return out;
    }

    /** An int or (h, w) pair of the case's meta, or def when absent. */
    static int[] pair(JsonNode meta, String key, int def) {
        JsonNode v = meta.get(key);
        if (v == null) {
            return new int[] {def, def};
        }
        if (v.isArray()) {
            return new int[] {v.get(0).asInt(), v.get(1).asInt()};
        }
        return new int[] {v.asInt(), v.asInt()};
    }
}
