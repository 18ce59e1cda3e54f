package org.veil.terminal.scenario;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.veil.packagers.Dialect;
import org.veil.terminal.IsoClient;

/** A scenario's connections to the switch, one per dialect, opened on first use and again after a close. */
final class IsoLinks implements AutoCloseable {
    /** An open connection and the count of every answer it received. */
    record Link(IsoClient client, AnswerCounts counts) {}

    private final RunSettings settings;
    private final SwitchReach reach;
    private final Map<Dialect, Link> links = new EnumMap<>(Dialect.class);

    IsoLinks(RunSettings settings, SwitchReach reach) {
        this.settings = settings;
        this.reach = reach;
    }

    Link link(Dialect dialect) throws SwitchUnreachable {
        Link link = links.get(dialect);
        if (link != null && link.client().isOpen()) return link;
        if (link != null) link.client().close();
        int port = settings.port(dialect);
        try {
            IsoClient client = IsoClient.connect(dialect, settings.host(), port);
            reach.connected();
            AnswerCounts counts = new AnswerCounts();
            client.onEveryAnswer(counts::add);
            link = new Link(client, counts);
            links.put(dialect, link);
            return link;
        } catch (IOException e) {
            links.remove(dialect);
            reach.failed();
            throw new SwitchUnreachable("the switch's " + dialect + " port cannot be reached: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        links.values().forEach(l -> l.client().close());
        links.clear();
    }
}
