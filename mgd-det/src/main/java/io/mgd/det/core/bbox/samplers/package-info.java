/** Box samplers (mmdet core/bbox/samplers). */
package io.mgd.det.core.bbox.samplers;
