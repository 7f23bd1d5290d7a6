package io.mgd.core.models.distillers;

import io.mgd.core.nn.Module;

/**
 * Loads {@code teacher_pretrained} into the teacher, like mmcv's {@code load_checkpoint(teacher,
 * path, map_location='cpu')}. The {@code .pth} loader of {@code io.mgd.core.checkpoint} provides
 * the real implementation; tests pass a lambda.
 */
@FunctionalInterface
public interface TeacherWeights {
    /**
     * Copies the weights at {@code source} (a local path or a URL scheme such as {@code
     * torchvision://}) into {@code teacher}.
     *
     * @throws io.mgd.core.util.MgdException naming {@code source} when it cannot be read
     */
    void load(Module teacher, String source);
}
