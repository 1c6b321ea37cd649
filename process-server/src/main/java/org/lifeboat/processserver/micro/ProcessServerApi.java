package org.lifeboat.processserver.micro;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The scale-out process server's own small API: its health, for the launcher and later the configuration server. */
@ApplicationPath("api")
public class ProcessServerApi extends Application {
}
