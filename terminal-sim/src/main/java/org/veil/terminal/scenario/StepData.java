package org.veil.terminal.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;

/** What a finished step offers later steps as {@code ${ID....}}. */
sealed interface StepData {
    /** The value at {@code rest} (what follows "ID."). */
    Object lookup(String id, String rest) throws StepFailure;

    /** A send step: the request as it went on the wire and the answer (null when none came). */
    record Exchange(Dialect dialect, ISOMsg request, ISOMsg answer) implements StepData {
        @Override
        public Object lookup(String id, String rest) throws StepFailure {
            int dot = rest.indexOf('.');
            String which = dot < 0 ? rest : rest.substring(0, dot);
            String what = dot < 0 ? "" : rest.substring(dot + 1);
            ISOMsg m = switch (which) {
                case "request" -> request;
                case "answer" -> answer;
                default -> throw new StepFailure("unknown variable ${" + id + "." + rest + "}: a send step offers "
                        + id + ".request.N, " + id + ".answer.N and their .mti");
            };
            if (m == null) throw new StepFailure("unknown variable ${" + id + "." + rest + "}: step " + id + " got no answer");
            if (what.equals("mti")) {
                try {
                    return m.getMTI();
                } catch (ISOException e) {
                    throw new StepFailure("step " + id + "'s " + which + " has no MTI");
                }
            }
            int field;
            try {
                field = Integer.parseInt(what);
            } catch (NumberFormatException e) {
                throw new StepFailure("unknown variable ${" + id + "." + rest + "}: expected " + id + "." + which + ".N (a field number) or " + id + "." + which + ".mti");
            }
            String v = FieldText.read(m, field);
            if (v == null) throw new StepFailure("variable ${" + id + "." + rest + "}: step " + id + "'s " + which + " has no field " + field);
            return v;
        }
    }

    /** An admin or switch call: its JSON answer. */
    record Json(JsonNode body) implements StepData {
        @Override
        public Object lookup(String id, String rest) throws StepFailure {
            JsonPath path;
            try {
                path = JsonPath.parse(rest);
            } catch (IllegalArgumentException e) {
                throw new StepFailure("variable ${" + id + "." + rest + "}: " + e.getMessage());
            }
            JsonNode n = path.find(body);
            if (n == null || n.isNull()) throw new StepFailure("variable ${" + id + "." + rest + "}: step " + id + "'s answer has no " + rest);
            return n;
        }
    }

    /** A sleep: nothing to refer to. */
    record Nothing() implements StepData {
        @Override
        public Object lookup(String id, String rest) throws StepFailure {
            throw new StepFailure("unknown variable ${" + id + "." + rest + "}: step " + id + " is a sleep and has no data");
        }
    }
}
