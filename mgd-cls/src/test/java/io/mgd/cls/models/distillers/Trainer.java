package io.mgd.cls.models.distillers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.models.distillers.TeacherFeatures;
import io.mgd.core.nn.Parameter;
import io.mgd.core.optim.ParamGroup;
import io.mgd.core.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runner's step shape in miniature: teacher before the collector, SGD over the trainables. */
final class Trainer {
    private final BaseDistiller distiller;
    private final SGD sgd;

    Trainer(BaseDistiller distiller, double lr) {
        this.distiller = distiller;
        Map<String, Parameter> params = distiller.trainableParameters();
        sgd = new SGD(List.of(new ParamGroup(List.copyOf(params.keySet()), List.copyOf(params.values()),
                Map.of("lr", lr, "momentum", 0.9))));
        distiller.train(true);
    }

    /** Runs {@code n} steps on one batch; returns each step's losses as floats by name. */
    List<Map<String, Float>> steps(NDList inputs, Map<String, Object> targets, int n) {
        List<Map<String, Float>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                sgd.zeroGrad();
                TeacherFeatures t = distiller.teacherForward(inputs);
                Map<String, Float> values = new java.util.LinkedHashMap<>();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    Map<String, NDArray> losses = distiller.forwardTrain(inputs, targets, t);
                    NDArray total = null;
                    for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                        // As the runner logs: a loss may be float64 (a double loss_weight on a 0-d float32 loss).
                        values.put(e.getKey(), e.getValue().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                .getFloat());
                        if (e.getKey().contains("loss")) {
                            total = total == null ? e.getValue() : total.add(e.getValue());
                        }
                    }
                    gc.backward(total);
                }
                sgd.step();
                out.add(values);
            }
        }
        return out;
    }
}
