/** Box coders (mmdet core/bbox/coder). */
package io.mgd.det.core.bbox.coder;
