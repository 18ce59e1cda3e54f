package org.veil.terminal.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs an admin or switch step: one HTTP call with a JSON body, its status and JSON answer checked. */
final class ControlApiCall {
    private static final int MAX_SHOWN_BODY = 200;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RunSettings settings;

    ControlApiCall(RunSettings settings) {
        this.settings = settings;
    }

    StepOutcome run(ScenarioStep.Http step, Variables.Scope scope, long timeoutMs) throws StepFailure {
        String base = settings.baseUrl(step.api());
        String path = Template.resolve(step.path(), scope);
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(step.api().key + ": '" + base + path + "' is not a valid URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs)).header("Accept", "application/json");
        if (step.body() != null) {
            String json;
            try {
                json = Values.JSON.writeValueAsString(Template.resolveValue(step.body(), scope));
            } catch (JsonProcessingException e) {
                throw new StepFailure("body cannot be written as JSON: " + e.getOriginalMessage());
            }
            request.header("Content-Type", "application/json").method(step.method(), HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(step.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new StepFailure("no answer from the " + step.api().title + " at " + base + " within " + timeoutMs + " ms");
        } catch (ConnectException e) {
            throw new StepFailure("the " + step.api().title + " at " + base + " cannot be reached (connection refused)");
        } catch (IOException e) {
            throw new StepFailure(step.api().title + " call " + step.method() + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting for the " + step.api().title);
        }
        JsonNode body = json(response.body());
        List<String> diffs = new ArrayList<>();
        int status = response.statusCode();
        boolean statusOk = step.status() != null ? status == step.status() : status >= 200 && status < 300;
        if (!statusOk) {
            diffs.add("status: expected " + (step.status() != null ? step.status() : "2xx") + ", got " + status + shown(body));
        }
        for (Map.Entry<String, FieldExpectation> e : step.expect().entrySet()) {
            JsonPath p = JsonPath.parse(e.getKey());
            JsonNode n = p.find(body);
            String actual = n == null || n.isNull() || n.isMissingNode() ? null : Values.text(n);
            String d = e.getValue().check(actual, null, scope, v -> Secrets.json(p.leaf(), v));
            if (d != null) diffs.add(e.getKey() + ": " + d);
        }
        return new StepOutcome(new StepData.Json(body), diffs);
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) return MissingNode.getInstance();
        try {
            return Values.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The answer's error line, or the start of its body, after a status that was not expected. */
    private static String shown(JsonNode body) {
        if (body.isMissingNode()) return "";
        String text = body.has("error") ? body.get("error").asText() : Values.text(body);
        text = text.replace('\n', ' ').strip();
        return " (" + (text.length() > MAX_SHOWN_BODY ? text.substring(0, MAX_SHOWN_BODY) + "..." : text) + ")";
    }
}
