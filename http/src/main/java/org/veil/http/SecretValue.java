package org.veil.http;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * For options whose value is a base64url token or secret: one in 64 begins with '-', and picocli took "-VO_8z..." for
 * -V (version) with more, refusing the value. This takes the next argument as the value unless it is one of the
 * command's own options, which picocli then refuses as before ("--token --json": the value is missing).
 */
public final class SecretValue implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
        if (args.isEmpty() || !args.peek().startsWith("-") || spec.findOption(args.peek()) != null) return false;
        argSpec.setValue(args.pop());
        return true;
    }
}
