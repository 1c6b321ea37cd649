package org.lifeboat.agent.bookmark;

import java.util.Optional;

/**
 * The machine's pre-freeze and post-thaw commands for app-consistent bookmarks; both or neither,
 * since a freeze nobody thaws would stop the machine's applications.
 */
public record FreezeHooks(Optional<HookCommand> preFreeze, Optional<HookCommand> postThaw) {

    public static final FreezeHooks NONE = new FreezeHooks(Optional.empty(), Optional.empty());

    public FreezeHooks {
        if (preFreeze.isPresent() != postThaw.isPresent()) {
            throw new IllegalArgumentException("a pre-freeze command needs a post-thaw command, and the other way round");
        }
    }

    public static FreezeHooks of(HookCommand preFreeze, HookCommand postThaw) {
        return new FreezeHooks(Optional.of(preFreeze), Optional.of(postThaw));
    }
}
