/**
 * mmcls 0.19 classification datasets (ImageNet, CustomDataset, CIFAR10/100, MNIST,
 * FashionMNIST) registered by {@link io.mgd.cls.datasets.ClsDataModule}.
 */
package io.mgd.cls.datasets;
