/**
 * mmseg 0.20 evaluation: {@code intersect_and_union} per image, progressive accumulation,
 * {@code mIoU}/{@code mDice}/{@code mFscore}, and the printed tables and logged dict of
 * {@code CustomDataset.evaluate}.
 */
package io.mgd.seg.core.evaluation;
