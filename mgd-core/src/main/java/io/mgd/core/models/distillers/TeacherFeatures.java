package io.mgd.core.models.distillers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * The result of {@link BaseDistiller#teacherForward}: one detached feature per distill location
 * and whatever the teacher forward returned (e.g. logits a task's logit loss needs).
 *
 * @param features teacher features in {@code distill_cfg} order, without autograd graph
 * @param outputs the return value of the task's teacher forward
 */
public record TeacherFeatures(List<NDArray> features, NDList outputs) {
    public TeacherFeatures {
        features = List.copyOf(features);
    }
}
