package io.mgd.seg.datasets.pipelines;

import io.mgd.core.data.Image;
import io.mgd.core.data.ImageFiles;
import io.mgd.core.util.MgdException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reading and relabelling segmentation maps as mmseg's {@code LoadAnnotations} does:
 * {@code mmcv.imfrombytes(bytes, flag='unchanged', backend).squeeze().astype(np.uint8)}, then
 * the {@code label_map} of a class subset, then {@code reduce_zero_label}.
 */
public final class LabelMaps {
    private LabelMaps() {}

    /**
     * Reads a label image as a one-channel uint8 map. {@code 'pillow'} (mmseg's default) gives
     * what {@code np.array(PIL.Image.open(f))} gives: the indices of a palette PNG, the values of
     * a grey PNG (16-bit values wrap modulo 256 like {@code astype(np.uint8)}; 1-bit images give
     * 0/1 and 2/4-bit grey images are scaled to 0..255, as PIL's modes "1" and "L" do).
     * {@code 'cv2'} decodes like {@code cv2.imdecode(IMREAD_UNCHANGED)}, which turns palette
     * PNGs into colours. Maps with several channels are rejected: mmseg needs an H×W map.
     */
    public static Image read(Path file, String backend) {
        return switch (backend) {
            case "pillow" -> readPillow(file);
            case "cv2" -> fromCv2(ImageFiles.read(file, "unchanged"), file);
            default -> throw new MgdException("LoadAnnotations: imdecode_backend must be 'pillow' or 'cv2', got '"
                    + backend + "' (reading " + file + ")");
        };
    }

    private static Image readPillow(Path file) {
        BufferedImage bi;
        try {
            bi = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            throw new MgdException("cannot read segmentation map " + file + ": " + e.getMessage(), e);
        }
        if (bi == null) {
            throw new MgdException("cannot decode segmentation map " + file + ": not a format javax.imageio reads");
        }
        Raster r = bi.getRaster();
        int w = bi.getWidth();
        int h = bi.getHeight();
        int bits = r.getSampleModel().getSampleSize(0);
        boolean palette = bi.getColorModel() instanceof IndexColorModel;
        if (!palette && r.getNumBands() != 1) {
            throw new MgdException("segmentation map " + file + " has " + r.getNumBands()
                    + " channels; LoadAnnotations expects a single-channel (grey or palette) image of label ids");
        }
        int[] px = r.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            int v = px[i];
            if (!palette && bits < 8 && bits > 1) {
                v = v * 255 / ((1 << bits) - 1);
            }
            out[i] = (byte) v;
        }
        return Image.ofUint8(h, w, 1, out);
    }

    private static Image fromCv2(Image img, Path file) {
        if (img.channels() != 1) {
            throw new MgdException("segmentation map " + file + " decodes to " + img.channels()
                    + " channels with imdecode_backend='cv2' (palette PNGs become colours); use 'pillow' or a grey image");
        }
        if (img.dtype() == Image.DType.UINT8) {
            return img;
        }
        float[] f = img.float32Data();
        byte[] out = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (byte) (int) f[i];
        }
        return Image.ofUint8(img.height(), img.width(), 1, out);
    }

    /**
     * mmseg 0.20's label_map loop, {@code seg[seg == old] = new} for each entry in order (the
     * entries apply one after another to the already-changed map; -1 is stored as 255).
     */
    public static Image applyLabelMap(Image seg, Map<Integer, Integer> labelMap) {
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = v;
        }
        for (Map.Entry<Integer, Integer> e : labelMap.entrySet()) {
            int from = e.getKey();
            int to = e.getValue() & 0xFF;
            for (int v = 0; v < 256; v++) {
                if (lut[v] == from) {
                    lut[v] = to;
                }
            }
        }
        return lookup(seg, lut);
    }

    /** {@code reduce_zero_label}: 0 → 255 (ignored), every other label − 1, 255 stays 255. */
    public static Image reduceZeroLabel(Image seg) {
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = v == 0 || v == 255 ? 255 : v - 1;
        }
        return lookup(seg, lut);
    }

    private static Image lookup(Image seg, int[] lut) {
        byte[] s = seg.uint8Data();
        byte[] out = new byte[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (byte) lut[s[i] & 0xFF];
        }
        return Image.ofUint8(seg.height(), seg.width(), seg.channels(), out);
    }
}
