package org.lifeboat.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The replication port's TLS: the server key pair from the Lifeboat keystore, TLS 1.2 and 1.3 only. */
final class ServerTlsContext {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTlsContext() {
    }

    static SSLContext load(ReplicationSettings settings) throws IOException, GeneralSecurityException {
        char[] password = Files.readString(settings.keyStorePasswordFile(), StandardCharsets.UTF_8).strip().toCharArray();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(settings.keyStore())) {
                keyStore.load(in, password);
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static void restrictProtocols(SSLSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        socket.setSSLParameters(parameters);
    }
}
