package io.mgd.core.data;

import ai.djl.ndarray.NDManager;
import io.mgd.core.nn.MemoryFormat;
import io.mgd.core.util.MgdException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches a {@link Dataset} like mmcv's {@code build_dataloader}: {@code samples_per_gpu}
 * samples a batch, {@code workers_per_gpu} worker threads (0 = load in the caller's thread),
 * optional shuffling, optional {@code drop_last}.
 *
 * <p>Reproducibility: the order of an epoch is a permutation drawn from {@code (seed, epoch)},
 * and each sample's transforms draw from a generator seeded by {@code (seed, epoch, index)},
 * so batches are identical for any number of workers. (The numbers differ from PyTorch's
 * sampler; only the semantics are shared.)
 *
 * <p>Memory: workers run the pipeline and stack samples into plain Java arrays; NDArrays are
 * created only when the caller takes a batch, in the manager it passed to {@link #iterate},
 * and {@link Batch#close()} frees them. Each worker keeps at most {@value #PREFETCH} batches
 * ready (PyTorch's default prefetch_factor).
 */
public final class SampleLoader implements DataLoader, AutoCloseable {
    static final int PREFETCH = 2;

    private final Dataset dataset;
    private final int batchSize;
    private final int workers;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final Collate collate;
    private final MemoryFormat imgFormat;
    private final java.util.Set<Epoch> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param samplesPerGpu batch size (≥ 1)
     * @param workersPerGpu loader threads (≥ 0)
     * @param seed the run seed
     */
    public SampleLoader(Dataset dataset, int samplesPerGpu, int workersPerGpu, boolean shuffle, boolean dropLast,
            long seed) {
        this(dataset, samplesPerGpu, workersPerGpu, shuffle, dropLast, seed, Collate.standard());
    }

    /**
     * A loader whose batches are made by {@code collate} instead of the standard mmcv collate
     * (e.g. detection batches that pad images to the largest one and keep per-image box lists).
     */
    public SampleLoader(Dataset dataset, int samplesPerGpu, int workersPerGpu, boolean shuffle, boolean dropLast,
            long seed, Collate collate) {
        this(dataset, samplesPerGpu, workersPerGpu, shuffle, dropLast, seed, collate, MemoryFormat.CONTIGUOUS_FORMAT);
    }

    private SampleLoader(Dataset dataset, int samplesPerGpu, int workersPerGpu, boolean shuffle, boolean dropLast,
            long seed, Collate collate, MemoryFormat imgFormat) {
        if (samplesPerGpu < 1 || workersPerGpu < 0) {
            throw new MgdException("data loader: samples_per_gpu must be >= 1 and workers_per_gpu >= 0, got "
                    + samplesPerGpu + " and " + workersPerGpu);
        }
        this.dataset = dataset;
        this.batchSize = samplesPerGpu;
        this.workers = workersPerGpu;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.collate = java.util.Objects.requireNonNull(collate, "collate");
        this.imgFormat = java.util.Objects.requireNonNull(imgFormat, "imgFormat");
    }

    /**
     * This loader with its batches' {@code img} arrays in {@code format} (the config's {@code
     * memory_format}); a new loader, this one is unchanged. The default is contiguous (NCHW).
     */
    public SampleLoader withMemoryFormat(MemoryFormat format) {
        return new SampleLoader(dataset, batchSize, workers, shuffle, dropLast, seed, collate, format);
    }

    /** The layout of the {@code img} arrays this loader makes. */
    public MemoryFormat memoryFormat() {
        return imgFormat;
    }

    private volatile int epoch;

    @Override
    public java.util.Iterator<Batch> iterator(NDManager manager) {
        return iterate(epoch, manager);
    }

    @Override
    public int datasetSize() {
        return dataset.size();
    }

    @Override
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch ({@code len(data_loader)}). */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Dataset indices in the order epoch {@code epoch} visits them. */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(mix(mix(seed ^ 0x5DEECE66DL) + epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** The generator sample {@code index} uses in {@code epoch}. */
    SplittableRandom sampleRandom(int epoch, int index) {
        return new SplittableRandom(mix(mix(mix(seed) + epoch) + index));
    }

    /**
     * Iterates epoch {@code epoch}, creating batch arrays in {@code manager}. Close the returned
     * iterator to stop its workers early (it also stops by itself at the end).
     */
    public Epoch iterate(int epoch, NDManager manager) {
        int[] order = order(epoch);
        int nb = size();
        int[][] batches = new int[nb][];
        for (int b = 0; b < nb; b++) {
            int from = b * batchSize;
            int to = Math.min(order.length, from + batchSize);
            batches[b] = java.util.Arrays.copyOfRange(order, from, to);
        }
        Epoch e = new Epoch(epoch, batches, manager);
        if (e.pool != null) {
            open.add(e);
        }
        return e;
    }

    /** Stops the workers of every epoch still running; the loader can iterate again afterwards. */
    @Override
    public void close() {
        for (Epoch e : List.copyOf(open)) {
            e.close();
        }
    }

    private Map<String, Object> load(int epoch, int[] indices) {
        List<Map<String, Object>> samples = new ArrayList<>(indices.length);
        for (int i : indices) {
            Map<String, Object> s = dataset.get(i, sampleRandom(epoch, i));
            if (s == null) {
                throw new MgdException("data loader: the pipeline dropped sample " + i
                        + " (a transform returned None); datasets used for training must always return a sample");
            }
            samples.add(s);
        }
        return collate.collate(samples);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private record Failure(Throwable error) {}

    /** The batches of one epoch, in order. */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[][] batches;
        private final NDManager manager;
        private final ExecutorService pool;
        private final List<BlockingQueue<Object>> queues = new ArrayList<>();
        private volatile boolean closed;
        private int next;

        private Epoch(int epoch, int[][] batches, NDManager manager) {
            this.epoch = epoch;
            this.batches = batches;
            this.manager = manager;
            if (workers == 0 || batches.length == 0) {
                pool = null;
                return;
            }
            int w = Math.min(workers, batches.length);
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(w, r -> {
                Thread t = new Thread(r, "mgd-data-worker-" + count.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
            for (int k = 0; k < w; k++) {
                BlockingQueue<Object> q = new ArrayBlockingQueue<>(PREFETCH);
                queues.add(q);
                int first = k;
                pool.execute(() -> work(first, w, q));
            }
        }

        private void work(int first, int stride, BlockingQueue<Object> q) {
            try {
                for (int b = first; b < batches.length && !closed; b += stride) {
                    Object r;
                    try {
                        r = load(epoch, batches[b]);
                    } catch (RuntimeException | Error e) {
                        r = new Failure(e);
                    }
                    q.put(r);
                    if (r instanceof Failure) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean hasNext() {
            return !closed && next < batches.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has " + batches.length + " batches");
            }
            int b = next++;
            Object r;
            if (pool == null) {
                r = load(epoch, batches[b]);
            } else {
                try {
                    r = queues.get(b % queues.size()).take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new MgdException("data loader interrupted while waiting for batch " + b, e);
                }
            }
            if (r instanceof Failure f) {
                close();
                if (f.error() instanceof RuntimeException re) {
                    throw re;
                }
                throw new MgdException("data loader worker failed on batch " + b + ": " + f.error(), f.error());
            }
            if (next == batches.length) {
                close();
            }
            return Batch.create((Map<String, Object>) r, batches[b].length, manager, imgFormat);
        }

        /** Stops the workers; batches already returned stay valid. */
        @Override
        public void close() {
            closed = true;
            if (pool != null) {
                pool.shutdownNow();
                open.remove(this);
            }
        }
    }
}
