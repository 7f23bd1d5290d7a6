/** COCO-style bbox evaluation in pure Java (pycocotools COCOeval semantics, mmdet result keys). */
package io.mgd.det.core.evaluation;
