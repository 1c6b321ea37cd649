package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HttpMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document the server serves, checked against the real API both ways: every documented
 * operation exists and is protected as documented, and every JAX-RS resource method of the web
 * module (found by reflection on the deployed EAR's classes, so resources added later are covered
 * without touching this test) is documented with a summary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Stands in for every path parameter: an id nothing has, so no call can touch real state. */
    private static final String PLACEHOLDER = "openapi-it-none";
    private static final String API_PACKAGE = "org.lifeboat.web.api";

    @TempDir
    static Path dir;

    private JsonObject document;
    private String server;

    @BeforeAll
    void fetchTheDocument() throws Exception {
        URI api = LifeboatStack.api("");
        HttpResponse<String> served = LifeboatStack.http().send(HttpRequest.newBuilder(
                        api.resolve("/openapi")).timeout(Duration.ofSeconds(60)).header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode(), "GET /openapi without a login: " + served.body());
        document = JsonBodies.object(served.body());
        server = document.getJsonArray("servers").getJsonObject(0).getString("url");
    }

    @Test
    void theDocumentDescribesLifeboatAndItsTwoWaysToLogIn() {
        assertEquals("Lifeboat", document.getJsonObject("info").getString("title"));
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        assertEquals("basic", schemes.getJsonObject("basic").getString("scheme"));
        assertEquals("bearer", schemes.getJsonObject("bearer").getString("scheme"));
        assertTrue(document.getJsonObject("components").getJsonObject("schemas").containsKey("Policy"),
                "the DTO records are documented as schemas");
    }

    @Test
    void everyDocumentedOperationIsServedAndProtectedAsDocumented() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonValue> path : document.getJsonObject("paths").entrySet()) {
            URI uri = URI.create(server + path.getKey().replaceAll("\\{[^}]+}", PLACEHOLDER));
            HttpResponse<String> options = call("OPTIONS", uri, true, null);
            String allowed = options.headers().firstValue("Allow").orElse("").toUpperCase(Locale.ROOT);
            for (Map.Entry<String, JsonValue> operation : path.getValue().asJsonObject().entrySet()) {
                if (!HTTP_METHODS.contains(operation.getKey())) {
                    continue;
                }
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                String what = method + " " + path.getKey();
                checked++;
                if (options.statusCode() != 200 || !allowed.contains(method)) {
                    problems.add(what + ": the server does not route it (OPTIONS " + options.statusCode() + ", Allow: "
                            + allowed + ")");
                }
                JsonObject op = operation.getValue().asJsonObject();
                boolean secured = op.containsKey("security") && !op.getJsonArray("security").isEmpty();
                if (secured) {
                    // refused before any resource runs, so even a POST here changes nothing
                    HttpResponse<String> anonymous = call(method, uri, false, "{}");
                    if (anonymous.statusCode() != 401) {
                        problems.add(what + ": documented as needing a login, answered " + anonymous.statusCode()
                                + " without one");
                    }
                } else {
                    HttpResponse<String> anonymous = call(method, uri, false, "{}");
                    if (anonymous.statusCode() == 401 || anonymous.statusCode() == 404
                            || anonymous.statusCode() == 405 || anonymous.statusCode() >= 500
                                    && anonymous.statusCode() != 503) {
                        problems.add(what + ": documented as open, answered " + anonymous.statusCode()
                                + " without a login");
                    }
                }
                if (method.equals("GET")) {
                    HttpResponse<String> read = call(method, uri, true, null);
                    boolean unrouted = read.statusCode() == 404 && !read.body().startsWith("{\"error\"");
                    if (unrouted || read.statusCode() == 405) {
                        problems.add(what + ": answered " + read.statusCode() + " to the administrator");
                    }
                }
            }
        }
        assertTrue(checked >= 10, "only " + checked + " operations documented");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyResourceMethodOfTheWebModuleIsDocumentedWithASummary() throws Exception {
        Set<String> implemented = resourceMethods();
        assertTrue(implemented.contains("PUT /api/v1/replicationPolicies/{}"), implemented.toString());

        Set<String> documented = new TreeSet<>();
        Set<String> unsummarised = new TreeSet<>();
        for (Map.Entry<String, JsonValue> path : document.getJsonObject("paths").entrySet()) {
            for (Map.Entry<String, JsonValue> operation : path.getValue().asJsonObject().entrySet()) {
                if (HTTP_METHODS.contains(operation.getKey())) {
                    String key = operation.getKey().toUpperCase(Locale.ROOT) + " " + normalise(path.getKey());
                    documented.add(key);
                    String summary = operation.getValue().asJsonObject().getString("summary", "");
                    if (summary.isBlank()) {
                        unsummarised.add(key);
                    }
                }
            }
        }
        Set<String> undocumented = new TreeSet<>(implemented);
        undocumented.removeAll(documented);
        assertTrue(undocumented.isEmpty(), "resource methods missing from /openapi: " + undocumented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(implemented);
        assertTrue(stale.isEmpty(), "documented operations no resource method implements: " + stale);
        assertTrue(unsummarised.isEmpty(), "operations without a summary (@Operation): " + unsummarised);
    }

    /**
     * "METHOD /api/v1/path/{}" for every resource method in the deployed EAR's web module: its classes
     * are loaded from the EAR itself, together with the EJB module and the EAR's libraries they refer to.
     */
    private Set<String> resourceMethods() throws IOException, ClassNotFoundException {
        Path ear = Path.of(System.getProperty("lifeboat.ear"));
        Path unpacked = dir.resolve("ear");
        unzip(Files.newInputStream(ear), unpacked);
        Path war = unpacked.resolve("lifeboat-web.war");
        Path web = dir.resolve("war");
        unzip(Files.newInputStream(war), web);
        List<URL> classpath = new ArrayList<>();
        classpath.add(web.resolve("WEB-INF/classes").toUri().toURL());
        try (var jars = Files.walk(unpacked)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                classpath.add(jar.toUri().toURL());
            }
        }
        Set<String> methods = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(classpath.toArray(URL[]::new), getClass().getClassLoader())) {
            String applicationPath = null;
            List<Class<?>> resources = new ArrayList<>();
            Path classes = web.resolve("WEB-INF/classes/" + API_PACKAGE.replace('.', '/'));
            try (var files = Files.list(classes)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = API_PACKAGE + "." + file.getFileName().toString().replace(".class", "");
                    Class<?> type = Class.forName(name, false, loader);
                    if (type.isAnnotationPresent(jakarta.ws.rs.ApplicationPath.class)) {
                        applicationPath = type.getAnnotation(jakarta.ws.rs.ApplicationPath.class).value();
                    }
                    if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                        resources.add(type);
                    }
                }
            }
            assertTrue(applicationPath != null, "no @ApplicationPath in " + API_PACKAGE);
            for (Class<?> resource : resources) {
                String base = join("/" + applicationPath, resource.getAnnotation(jakarta.ws.rs.Path.class).value());
                for (Method method : resource.getDeclaredMethods()) {
                    String verb = httpMethod(method);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        methods.add(verb + " " + normalise(sub == null ? base : join(base, sub.value())));
                    }
                }
            }
        }
        assertFalse(methods.isEmpty(), "no JAX-RS resource method found in the EAR");
        return methods;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + (sub.startsWith("/") ? sub : "/" + sub);
        return joined.endsWith("/") && joined.length() > 1 ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** Path templates compared by shape: {@code /a/{name: regex}/b} and {@code /a/{id}/b} are the same. */
    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    private static void unzip(InputStream archive, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(archive)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("entry outside the archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        }
    }

    private static HttpResponse<String> call(String method, URI uri, boolean administrator, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (administrator) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + LifeboatStack.adminPassword()).getBytes(StandardCharsets.UTF_8)));
        }
        boolean body = json != null && (method.equals("PUT") || method.equals("POST") || method.equals("PATCH"));
        if (body) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
        return LifeboatStack.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
