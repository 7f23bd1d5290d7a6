package io.mgd.det.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO-format ground truth: {@code images}, {@code annotations} (bbox as x, y, w, h; area;
 * iscrowd; category_id) and {@code categories}, as pycocotools' {@code COCO} reads it.
 */
public record CocoGroundTruth(List<Long> imageIds, List<Annotation> annotations, List<Long> categoryIds,
        List<String> categoryNames) {

    /** One gt box; {@code area} is the annotation's own field (used for the area ranges). */
    public record Annotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd) {}

    /** Parses a COCO json file; errors name the file and the bad field. */
    public static CocoGroundTruth load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new ObjectMapper().readTree(in), file.toString());
        } catch (IOException e) {
            throw new MgdException("cannot read COCO annotation file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a COCO json tree; {@code source} names it in errors. */
    public static CocoGroundTruth parse(JsonNode root, String source) {
        List<Long> images = new ArrayList<>();
        for (JsonNode img : array(root, "images", source)) {
            images.add(field(img, "id", source).asLong());
        }
        List<Long> cats = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode c : array(root, "categories", source)) {
            cats.add(field(c, "id", source).asLong());
            names.add(c.path("name").asText(""));
        }
        List<Annotation> anns = new ArrayList<>();
        JsonNode annNode = root.path("annotations");
        int index = 0;
        for (JsonNode a : annNode) {
            index++;
            double[] bbox = bbox(field(a, "bbox", source), source + " annotation " + index);
            double area = a.has("area") ? a.get("area").asDouble() : bbox[2] * bbox[3];
            anns.add(new Annotation(a.has("id") ? a.get("id").asLong() : index, field(a, "image_id", source).asLong(),
                    field(a, "category_id", source).asLong(), bbox, area, a.path("iscrowd").asInt(0) != 0));
        }
        return new CocoGroundTruth(images, anns, cats, names);
    }

    static double[] bbox(JsonNode b, String where) {
        if (!b.isArray() || b.size() != 4) {
            throw new MgdException(where + ": bbox must be [x, y, w, h], got " + b);
        }
        return new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()};
    }

    private static JsonNode array(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || !n.isArray()) {
            throw new MgdException("COCO annotations " + source + ": missing list '" + key + "'");
        }
        return n;
    }

    private static JsonNode field(JsonNode n, String key, String source) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new MgdException("COCO annotations " + source + ": an entry lacks '" + key + "': " + n);
        }
        return v;
    }
}
