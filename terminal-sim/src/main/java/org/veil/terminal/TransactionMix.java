package org.veil.terminal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Weighted kinds of transaction, e.g. {@code purchase=80,balance=20}. */
public final class TransactionMix {
    private final LoadKind[] kinds;
    private final int[] cumulative;
    private final Map<LoadKind, Integer> weights;

    private TransactionMix(Map<LoadKind, Integer> weights) {
        this.weights = weights;
        kinds = weights.keySet().toArray(LoadKind[]::new);
        cumulative = new int[kinds.length];
        int sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum += weights.get(kinds[i]);
            cumulative[i] = sum;
        }
    }

    public static TransactionMix parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("the mix is empty");
        Map<LoadKind, Integer> weights = new EnumMap<>(LoadKind.class);
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            LoadKind kind = LoadKind.parse(kv[0]);
            int w;
            try {
                w = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + kind.mixName() + " in the mix is not a number: '" + kv[1] + "'");
            }
            if (w < 0) throw new IllegalArgumentException("weight of " + kind.mixName() + " in the mix is negative");
            if (w > 0) weights.merge(kind, w, Integer::sum);
        }
        if (weights.isEmpty()) throw new IllegalArgumentException("the mix has no kind with a positive weight");
        return new TransactionMix(weights);
    }

    /** The fraction of picks that are one of these kinds (0 to 1). */
    public double share(Set<LoadKind> some) {
        int part = 0;
        for (Map.Entry<LoadKind, Integer> e : weights.entrySet()) {
            if (some.contains(e.getKey())) part += e.getValue();
        }
        return part / (double) cumulative[cumulative.length - 1];
    }

    public LoadKind pick(RandomGenerator random) {
        if (kinds.length == 1) return kinds[0];
        int r = random.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < kinds.length; i++) {
            if (r < cumulative[i]) return kinds[i];
        }
        return kinds[kinds.length - 1];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        weights.forEach((k, w) -> sb.append(sb.isEmpty() ? "" : ",").append(k.mixName()).append('=').append(w));
        return sb.toString();
    }
}
