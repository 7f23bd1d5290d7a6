package io.mgd.core.runner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.mgd.core.data.Batch;
import io.mgd.core.nn.Parameter;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forward/backward half of a training iteration, shared by the runners and the benchmark:
 * zero the gradients, run {@code forwardTrain} inside a gradient collector, sum every entry whose
 * key contains {@code "loss"} (mmcv {@code parse_losses}) and back-propagate it. Call inside the
 * step's {@code NDScope}; the optimizer step is the caller's.
 */
public final class TrainStep {
    private TrainStep() {}

    /** Runs one forward and backward; returns the logged values ({@code loss} last). */
    public static Map<String, Double> forwardBackward(TrainableModel model, Batch batch) {
        for (Parameter p : model.module().namedParameters().values()) {
            NDArray g = p.grad();
            if (g != null) {
                g.muli(0);
            }
        }
        Map<String, Double> logVars = new LinkedHashMap<>();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            LinkedHashMap<String, NDArray> losses = model.forwardTrain(batch);
            Map<String, NDArray> means = new LinkedHashMap<>();
            losses.forEach((k, v) -> means.put(k, v.getShape().dimension() == 0 ? v : v.mean()));
            NDArray total = null;
            for (Map.Entry<String, NDArray> e : means.entrySet()) {
                if (e.getKey().contains("loss")) {
                    total = total == null ? e.getValue() : total.add(e.getValue());
                }
            }
            if (total == null) {
                throw new MgdException("forwardTrain of " + model.getClass().getSimpleName()
                        + " returned no entry whose key contains 'loss'; keys are " + losses.keySet());
            }
            means.put("loss", total);
            means.forEach((k, v) -> logVars.put(k, (double) v.toType(DataType.FLOAT32, false).getFloat()));
            gc.backward(total);
        }
        return logVars;
    }
}
