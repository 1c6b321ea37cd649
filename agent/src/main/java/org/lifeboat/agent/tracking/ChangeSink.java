package org.lifeboat.agent.tracking;

import java.io.IOException;

/** Takes the changes a scan finds, in disk order; may block until there is room for them. */
@FunctionalInterface
public interface ChangeSink {

    void accept(DataChange change) throws IOException, InterruptedException;
}
