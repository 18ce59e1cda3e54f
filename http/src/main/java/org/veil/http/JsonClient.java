package org.veil.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The client side of a JSON API as a command line uses it: one call, its answer as JSON, or why there is none. */
public final class JsonClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: HTTP status and its JSON body. */
    public record Reply(int status, JsonNode body) {}

    /** The API did not answer (nothing listens, or the connection broke). */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private final URI base;
    private final String apiName;
    private final String hint;

    /** {@code apiName} ("issuer admin API") and {@code hint} ("is the issuer host running?") word the unreachable line. */
    public JsonClient(URI base, String apiName, String hint) {
        this.base = base;
        this.apiName = apiName;
        this.hint = hint;
    }

    /**
     * The base URL given with {@code option}, else http://127.0.0.1:${portProperty:-defaultPort}.
     * IllegalArgumentException with one line saying what is wrong: nothing is sent then.
     */
    public static URI base(String url, String option, String portProperty, String defaultPort) {
        String base = url;
        if (base == null) {
            String port = System.getProperty(portProperty, defaultPort);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException(portProperty + " must be a port number 1 to 65535, got '" + port + "'");
            }
            base = "http://127.0.0.1:" + port;
        }
        try {
            URI uri = new URI(base.replaceAll("/+$", ""));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw new URISyntaxException(base, "scheme");
            if (uri.getHost() == null) throw new URISyntaxException(base, "host");
            if (uri.getPort() == 0 || uri.getPort() > 65535 || (uri.getPort() < 0 && uri.getRawAuthority().contains(":"))) {
                throw new URISyntaxException(base, "port");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) throw new URISyntaxException(base, "query");
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + " must be http://HOST:PORT (port 1 to 65535), got '" + base + "'");
        }
    }

    public URI base() {
        return base;
    }

    /** One request (body null: none) and its JSON answer; an answer that is not JSON is an IllegalStateException. */
    public Reply call(String method, String path, Object body) {
        return call(method, path, body, null);
    }

    /** As {@link #call(String, String, Object)}, with {@code Authorization: Bearer token} when the token is not null. */
    public Reply call(String method, String path, Object body, String bearerToken) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getMessage());
        }
        return send(method, path, bytes, bearerToken == null ? null : "Bearer " + bearerToken);
    }

    /**
     * One request with exactly these body bytes (null: none) and this Authorization header (null: none), for a caller
     * that signs what it sends.
     */
    public Reply send(String method, String path, byte[] body, String authorization) {
        URI uri = URI.create(base + path);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            if (authorization != null) b = b.header("Authorization", authorization);
            b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode n;
            try {
                n = JSON.readTree(r.body());
            } catch (IOException e) {
                n = null;
            }
            if (n == null || n.isMissingNode()) {
                throw new IllegalStateException("the " + apiName + " at " + base + " answered " + r.statusCode() + " with something that is not JSON");
            }
            return new Reply(r.statusCode(), n);
        } catch (IOException e) {
            throw new Unreachable("cannot reach the " + apiName + " at " + base + " (" + hint + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }
}
