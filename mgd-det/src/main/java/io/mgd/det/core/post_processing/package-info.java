/** NMS, batched NMS and multi-class NMS (mmcv ops/nms.py, mmdet core/post_processing). */
package io.mgd.det.core.post_processing;
