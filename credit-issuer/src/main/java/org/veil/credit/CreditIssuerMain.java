package org.veil.credit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the simulated credit issuer: its test cards (veil.credit.cards [${veil.cfg.dir}/credit-issuer/cards.yml]) behind
 * a host link on veil.bind [127.0.0.1] : veil.credit.port [9584]. Prints one ready line; stops on SIGTERM.
 */
public final class CreditIssuerMain {
    private CreditIssuerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) fail("unexpected argument '" + args[0] + "' (configure with -Dveil.* system properties)");
        String bind = System.getProperty("veil.bind", "127.0.0.1");
        String cfg = System.getProperty("veil.cfg.dir", "cfg");
        // before the first logger: this JVM's log goes to ${veil.log.dir}/credit-issuer.log, stdout keeps the ready line
        Path logback = Path.of(cfg, "credit-issuer", "logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(logback)) {
            System.setProperty("logback.configurationFile", logback.toString());
        }
        Path file = Path.of(System.getProperty("veil.credit.cards", Path.of(cfg, "credit-issuer", "cards.yml").toString()));
        int port;
        try {
            port = Integer.parseInt(System.getProperty("veil.credit.port", "9584"));
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            fail("veil.credit.port must be a port number 0..65535, got '" + System.getProperty("veil.credit.port") + "'");
            return;
        }
        CardBook book;
        try {
            book = CardBook.load(file);
        } catch (IOException e) {
            fail(e.getMessage());
            return;
        }
        CreditHostLink link;
        try {
            link = new CreditHostLink(bind, port, new CreditAuthorizer(book));
        } catch (IOException e) {
            fail("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            link.close();
            stopped.countDown();
        }));
        System.out.println("veil credit-issuer ready: host link " + bind + ":" + link.port() + ", " + book.size() + " test cards from " + file);
        System.out.flush();
        stopped.await();
    }

    private static void fail(String line) {
        System.err.println("credit-issuer: " + line);
        System.exit(2);
    }
}
