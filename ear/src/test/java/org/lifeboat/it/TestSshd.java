package org.lifeboat.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server for a test: its own {@code sshd -D} on 127.0.0.1 with its own host key, config and
 * pid file, admitting only a throwaway user the test creates (as root) and removes at the end. Every command
 * the user runs goes through a wrapper that keeps the standard input of the agent's registration (the one-time
 * token file), as a machine taken over after the installation could: so a test can try the token again; and
 * can hold the registration back ({@link #delayRegistrations}), as a slow machine would, so its token expires.
 */
final class TestSshd implements AutoCloseable {

    final Path dir;
    final int port;
    final String user;
    final String password;
    final Path home;
    private final Process process;

    private TestSshd(Path dir, int port, String user, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.home = Path.of("/home", user);
        this.process = process;
    }

    static boolean runningAsRoot() {
        return LifeboatStack.run(List.of("id", "-u"), Duration.ofSeconds(10)).stdout().strip().equals("0");
    }

    /** Creates the user (with a random password) and starts sshd on {@code port}. */
    static TestSshd start(Path dir, int port) throws Exception {
        String user = "lbpush" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        String password = "Pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        sh("useradd -m -s /bin/bash " + user);
        sh("echo '" + user + ":" + password + "' | chpasswd");
        Files.deleteIfExists(dir.resolve("host_ed25519"));
        Files.deleteIfExists(dir.resolve("host_ed25519.pub"));
        sh("ssh-keygen -q -t ed25519 -N '' -C lifeboat-it -f " + dir.resolve("host_ed25519"));
        Path wrapper = dir.resolve("keep-token.sh");
        Files.writeString(wrapper, "#!/bin/bash\n"
                + "# the registration's stdin is the token file: keep a copy, then run the command as asked\n"
                + "case \"$SSH_ORIGINAL_COMMAND\" in\n"
                + "  *--token-file*) [ -f \"$HOME/.register-delay\" ] && sleep \"$(cat \"$HOME/.register-delay\")\"\n"
                + "    tee \"$HOME/.seen-token\" | exec /bin/bash -c \"$SSH_ORIGINAL_COMMAND\" ;;\n"
                + "  *) exec /bin/bash -c \"$SSH_ORIGINAL_COMMAND\" ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"), "UsePAM no", "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "PermitRootLogin no",
                "AllowUsers " + user, "StrictModes no", "ForceCommand " + wrapper, "LogLevel VERBOSE") + "\n");
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        TestSshd sshd = new TestSshd(dir, port, user, password, process);
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return sshd;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    sshd.close();
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(200);
            }
        }
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it (SHA256:...). */
    String hostKeyFingerprint() {
        return sh("ssh-keygen -lf " + dir.resolve("host_ed25519.pub")).split(" ")[1];
    }

    /**
     * Lets the user log in with a new ed25519 key pair (made here, its public half in ~/.ssh/authorized_keys).
     *
     * @return the private key, as OpenSSH writes it ({@code -----BEGIN OPENSSH PRIVATE KEY-----})
     */
    String authorizeNewKey() throws IOException {
        Path key = dir.resolve("user_ed25519");
        Files.deleteIfExists(key);
        Files.deleteIfExists(dir.resolve("user_ed25519.pub"));
        sh("ssh-keygen -q -t ed25519 -N '' -C lifeboat-it-user -f " + key);
        sh("mkdir -p " + home.resolve(".ssh") + " && cat " + key + ".pub >> " + home.resolve(".ssh/authorized_keys")
                + " && chown -R " + user + ": " + home.resolve(".ssh"));
        return Files.readString(key);
    }

    /** Each registration through this sshd waits {@code seconds} before it starts (0: none). */
    void delayRegistrations(int seconds) throws IOException {
        Path delay = home.resolve(".register-delay");
        if (seconds == 0) {
            Files.deleteIfExists(delay);
        } else {
            Files.writeString(delay, seconds + "\n");
        }
    }

    /** Removes a pushed agent as an operator would before installing again: stops it, deletes its files. */
    void uninstallAgent() throws Exception {
        stopAgent();
        sh("rm -rf " + home.resolve("lifeboat-agent") + " " + home.resolve(".config/systemd/user/lifeboat-agent.service"));
    }

    private void stopAgent() throws Exception {
        Path pidFile = home.resolve("lifeboat-agent/agent.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).strip();
            LifeboatStack.run(List.of("kill", pid), Duration.ofSeconds(10));
            for (int wait = 0; wait < 100 && Files.exists(Path.of("/proc", pid)); wait++) {
                Thread.sleep(100);
            }
        }
    }

    /** A file of the user's, made by root and handed over. */
    Path userFile(String name, long size) {
        Path file = home.resolve(name);
        sh("truncate -s " + size + " " + file + " && chown " + user + ": " + file);
        return file;
    }

    /** Runs a shell command as root; fails on a non-zero exit. */
    static String sh(String command) {
        LifeboatStack.CommandResult result = LifeboatStack.run(List.of("/bin/sh", "-c", command), Duration.ofMinutes(1));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " failed: " + result);
        }
        return result.stdout();
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"), StandardCharsets.UTF_8);
    }

    /** Stops sshd, ends what the user left running (by its pid file) and removes the user with its home. */
    @Override
    public void close() throws Exception {
        stopAgent();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        // the agent may take a moment to exit; userdel refuses while a process of the user runs
        for (int attempt = 0; attempt < 30; attempt++) {
            if (LifeboatStack.run(List.of("userdel", "-r", user), Duration.ofSeconds(30)).exitCode() != 8) {
                break;
            }
            Thread.sleep(500);
        }
    }
}
