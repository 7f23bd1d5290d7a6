package io.mgd.det.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.data.Compose;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Registries;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A tiny COCO file covering mmdet's parsing rules. Categories in file order: 3 cat, 1 dog, 7 bird.
 * <pre>
 * image 10 a.png 100×80: 1 cat [10,20,30,40]      → label 0, [10,20,40,60]
 *                        2 dog crowd [5,5,10,10]  → bboxes_ignore [5,5,15,15]
 *                        3 w = 0.5, 4 area 0, 5 ignore, 6 outside the image, 7 category 99 → skipped
 *                        8 bird [1.5,2.25,10.1,3.3] → label 2, [1.5,2.25,11.6,5.55] (float32)
 * image 11 b.png 64×64:  no annotations          → dropped by filter_empty_gt
 * image 12 c.png 20×100: 9 dog                   → dropped: shorter side 20 < 32
 * image 13 d.png 50×40:  10 cat crowd            → kept (a crowd box counts), no gt boxes
 * image 14 e.png 40×40:  11 dog [2,2,20,20]      → label 1
 * </pre>
 */
final class CocoFixture {
    static final BuildContext CTX = new BuildContext(Registries.load(), null);

    static final String JSON = """
            {"images": [
              {"id": 10, "file_name": "a.png", "width": 100, "height": 80},
              {"id": 11, "file_name": "b.png", "width": 64, "height": 64},
              {"id": 12, "file_name": "c.png", "width": 20, "height": 100},
              {"id": 13, "file_name": "d.png", "width": 50, "height": 40},
              {"id": 14, "file_name": "e.png", "width": 40, "height": 40}],
             "annotations": [
              {"id": 1, "image_id": 10, "category_id": 3, "bbox": [10, 20, 30, 40], "area": 1200, "iscrowd": 0},
              {"id": 2, "image_id": 10, "category_id": 1, "bbox": [5, 5, 10, 10], "area": 100, "iscrowd": 1},
              {"id": 3, "image_id": 10, "category_id": 3, "bbox": [50, 50, 0.5, 10], "area": 5, "iscrowd": 0},
              {"id": 4, "image_id": 10, "category_id": 3, "bbox": [50, 50, 10, 10], "area": 0, "iscrowd": 0},
              {"id": 5, "image_id": 10, "category_id": 7, "bbox": [1, 1, 5, 5], "area": 25, "ignore": true},
              {"id": 6, "image_id": 10, "category_id": 3, "bbox": [200, 200, 10, 10], "area": 100, "iscrowd": 0},
              {"id": 7, "image_id": 10, "category_id": 99, "bbox": [1, 1, 5, 5], "area": 25, "iscrowd": 0},
              {"id": 8, "image_id": 10, "category_id": 7, "bbox": [1.5, 2.25, 10.1, 3.3], "area": 33, "iscrowd": 0},
              {"id": 9, "image_id": 12, "category_id": 1, "bbox": [1, 1, 5, 5], "area": 25, "iscrowd": 0},
              {"id": 10, "image_id": 13, "category_id": 3, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 1},
              {"id": 11, "image_id": 14, "category_id": 1, "bbox": [2, 2, 20, 20], "area": 400, "iscrowd": 0}],
             "categories": [{"id": 3, "name": "cat"}, {"id": 1, "name": "dog"}, {"id": 7, "name": "bird"}]}
            """;

    private CocoFixture() {}

    /** Writes {@code dir/ann.json} and grey PNGs of the listed sizes under {@code dir/imgs/}. */
    static Path write(Path dir) throws IOException {
        Files.writeString(dir.resolve("ann.json"), JSON);
        Path imgs = Files.createDirectories(dir.resolve("imgs"));
        String[] names = {"a.png", "b.png", "c.png", "d.png", "e.png"};
        int[][] sizes = {{100, 80}, {64, 64}, {20, 100}, {50, 40}, {40, 40}};
        for (int i = 0; i < names.length; i++) {
            BufferedImage bi = new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < sizes[i][1]; y++) {
                for (int x = 0; x < sizes[i][0]; x++) {
                    bi.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | (i * 40));
                }
            }
            ImageIO.write(bi, "png", imgs.resolve(names[i]).toFile());
        }
        return dir.resolve("ann.json");
    }

    static CocoDataset.Options options(Path ann, Object classes, boolean testMode, boolean filterEmptyGt) {
        return new CocoDataset.Options(ann.toString(), List.of(), classes, null, ann.getParent().resolve("imgs")
                + "/", null, null, testMode, filterEmptyGt, null);
    }

    static CocoDataset dataset(Path ann, Object classes, boolean testMode, boolean filterEmptyGt) {
        return new CocoDataset(options(ann, classes, testMode, filterEmptyGt), new Compose(List.of()));
    }

    /** The mmdet training pipeline with a small scale. */
    static List<ConfigDict> trainPipeline(int sizeDivisor) {
        return List.of(ConfigDict.of("type", "LoadImageFromFile"),
                ConfigDict.of("type", "LoadAnnotations", "with_bbox", true),
                ConfigDict.of("type", "Resize", "img_scale", List.of(50, 40), "keep_ratio", true),
                ConfigDict.of("type", "RandomFlip", "flip_ratio", 0.0),
                ConfigDict.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
                        "std", List.of(58.395, 57.12, 57.375), "to_rgb", true),
                ConfigDict.of("type", "Pad", "size_divisor", sizeDivisor),
                ConfigDict.of("type", "DefaultFormatBundle"),
                ConfigDict.of("type", "Collect", "keys", List.of("img", "gt_bboxes", "gt_labels")));
    }
}
