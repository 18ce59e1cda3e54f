package org.veil.issuer.card;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** The products of cfg/issuer/products.yml, held in memory and mirrored into the products table. */
public final class ProductCatalog {
    private final Map<String, Product> byCode;

    public ProductCatalog(Collection<Product> products) {
        Map<String, Product> m = new LinkedHashMap<>();
        for (Product p : products) m.put(p.code(), p);
        this.byCode = Map.copyOf(m);
        this.ordered = List.copyOf(products);
    }

    private final List<Product> ordered;

    /** @throws IOException with one line naming the file and what is wrong in it */
    public static ProductCatalog load(Path file) throws IOException {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied");
        } catch (MarkedYAMLException e) {
            throw new IOException(file + ": not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new IOException(file + ": not valid YAML");
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("products") instanceof List<?> items) || items.isEmpty()) {
            throw new IOException(file + ": expected a non-empty list under 'products:'");
        }
        List<Product> products = new ArrayList<>();
        for (int n = 0; n < items.size(); n++) {
            if (!(items.get(n) instanceof Map<?, ?> item)) throw new IOException(file + ": product " + (n + 1) + " is not a mapping");
            products.add(parse(file, n + 1, item));
        }
        return new ProductCatalog(products);
    }

    private static Product parse(Path file, int n, Map<?, ?> i) throws IOException {
        String where = file + ": product " + n + ": ";
        return new Product(text(i, "code", where), text(i, "bin", where), text(i, "currency", where),
                (int) number(i, "panLength", where), (int) number(i, "validityMonths", where),
                number(i, "maxTransaction", where), number(i, "maxBalance", where), number(i, "holdExpirySeconds", where),
                i.containsKey("maxMonthlyLoad") ? number(i, "maxMonthlyLoad", where) : 0);
    }

    private static String text(Map<?, ?> i, String key, String where) throws IOException {
        Object v = i.get(key);
        if (v == null) throw new IOException(where + "missing '" + key + "'");
        return v.toString();
    }

    private static long number(Map<?, ?> i, String key, String where) throws IOException {
        String v = text(i, key, where);
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= Integer.MAX_VALUE * 1000L) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IOException(where + "'" + key + "' must be a whole number, got '" + v + "'");
    }

    public Product get(String code) {
        return byCode.get(code);
    }

    public List<Product> all() {
        return ordered;
    }

    /** Inserts new products and refreshes the limits of known ones; the PAN sequence is kept. */
    public void store(Connection c) throws SQLException {
        try (PreparedStatement upd = c.prepareStatement(
                "UPDATE products SET bin=?, currency=?, pan_length=?, validity_months=?, max_transaction=?,"
                        + " max_balance=?, hold_expiry_seconds=? WHERE code=?");
             PreparedStatement ins = c.prepareStatement(
                "INSERT INTO products (bin, currency, pan_length, validity_months, max_transaction, max_balance,"
                        + " hold_expiry_seconds, code) VALUES (?,?,?,?,?,?,?,?)")) {
            for (Product p : ordered) {
                bind(upd, p);
                if (upd.executeUpdate() == 0) {
                    bind(ins, p);
                    ins.executeUpdate();
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Product p) throws SQLException {
        ps.setString(1, p.bin());
        ps.setString(2, p.currency());
        ps.setInt(3, p.panLength());
        ps.setInt(4, p.validityMonths());
        ps.setLong(5, p.maxTransaction());
        ps.setLong(6, p.maxBalance());
        ps.setLong(7, p.holdExpirySeconds());
        ps.setString(8, p.code());
    }
}
