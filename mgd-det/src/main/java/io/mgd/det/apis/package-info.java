/** The detection task plug-in of the tools ({@link io.mgd.det.apis.DetTask}). */
package io.mgd.det.apis;
