package io.mgd.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads the stored (uncompressed) records of a zip or ZIP64 archive through its central
 * directory, as {@code torch.save} writes them. Our own reader rather than
 * {@code java.util.zip}: every offset and size is checked against the file before anything is
 * allocated, and records are read straight from their offset.
 */
final class ZipReader {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final long U32 = 0xffffffffL;

    /** One record: where its bytes start and how many there are. */
    record Entry(String name, long localHeaderOffset, long size, long compressedSize, int method,
            int crc) {}

    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    ZipReader(FileChannel channel) throws IOException {
        this.channel = channel;
        this.fileSize = channel.size();
        readCentralDirectory();
    }

    /** Records in central-directory order. */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The record with this exact name, or {@code null}. */
    Entry find(String name) {
        return entries.get(name);
    }

    /** The record's bytes, CRC-checked, as a heap buffer. */
    ByteBuffer read(Entry e) throws IOException {
        if (e.method() != 0) {
            throw new FormatException("zip record " + e.name() + " is compressed (method "
                    + e.method() + "); torch writes stored records only");
        }
        if (e.size() != e.compressedSize() || e.size() > Integer.MAX_VALUE - 8) {
            throw new FormatException("zip record " + e.name() + " has size " + e.size()
                    + " (at most 2 GiB per record is supported)");
        }
        ByteBuffer data = readAt(dataOffset(e), e.size());
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        if ((int) crc.getValue() != e.crc()) {
            throw new FormatException("zip record " + e.name() + " fails its CRC check (corrupt)");
        }
        return data;
    }

    /** Where the record's bytes start: after its local header, name and extra field. */
    long dataOffset(Entry e) throws IOException {
        ByteBuffer local = readAt(e.localHeaderOffset(), 30);
        if (local.getInt(0) != LOCAL_SIG) {
            throw new FormatException("zip record " + e.name() + " has no local header");
        }
        return e.localHeaderOffset() + 30 + (local.getShort(26) & 0xffff)
                + (local.getShort(28) & 0xffff);
    }

    private void readCentralDirectory() throws IOException {
        if (fileSize < EOCD_SIZE) {
            throw new FormatException("zip archive of " + fileSize + " bytes is truncated");
        }
        int tailLen = (int) Math.min(fileSize, EOCD_SIZE + 0xffff);
        ByteBuffer tail = readAt(fileSize - tailLen, tailLen);
        int at = -1;
        for (int i = tailLen - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new FormatException("zip end-of-central-directory record not found "
                    + "(truncated or not a zip file)");
        }
        long eocdPos = fileSize - tailLen + at;
        long count = tail.getShort(at + 10) & 0xffff;
        long cdSize = tail.getInt(at + 12) & U32;
        long cdOffset = tail.getInt(at + 16) & U32;
        if (eocdPos >= 20) {
            ByteBuffer loc = readAt(eocdPos - 20, 20);
            if (loc.getInt(0) == ZIP64_LOCATOR_SIG) {
                ByteBuffer z = readAt(checkOffset(loc.getLong(8), 56), 56);
                if (z.getInt(0) != ZIP64_EOCD_SIG) {
                    throw new FormatException("zip64 end-of-central-directory record missing");
                }
                count = z.getLong(32);
                cdSize = z.getLong(40);
                cdOffset = z.getLong(48);
            }
        }
        if (cdSize < 0 || cdOffset < 0 || cdOffset + cdSize > eocdPos || count < 0
                || count > cdSize / 46) {
            throw new FormatException("zip central directory (offset " + cdOffset + ", size "
                    + cdSize + ", " + count + " entries) does not fit the file (corrupt)");
        }
        ByteBuffer cd = readAt(cdOffset, cdSize);
        for (long i = 0; i < count; i++) {
            Entry e = readCentralEntry(cd);
            entries.put(e.name(), e);
        }
    }

    private Entry readCentralEntry(ByteBuffer cd) {
        int p = cd.position();
        if (cd.remaining() < 46 || cd.getInt(p) != CENTRAL_SIG) {
            throw new FormatException("zip central directory entry is corrupt");
        }
        int method = cd.getShort(p + 10) & 0xffff;
        int crc = cd.getInt(p + 16);
        long csize = cd.getInt(p + 20) & U32;
        long size = cd.getInt(p + 24) & U32;
        int nameLen = cd.getShort(p + 28) & 0xffff;
        int extraLen = cd.getShort(p + 30) & 0xffff;
        int commentLen = cd.getShort(p + 32) & 0xffff;
        long offset = cd.getInt(p + 42) & U32;
        if (cd.remaining() < 46 + nameLen + extraLen + commentLen) {
            throw new FormatException("zip central directory entry is truncated");
        }
        byte[] name = new byte[nameLen];
        cd.get(p + 46, name);
        // ZIP64 extended information: the 8-byte values of fields saturated above, in order.
        int x = p + 46 + nameLen;
        int xEnd = x + extraLen;
        while (x + 4 <= xEnd) {
            int id = cd.getShort(x) & 0xffff;
            int len = cd.getShort(x + 2) & 0xffff;
            int q = x + 4;
            if (id == 1) {
                if (size == U32 && q + 8 <= xEnd) {
                    size = cd.getLong(q);
                    q += 8;
                }
                if (csize == U32 && q + 8 <= xEnd) {
                    csize = cd.getLong(q);
                    q += 8;
                }
                if (offset == U32 && q + 8 <= xEnd) {
                    offset = cd.getLong(q);
                }
            }
            x += 4 + len;
        }
        cd.position(p + 46 + nameLen + extraLen + commentLen);
        String n = new String(name, StandardCharsets.UTF_8);
        checkOffset(offset, 30);
        if (csize < 0 || offset + csize > fileSize) {
            throw new FormatException("zip record " + n + " of " + csize
                    + " bytes extends past the end of the file (truncated)");
        }
        return new Entry(n, offset, size, csize, method, crc);
    }

    private long checkOffset(long offset, long len) {
        if (offset < 0 || offset > fileSize - len) {
            throw new FormatException("zip offset " + offset + " lies outside the file of "
                    + fileSize + " bytes (truncated or corrupt)");
        }
        return offset;
    }

    /** Exactly {@code len} bytes at {@code pos}, little-endian; bounds-checked. */
    private ByteBuffer readAt(long pos, long len) throws IOException {
        checkOffset(pos, len);
        if (len > Integer.MAX_VALUE - 8) {
            throw new FormatException("zip structure of " + len + " bytes is too large");
        }
        ByteBuffer b = ByteBuffer.allocate((int) len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, pos + b.position()) < 0) {
                throw new FormatException("unexpected end of file (truncated)");
            }
        }
        return b.flip();
    }
}
