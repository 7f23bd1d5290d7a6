/** Box geometry: IoU/IoF/GIoU (mmdet core/bbox/iou_calculators). */
package io.mgd.det.core.bbox;
