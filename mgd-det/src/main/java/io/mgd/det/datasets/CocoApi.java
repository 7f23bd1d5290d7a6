package io.mgd.det.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of pycocotools' {@code COCO} index that mmdet uses: images by id (file order; a
 * repeated id keeps its first position and last value, as a Python dict does), annotations per
 * image and per id, categories in file order, and the images that hold each category.
 */
final class CocoApi {
    private final String file;
    private final JsonNode dataset;
    private final Map<Long, JsonNode> imgs = new LinkedHashMap<>();
    private final Map<Long, JsonNode> anns = new LinkedHashMap<>();
    private final Map<Long, List<JsonNode>> imgToAnns = new LinkedHashMap<>();
    private final Map<Long, Set<Long>> catToImgs = new LinkedHashMap<>();
    private final List<JsonNode> cats = new ArrayList<>();

    private CocoApi(String file, JsonNode dataset) {
        this.file = file;
        this.dataset = dataset;
        for (JsonNode img : array("images")) {
            imgs.put(id(img, "images"), img);
        }
        for (JsonNode cat : array("categories")) {
            id(cat, "categories");
            cats.add(cat);
        }
        for (JsonNode ann : array("annotations")) {
            long annId = id(ann, "annotations");
            long imageId = longField(ann, "image_id");
            anns.put(annId, ann);
            imgToAnns.computeIfAbsent(imageId, k -> new ArrayList<>()).add(ann);
            if (dataset.has("categories")) {
                catToImgs.computeIfAbsent(longField(ann, "category_id"), k -> new LinkedHashSet<>()).add(imageId);
            }
        }
    }

    /** Reads a COCO instances JSON file. */
    static CocoApi load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new MgdException("CocoDataset: cannot read annotation file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MgdException("CocoDataset: " + file + " is not a COCO annotation file (expected a JSON object "
                    + "with images, annotations and categories)");
        }
        return new CocoApi(file.toString(), root);
    }

    /** The whole JSON, for the evaluator. */
    JsonNode dataset() {
        return dataset;
    }

    String file() {
        return file;
    }

    /** {@code get_img_ids()}: image ids in file order. */
    List<Long> imgIds() {
        return List.copyOf(imgs.keySet());
    }

    JsonNode img(long id) {
        return imgs.get(id);
    }

    /** {@code get_ann_ids(img_ids=[id])} then {@code load_anns}: the image's annotations in file order. */
    List<JsonNode> annsOf(long imgId) {
        return imgToAnns.getOrDefault(imgId, List.of());
    }

    /** The category objects in file order. */
    List<JsonNode> cats() {
        return cats;
    }

    /**
     * {@code get_cat_ids(cat_names=names)}: ids of the categories whose name is in {@code names},
     * in file order (not in the order of {@code names}); all ids when {@code names} is empty.
     */
    List<Long> catIds(List<String> names) {
        List<Long> out = new ArrayList<>();
        Set<String> wanted = Set.copyOf(names);
        for (JsonNode c : cats) {
            if (names.isEmpty() || wanted.contains(c.path("name").asText())) {
                out.add(c.get("id").asLong());
            }
        }
        return out;
    }

    /** {@code set(cat_img_map[cat_id])}. */
    Set<Long> imgsWithCat(long catId) {
        return catToImgs.getOrDefault(catId, Set.of());
    }

    /** Image ids that have at least one annotation of any kind. */
    Set<Long> imgsWithAnn() {
        Set<Long> out = new LinkedHashSet<>();
        for (JsonNode a : anns.values()) {
            out.add(a.get("image_id").asLong());
        }
        return out;
    }

    private Iterable<JsonNode> array(String key) {
        JsonNode a = dataset.get(key);
        if (a == null) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new MgdException("CocoDataset: '" + key + "' in " + file + " must be a list, got " + a.getNodeType());
        }
        return a;
    }

    private long id(JsonNode node, String section) {
        if (!node.isObject() || !node.has("id") || !node.get("id").canConvertToLong()) {
            throw new MgdException("CocoDataset: an entry of '" + section + "' in " + file
                    + " has no integer 'id': " + abbreviate(node));
        }
        return node.get("id").asLong();
    }

    private long longField(JsonNode ann, String key) {
        JsonNode v = ann.get(key);
        if (v == null || !v.canConvertToLong()) {
            throw new MgdException("CocoDataset: annotation " + ann.path("id") + " in " + file + " has no integer '"
                    + key + "'");
        }
        return v.asLong();
    }

    static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
