/** Box assigners (mmdet core/bbox/assigners); results are host arrays. */
package io.mgd.det.core.bbox.assigners;
