package io.mgd.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A custom {@link Collate} in {@link SampleLoader}, and per-sample HostArray lists in {@link Batch}. */
class CollateTest {
    /** Sample i has i+1 "boxes": a ragged field the standard collate cannot stack. */
    private static final Dataset RAGGED = new Dataset() {
        @Override
        public int size() {
            return 3;
        }

        @Override
        public Map<String, Object> get(int index, RandomGenerator rng) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("boxes", HostArray.ofFloat32(new float[(index + 1) * 4], index + 1, 4));
            out.put("id", (long) index);
            return out;
        }
    };

    /** Keeps "boxes" as a per-sample list; everything else through the standard collate. */
    private static Map<String, Object> listBoxes(List<Map<String, Object>> samples) {
        List<Object> boxes = new ArrayList<>();
        List<Map<String, Object>> rest = new ArrayList<>();
        for (Map<String, Object> s : samples) {
            boxes.add(s.get("boxes"));
            Map<String, Object> r = new LinkedHashMap<>(s);
            r.remove("boxes");
            rest.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>(Collate.standard().collate(rest));
        out.put("boxes", boxes);
        return out;
    }

    @Test
    void customCollateGivesOneNDArrayPerSampleInAnNDList() {
        try (NDManager m = NDManager.newBaseManager()) {
            SampleLoader loader = new SampleLoader(RAGGED, 2, 1, false, false, 0, CollateTest::listBoxes);
            List<List<Shape>> shapes = new ArrayList<>();
            List<long[]> ids = new ArrayList<>();
            NDList firstBoxes;
            try (SampleLoader.Epoch it = loader.iterate(0, m)) {
                Batch b = it.next();
                firstBoxes = assertInstanceOf(NDList.class, b.get("boxes"));
                shapes.add(firstBoxes.stream().map(a -> a.getShape()).toList());
                ids.add(b.getArray("id").toLongArray());
                b.close();
                assertTrue(firstBoxes.stream().allMatch(a -> a.isReleased()), "Batch.close frees the listed arrays");
                try (Batch b2 = it.next()) {
                    shapes.add(b2.getList("boxes").stream().map(a -> ((ai.djl.ndarray.NDArray) a).getShape()).toList());
                    ids.add(b2.getArray("id").toLongArray());
                }
            }
            assertEquals(List.of(List.of(new Shape(1, 4), new Shape(2, 4)), List.of(new Shape(3, 4))), shapes);
            assertArrayEquals(new long[] {0, 1}, ids.get(0));
            assertArrayEquals(new long[] {2}, ids.get(1));
        }
    }
}
