package org.lifeboat.pushinstall;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One SSH session to a machine the agent is pushed to (JSch). The host key must be the pinned one; with no
 * pin the key seen is accepted and reported, for the caller to pin (trust on first use). Commands run one
 * at a time; their output is kept up to {@link #MAX_OUTPUT} bytes (the rest is dropped, and said so).
 */
final class SshTarget implements AutoCloseable {

    static final int MAX_OUTPUT = 16 * 1024;

    /** A command's exit code and its output (stdout and stderr, interleaved), clipped. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Session session;
    private final HostKeyFingerprint seen;

    private SshTarget(Session session, HostKeyFingerprint seen) {
        this.session = session;
        this.seen = seen;
    }

    /**
     * @throws PushInstallException with the reason an operator can act on: unreachable, another host key,
     *                              refused credentials
     */
    static SshTarget connect(InstallTarget target, String secret, Optional<HostKeyFingerprint> pinned, Duration timeout) {
        JSch jsch = new JSch();
        HostKeyFingerprint[] seen = new HostKeyFingerprint[1];
        jsch.setHostKeyRepository(new PinnedHostKey(pinned, seen));
        try {
            if (target.credentialKind() == CredentialKind.PRIVATE_KEY) {
                jsch.addIdentity("lifeboat-push", secret.getBytes(StandardCharsets.UTF_8), null, null);
            }
            Session session = jsch.getSession(target.user(), target.host(), target.port());
            if (target.credentialKind() == CredentialKind.PASSWORD) {
                session.setPassword(secret);
            }
            session.setUserInfo(NO_PROMPTS);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications",
                    target.credentialKind() == CredentialKind.PASSWORD ? "password,keyboard-interactive" : "publickey");
            session.setTimeout((int) timeout.toMillis());
            session.connect((int) timeout.toMillis());
            return new SshTarget(session, seen[0]);
        } catch (JSchException e) {
            String message = String.valueOf(e.getMessage());
            if (seen[0] != null && pinned.isPresent() && !pinned.get().equals(seen[0])) {
                throw new PushInstallException("the host key of " + target.address() + " is " + seen[0]
                        + ", not the pinned " + pinned.get() + ": another machine, or the machine's key changed. "
                        + "Nothing was sent to it");
            }
            if (message.contains("Auth fail") || message.contains("Auth cancel")) {
                throw new PushInstallException("SSH login as '" + target.user() + "' to " + target.address()
                        + " was refused: wrong " + (target.credentialKind() == CredentialKind.PASSWORD ? "password"
                        : "private key") + ", or the server does not allow this login (" + message + ")");
            }
            if (message.startsWith("invalid privatekey")) {
                throw new PushInstallException("the private key cannot be read: " + message);
            }
            throw new PushInstallException("cannot connect to " + target.address() + " over SSH: " + message);
        }
    }

    HostKeyFingerprint hostKey() {
        return seen;
    }

    /** Runs a command through the login's shell, with {@code stdin} as its input (null: none). */
    Result run(String command, InputStream stdin, Duration limit) {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            Bounded output = new Bounded();
            channel.setOutputStream(output, true);
            channel.setErrStream(output, true);
            OutputStream toRemote = stdin == null ? null : channel.getOutputStream();
            channel.connect((int) Math.min(Integer.MAX_VALUE, limit.toMillis()));
            if (toRemote != null) {
                try (toRemote) {
                    stdin.transferTo(toRemote);
                }
            }
            long deadline = System.nanoTime() + limit.toNanos();
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    throw new PushInstallException("'" + command + "' did not end within " + limit.toSeconds()
                            + " s; its output: " + output.text());
                }
                Thread.sleep(50);
            }
            return new Result(channel.getExitStatus(), output.text());
        } catch (JSchException | IOException e) {
            throw new PushInstallException("the SSH session broke running '" + command + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushInstallException("interrupted running '" + command + "'");
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }

    /** Accepts only the pinned key; with no pin, the key seen (recorded for the caller to pin). */
    private record PinnedHostKey(Optional<HostKeyFingerprint> pinned, HostKeyFingerprint[] seen)
            implements HostKeyRepository {

        @Override
        public int check(String host, byte[] key) {
            seen[0] = HostKeyFingerprint.of(key);
            return pinned.isEmpty() || pinned.get().equals(seen[0]) ? OK : CHANGED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "lifeboat pinned host key";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }

    private static final UserInfo NO_PROMPTS = new UserInfo() {
        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
        }
    };

    /** Keeps the first {@link #MAX_OUTPUT} bytes of what a command prints. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, MAX_OUTPUT - kept.size());
            kept.write(b, off, Math.min(room, len));
            dropped += Math.max(0, len - room);
        }

        synchronized String text() {
            String text = kept.toString(StandardCharsets.UTF_8).strip();
            return dropped == 0 ? text : text + "\n[" + dropped + " more bytes not kept]";
        }
    }
}
