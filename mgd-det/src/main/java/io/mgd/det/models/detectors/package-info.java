/** mmdet detectors: {@link io.mgd.det.models.detectors.RetinaNet} on {@link io.mgd.det.models.detectors.SingleStageDetector}. */
package io.mgd.det.models.detectors;
