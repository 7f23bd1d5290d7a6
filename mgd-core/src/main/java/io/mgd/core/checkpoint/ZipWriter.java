package io.mgd.core.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes stored records into a zip archive the way PyTorch's {@code PyTorchStreamWriter} does:
 * each record's data starts on a 64-byte boundary (so a reader can map tensors in place),
 * padded with a local-header extra field "FB" full of 'Z' bytes, and the archive always ends
 * with ZIP64 end records. Sizes are known up front, so there are no data descriptors.
 */
final class ZipWriter {
    static final int ALIGNMENT = 64;
    /** Sizes and offsets at or above this use ZIP64 fields (lowered only by tests). */
    static final long ZIP64_LIMIT = 0xffffffffL;
    private static final int FB_ID = 0x4246; // "FB" read as a little-endian short

    private record Written(byte[] name, long offset, long size, int crc) {}

    private final OutputStream out;
    private final WritableByteChannel channel;
    private final long zip64Limit;
    private final List<Written> written = new ArrayList<>();
    private long position;

    ZipWriter(OutputStream out) {
        this(out, ZIP64_LIMIT);
    }

    ZipWriter(OutputStream out, long zip64Limit) {
        this.out = out;
        this.channel = Channels.newChannel(out);
        this.zip64Limit = zip64Limit;
    }

    /** Appends one stored record with the remaining bytes of {@code data}. */
    void add(String name, ByteBuffer data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long size = data.remaining();
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        boolean big = size >= zip64Limit;
        int zip64Len = big ? 20 : 0;
        long start = position + 30 + nameBytes.length + zip64Len + 4;
        int pad = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);

        ByteBuffer h = le(30 + nameBytes.length + zip64Len + 4 + pad);
        h.putInt(0x04034b50).putShort((short) (big ? 45 : 20)).putShort((short) 0)
                .putShort((short) 0).putInt(0) // method stored, time and date zero like torch
                .putInt((int) crc.getValue()).putInt(big ? -1 : (int) size)
                .putInt(big ? -1 : (int) size).putShort((short) nameBytes.length)
                .putShort((short) (zip64Len + 4 + pad)).put(nameBytes);
        if (big) {
            h.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        }
        h.putShort((short) FB_ID).putShort((short) pad);
        for (int i = 0; i < pad; i++) {
            h.put((byte) 'Z');
        }
        written.add(new Written(nameBytes, position, size, (int) crc.getValue()));
        write(h.flip());
        write(data.duplicate());
    }

    /** Writes the central directory and end records; flushes but does not close the stream. */
    void finish() throws IOException {
        long cdOffset = position;
        for (Written w : written) {
            boolean bigSize = w.size() >= zip64Limit;
            boolean bigOffset = w.offset() >= zip64Limit;
            int zip64Len = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
            int extraLen = zip64Len == 0 ? 0 : 4 + zip64Len;
            ByteBuffer c = le(46 + w.name().length + extraLen);
            short version = (short) (zip64Len > 0 ? 45 : 20);
            c.putInt(0x02014b50).putShort(version).putShort(version).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(w.crc())
                    .putInt(bigSize ? -1 : (int) w.size()).putInt(bigSize ? -1 : (int) w.size())
                    .putShort((short) w.name().length).putShort((short) extraLen)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(bigOffset ? -1 : (int) w.offset()).put(w.name());
            if (zip64Len > 0) {
                c.putShort((short) 1).putShort((short) zip64Len);
                if (bigSize) {
                    c.putLong(w.size()).putLong(w.size());
                }
                if (bigOffset) {
                    c.putLong(w.offset());
                }
            }
            write(c.flip());
        }
        long cdSize = position - cdOffset;
        long zip64EocdOffset = position;
        long n = written.size();
        ByteBuffer e = le(56 + 20 + 22);
        e.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0)
                .putInt(0).putLong(n).putLong(n).putLong(cdSize).putLong(cdOffset);
        e.putInt(0x07064b50).putInt(0).putLong(zip64EocdOffset).putInt(1);
        short shortCount = (short) Math.min(n, 0xffff);
        e.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(shortCount)
                .putShort(shortCount).putInt(cdSize >= zip64Limit ? -1 : (int) cdSize)
                .putInt(cdOffset >= zip64Limit ? -1 : (int) cdOffset).putShort((short) 0);
        write(e.flip());
        out.flush();
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            position += channel.write(b);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
