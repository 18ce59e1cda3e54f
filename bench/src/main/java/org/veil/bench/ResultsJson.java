package org.veil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The raw results of a bench run as JSON, for later comparison. */
final class ResultsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    static String render(BenchRun run) throws IOException {
        return JSON.writeValueAsString(run) + "\n";
    }

    static void write(BenchRun run, Path file) throws IOException {
        Files.writeString(file, render(run));
    }
}
