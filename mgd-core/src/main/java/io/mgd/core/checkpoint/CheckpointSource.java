package io.mgd.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Turns the checkpoint names mmcv's {@code load_checkpoint} accepts into local files: a path,
 * {@code torchvision://NAME}, {@code open-mmlab://NAME}, {@code mmcls://NAME} or an http(s) URL.
 * Remote checkpoints live in a cache directory under their file name ({@code
 * $MGD_HOME/checkpoints}, {@code MGD_HOME} defaulting to {@code ~/.cache/mgd}); a missing one
 * is downloaded when the server is reachable, otherwise the error says which file to put where.
 */
public final class CheckpointSource {
    /** Environment variable naming the mgd home directory. */
    public static final String HOME_ENV = "MGD_HOME";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String TORCHVISION = "https://download.pytorch.org/models/";
    private static final String OPENMMLAB = "https://download.openmmlab.com/pretrain/third_party/";
    private static final String MMCLS = "https://download.openmmlab.com/mmclassification/v0/";

    /** torchvision ImageNet weights (IMAGENET1K_V1, as torchvision 0.14 names them). */
    private static final Map<String, String> TORCHVISION_FILES = Map.ofEntries(
            Map.entry("resnet18", "resnet18-f37072fd.pth"),
            Map.entry("resnet34", "resnet34-b627a593.pth"),
            Map.entry("resnet50", "resnet50-0676ba61.pth"),
            Map.entry("resnet101", "resnet101-63fe2227.pth"),
            Map.entry("resnet152", "resnet152-394f9c45.pth"),
            Map.entry("resnext50_32x4d", "resnext50_32x4d-7cdf4587.pth"),
            Map.entry("resnext101_32x8d", "resnext101_32x8d-8ba56ff5.pth"),
            Map.entry("wide_resnet50_2", "wide_resnet50_2-95faca4d.pth"),
            Map.entry("mobilenet_v2", "mobilenet_v2-b0353104.pth"));

    /** A few entries of mmcv's {@code model_zoo/open_mmlab.json}. */
    private static final Map<String, String> OPENMMLAB_FILES = Map.ofEntries(
            Map.entry("resnet18_v1c", "resnet18_v1c-b5776b93.pth"),
            Map.entry("resnet50_v1c", "resnet50_v1c-2cccc1ad.pth"),
            Map.entry("resnet101_v1c", "resnet101_v1c-e67eebb6.pth"),
            Map.entry("detectron2/resnet50_caffe", "resnet50_msra-5891d200.pth"),
            Map.entry("detectron2/resnet101_caffe", "resnet101_msra-6cc46731.pth"),
            Map.entry("resnext101_32x4d", "resnext101_32x4d-a5af3160.pth"),
            Map.entry("resnext101_64x4d", "resnext101_64x4d-ee2c6f71.pth"));

    /** A few entries of mmcv's {@code model_zoo/mmcls.json} (path under {@link #MMCLS}). */
    private static final Map<String, String> MMCLS_FILES = Map.ofEntries(
            Map.entry("resnet18", "resnet/resnet18_batch256_imagenet_20200708-34ab8f90.pth"),
            Map.entry("resnet34", "resnet/resnet34_batch256_imagenet_20200708-32ffb4f7.pth"),
            Map.entry("resnet50", "resnet/resnet50_batch256_imagenet_20200708-cfb998bf.pth"),
            Map.entry("resnet101", "resnet/resnet101_batch256_imagenet_20200708-753f3608.pth"),
            Map.entry("mobilenet_v2",
                    "mobilenet_v2/mobilenet_v2_batch256_imagenet_20200708-3b2dc3af.pth"));

    /** Where a remote checkpoint comes from and the file name it is cached under. */
    private record Remote(String url, String fileName) {}

    private CheckpointSource() {}

    /** {@link #resolve(String, Path, boolean)} with {@link #defaultCacheDir()}, downloads on. */
    public static Path resolve(String source) {
        return resolve(source, defaultCacheDir(), true);
    }

    /**
     * The local file for a checkpoint source.
     *
     * @param cacheDir where remote checkpoints are cached (created when downloading)
     * @param download whether to try fetching a remote checkpoint missing from the cache
     * @throws CheckpointException when a local file does not exist, or a remote one is not
     *     cached and cannot be fetched; the message names the file and the directory for it
     */
    public static Path resolve(String source, Path cacheDir, boolean download) {
        Remote remote = remote(source);
        if (remote == null) {
            Path local = Path.of(source);
            if (!Files.isRegularFile(local)) {
                throw new CheckpointException("checkpoint file " + source + " does not exist");
            }
            return local;
        }
        Path cached = cacheDir.resolve(remote.fileName());
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        String why = "downloads are off";
        if (download && remote.url() != null) {
            try {
                fetch(remote.url(), cached);
                return cached;
            } catch (IOException e) {
                why = "download from " + remote.url() + " failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "download from " + remote.url() + " was interrupted";
            }
        } else if (remote.url() == null) {
            why = "no download address is known for it";
        }
        throw new CheckpointException("checkpoint " + source + " is not in the cache and " + why
                + ". Place the file " + remote.fileName() + " in " + cacheDir.toAbsolutePath()
                + (remote.url() == null ? "" : " (it is published at " + remote.url() + ")"));
    }

    /** The cache directory: {@code $MGD_HOME/checkpoints}, default {@code ~/.cache/mgd/...}. */
    public static Path defaultCacheDir() {
        String home = System.getenv(HOME_ENV);
        Path base = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "mgd");
        return base.resolve("checkpoints");
    }

    /**
     * The file name a source is cached under, or {@code null} for a local path. Unknown
     * torchvision/open-mmlab/mmcls names map to {@code <last part of the name>.pth}.
     */
    public static String cacheFileName(String source) {
        Remote r = remote(source);
        return r == null ? null : r.fileName();
    }

    private static Remote remote(String source) {
        int sep = source.indexOf("://");
        if (sep < 0) {
            return null;
        }
        String scheme = source.substring(0, sep);
        String name = source.substring(sep + 3);
        switch (scheme) {
            case "torchvision", "modelzoo" -> {
                String file = TORCHVISION_FILES.get(name);
                return file == null ? unknown(name) : new Remote(TORCHVISION + file, file);
            }
            case "open-mmlab", "openmmlab" -> {
                String file = OPENMMLAB_FILES.get(name);
                return file == null ? unknown(name) : new Remote(OPENMMLAB + file, file);
            }
            case "mmcls" -> {
                String path = MMCLS_FILES.get(name);
                return path == null ? unknown(name)
                        : new Remote(MMCLS + path, path.substring(path.lastIndexOf('/') + 1));
            }
            case "http", "https" -> {
                String path;
                try {
                    path = URI.create(source).getPath();
                } catch (IllegalArgumentException e) {
                    throw new CheckpointException("checkpoint URL " + source + " is malformed");
                }
                String file = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
                if (file.isEmpty()) {
                    throw new CheckpointException("checkpoint URL " + source
                            + " names no file");
                }
                return new Remote(source, file);
            }
            default -> {
                return null; // e.g. a Windows path "C://..." is not ours to interpret
            }
        }
    }

    private static Remote unknown(String name) {
        return new Remote(null, name.substring(name.lastIndexOf('/') + 1) + ".pth");
    }

    /** Downloads to a temporary file next to {@code target}, then renames it into place. */
    private static void fetch(String url, Path target) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        HttpResponse<InputStream> response =
                client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(),
                    ".part");
            try {
                Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
