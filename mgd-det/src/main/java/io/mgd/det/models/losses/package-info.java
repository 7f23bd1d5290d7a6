/** mmdet-style weighted losses (models/losses), parameter-less modules in the LOSSES registry. */
package io.mgd.det.models.losses;
