package org.lifeboat.monitoring;

/** The version this server was built as, from the EJB jar's manifest. */
public final class LifeboatVersion {

    private LifeboatVersion() {
    }

    public static String current() {
        String version = LifeboatVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
