package dev.airlock.common.store;

/**
 * Rules for object keys. A key is a relative path of non-empty segments, without {@code .} or {@code ..} segments,
 * backslashes or control characters, at most 1024 bytes; a task may only write under its own prefix.
 */
public final class ObjectKeys {

    private static final int MAX_KEY_LENGTH = 1024;

    private ObjectKeys() {
    }

    /**
     * @param key a key from a message, a configuration or a user
     * @return the key
     * @throws UnsafeKeyException naming what is wrong with it
     */
    public static String requireSafe(String key) {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException("object key is empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new UnsafeKeyException("object key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (key.startsWith("/")) {
            throw new UnsafeKeyException("object key '" + printable(key) + "' is absolute");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) || c == '\\' || c == '\u2028' || c == '\u2029') {
                throw new UnsafeKeyException("object key '" + printable(key) + "' contains a control character or backslash at "
                        + i);
            }
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..") || segment.equals(".")) {
                throw new UnsafeKeyException("object key '" + printable(key) + "' has a '" + segment + "' segment");
            }
            if (segment.isEmpty() && !last) {
                throw new UnsafeKeyException("object key '" + printable(key) + "' has an empty segment");
            }
        }
        return key;
    }

    /**
     * @param prefix a task's prefix, ending in {@code /}
     * @param name a relative name under it
     * @return {@code prefix + name}, checked to be safe and under the prefix
     */
    public static String resolve(String prefix, String name) {
        requirePrefix(prefix);
        String key = requireSafe(prefix + requireSafe(name));
        if (name.endsWith("/")) {
            throw new UnsafeKeyException("object name '" + printable(name) + "' is a folder");
        }
        return key;
    }

    /**
     * @param key a key
     * @param prefix the prefix it must lie under
     * @return the key
     * @throws UnsafeKeyException when it is unsafe or outside the prefix
     */
    public static String requireUnder(String key, String prefix) {
        requirePrefix(prefix);
        requireSafe(key);
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            throw new UnsafeKeyException("object key '" + printable(key) + "' is outside the prefix '" + prefix + "'");
        }
        return key;
    }

    /**
     * @param prefix a prefix
     * @return the prefix, checked to be safe and end with {@code /}
     */
    public static String requirePrefix(String prefix) {
        requireSafe(prefix);
        if (!prefix.endsWith("/")) {
            throw new UnsafeKeyException("prefix '" + printable(prefix) + "' does not end with '/'");
        }
        return prefix;
    }

    private static String printable(String key) {
        StringBuilder result = new StringBuilder();
        key.codePoints().limit(120).forEach(c -> {
            if (Character.isISOControl(c)) {
                result.append(String.format("\\u%04x", c));
            } else {
                result.appendCodePoint(c);
            }
        });
        return result.toString();
    }
}
