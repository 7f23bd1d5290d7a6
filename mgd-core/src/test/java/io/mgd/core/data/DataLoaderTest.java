package io.mgd.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.testing.Layouts;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Sample i: a random 2×3×4 float image drawn from rng, its label and a meta dict. */
    record Synthetic(int n, int failAt) implements Dataset {
        @Override
        public int size() {
            return n;
        }

        @Override
        public Map<String, Object> get(int index, RandomGenerator rng) {
            if (index == failAt) {
                throw new MgdException("broken sample " + index);
            }
            float[] img = new float[24];
            for (int k = 0; k < img.length; k++) {
                img[k] = index + (float) rng.nextDouble();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("img_metas", Map.of("index", index));
            out.put("img", HostArray.ofFloat32(img, 2, 3, 4));
            out.put("gt_label", (long) index);
            return out;
        }
    }

    private static List<Object[]> drain(SampleLoader loader, int epoch, NDManager m) {
        List<Object[]> out = new ArrayList<>();
        try (SampleLoader.Epoch it = loader.iterate(epoch, m)) {
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    out.add(new Object[] {b.getArray("img").toFloatArray(), b.getArray("gt_label").toLongArray(),
                        b.getList("img_metas")});
                }
            }
        }
        return out;
    }

    @Test
    void batchCountsAndDropLast() {
        assertEquals(4, new SampleLoader(new Synthetic(10, -1), 3, 0, false, false, 0).size());
        assertEquals(3, new SampleLoader(new Synthetic(10, -1), 3, 0, false, true, 0).size());
        try (NDManager m = NDManager.newBaseManager()) {
            List<Object[]> keep = drain(new SampleLoader(new Synthetic(10, -1), 3, 0, false, false, 0), 0, m);
            assertArrayEquals(new long[] {9}, (long[]) keep.get(3)[1], "last partial batch kept");
            List<Object[]> drop = drain(new SampleLoader(new Synthetic(10, -1), 3, 0, false, true, 0), 0, m);
            assertEquals(3, drop.size());
            assertArrayEquals(new long[] {6, 7, 8}, (long[]) drop.get(2)[1]);
        }
    }

    @Test
    void collatesImagesLabelsAndMetas() {
        try (NDManager m = NDManager.newBaseManager()) {
            SampleLoader loader = new SampleLoader(new Synthetic(5, -1), 2, 0, false, false, 7);
            try (SampleLoader.Epoch it = loader.iterate(0, m); Batch b = it.next()) {
                NDArray img = b.getArray("img");
                assertEquals(new Shape(2, 2, 3, 4), img.getShape());
                assertEquals(DataType.FLOAT32, img.getDataType());
                assertEquals(DataType.INT64, b.getArray("gt_label").getDataType());
                assertEquals(List.of(Map.of("index", 0), Map.of("index", 1)), b.getList("img_metas"));
                assertEquals(2, b.size());
                float[] first = img.toFloatArray();
                assertTrue(first[0] >= 0 && first[0] < 1 && first[24] >= 1 && first[24] < 2);
                MgdException e = assertThrows(MgdException.class, () -> b.getArray("gt_bboxes"));
                assertTrue(e.getMessage().contains("[img_metas, img, gt_label]"), e.getMessage());
            }
        }
    }

    @Test
    void aChannelsLastLoaderGivesTheSameImagesStoredNhwcAndLeavesNothingBehind() {
        try (NDManager base = NDManager.newBaseManager(); NDManager m = base.newSubManager()) {
            SampleLoader plain = new SampleLoader(new Synthetic(5, -1), 2, 0, true, false, 7);
            SampleLoader nhwc = plain.withMemoryFormat(MemoryFormat.CHANNELS_LAST);
            assertEquals(MemoryFormat.CONTIGUOUS_FORMAT, plain.memoryFormat());
            assertEquals(MemoryFormat.CHANNELS_LAST, nhwc.memoryFormat());
            assertEquals(plain.size(), nhwc.size());
            assertArrayEquals(plain.order(1), nhwc.order(1), "same seed, same order");
            int before = m.getManagedArrays().size();
            try (SampleLoader.Epoch a = plain.iterate(1, m); SampleLoader.Epoch b = nhwc.iterate(1, m)) {
                while (a.hasNext()) {
                    try (Batch x = a.next(); Batch y = b.next()) {
                        NDArray img = y.getArray("img");
                        assertEquals(x.getArray("img").getShape(), img.getShape());
                        // (Not toFloatArray: DJL leaves the contiguous copy it reads in the manager.)
                        try (NDArray same = x.getArray("img").eq(img); NDArray all = same.all()) {
                            assertTrue(all.getBoolean());
                        }
                        assertTrue(Layouts.isContiguous(x.getArray("img")));
                        assertTrue(Layouts.isChannelsLast(img));
                        assertSame(m, img.getManager());
                    }
                }
                assertFalse(b.hasNext());
            }
            assertEquals(before, m.getManagedArrays().size(), "the contiguous copies were closed too");
        }
    }

    @Test
    void shuffleIsReproduciblePerSeedAndEpoch() {
        SampleLoader a = new SampleLoader(new Synthetic(50, -1), 4, 0, true, false, 42);
        SampleLoader b = new SampleLoader(new Synthetic(50, -1), 4, 0, true, false, 42);
        assertArrayEquals(a.order(3), b.order(3));
        assertFalse(Arrays.equals(a.order(3), a.order(4)), "epochs reshuffle");
        assertFalse(Arrays.equals(a.order(3), new SampleLoader(new Synthetic(50, -1), 4, 0, true, false, 43).order(3)));
        int[] sorted = a.order(3).clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i], "a permutation");
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.copyOf(
                new SampleLoader(new Synthetic(50, -1), 4, 0, false, false, 42).order(3), 4));
    }

    @Test
    void workersGiveTheSameBatchesAsTheCallerThread() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Object[]> serial = drain(new SampleLoader(new Synthetic(23, -1), 4, 0, true, false, 5), 2, m);
            List<Object[]> threaded = drain(new SampleLoader(new Synthetic(23, -1), 4, 3, true, false, 5), 2, m);
            assertEquals(6, serial.size());
            assertEquals(serial.size(), threaded.size());
            for (int i = 0; i < serial.size(); i++) {
                assertArrayEquals((float[]) serial.get(i)[0], (float[]) threaded.get(i)[0], "img of batch " + i);
                assertArrayEquals((long[]) serial.get(i)[1], (long[]) threaded.get(i)[1], "labels of batch " + i);
                assertEquals(serial.get(i)[2], threaded.get(i)[2]);
            }
            List<Object[]> otherEpoch = drain(new SampleLoader(new Synthetic(23, -1), 4, 3, true, false, 5), 3, m);
            assertNotEquals(Arrays.toString((long[]) serial.get(0)[1]), Arrays.toString((long[]) otherEpoch.get(0)[1]));
        }
    }

    @Test
    void arraysLiveInTheGivenManagerAndAreFreedOnClose() {
        try (NDManager base = NDManager.newBaseManager(); NDManager m = base.newSubManager()) {
            int before = m.getManagedArrays().size();
            List<NDArray> seen = new ArrayList<>();
            SampleLoader loader = new SampleLoader(new Synthetic(9, -1), 2, 2, true, false, 1);
            try (SampleLoader.Epoch it = loader.iterate(0, m)) {
                while (it.hasNext()) {
                    try (Batch b = it.next()) {
                        for (Object v : b.fields().values()) {
                            if (v instanceof NDArray a) {
                                assertSame(m, a.getManager());
                                seen.add(a);
                            }
                        }
                    }
                }
            }
            assertEquals(10, seen.size(), "img and gt_label for 5 batches");
            assertTrue(seen.stream().allMatch(NDArray::isReleased));
            assertEquals(before, m.getManagedArrays().size(), "no arrays left behind in the manager");
        }
    }

    @Test
    void workerErrorsReachTheCaller() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int workers : new int[] {0, 2}) {
                SampleLoader loader = new SampleLoader(new Synthetic(12, 7), 3, workers, false, false, 0);
                MgdException e = assertThrows(MgdException.class, () -> drain(loader, 0, m));
                assertEquals("broken sample 7", e.getMessage());
            }
        }
    }

    @Test
    void closingEarlyStopsTheWorkers() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SampleLoader loader = new SampleLoader(new Synthetic(400, -1), 2, 3, false, false, 0);
            try (SampleLoader.Epoch it = loader.iterate(0, m); Batch b = it.next()) {
                assertEquals(2, b.size());
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (workerThreads() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, workerThreads());
            SampleLoader.Epoch running = loader.iterate(1, m);
            loader.close();
            assertFalse(running.hasNext(), "closing the loader stops its open epochs");
        }
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mgd-data-worker") && t.isAlive()).count();
    }

    @Test
    void hostArraysBecomeNDArraysOfTheSameTypeAndValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u8 = HostArray.ofUint8(new byte[] {0, 7, (byte) 255, 1, 2, 3}, 2, 3).toNDArray(m);
            assertEquals(DataType.UINT8, u8.getDataType());
            assertEquals(new Shape(2, 3), u8.getShape());
            assertArrayEquals(new byte[] {0, 7, (byte) 255, 1, 2, 3}, u8.toByteArray());
            NDArray f64 = HostArray.ofFloat64(new double[] {0.5}).toNDArray(m);
            assertEquals(new Shape(), f64.getShape());
            assertEquals(0.5, f64.toDoubleArray()[0]);
        }
    }

    @Test
    void mismatchedSampleShapesFailWithTheKey() {
        Dataset ragged = new Dataset() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public Map<String, Object> get(int index, RandomGenerator rng) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("img", Image.zeros(4 + index, 4, 3, Image.DType.UINT8));
                return out;
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            MgdException e = assertThrows(MgdException.class,
                    () -> drain(new SampleLoader(ragged, 2, 0, false, false, 0), 0, m));
            assertTrue(e.getMessage().contains("cannot stack 'img'"), e.getMessage());
        }
    }
}
