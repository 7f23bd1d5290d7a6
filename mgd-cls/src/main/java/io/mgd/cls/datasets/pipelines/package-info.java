/**
 * mmcls 0.19 pipeline steps whose arguments differ from mmdet/mmseg's (Resize, CenterCrop,
 * RandomResizedCrop, RandomCrop, RandomFlip, Pad), registered in
 * {@link io.mgd.cls.datasets.ClsDataModule#PIPELINES}.
 */
package io.mgd.cls.datasets.pipelines;
