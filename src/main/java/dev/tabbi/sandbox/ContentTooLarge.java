package dev.tabbi.sandbox;

/**
 * What was asked of a sandbox (a file, a diff, a reply of its agent) is larger than the limit the caller set; nothing
 * past the limit was read.
 */
public class ContentTooLarge extends SandboxException {
    private static final long serialVersionUID = 1L;
    private final long limitBytes;

    public ContentTooLarge(String what, long limitBytes) {
        super(what + " is larger than " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
