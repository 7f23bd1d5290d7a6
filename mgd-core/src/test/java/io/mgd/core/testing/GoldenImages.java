package io.mgd.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.data.Image;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;

/**
 * Golden images written by {@code tools/golden/make_transform_fixtures.py}: a
 * {@code manifest.json} ({name: {file, shape [h, w, c], dtype uint8|float32}}) and raw
 * little-endian {@code .bin} files in a resource folder next to the test class.
 */
public final class GoldenImages {
    private final Class<?> owner;
    private final String folder;
    private final JsonNode manifest;

    /** Golden images in resource folder {@code folder} relative to {@code owner}'s package. */
    public GoldenImages(Class<?> owner, String folder) {
        this.owner = owner;
        this.folder = folder;
        try (InputStream in = open("manifest.json")) {
            this.manifest = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the folder as a path (resources are unpacked in target/test-classes). */
    public Path path(String file) {
        try {
            return Paths.get(owner.getResource(folder + "/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads array {@code name} as an image. */
    public Image image(String name) {
        JsonNode e = manifest.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no golden array '" + name + "' in " + folder);
        }
        int h = e.get("shape").get(0).asInt();
        int w = e.get("shape").get(1).asInt();
        int c = e.get("shape").get(2).asInt();
        byte[] raw;
        try (InputStream in = open(e.get("file").asText())) {
            raw = in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (e.get("dtype").asText().equals("uint8")) {
            return Image.ofUint8(h, w, c, raw);
        }
        float[] f = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return Image.ofFloat32(h, w, c, f);
    }

    private InputStream open(String file) {
        InputStream in = owner.getResourceAsStream(folder + "/" + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + folder + "/" + file + " next to " + owner);
        }
        return in;
    }

    /**
     * Asserts equal shape and dtype, and max |expected − actual| ≤ {@code atol}; returns the max
     * difference seen.
     */
    public static double assertClose(Image expected, Image actual, double atol, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double max = 0;
        int at = -1;
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                for (int c = 0; c < expected.channels(); c++) {
                    double d = Math.abs(expected.get(y, x, c) - actual.get(y, x, c));
                    if (d > max) {
                        max = d;
                        at = (y * expected.width() + x) * expected.channels() + c;
                    }
                }
            }
        }
        assertTrue(max <= atol, what + ": max abs diff " + max + " > " + atol + " at flat index " + at);
        return max;
    }
}
