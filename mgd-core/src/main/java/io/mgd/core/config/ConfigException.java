package io.mgd.core.config;

import io.mgd.core.util.MgdException;

/** A bad config file, key, value or override; exit code 2 (usage). */
public class ConfigException extends MgdException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, 2, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, 2, cause);
    }
}
