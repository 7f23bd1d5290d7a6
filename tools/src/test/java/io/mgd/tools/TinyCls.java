package io.mgd.tools;

import io.mgd.core.data.IdxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The tiny classification project the tool tests run on: an MNIST-format dataset of 12×12
 * images with class-dependent stripes plus noise (learnable, but only just), and configs for
 * one-channel ResNet_CIFAR-18 classifiers and an MGD distiller over them.
 */
final class TinyCls {
    private TinyCls() {}

    /**
     * Writes {@code train-*} and {@code t10k-*} IDX files ({@code trainN} and {@code testN}
     * images, labels {@code i % 10}) into {@code dir/data}; returns that folder.
     */
    static Path writeData(Path dir, int trainN, int testN, long seed) throws IOException {
        Path data = dir.resolve("data");
        Random r = new Random(seed);
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? trainN : testN;
            byte[] px = new byte[n * 12 * 12];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
                for (int j = 0; j < 144; j++) {
                    px[i * 144 + j] = (byte) (((j / 12 + labels[i]) % 3 == 0 ? 200 : 30) + r.nextInt(40));
                }
            }
            IdxFiles.writeUnsignedBytes(data.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 12, 12}, px);
            IdxFiles.writeUnsignedBytes(data.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        return data;
    }

    /**
     * {@code base.yaml}: train/val/test on {@code data}, SGD 0.05, step lr, a checkpoint and an
     * accuracy evaluation every epoch.
     */
    static String baseConfig(Path data, int samplesPerGpu, int workersPerGpu, int maxEpochs) {
        return """
                data:
                  samples_per_gpu: %d
                  workers_per_gpu: %d
                  train: {type: FashionMNIST, data_prefix: %s, pipeline: &p [{type: Normalize, mean: [100.0], std: [80.0], to_rgb: false}, {type: ImageToTensor, keys: [img]}, {type: ToTensor, keys: [gt_label]}, {type: Collect, keys: [img, gt_label]}]}
                  val: {type: FashionMNIST, data_prefix: %s, test_mode: true, pipeline: &t [{type: Normalize, mean: [100.0], std: [80.0], to_rgb: false}, {type: ImageToTensor, keys: [img]}, {type: Collect, keys: [img]}]}
                  test: {type: FashionMNIST, data_prefix: %s, test_mode: true, pipeline: *t}
                evaluation: {interval: 1, metric: accuracy, metric_options: {topk: [1, 5]}}
                optimizer: {type: SGD, lr: 0.05, momentum: 0.9, weight_decay: 0.0001}
                optimizer_config: {grad_clip: null}
                lr_config: {policy: step, step: [2]}
                runner: {type: EpochBasedRunner, max_epochs: %d}
                checkpoint_config: {interval: 1}
                log_config: {interval: 2, hooks: [{type: TextLoggerHook}]}
                workflow: [[train, 1]]
                """.formatted(samplesPerGpu, workersPerGpu, data, data, data, maxEpochs);
    }

    /** A classifier on {@code base.yaml}: ResNet_CIFAR-18 of base width {@code width}, last stage {@code channels}. */
    static String model(int width, int channels) {
        return """
                _base_: base.yaml
                model:
                  type: ImageClassifier
                  backbone: {type: ResNet_CIFAR, depth: 18, in_channels: 1, stem_channels: %d, base_channels: %d, out_indices: [3]}
                  neck: {type: GlobalAveragePooling}
                  head: {type: LinearClsHead, num_classes: 10, in_channels: %d, loss: {type: CrossEntropyLoss, loss_weight: 1.0}, topk: [1, 5]}
                """.formatted(width, width, channels);
    }

    /**
     * An MGD distiller config ({@code student.yaml} as base) with the classification defaults;
     * {@code teacherPretrained} may be null (a random teacher).
     */
    static String mgdDistiller(Path dir, Path teacherPretrained, int studentChannels, int teacherChannels) {
        return """
                _base_: student.yaml
                distiller:
                  type: ClassificationDistiller
                  teacher_pretrained: %s
                  distill_cfg:
                    - methods: [{type: MGDLoss, name: loss_mgd, student_channels: %d, teacher_channels: %d, alpha_mgd: 0.00007, lambda_mgd: 0.15}]
                student_cfg: %s
                teacher_cfg: %s
                """.formatted(teacherPretrained == null ? "null" : teacherPretrained, studentChannels, teacherChannels,
                dir.resolve("student.yaml"), dir.resolve("teacher.yaml"));
    }

    /** Writes {@code text} to {@code dir/name}. */
    static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
