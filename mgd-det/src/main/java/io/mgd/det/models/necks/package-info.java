/** Detection necks (mmdet models/necks). */
package io.mgd.det.models.necks;
