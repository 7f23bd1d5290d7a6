package io.mgd.core.data.transforms;

import io.mgd.core.config.ConfigDict;
import io.mgd.core.config.ConfigException;
import io.mgd.core.data.Image;
import io.mgd.core.data.ImageFiles;
import io.mgd.core.data.ImageOps;
import io.mgd.core.data.Transform;
import io.mgd.core.registry.Default;
import io.mgd.core.util.MgdException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * mmcv-style {@code LoadImageFromFile}: reads {@code img_prefix/img_info.filename} and sets
 * {@code filename}, {@code ori_filename}, {@code img} (BGR {@link Image}), {@code img_shape},
 * {@code ori_shape} and a neutral {@code img_norm_cfg} (mean 0, std 1, to_rgb false).
 */
public final class LoadImageFromFile implements Transform {
    /**
     * Options. {@code channel_order} (mmdet) and {@code imdecode_backend} (mmseg) are accepted so
     * the same name serves all codebases; only the disk file client is supported.
     */
    public record Options(@Default("false") boolean toFloat32, @Default("color") String colorType,
            @Default("{backend: disk}") ConfigDict fileClientArgs, @Default("bgr") String channelOrder,
            @Default("cv2") String imdecodeBackend) {
        public Options {
            String backend = fileClientArgs == null ? "disk" : fileClientArgs.getString("backend", "disk");
            if (!"disk".equals(backend)) {
                throw new ConfigException("file_client_args.backend '" + backend + "' is not supported; only 'disk'");
            }
            if (!channelOrder.equals("bgr") && !channelOrder.equals("rgb")) {
                throw new ConfigException("channel_order must be 'bgr' or 'rgb', got '" + channelOrder + "'");
            }
        }
    }

    private final Options options;

    public LoadImageFromFile(Options options) {
        this.options = options;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> results, RandomGenerator rng) {
        if (!(results.get("img_info") instanceof Map<?, ?> info) || !(info.get("filename") instanceof String name)) {
            throw new MgdException("LoadImageFromFile: results need img_info.filename, got keys " + results.keySet());
        }
        Object prefix = results.get("img_prefix");
        String filename = prefix == null ? name : Path.of(prefix.toString()).resolve(name).toString();
        Image img = ImageFiles.read(Path.of(filename), options.colorType());
        if (options.channelOrder().equals("rgb") && img.channels() >= 3) {
            img = ImageOps.bgr2rgb(img);
        }
        if (options.toFloat32()) {
            img = img.toFloat32();
        }
        results.put("filename", filename);
        results.put("ori_filename", name);
        results.put("img", img);
        results.put("img_shape", img.shape());
        results.put("ori_shape", img.shape());
        float[] mean = new float[img.channels()];
        float[] std = new float[img.channels()];
        Arrays.fill(std, 1f);
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("mean", mean);
        norm.put("std", std);
        norm.put("to_rgb", false);
        results.put("img_norm_cfg", norm);
        return results;
    }
}
