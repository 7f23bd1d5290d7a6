package io.mgd.core.runner;

import io.mgd.core.util.MgdException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's text log, like mmcv's {@code get_root_logger}: each record is written to the
 * {@code <work_dir>/<timestamp>.log} file (opened with mode 'w') in Python logging's format
 * {@code %(asctime)s - %(name)s - %(levelname)s - %(message)s} and echoed to SLF4J for the
 * console. {@code name} is the codebase logger name ({@code mmcls}, {@code mmdet}, {@code mmseg}).
 */
public final class RunLogger implements AutoCloseable {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private final String name;
    private final Path file;
    private final BufferedWriter writer;
    private final Logger slf4j;

    /**
     * @param name logger name shown in each record
     * @param file the text log, created (truncated) now; {@code null} for console only
     */
    public RunLogger(String name, Path file) {
        this.name = name;
        this.file = file;
        this.slf4j = LoggerFactory.getLogger(name);
        if (file == null) {
            writer = null;
        } else {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MgdException("cannot create log file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The log file, or null. */
    public Path file() {
        return file;
    }

    /** Logs at INFO. */
    public void info(String message) {
        slf4j.info(message);
        write("INFO", message);
    }

    /** Logs at WARNING (Python's level name). */
    public void warning(String message) {
        slf4j.warn(message);
        write("WARNING", message);
    }

    private synchronized void write(String level, String message) {
        if (writer == null) {
            return;
        }
        try {
            writer.write(LocalDateTime.now().format(ASCTIME) + " - " + name + " - " + level + " - " + message);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new MgdException("cannot write log file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new MgdException("cannot close log file " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
