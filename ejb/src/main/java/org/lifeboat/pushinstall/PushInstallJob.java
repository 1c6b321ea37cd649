package org.lifeboat.pushinstall;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobStepState;
import org.lifeboat.job.JobWork;

/**
 * Pushes the agent onto a machine over SSH, one job step each: connect (host key checked or pinned), check the
 * target (Linux, Java 17+), copy the jar, register it with a one-time token, write the systemd unit, start it
 * (with systemd when it runs, detached otherwise), and wait for its first heartbeat. A failed step keeps the
 * remote output. Secrets reach the target only on a command's standard input, never on a command line.
 */
final class PushInstallJob implements JobWork {

    static final String CONNECT = "Connect and verify the host key";
    static final String CHECK = "Check the target";
    static final String COPY = "Copy the agent";
    static final String REGISTER = "Register";
    static final String SERVICE = "Install the service";
    static final String START = "Start";
    static final String HEARTBEAT = "First heartbeat";
    static final List<String> STEPS = List.of(CONNECT, CHECK, COPY, REGISTER, SERVICE, START, HEARTBEAT);

    static final String UNIT = "lifeboat-agent.service";
    private static final Pattern JAVA_VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");
    private static final Pattern AGENT_ID = Pattern.compile("Registered as agent ([0-9a-f-]{36})");

    private final String installId;
    private final String machineName;
    private final Path agentJar;
    private final String serverUrl;
    private final String serverCertificateSha256;
    private final AgentInstallRepository installs;
    private final Function<String, Optional<MobilityAgent>> agents;

    PushInstallJob(String installId, String machineName, Path agentJar, String serverUrl,
                   String serverCertificateSha256, AgentInstallRepository installs,
                   Function<String, Optional<MobilityAgent>> agents) {
        this.installId = installId;
        this.machineName = machineName;
        this.agentJar = agentJar;
        this.serverUrl = serverUrl;
        this.serverCertificateSha256 = serverCertificateSha256;
        this.installs = installs;
        this.agents = agents;
    }

    /** Where the agent goes: fixed directories, the system's as root, the login's home otherwise. */
    record Layout(String java, String dir, String state, String unitFile, boolean root, boolean systemd) {
        String jar() {
            return dir + "/lifeboat-agent.jar";
        }

        String systemctl() {
            return root ? "systemctl" : "systemctl --user";
        }
    }

    @Override
    public String run(JobContext job) throws Exception {
        AgentInstall install = installs.find(installId).orElseThrow(() -> new JobFailedException("the installation "
                + installId + " is gone"));
        InstallTarget target = install.target();
        Duration timeout = PushInstallSettings.sshTimeout();
        Optional<HostKeyFingerprint> pinned = Optional.ofNullable(install.getHostKeyFingerprint())
                .map(HostKeyFingerprint::new);
        SshTarget[] ssh = new SshTarget[1];
        step(job, CONNECT, () -> {
            ssh[0] = SshTarget.connect(target, installs.openCredential(install), pinned, timeout);
            if (pinned.isPresent()) {
                return "logged in as " + target.user() + " to " + target.address() + "; host key " + pinned.get()
                        + " as pinned";
            }
            installs.pinOnFirstUse(installId, ssh[0].hostKey());
            return "logged in as " + target.user() + " to " + target.address() + "; host key " + ssh[0].hostKey()
                    + " pinned on first use";
        });
        try (SshTarget remote = ssh[0]) {
            Layout[] layout = new Layout[1];
            step(job, CHECK, () -> {
                layout[0] = check(remote, timeout);
                return "Linux, " + layout[0].java() + "; installing into " + layout[0].dir()
                        + (layout[0].systemd() ? ", systemd runs" : ", systemd does not run (no /run/systemd/system)");
            });
            Layout where = layout[0];
            step(job, COPY, () -> copy(remote, where));
            String[] agentId = new String[1];
            step(job, REGISTER, () -> {
                agentId[0] = register(remote, where, target, timeout);
                return "registered as agent " + agentId[0] + " with a one-time token; state in " + where.state();
            });
            step(job, SERVICE, () -> {
                SshTarget.Result written = remote.run("mkdir -p " + q(parent(where.unitFile())) + " && cat > "
                        + q(where.unitFile()), stdin(unit(where)), timeout);
                require(written, "cannot write " + where.unitFile());
                return "wrote " + where.unitFile();
            });
            step(job, START, () -> start(remote, where, timeout));
            step(job, HEARTBEAT, () -> awaitHeartbeat(remote, where, agentId[0]));
            return "agent " + agentId[0] + " installed on " + target.address() + " and heartbeating";
        }
    }

    private Layout check(SshTarget remote, Duration timeout) {
        SshTarget.Result facts = remote.run("uname -s; id -u; printf '%s\\n' \"$HOME\"; "
                + "if [ -d /run/systemd/system ]; then echo systemd; else echo no-systemd; fi; command -v java", null, timeout);
        String[] lines = facts.output().split("\\R");
        if (lines.length < 4 || !lines[0].equals("Linux")) {
            throw new PushInstallException("the target is not Linux (uname -s: " + (lines.length > 0 ? lines[0] : "")
                    + "); the agent runs on Linux only. Output: " + facts.output());
        }
        boolean root = lines[1].equals("0");
        boolean systemd = lines[3].equals("systemd");
        if (lines.length < 5 || lines[4].isBlank()) {
            throw new PushInstallException("Java is not installed on the target (no java on the login's PATH); the "
                    + "agent needs Java 17 or later (e.g. apt-get install openjdk-17-jre-headless). Output: " + facts.output());
        }
        String java = lines[4].strip();
        SshTarget.Result version = remote.run(q(java) + " -version", null, timeout);
        Matcher matcher = JAVA_VERSION.matcher(version.output());
        if (!version.ok() || !matcher.find()) {
            throw new PushInstallException("cannot tell the Java version on the target; java -version answered: "
                    + version.output());
        }
        int major = Integer.parseInt(matcher.group(1));
        if (major == 1 && matcher.group(2) != null) {
            major = Integer.parseInt(matcher.group(2));
        }
        if (major < 17) {
            throw new PushInstallException("the target has Java " + major + "; the agent needs Java 17 or later. "
                    + "java -version: " + version.output());
        }
        String home = lines[2];
        String dir = root ? "/opt/lifeboat-agent" : home + "/lifeboat-agent";
        return new Layout(java, dir, root ? "/var/lib/lifeboat-agent" : dir + "/state",
                root ? "/etc/systemd/system/" + UNIT : home + "/.config/systemd/user/" + UNIT, root, systemd);
    }

    private String copy(SshTarget remote, Layout where) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isRegularFile(agentJar)) {
            throw new PushInstallException("the agent jar " + agentJar + " is not on the Lifeboat server (the launcher "
                    + "puts it there at start; or set " + PushInstallSettings.AGENT_JAR + ")");
        }
        long size = Files.size(agentJar);
        Duration limit = PushInstallSettings.sshTimeout().plusSeconds(size / (1 << 20));
        SshTarget.Result copied;
        try (InputStream jar = new DigestInputStream(Files.newInputStream(agentJar), sha256)) {
            copied = remote.run("mkdir -p " + q(where.dir()) + " && chmod 755 " + q(where.dir()) + " && cat > "
                    + q(where.jar() + ".part") + " && mv -f " + q(where.jar() + ".part") + " " + q(where.jar())
                    + " && sha256sum " + q(where.jar()), jar, limit);
        }
        require(copied, "cannot copy the agent to " + where.jar());
        String expected = HexFormat.of().formatHex(sha256.digest());
        if (!copied.output().startsWith(expected)) {
            throw new PushInstallException("the copy of the agent on the target differs from the server's (SHA-256 "
                    + expected + "); sha256sum answered: " + copied.output());
        }
        return "copied " + size + " bytes to " + where.jar() + " (SHA-256 " + expected + ", checked on the target)";
    }

    private String register(SshTarget remote, Layout where, InstallTarget target, Duration timeout) {
        String token = installs.issueToken(installId, PushInstallSettings.tokenLifetime());
        String tokenFile = where.dir() + "/registration-token";
        StringBuilder command = new StringBuilder("umask 077 && cat > " + q(tokenFile) + " && " + q(where.java())
                + " -jar " + q(where.jar()) + " register --server " + q(serverUrl) + " --token-file " + q(tokenFile)
                + " --state " + q(where.state()) + " --name " + q(machineName));
        for (String disk : target.disks()) {
            command.append(" --disk ").append(q(disk));
        }
        // the token file goes whether the registration worked or not
        command.append("; rc=$?; rm -f ").append(q(tokenFile)).append("; exit $rc");
        String file = "token=" + token + "\nserverCertificateSha256=" + serverCertificateSha256 + "\n";
        SshTarget.Result registered = remote.run(command.toString(), stdin(file), timeout.plusSeconds(60));
        require(registered, "the agent's registration failed");
        Matcher id = AGENT_ID.matcher(registered.output());
        if (!id.find()) {
            throw new PushInstallException("the agent's registration answered without an agent id: " + registered.output());
        }
        return id.group(1);
    }

    private String start(SshTarget remote, Layout where, Duration timeout) {
        if (where.systemd()) {
            SshTarget.Result started = remote.run(where.systemctl() + " daemon-reload && " + where.systemctl()
                    + " enable --now " + UNIT, null, timeout);
            require(started, "systemd did not start " + UNIT);
            return "started with " + where.systemctl() + " enable --now " + UNIT;
        }
        String log = where.dir() + "/agent.log";
        String pidFile = where.dir() + "/agent.pid";
        SshTarget.Result started = remote.run("cd " + q(where.dir()) + " && { setsid nohup " + q(where.java())
                + " -Xmx256m -jar " + q(where.jar()) + " run --state " + q(where.state()) + " >> " + q(log)
                + " 2>&1 < /dev/null & echo $! > " + q(pidFile) + "; } && sleep 2 && kill -0 \"$(cat " + q(pidFile)
                + ")\" && cat " + q(pidFile), null, timeout);
        if (!started.ok()) {
            SshTarget.Result tail = remote.run("tail -c 4000 " + q(log), null, timeout);
            throw new PushInstallException("the agent did not stay up; its log: " + tail.output());
        }
        return "systemd does not run on the target (no /run/systemd/system, e.g. a container): started detached "
                + "without it, pid " + started.output().strip() + ", log " + log + ", pid file " + pidFile
                + "; the unit " + where.unitFile() + " is written for when systemd runs";
    }

    private String awaitHeartbeat(SshTarget remote, Layout where, String agentId) throws InterruptedException {
        Instant deadline = Instant.now().plus(PushInstallSettings.heartbeatWait());
        while (Instant.now().isBefore(deadline)) {
            Optional<Instant> beat = agents.apply(agentId).map(MobilityAgent::getLastHeartbeatAt);
            if (beat.isPresent()) {
                return "agent " + agentId + " sent its first heartbeat at " + beat.get();
            }
            Thread.sleep(1000);
        }
        SshTarget.Result tail = remote.run(where.systemd() ? "journalctl " + (where.root() ? "" : "--user ")
                + "-u " + UNIT + " -n 50 --no-pager" : "tail -c 4000 " + q(where.dir() + "/agent.log"), null,
                PushInstallSettings.sshTimeout());
        throw new PushInstallException("agent " + agentId + " sent no heartbeat within "
                + PushInstallSettings.heartbeatWait().toSeconds() + " s; its log: " + tail.output());
    }

    private static String unit(Layout where) {
        return "# written by Lifeboat's push installation\n"
                + "[Unit]\nDescription=Lifeboat mobility agent\nAfter=network-online.target\nWants=network-online.target\n\n"
                + "[Service]\nExecStart=" + where.java() + " -Xmx256m -jar " + where.jar() + " run --state "
                + where.state() + "\nRestart=on-failure\nRestartSec=10\n\n"
                + "[Install]\nWantedBy=" + (where.root() ? "multi-user.target" : "default.target") + "\n";
    }

    @FunctionalInterface
    private interface Step {
        String run() throws Exception;
    }

    private static void step(JobContext job, String name, Step step) throws Exception {
        job.stepStarted(name);
        try {
            job.stepEnded(name, JobStepState.SUCCEEDED, step.run());
        } catch (JobFailedException e) {
            job.stepEnded(name, JobStepState.FAILED, e.getMessage());
            throw new JobFailedException(name + ": " + e.getMessage());
        } catch (Exception | Error e) {
            job.stepEnded(name, JobStepState.FAILED, String.valueOf(e));
            throw e;
        }
        job.progress(100 * (STEPS.indexOf(name) + 1) / STEPS.size());
    }

    private static void require(SshTarget.Result result, String what) {
        if (!result.ok()) {
            throw new PushInstallException(what + " (exit code " + result.exitCode() + "): " + result.output());
        }
    }

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** A word for a POSIX shell: in single quotes, each quote in it closed, escaped and opened again. */
    static String q(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
