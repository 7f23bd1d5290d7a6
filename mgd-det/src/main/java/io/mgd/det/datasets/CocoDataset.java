package io.mgd.det.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Compose;
import io.mgd.core.data.Dataset;
import io.mgd.core.data.HostArray;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * mmdet {@code CocoDataset} (on {@code CustomDataset}): images and boxes of a COCO instances JSON
 * file. Arguments are mmdet's: {@code ann_file}, {@code pipeline}, {@code classes},
 * {@code data_root}, {@code img_prefix}, {@code seg_prefix}, {@code proposal_file} (must be
 * None), {@code test_mode}, {@code filter_empty_gt}, {@code file_client_args} (disk only).
 *
 * <ul>
 *   <li>{@code classes}: None → the names of the file's categories in file order (mmdet would use
 *       its 80 COCO names, which are exactly the file's categories for COCO itself); a list → those
 *       names; a string → a file with one name a line. Labels follow mmdet's {@code cat2label}:
 *       the categories whose name is in {@code classes}, numbered in file order.
 *   <li>Training ({@code test_mode=False}) keeps images whose shorter side is at least 32 and, with
 *       {@code filter_empty_gt}, that have an annotation of a wanted category (a crowd box counts).
 *   <li>{@link #getAnnInfo}: boxes {@code [x, y, x + w, y + h]} (float32); annotations with
 *       {@code ignore}, no overlap with the image, {@code area <= 0}, {@code w < 1} or {@code h < 1},
 *       or an unwanted category are skipped; {@code iscrowd} boxes go to {@code bboxes_ignore}.
 *   <li>{@link #get}: the pipeline on {@code {img_info, ann_info, img_prefix, seg_prefix,
 *       proposal_file, bbox_fields, mask_fields, seg_fields}}; during training a sample the
 *       pipeline drops is replaced by a random image of the same aspect-ratio group.
 * </ul>
 */
public final class CocoDataset implements Dataset {
    /** Options (mmdet names and defaults). */
    public record Options(String annFile, List<Object> pipeline, @Default("null") Object classes,
            @Default("null") String dataRoot, @Default("''") String imgPrefix, @Default("null") String segPrefix,
            @Default("null") String proposalFile, @Default("false") boolean testMode,
            @Default("true") boolean filterEmptyGt, @Default("{backend: disk}") ConfigDict fileClientArgs) {
        public Options {
            if (proposalFile != null) {
                throw new ConfigException("CocoDataset: proposal_file is not supported (got '" + proposalFile + "')");
            }
            String backend = fileClientArgs == null ? "disk" : fileClientArgs.getString("backend", "disk");
            if (!backend.equals("disk")) {
                throw new ConfigException("CocoDataset: file_client_args.backend '" + backend
                        + "' is not supported; only 'disk'");
            }
        }
    }

    /** Shorter image side below which training images are dropped ({@code _filter_imgs(min_size=32)}). */
    static final int MIN_SIZE = 32;
    private static final int MAX_RETRIES = 1000;

    private final String annFile;
    private final String imgPrefix;
    private final String segPrefix;
    private final boolean testMode;
    private final boolean filterEmptyGt;
    private final List<String> classes;
    private final Compose pipeline;
    private final CocoApi coco;
    private final List<Long> catIds;
    private final Map<Long, Integer> cat2label = new LinkedHashMap<>();
    private final List<Long> imgIds;
    private final List<Map<String, Object>> dataInfos;
    private final byte[] flag;

    /** Builds the dataset from its options (registry factory). */
    public CocoDataset(Options o, BuildContext ctx) {
        this(o, DetDataModule.buildPipeline(o.pipeline(), ctx));
    }

    /** Builds the dataset with an already-built pipeline. */
    public CocoDataset(Options o, Compose pipeline) {
        String root = o.dataRoot();
        this.annFile = join(root, o.annFile());
        this.imgPrefix = o.imgPrefix() == null ? null : join(root, o.imgPrefix());
        this.segPrefix = o.segPrefix() == null ? null : join(root, o.segPrefix());
        this.testMode = o.testMode();
        this.filterEmptyGt = o.filterEmptyGt();
        this.coco = CocoApi.load(Path.of(annFile));
        this.classes = o.classes() == null ? coco.cats().stream().map(c -> c.path("name").asText()).toList()
                : getClasses(o.classes());
        this.catIds = coco.catIds(classes);
        for (int i = 0; i < catIds.size(); i++) {
            cat2label.put(catIds.get(i), i);
        }
        List<Long> ids = coco.imgIds();
        List<Map<String, Object>> infos = new ArrayList<>();
        Set<Long> annIds = new HashSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (long id : ids) {
            infos.add(imgInfo(coco.img(id), mapper));
            for (JsonNode a : coco.annsOf(id)) {
                if (!annIds.add(a.path("id").asLong())) {
                    throw new MgdException("CocoDataset: Annotation ids in '" + annFile + "' are not unique (id "
                            + a.path("id").asLong() + " repeats)");
                }
            }
        }
        if (!testMode) {
            List<Integer> valid = filterImgs(ids, infos);
            ids = valid.stream().map(ids::get).toList();
            List<Map<String, Object>> kept = new ArrayList<>();
            for (int i : valid) {
                kept.add(infos.get(i));
            }
            infos = kept;
        }
        this.imgIds = List.copyOf(ids);
        this.dataInfos = Collections.unmodifiableList(infos);
        this.flag = new byte[infos.size()];
        for (int i = 0; i < flag.length; i++) {
            flag[i] = (byte) (number(infos.get(i), "width") / number(infos.get(i), "height") > 1 ? 1 : 0);
        }
        this.pipeline = pipeline;
    }

    /** mmdet {@code _filter_imgs(min_size=32)}: indices of the images to keep for training. */
    private List<Integer> filterImgs(List<Long> ids, List<Map<String, Object>> infos) {
        Set<Long> inCat = new HashSet<>();
        for (long c : catIds) {
            inCat.addAll(coco.imgsWithCat(c));
        }
        inCat.retainAll(coco.imgsWithAnn());
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (filterEmptyGt && !inCat.contains(ids.get(i))) {
                continue;
            }
            if (Math.min(number(infos.get(i), "width"), number(infos.get(i), "height")) >= MIN_SIZE) {
                valid.add(i);
            }
        }
        return valid;
    }

    /** The COCO image dict as a map, plus {@code filename = file_name}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> imgInfo(JsonNode img, ObjectMapper mapper) {
        if (!img.path("file_name").isTextual() || !img.path("width").isNumber() || !img.path("height").isNumber()) {
            throw new MgdException("CocoDataset: image " + img.path("id") + " in " + annFile
                    + " needs a string 'file_name' and numbers 'width' and 'height': " + CocoApi.abbreviate(img));
        }
        Map<String, Object> info = mapper.convertValue(img, LinkedHashMap.class);
        info.put("filename", img.get("file_name").asText());
        return Collections.unmodifiableMap(info);
    }

    private static double number(Map<String, Object> info, String key) {
        return ((Number) info.get(key)).doubleValue();
    }

    /** mmdet {@code get_classes}: a list of names, or a file with one name a line. */
    private static List<String> getClasses(Object classes) {
        if (classes instanceof String file) {
            try {
                return List.copyOf(Files.readAllLines(Path.of(file)));
            } catch (IOException e) {
                throw new MgdException("CocoDataset: cannot read classes file " + file + ": " + e, e);
            }
        }
        if (classes instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new ConfigException("CocoDataset: classes must be None, a file name or a list of names, got "
                + ConfigDict.describe(classes));
    }

    /** {@code osp.join(root, path)} unless {@code root} is None or {@code path} is absolute. */
    static String join(String root, String path) {
        if (root == null || path.startsWith("/")) {
            return path;
        }
        return root.isEmpty() || root.endsWith("/") ? root + path : root + "/" + path;
    }

    /**
     * mmdet {@code get_ann_info(idx)}: {@code bboxes} (n, 4) float32, {@code labels} (n,) int64,
     * {@code bboxes_ignore} (k, 4) float32, {@code masks} (the raw segmentations), {@code seg_map}.
     */
    public Map<String, Object> getAnnInfo(int idx) {
        Map<String, Object> img = dataInfos.get(idx);
        double width = number(img, "width");
        double height = number(img, "height");
        List<Float> boxes = new ArrayList<>();
        List<Float> ignore = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        List<Object> masks = new ArrayList<>();
        for (JsonNode ann : coco.annsOf(imgIds.get(idx))) {
            if (truthy(ann.get("ignore"))) {
                continue;
            }
            JsonNode bbox = ann.get("bbox");
            if (bbox == null || !bbox.isArray() || bbox.size() != 4 || !ann.has("area")
                    || !ann.has("category_id")) {
                throw new MgdException("CocoDataset: annotation " + ann.path("id") + " in " + annFile
                        + " needs 'bbox' [x, y, w, h], 'area' and 'category_id': " + CocoApi.abbreviate(ann));
            }
            double x1 = bbox.get(0).asDouble();
            double y1 = bbox.get(1).asDouble();
            double w = bbox.get(2).asDouble();
            double h = bbox.get(3).asDouble();
            double interW = Math.max(0, Math.min(x1 + w, width) - Math.max(x1, 0));
            double interH = Math.max(0, Math.min(y1 + h, height) - Math.max(y1, 0));
            if (interW * interH == 0 || ann.get("area").asDouble() <= 0 || w < 1 || h < 1) {
                continue;
            }
            Integer label = cat2label.get(ann.get("category_id").asLong());
            if (label == null) {
                continue;
            }
            float[] box = {(float) x1, (float) y1, (float) (x1 + w), (float) (y1 + h)};
            List<Float> target = truthy(ann.get("iscrowd")) ? ignore : boxes;
            for (float v : box) {
                target.add(v);
            }
            if (target == boxes) {
                labels.add((long) label);
                masks.add(ann.has("segmentation") ? ann.get("segmentation") : null);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bboxes", boxArray(boxes));
        out.put("labels", HostArray.ofInt64(labels.stream().mapToLong(Long::longValue).toArray(), labels.size()));
        out.put("bboxes_ignore", boxArray(ignore));
        out.put("masks", Collections.unmodifiableList(masks));
        out.put("seg_map", ((String) img.get("filename")).replace("jpg", "png"));
        return out;
    }

    /** mmdet {@code get_cat_ids(idx)}: the category ids of all annotations of image {@code idx}. */
    public List<Long> getCatIds(int idx) {
        return coco.annsOf(imgIds.get(idx)).stream().map(a -> a.path("category_id").asLong()).toList();
    }

    private static HostArray boxArray(List<Float> flat) {
        float[] a = new float[flat.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = flat.get(i);
        }
        return HostArray.ofFloat32(a, a.length / 4, 4);
    }

    /** Python truthiness of a JSON value that may be absent (absent, null, false, 0 are false). */
    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        return !(v.isTextual() && v.asText().isEmpty()) && !(v.isContainerNode() && v.isEmpty());
    }

    @Override
    public int size() {
        return dataInfos.size();
    }

    @Override
    public Map<String, Object> get(int index, RandomGenerator rng) {
        if (testMode) {
            return prepare(index, false, rng);
        }
        int idx = index;
        for (int tries = 0; tries < MAX_RETRIES; tries++) {
            Map<String, Object> data = prepare(idx, true, rng);
            if (data != null) {
                return data;
            }
            idx = randAnother(idx, rng);
        }
        throw new MgdException("CocoDataset: the pipeline dropped " + MAX_RETRIES + " samples in a row (starting at "
                + index + "); check the pipeline's filtering steps against " + annFile);
    }

    /** mmdet {@code prepare_train_img}/{@code prepare_test_img} with {@code pre_pipeline}. */
    private Map<String, Object> prepare(int idx, boolean withAnn, RandomGenerator rng) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("img_info", new LinkedHashMap<>(dataInfos.get(idx)));
        if (withAnn) {
            results.put("ann_info", getAnnInfo(idx));
        }
        results.put("img_prefix", imgPrefix);
        results.put("seg_prefix", segPrefix);
        results.put("proposal_file", null);
        results.put("bbox_fields", new ArrayList<String>());
        results.put("mask_fields", new ArrayList<String>());
        results.put("seg_fields", new ArrayList<String>());
        return pipeline.apply(results, rng);
    }

    /** mmdet {@code _rand_another}: a random index of the same aspect-ratio group. */
    private int randAnother(int idx, RandomGenerator rng) {
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < flag.length; i++) {
            if (flag[i] == flag[idx]) {
                pool.add(i);
            }
        }
        return pool.get(rng.nextInt(pool.size()));
    }

    /** mmdet's group flag: 1 where width / height > 1, else 0 (for group samplers). */
    public byte[] flag() {
        return flag.clone();
    }

    /** {@code CLASSES}. */
    public List<String> classes() {
        return classes;
    }

    /** {@code cat_ids}: COCO category id of each label. */
    public List<Long> catIds() {
        return catIds;
    }

    /** {@code cat2label}: label of each wanted COCO category id. */
    public Map<Long, Integer> cat2label() {
        return Collections.unmodifiableMap(cat2label);
    }

    /** {@code img_ids}: COCO image id of each sample. */
    public List<Long> imgIds() {
        return imgIds;
    }

    /** {@code data_infos[i]}: the COCO image dict plus {@code filename}. */
    public Map<String, Object> dataInfo(int i) {
        return dataInfos.get(i);
    }

    public boolean testMode() {
        return testMode;
    }

    /** The annotation file after joining {@code data_root}. */
    public String annFile() {
        return annFile;
    }

    /** The image prefix after joining {@code data_root}. */
    public String imgPrefix() {
        return imgPrefix;
    }

    public Compose pipeline() {
        return pipeline;
    }

    /** The parsed annotation file, as the COCO evaluator needs it. */
    public JsonNode cocoJson() {
        return coco.dataset();
    }

    /**
     * mmdet {@code _det2json}: per-image, per-label {@code (n, 5)} detections {@code [x1, y1, x2,
     * y2, score]} to COCO results. See {@link CocoResults#det2json}.
     */
    public List<Map<String, Object>> results2json(List<List<float[][]>> results) {
        return CocoResults.det2json(this, results);
    }

    /** mmdet {@code evaluate(results, metric='bbox')} with the {@link BboxEvaluator} on the class path. */
    public Map<String, Object> evaluate(List<List<float[][]>> results, List<String> metrics) {
        return CocoResults.evaluate(this, results, metrics, CocoResults.serviceEvaluator(), CocoResults.defaults());
    }

    /** mmdet {@code evaluate} with an explicit evaluator and options. */
    public Map<String, Object> evaluate(List<List<float[][]>> results, List<String> metrics, BboxEvaluator evaluator,
            CocoResults.EvalOptions options) {
        return CocoResults.evaluate(this, results, metrics, evaluator, options);
    }
}
