package org.lifeboat.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, versioned in its path so that clients written against v1 keep working. */
@ApplicationPath("api/v1")
public class LifeboatApi extends Application {
}
