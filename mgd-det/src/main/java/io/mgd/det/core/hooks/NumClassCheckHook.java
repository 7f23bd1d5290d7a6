package io.mgd.det.core.hooks;

import io.mgd.core.nn.Module;
import io.mgd.core.runner.BaseRunner;
import io.mgd.core.runner.hooks.Hook;
import io.mgd.core.util.MgdException;
import io.mgd.det.models.dense_heads.AnchorHead;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmdet {@code NumClassCheckHook} (in {@code default_runtime}'s {@code custom_hooks}): before each
 * train and val epoch, every head's {@code num_classes} must equal the number of the dataset's
 * {@code CLASSES} (a distiller's teacher and student heads included, as mmdet walks every
 * module of the runner's model).
 */
public final class NumClassCheckHook implements Hook {
    private static final Logger LOG = LoggerFactory.getLogger(NumClassCheckHook.class);

    /** No arguments. */
    public record Options() {}

    @Override
    public void beforeTrainEpoch(BaseRunner runner) {
        check(runner);
    }

    @Override
    public void beforeValEpoch(BaseRunner runner) {
        check(runner);
    }

    static void check(BaseRunner runner) {
        List<String> classes = runner.model().classes();
        Module model = runner.model().module();
        if (classes == null) {
            LOG.warn("Please set `CLASSES` in the dataset and check if it is consistent with the `num_classes` "
                    + "of head");
            return;
        }
        check(model, classes);
    }

    /** The check itself: every {@link AnchorHead} under {@code model} against {@code classes}. */
    public static void check(Module model, List<String> classes) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (e.getValue() instanceof AnchorHead head && head.numClasses() != classes.size()) {
                throw new MgdException("The `num_classes` (" + head.numClasses() + ") in "
                        + head.getClass().getSimpleName() + " ('" + e.getKey() + "') of "
                        + model.getClass().getSimpleName() + " does not match the length of `CLASSES` "
                        + classes.size() + " in the dataset");
            }
        }
    }
}
