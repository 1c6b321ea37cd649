package org.lifeboat.discovery;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.Callable;

/**
 * Runs yavijava with {@link NoDoctypeSaxParserFactory} as the JAXP SAX parser: dom4j asks JAXP for a
 * factory at every parse, and JAXP looks up its provider through the thread's context class loader,
 * so this one thread (and no other parser in the server) sees only the hardened factory.
 */
final class VcenterXml {

    private static final String SAX_PROVIDER = "META-INF/services/javax.xml.parsers.SAXParserFactory";
    private static final URL HARDENED = VcenterXml.class.getResource("no-doctype-sax-parser-factory");

    private VcenterXml() {
    }

    static <T> T parsingWithoutDoctypes(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new OnlyHardenedSaxProvider(previous));
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Delegates everything, but names only the hardened factory as the SAX parser provider. */
    private static final class OnlyHardenedSaxProvider extends ClassLoader {
        OnlyHardenedSaxProvider(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return SAX_PROVIDER.equals(name) ? Collections.enumeration(java.util.List.of(HARDENED))
                    : super.getResources(name);
        }
    }
}
