package org.lifeboat.processserver;

/** The process server's stages that work on each disk's log segments. */
public enum Stage {
    UPLOAD("uploading its log segments to the cache container"),
    APPLY("applying its log to its seed blob");

    private final String doing;

    Stage(String doing) {
        this.doing = doing;
    }

    /** What the stage does for a disk, for messages about it. */
    public String doing() {
        return doing;
    }
}
