package org.veil.issuer.card;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

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

    @SuppressWarnings("unchecked")
    public static ProductCatalog load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml().load(r);
            List<Map<String, Object>> items = root == null ? null : (List<Map<String, Object>>) root.get("products");
            if (items == null || items.isEmpty()) throw new IOException(file + ": no products");
            return new ProductCatalog(items.stream().map(i -> parse(file, i)).toList());
        }
    }

    private static Product parse(Path file, Map<String, Object> i) {
        try {
            return new Product(text(i, "code"), text(i, "bin"), text(i, "currency"),
                    (int) number(i, "panLength"), (int) number(i, "validityMonths"),
                    number(i, "maxTransaction"), number(i, "maxBalance"), number(i, "holdExpirySeconds"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, Object> i, String key) {
        Object v = i.get(key);
        if (v == null) throw new IllegalArgumentException("product is missing '" + key + "'");
        return v.toString();
    }

    private static long number(Map<String, Object> i, String key) {
        return Long.parseLong(text(i, key));
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
