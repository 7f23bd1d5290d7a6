package io.mgd.core.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mgd.core.data.Batch;
import io.mgd.core.data.DataLoader;
import io.mgd.core.nn.Module;
import io.mgd.core.nn.layers.Linear;
import io.mgd.core.nn.layers.ReLU;
import io.mgd.core.nn.layers.Sequential;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A 2-layer classifier on fixed random data, and a loader over it, for runner tests. */
final class Toys {
    private Toys() {}

    static final int IN = 6;
    static final int CLASSES = 3;

    /** Linear-ReLU-Linear with cross-entropy ({@code loss_cls}), an L2 term and accuracy. */
    static final class ToyModel implements TrainableModel {
        private final Sequential net;

        ToyModel(NDManager m, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            net = new Sequential(m, List.of(new Linear(m, IN, 8, true), new ReLU(m), new Linear(m, 8, CLASSES, true)));
            net.namedParameters().values().forEach(p -> {
                float[] v = new float[(int) p.data().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (r.nextDouble() - 0.5);
                }
                p.set(m.create(v, p.data().getShape()));
            });
        }

        @Override
        public Module module() {
            return net;
        }

        NDArray logits(NDArray x) {
            return net.forward(x);
        }

        @Override
        public LinkedHashMap<String, NDArray> forwardTrain(Batch batch) {
            NDArray logits = logits(batch.getArray("img"));
            NDArray labels = batch.getArray("gt_label");
            NDArray logp = logits.logSoftmax(1);
            NDArray nll = logp.mul(labels.oneHot(CLASSES)).sum(new int[] {1}).neg().mean();
            LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
            out.put("loss_cls", nll);
            out.put("acc", logits.argMax(1).toType(DataType.INT64, false).eq(labels).toType(DataType.FLOAT32, false)
                    .mean().mul(100));
            out.put("loss_aux", net.namedParameters().get("2.weight").data().square().sum().mul(0.01f));
            return out;
        }

        @Override
        public List<String> classes() {
            return List.of("a", "b", "c");
        }
    }

    /** Fixed data: {@code batches} batches of {@code batchSize}; the order rotates with the epoch. */
    static final class ToyLoader implements DataLoader {
        private final float[][] x;
        private final long[] y;
        private final int batchSize;
        int epoch;
        final List<Integer> epochsSeen = new ArrayList<>();

        ToyLoader(int batches, int batchSize, long seed) {
            this.batchSize = batchSize;
            SplittableRandom r = new SplittableRandom(seed);
            int n = batches * batchSize;
            x = new float[n][IN];
            y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(CLASSES);
                for (int j = 0; j < IN; j++) {
                    x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 1.5 : 0));
                }
            }
        }

        @Override
        public Iterator<Batch> iterator(NDManager manager) {
            return new Iterator<>() {
                int b;

                @Override
                public boolean hasNext() {
                    return b < size();
                }

                @Override
                public Batch next() {
                    int start = ((b++ + epoch) % size()) * batchSize;
                    float[] flat = new float[batchSize * IN];
                    long[] labels = new long[batchSize];
                    for (int i = 0; i < batchSize; i++) {
                        System.arraycopy(x[start + i], 0, flat, i * IN, IN);
                        labels[i] = y[start + i];
                    }
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("img", manager.create(flat, new Shape(batchSize, IN)));
                    f.put("gt_label", manager.create(labels));
                    return new Batch(f, batchSize);
                }
            };
        }

        @Override
        public int size() {
            return y.length / batchSize;
        }

        @Override
        public int datasetSize() {
            return y.length;
        }

        @Override
        public void setEpoch(int e) {
            epoch = e;
            epochsSeen.add(e);
        }

        NDList all(NDManager m) {
            float[] flat = new float[y.length * IN];
            for (int i = 0; i < y.length; i++) {
                System.arraycopy(x[i], 0, flat, i * IN, IN);
            }
            return new NDList(m.create(flat, new Shape(y.length, IN)), m.create(y));
        }
    }

    /** Top-1 accuracy of the model over the loader's data, in percent. */
    static Evaluator accuracy(ToyModel model, ToyLoader data) {
        return new Evaluator() {
            @Override
            public LinkedHashMap<String, Object> evaluate(BaseRunner runner) {
                try (NDManager m = runner.manager().newSubManager()) {
                    NDList xy = data.all(m);
                    NDArray pred = model.logits(xy.get(0)).argMax(1).toType(DataType.INT64, false);
                    double acc = pred.eq(xy.get(1)).toType(DataType.FLOAT32, false).mean().getFloat() * 100;
                    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
                    out.put("accuracy_top-1", acc);
                    return out;
                }
            }

            @Override
            public int numBatches() {
                return data.size();
            }
        };
    }
}
