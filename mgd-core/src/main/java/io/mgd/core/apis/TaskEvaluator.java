package io.mgd.core.apis;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.DataLoader;
import io.mgd.core.data.Dataset;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.nn.Module;
import io.mgd.core.runner.BaseRunner;
import io.mgd.core.runner.Evaluator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The evaluation hook's evaluator: the task's test loop over the validation loader, then the
 * dataset metrics. A distiller is evaluated through its student, as the reference does.
 */
final class TaskEvaluator implements Evaluator {
    private final Task task;
    private final Dataset dataset;
    private final DataLoader loader;
    private final List<String> metrics;
    private final ConfigDict metricOptions;

    TaskEvaluator(Task task, Dataset dataset, DataLoader loader, List<String> metrics, ConfigDict metricOptions) {
        this.task = task;
        this.dataset = dataset;
        this.loader = loader;
        this.metrics = metrics;
        this.metricOptions = metricOptions;
    }

    @Override
    public LinkedHashMap<String, Object> evaluate(BaseRunner runner) {
        Module model = runner.model().module();
        Module evaluated = model instanceof BaseDistiller d ? d.student() : model;
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            List<Object> results = task.predict(evaluated, loader, runner.manager());
            return task.evaluate(dataset, results, metrics, metricOptions);
        } finally {
            model.train(wasTraining);
        }
    }

    @Override
    public int numBatches() {
        return loader.size();
    }
}
