package org.lifeboat.agent.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.files.SecureFiles;

/** {@code status.json}: the daemon's last report, rewritten atomically every second. */
public final class StatusFile {

    private final Path file;

    public StatusFile(Path file) {
        this.file = file;
    }

    public void write(AgentStatus status) throws IOException {
        SecureFiles.writeAtomically(file, status.toJson().toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return empty if the agent never ran
     * @throws IOException if the file exists but cannot be read or understood
     */
    public Optional<AgentStatus> read() throws IOException {
        try {
            return Optional.of(AgentStatus.fromJson(JsonFields.parseObject(Files.readString(file, StandardCharsets.UTF_8))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a status file: " + e.getMessage(), e);
        }
    }
}
