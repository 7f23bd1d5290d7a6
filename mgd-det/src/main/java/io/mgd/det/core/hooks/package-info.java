/** mmdet runner hooks. */
package io.mgd.det.core.hooks;
