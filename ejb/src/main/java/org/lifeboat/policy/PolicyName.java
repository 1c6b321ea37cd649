package org.lifeboat.policy;

import java.util.regex.Pattern;
import org.lifeboat.shared.InvalidRequestException;

/** A replication policy's name: what it is called in URLs and protected items, so a safe, short charset. */
public record PolicyName(String value) {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    /** @throws InvalidRequestException (field "name") for anything else */
    public PolicyName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidRequestException("name", "a replication policy's name is 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public boolean isDefault() {
        return ReplicationPolicy.DEFAULT.equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
