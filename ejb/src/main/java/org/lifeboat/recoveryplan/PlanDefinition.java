package org.lifeboat.recoveryplan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.lifeboat.shared.InvalidRequestException;

/**
 * What a recovery plan is: its ordered boot groups (up to {@value #MAX_ITEMS} items in all, each in one group
 * only) and the plan's own pre and post actions. Read from the API's JSON with every field checked (a 400
 * naming the field, e.g. {@code groups[1].items[0]}), and stored as the same JSON.
 */
public record PlanDefinition(String description, List<BootGroup> groups, List<PlanAction> preActions,
                             List<PlanAction> postActions) {

    public static final int MAX_ITEMS = 100;
    static final int MAX_GROUPS = 100;
    static final int MAX_ACTIONS = 10;
    static final int MAX_DESCRIPTION = 1000;
    private static final Set<String> FIELDS = Set.of("description", "groups", "preActions", "postActions");
    private static final Set<String> GROUP_FIELDS = Set.of("items", "preActions", "postActions");

    public PlanDefinition {
        groups = List.copyOf(groups);
        preActions = List.copyOf(preActions);
        postActions = List.copyOf(postActions);
    }

    /** Every item of the plan, in boot order. */
    public List<String> items() {
        return groups.stream().flatMap(g -> g.items().stream()).toList();
    }

    /**
     * Reads and checks a plan.
     *
     * @param itemExists whether a protected item of that name exists
     * @throws InvalidRequestException naming the first field that is wrong
     */
    public static PlanDefinition parse(JsonObject json, Predicate<String> itemExists, ScriptsDirectory scripts) {
        unknownFields(json, FIELDS, "");
        String description = optionalText(json, "description", MAX_DESCRIPTION);
        JsonArray groupsJson = array(json, "groups", true);
        if (groupsJson.isEmpty() || groupsJson.size() > MAX_GROUPS) {
            throw new InvalidRequestException("groups", "a plan has 1 to " + MAX_GROUPS + " boot groups");
        }
        int count = 0;
        for (JsonValue group : groupsJson) {
            if (group instanceof JsonObject object && object.get("items") instanceof JsonArray items) {
                count += items.size();
            }
        }
        if (count > MAX_ITEMS) {
            throw new InvalidRequestException("groups", "a plan has at most " + MAX_ITEMS + " items, not " + count);
        }
        List<BootGroup> groups = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int g = 0; g < groupsJson.size(); g++) {
            String at = "groups[" + g + "]";
            if (!(groupsJson.get(g) instanceof JsonObject group)) {
                throw new InvalidRequestException(at, at + " is an object with items, preActions and postActions");
            }
            unknownFields(group, GROUP_FIELDS, at + ".");
            JsonArray itemsJson = array(group, "items", true, at + ".items");
            if (itemsJson.isEmpty()) {
                throw new InvalidRequestException(at + ".items", "a boot group has at least one item");
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < itemsJson.size(); i++) {
                String field = at + ".items[" + i + "]";
                if (!(itemsJson.get(i) instanceof JsonString name) || name.getString().isBlank()) {
                    throw new InvalidRequestException(field, field + " is a protected item's name");
                }
                String item = name.getString();
                String first = seen.putIfAbsent(item, field);
                if (first != null) {
                    throw new InvalidRequestException(field, "'" + item + "' is already in the plan at " + first
                            + ": an item is in one boot group of a plan only");
                }
                if (!itemExists.test(item)) {
                    throw new InvalidRequestException(field, "no protected item '" + item + "'");
                }
                items.add(item);
            }
            groups.add(new BootGroup(items, actions(group, "preActions", at + ".", scripts),
                    actions(group, "postActions", at + ".", scripts)));
        }
        return new PlanDefinition(description, groups, actions(json, "preActions", "", scripts),
                actions(json, "postActions", "", scripts));
    }

    /** The plan as stored and as the API shows it. */
    public JsonObject toJson() {
        JsonArrayBuilder groupsJson = Json.createArrayBuilder();
        for (BootGroup group : groups) {
            groupsJson.add(Json.createObjectBuilder().add("items", Json.createArrayBuilder(group.items()))
                    .add("preActions", json(group.preActions())).add("postActions", json(group.postActions())));
        }
        var out = Json.createObjectBuilder();
        if (description != null) {
            out.add("description", description);
        }
        return out.add("groups", groupsJson).add("preActions", json(preActions)).add("postActions", json(postActions))
                .build();
    }

    /** A stored plan: it was checked when stored; scripts are checked again when they run. */
    static PlanDefinition stored(JsonObject json) {
        return parse(json, item -> true, null);
    }

    private static JsonArrayBuilder json(List<PlanAction> actions) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        actions.forEach(a -> out.add(a.toJson()));
        return out;
    }

    private static List<PlanAction> actions(JsonObject json, String name, String prefix, ScriptsDirectory scripts) {
        JsonArray array = array(json, name, false, prefix + name);
        if (array.size() > MAX_ACTIONS) {
            throw new InvalidRequestException(prefix + name, "at most " + MAX_ACTIONS + " " + name);
        }
        List<PlanAction> actions = new ArrayList<>();
        for (int a = 0; a < array.size(); a++) {
            String at = prefix + name + "[" + a + "]";
            if (!(array.get(a) instanceof JsonObject action)) {
                throw new InvalidRequestException(at, at + " is an object with a type, Script or Manual");
            }
            String type = action.get("type") instanceof JsonString t ? t.getString() : null;
            if (PlanAction.Kind.SCRIPT.apiName().equals(type)) {
                unknownFields(action, Set.of("type", "script", "timeoutSeconds"), at + ".");
                String script = action.get("script") instanceof JsonString s ? s.getString() : null;
                if (scripts != null) {
                    scripts.resolve(at + ".script", script);
                } else if (script == null) {
                    throw new IllegalStateException("a stored script action without its script");
                }
                actions.add(PlanAction.script(script, timeout(action, at + ".timeoutSeconds")));
            } else if (PlanAction.Kind.MANUAL.apiName().equals(type)) {
                unknownFields(action, Set.of("type", "text"), at + ".");
                String text = optionalText(action, "text", PlanAction.MAX_TEXT, at + ".text");
                if (text == null || text.isBlank()) {
                    throw new InvalidRequestException(at + ".text", "a manual action says what to do in its text");
                }
                actions.add(PlanAction.manual(text));
            } else {
                throw new InvalidRequestException(at + ".type", "an action's type is Script or Manual");
            }
        }
        return actions;
    }

    private static Duration timeout(JsonObject action, String field) {
        JsonValue value = action.get("timeoutSeconds");
        if (value == null || value == JsonValue.NULL) {
            return PlanAction.DEFAULT_TIMEOUT;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1
                || number.longValue() > PlanAction.MAX_TIMEOUT.toSeconds()) {
            throw new InvalidRequestException(field, "timeoutSeconds is a whole number of seconds from 1 to "
                    + PlanAction.MAX_TIMEOUT.toSeconds());
        }
        return Duration.ofSeconds(number.longValue());
    }

    private static JsonArray array(JsonObject json, String name, boolean required) {
        return array(json, name, required, name);
    }

    private static JsonArray array(JsonObject json, String name, boolean required, String field) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new InvalidRequestException(field, field + " is required");
            }
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (!(value instanceof JsonArray array)) {
            throw new InvalidRequestException(field, field + " is an array");
        }
        return array;
    }

    private static String optionalText(JsonObject json, String name, int max) {
        return optionalText(json, name, max, name);
    }

    private static String optionalText(JsonObject json, String name, int max, String field) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text) || text.getString().length() > max) {
            throw new InvalidRequestException(field, field + " is a text of at most " + max + " characters");
        }
        return text.getString();
    }

    private static void unknownFields(JsonObject json, Set<String> known, String prefix) {
        for (String field : new LinkedHashSet<>(json.keySet())) {
            if (!known.contains(field)) {
                throw new InvalidRequestException(prefix + field, "unknown field '" + prefix + field + "'; known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
