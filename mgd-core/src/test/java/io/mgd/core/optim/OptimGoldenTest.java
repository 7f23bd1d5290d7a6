package io.mgd.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SGD, Adam and AdamW against PyTorch 1.13 trajectories (tools/golden/make_optim_fixtures.py):
 * 8 steps, two param groups, an lr that changes every step; and clip_grad_norm_.
 */
class OptimGoldenTest {
    private static JsonNode golden;

    /** Two parameters {@code w} and {@code b} with given initial values. */
    static final class Params extends Module {
        Params(NDManager m, NDArray w, NDArray b) {
            super(m);
            registerParameter("w", w);
            registerParameter("b", b);
        }

        @Override
        protected NDList forwardInternal(NDList inputs) {
            return inputs;
        }
    }

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OptimGoldenTest.class.getResourceAsStream("optim_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    static Shape shape(JsonNode n) {
        long[] s = new long[n.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = n.get(i).asLong();
        }
        return new Shape(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd_nesterov", "adamw", "adam", "adam_amsgrad"})
    void trajectoryMatchesTorch(String run) {
        JsonNode r = golden.get("runs").get(run);
        JsonNode lrs = golden.get("lrs");
        double bMult = golden.get("b_lr_mult").asDouble();
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Shape> shapes = Map.of("w", shape(golden.get("shapes").get("w")),
                    "b", shape(golden.get("shapes").get("b")));
            Params p = new Params(m, m.create(floats(golden.get("init").get("w")), shapes.get("w")),
                    m.create(floats(golden.get("init").get("b")), shapes.get("b")));
            ConfigDict cfg = new ConfigDict(new ObjectMapper().convertValue(r.get("cfg"), Map.class));
            cfg.put("type", r.get("type").asText());
            cfg.put("lr", lrs.get(0).asDouble());
            Registries reg = Registries.load();
            OptimizerFactory f = (OptimizerFactory) reg.get(Registries.OPTIMIZERS).build(cfg, new BuildContext(reg, m));
            Parameter w = p.namedParameters().get("w");
            Parameter b = p.namedParameters().get("b");
            Optimizer opt = f.create(List.of(new ParamGroup(List.of("w"), List.of(w), Map.of()),
                    new ParamGroup(List.of("b"), List.of(b),
                            Map.of("lr", lrs.get(0).asDouble() * bMult, "weight_decay", 0.0))));
            for (int k = 0; k < lrs.size(); k++) {
                opt.paramGroups().get(0).setLr(lrs.get(k).asDouble());
                opt.paramGroups().get(1).setLr(lrs.get(k).asDouble() * bMult);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    opt.zeroGrad();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = null;
                        for (String n : List.of("w", "b")) {
                            Parameter par = p.namedParameters().get(n);
                            NDArray t = m.create(floats(golden.get("target").get(n)), shapes.get(n));
                            NDArray c = m.create(floats(golden.get("scale").get(n)), shapes.get(n));
                            NDArray noise = m.create(floats(golden.get("noise").get(n).get(k)), shapes.get(n));
                            NDArray term = par.data().sub(t).square().mul(c).sum().add(par.data().mul(noise).sum());
                            loss = loss == null ? term : loss.add(term);
                        }
                        gc.backward(loss);
                    }
                    opt.step();
                }
                for (String n : List.of("w", "b")) {
                    float[] expected = floats(r.get("traj").get(n).get(k));
                    float[] actual = p.namedParameters().get(n).data().toFloatArray();
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-5, run + " step " + k + " " + n + "[" + i + "]");
                    }
                }
            }
            // state survives a state-dict round trip into a fresh optimizer of the same type
            Map<String, Object> sd = opt.stateDict();
            assertEquals(2, ((List<?>) sd.get("param_groups")).size());
            assertEquals(2, ((Map<?, ?>) sd.get("state")).size());
        }
    }

    @Test
    void clipGradNormMatchesTorch() {
        for (JsonNode c : golden.get("clip")) {
            try (NDManager m = NDManager.newBaseManager()) {
                List<Parameter> params = new ArrayList<>();
                List<NDArray> grads = new ArrayList<>();
                for (int i = 0; i < c.get("shapes").size(); i++) {
                    Shape s = shape(c.get("shapes").get(i));
                    Params holder = new Params(m, m.zeros(s), m.zeros(new Shape(1)));
                    params.add(holder.namedParameters().get("w"));
                    grads.add(m.create(floats(c.get("grads").get(i)), s));
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = null;
                    for (int i = 0; i < params.size(); i++) {
                        NDArray term = params.get(i).data().mul(grads.get(i)).sum();
                        loss = loss == null ? term : loss.add(term);
                    }
                    gc.backward(loss);
                }
                double normType = c.get("norm_type").isTextual() ? Double.POSITIVE_INFINITY
                        : c.get("norm_type").asDouble();
                double total = ClipGrad.clipGradNorm(params, c.get("max_norm").asDouble(), normType);
                assertEquals(c.get("total_norm").asDouble(), total, 1e-5, "total norm " + c);
                for (int i = 0; i < params.size(); i++) {
                    float[] expected = floats(c.get("clipped").get(i));
                    float[] actual = params.get(i).grad().toFloatArray();
                    for (int j = 0; j < expected.length; j++) {
                        assertEquals(expected[j], actual[j], 1e-6, "clipped grad " + i + "[" + j + "] " + c);
                    }
                }
            }
        }
    }
}
