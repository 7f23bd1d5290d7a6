package io.mgd.seg.datasets;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.registry.BuildContext;
import io.mgd.core.registry.Default;
import java.util.List;

/**
 * mmseg {@code CityscapesDataset}: a {@link CustomDataset} with the 19 Cityscapes train classes
 * and palette, {@code img_suffix='_leftImg8bit.png'} and
 * {@code seg_map_suffix='_gtFine_labelTrainIds.png'}; images
 * {@code leftImg8bit/<split>/<city>/*_leftImg8bit.png}, labels
 * {@code gtFine/<split>/<city>/*_gtFine_labelTrainIds.png}.
 */
public final class CityscapesDataset extends CustomDataset {
    /** The 19 evaluation classes, in train-id order. */
    public static final List<String> CLASSES = List.of("road", "sidewalk", "building", "wall", "fence", "pole",
            "traffic light", "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus",
            "train", "motorcycle", "bicycle");

    /** Their colours ([r, g, b]). */
    public static final List<List<Integer>> PALETTE = List.of(List.of(128, 64, 128), List.of(244, 35, 232),
            List.of(70, 70, 70), List.of(102, 102, 156), List.of(190, 153, 153), List.of(153, 153, 153),
            List.of(250, 170, 30), List.of(220, 220, 0), List.of(107, 142, 35), List.of(152, 251, 152),
            List.of(70, 130, 180), List.of(220, 20, 60), List.of(255, 0, 0), List.of(0, 0, 142), List.of(0, 0, 70),
            List.of(0, 60, 100), List.of(0, 80, 100), List.of(0, 0, 230), List.of(119, 11, 32));

    /** Options: CustomDataset's, with the Cityscapes suffixes as defaults. */
    public record Options(@Default("[]") List<Object> pipeline, String imgDir,
            @Default("_leftImg8bit.png") String imgSuffix, @Default("null") String annDir,
            @Default("_gtFine_labelTrainIds.png") String segMapSuffix, @Default("null") String split,
            @Default("null") String dataRoot, @Default("false") boolean testMode, @Default("255") int ignoreIndex,
            @Default("false") boolean reduceZeroLabel, @Default("null") Object classes, @Default("null") Object palette,
            @Default("null") ConfigDict gtSegMapLoaderCfg) {
        CustomDataset.Options toCustom() {
            return new CustomDataset.Options(pipeline, imgDir, imgSuffix, annDir, segMapSuffix, split, dataRoot,
                    testMode, ignoreIndex, reduceZeroLabel, classes, palette, gtSegMapLoaderCfg);
        }
    }

    /** Builds the dataset. */
    public CityscapesDataset(Options o, BuildContext ctx) {
        super(o.toCustom(), ctx, CLASSES, PALETTE, "CityscapesDataset");
    }
}
