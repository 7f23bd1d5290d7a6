package io.mgd.core.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * What a distiller needs from a task model (mmcls {@code ImageClassifier}, mmdet detectors,
 * mmseg {@code EncoderDecoder}); implemented by {@link io.mgd.core.nn.Module} subclasses whose
 * children are the mmcv ones ({@code backbone}, {@code neck}, {@code head}, …), so forward hooks
 * on dotted paths such as {@code backbone.layer4} capture features.
 */
public interface TaskModel {

    /**
     * The training forward, mmcv's {@code forward_train}: the loss dict with mmcv keys
     * ({@code loss} for mmcls, {@code loss_cls}/{@code loss_bbox} for mmdet, {@code decode.loss_seg}
     * for mmseg). Values are tensors; keys containing {@code loss} are summed by the runner.
     *
     * @param inputs the batch images (N×3×H×W) as the first element
     * @param targets the task's annotations by mmcv name ({@code gt_label}, {@code gt_bboxes},
     *     {@code img_metas}, …)
     */
    Map<String, NDArray> forwardTrain(NDList inputs, Map<String, Object> targets);

    /**
     * mmcv's {@code extract_feat}: the backbone outputs (one per {@code out_indices} entry), passed
     * through the neck when there is one. A teacher runs only this (no head) unless a task needs
     * more.
     */
    NDList extractFeat(NDList inputs);

    /** mmcv's {@code init_weights()}; a no-op for models initialised in their constructors. */
    default void initWeights() {}
}
