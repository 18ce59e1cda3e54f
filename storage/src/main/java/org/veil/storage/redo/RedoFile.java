package org.veil.storage.redo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The redo log's files: numbered segments of records, each {@code [length][seq][kind][body][crc32c]}. Appends go to a
 * buffer in log order; whoever needs them on file writes everything buffered so far for everybody waiting (group
 * commit). The bytes go to the file with write() and no fsync: the OS holds them once written, which is what
 * surviving kill -9 needs (as the databases' own stores do here).
 */
final class RedoFile implements AutoCloseable {
    static final byte TRANSACTION = 1;
    static final byte ABORT = 2;
    private static final int HEADER = 4 + 8 + 1;
    private static final int TRAILER = 4;

    /** One record read back. */
    record Entry(long seq, byte kind, byte[] body) {}

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final CRC32C crc = new CRC32C(); // guarded by lock
    private ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private ByteBuffer spare = ByteBuffer.allocate(1 << 16);
    private FileChannel channel;
    private long segment;
    private long segmentBytes;
    private long nextSeq;
    private long appended; // bytes handed to append() since open, over all segments
    private long durable;   // of those, bytes written to a file
    private boolean writing;
    private IOException failure; // a write failed: what it held is lost, so nothing after it may count as written

    private RedoFile(Path dir, long segment, long nextSeq) throws IOException {
        this.dir = dir;
        this.segment = segment;
        this.nextSeq = nextSeq;
        this.channel = open(segment);
    }

    /** A new segment after any that are in {@code dir}, numbering records from {@code nextSeq}. */
    static RedoFile create(Path dir, long nextSeq) throws IOException {
        Files.createDirectories(dir);
        List<Path> old = segments(dir);
        long next = old.isEmpty() ? 1 : number(old.getLast()) + 1;
        return new RedoFile(dir, next, nextSeq);
    }

    /** Appends a record and returns its sequence number; it is on file once {@link #awaitAllWritten} returns. */
    long append(byte kind, byte[] body, int length) {
        lock.lock();
        try {
            long seq = nextSeq++;
            put(seq, kind, body, length);
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Appends the abort of a record already appended. */
    void appendAbort(long seq) {
        lock.lock();
        try {
            put(seq, ABORT, new byte[0], 0);
        } finally {
            lock.unlock();
        }
    }

    private void put(long seq, byte kind, byte[] body, int length) {
        int size = HEADER + length + TRAILER;
        if (pending.remaining() < size) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + size));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        int start = pending.position();
        pending.putInt(length).putLong(seq).put(kind).put(body, 0, length);
        crc.reset();
        crc.update(pending.array(), start + 4, 8 + 1 + length);
        pending.putInt((int) crc.getValue());
        appended += size;
    }

    /** Returns once every record appended so far is in the file; the caller that finds no write running writes for all. */
    void awaitAllWritten() {
        lock.lock();
        try {
            long upTo = appended;
            while (durable < upTo) {
                if (failure != null) throw new UncheckedIOException("redo log " + dir + ": an earlier write failed", failure);
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                writeBuffered();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock with no write running; writes what is buffered with the lock let go meanwhile. */
    private void writeBuffered() {
        writing = true;
        ByteBuffer out = pending;
        pending = spare;
        pending.clear();
        long upTo = appended;
        FileChannel target = channel;
        boolean ok = false;
        lock.unlock();
        try {
            out.flip();
            while (out.hasRemaining()) target.write(out);
            ok = true;
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("redo log " + dir + ": write failed", e);
        } finally {
            lock.lock();
            writing = false;
            out.clear();
            spare = out;
            if (ok) {
                segmentBytes += upTo - durable;
                durable = upTo;
            }
            written.signalAll();
        }
    }

    /** Bytes in the current segment. */
    long segmentBytes() {
        lock.lock();
        try {
            return segmentBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is buffered and starts a new segment: the older ones can be deleted once the database holds every
     * transaction in them.
     */
    void rotate() throws IOException {
        lock.lock();
        try {
            writeRest();
            channel = open(++segment);
            segmentBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock: waits for a write under way, writes what is still buffered and closes the segment. */
    private void writeRest() throws IOException {
        while (writing) written.awaitUninterruptibly();
        if (durable < appended) writeBuffered();
        channel.close();
    }

    /** Deletes every segment before the current one. */
    void deleteOlderSegments() throws IOException {
        long current;
        lock.lock();
        try {
            current = segment;
        } finally {
            lock.unlock();
        }
        for (Path p : segments(dir)) {
            if (number(p) < current) Files.delete(p);
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            writeRest();
        } finally {
            lock.unlock();
        }
    }

    private FileChannel open(long number) throws IOException {
        return FileChannel.open(dir.resolve(name(number)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** The segments in {@code dir}, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{16}\\.redo")).sorted().toList();
        }
    }

    /**
     * Every whole record of the segments, in log order. A record cut short or failing its checksum ends the last
     * segment (the process died while writing it, so nobody was told of it); anywhere else it is damage, and an error.
     */
    static List<Entry> readAll(List<Path> segments) throws IOException {
        List<Entry> entries = new ArrayList<>();
        CRC32C check = new CRC32C();
        for (int s = 0; s < segments.size(); s++) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segments.get(s)));
            while (b.hasRemaining()) {
                int start = b.position();
                boolean whole = b.remaining() >= HEADER + TRAILER;
                int length = whole ? b.getInt() : -1;
                whole = whole && length >= 0 && b.remaining() >= 8 + 1 + length + TRAILER;
                if (whole) {
                    long seq = b.getLong();
                    byte kind = b.get();
                    byte[] body = new byte[length];
                    b.get(body);
                    check.reset();
                    check.update(b.array(), start + 4, 8 + 1 + length);
                    if ((int) check.getValue() == b.getInt()) {
                        entries.add(new Entry(seq, kind, body));
                        continue;
                    }
                }
                if (s < segments.size() - 1) {
                    throw new IOException("redo log segment " + segments.get(s) + " is damaged at byte " + start);
                }
                break;
            }
        }
        return entries;
    }

    private static String name(long number) {
        return String.format("%016d.redo", number);
    }

    private static long number(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(0, 16));
    }
}
