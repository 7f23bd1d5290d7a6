package io.mgd.core.apis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.mgd.core.data.Batch;
import io.mgd.core.models.TaskModel;
import io.mgd.core.models.distillers.BaseDistiller;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.Parameter;
import io.mgd.core.runner.TrainableModel;
import io.mgd.core.util.MgdException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts a built model (a {@link TaskModel} or a {@link BaseDistiller}) to the runner: the batch's
 * {@code img} is the input and every other field is a target ({@code gt_label}, {@code gt_bboxes},
 * {@code img_metas}, ...). A distiller optimises only its student and distillation losses.
 */
public final class ModelTrainable implements TrainableModel {
    private final Module module;
    private final List<String> classes;

    public ModelTrainable(Module module, List<String> classes) {
        if (!(module instanceof TaskModel) && !(module instanceof BaseDistiller)) {
            throw new MgdException(module.getClass().getSimpleName() + " cannot be trained: it is neither a task "
                    + "model nor a distiller");
        }
        this.module = module;
        this.classes = classes;
    }

    @Override
    public Module module() {
        return module;
    }

    @Override
    public LinkedHashMap<String, NDArray> forwardTrain(Batch batch) {
        NDList inputs = new NDList(batch.getArray("img"));
        Map<String, Object> targets = new LinkedHashMap<>(batch.fields());
        targets.remove("img");
        Map<String, NDArray> losses = module instanceof BaseDistiller d ? d.forwardTrain(inputs, targets)
                : ((TaskModel) module).forwardTrain(inputs, targets);
        return new LinkedHashMap<>(losses);
    }

    @Override
    public Map<String, Parameter> trainableParameters() {
        return module instanceof BaseDistiller d ? d.trainableParameters() : module.namedParameters();
    }

    @Override
    public List<String> classes() {
        return classes;
    }
}
